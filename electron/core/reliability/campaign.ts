import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openCore } from '../index';
import { databaseFileName } from '../paths';
import type { CrashChildArgs, CrashChildGo } from './crashChild';
import { checkInvariants, describeViolations, type Fact, type Violation } from './invariants';
import { callerOf, setUpOffice, type Sessions } from './office';
import { createRandom, type Random } from './random';

/**
 * The crash campaign (after SQLite's crash tests and TigerBeetle's simulator): a child process
 * runs the core and a seeded stream of business actions on one data directory; the parent kills
 * it with SIGKILL at a random moment, checks every invariant on the file with the independent
 * checker (invariants.ts), and starts the next child on the same directory, which recovers
 * whatever the last one left.
 *
 * Every `tornWalEvery` kills it also checks a power-loss model on a COPY of the files: the
 * -wal cut at a random byte after the frames already copied into the database (and, half the
 * time, the bytes at the cut overwritten with garbage), as if the tail of the log never reached
 * the disk. SQLite must recover to a consistent prefix of transactions, so every invariant but
 * durability must hold.
 *
 * Replays: the seed fixes every choice of the stream and every kill delay. Where a kill lands
 * in the stream still depends on the machine's timing, so a replay repeats the same scenario,
 * not necessarily the same instruction.
 */
export interface CampaignOptions {
  dataDir: string;
  /** The bundled crashChild entry (an .mjs file). */
  childScript: string;
  kills: number;
  seed: number;
  /** Kill this long after the child's first action (default 5–500 ms). */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Share of kills that land during start-up (opening, recovery), before ready. Default 0.1. */
  earlyKillShare?: number;
  /** Check the torn-log model every n kills (0: never). Default 5. */
  tornWalEvery?: number;
  /** Stop at the first kill that breaks an invariant (default true). */
  stopOnViolation?: boolean;
  onProgress?: (progress: CampaignProgress) => void;
  /**
   * A county server to sync with: the office enrolls before the first kill, the stream syncs
   * (kills land in push, acknowledgement recording and pull apply), and after each kill the
   * county side works (decisions the next lives pull) and is cross-checked against the file.
   */
  county?: CampaignCounty;
}

export interface CampaignCounty {
  /** The server and a one-time code for the township; enrollment happens once, in the parent. */
  enrollment(): Promise<{ serverUrl: string; code: string }>;
  /** Push/pull page bound of the children (small pages: more pages, more places to be killed). */
  pageBytes?: number;
  /**
   * After each kill, the child dead and the file checked: county-side work for the next lives,
   * and what the county holds against the file (e.g. the county never knows less than the
   * township recorded as acknowledged). `serverAhead`: during this life the county stored changes
   * the township has not recorded as acknowledged (a kill between sending and recording the ack);
   * `pulled`: the township's pull cursor moved during this life (pull pages were applied).
   */
  afterKill(context: { kill: number; random: Random; databaseFile: string }): Promise<{ violations: Violation[]; serverAhead: boolean; pulled: boolean }>;
}

export interface CampaignProgress {
  kill: number;
  kills: number;
  elapsedMs: number;
  actions: number;
  facts: number;
  violations: number;
}

export interface KillRecord {
  kill: number;
  /** Where the kill landed: before ready (start-up) or after n actions began. */
  when: 'startup' | 'running';
  actionsBefore: number;
  lastAction: string | null;
  violations: Violation[];
  torn: boolean;
}

export interface CampaignResult {
  seed: number;
  kills: number;
  /** Kills after which some invariant failed (with the violations). */
  failures: KillRecord[];
  /** Things the core did that it must never do, reported by the children. */
  bad: string[];
  /** Children that ended by themselves instead of being killed (with their stderr). */
  unexpectedExits: string[];
  actions: Record<string, number>;
  actionCount: number;
  startupKills: number;
  tornWalChecks: number;
  factsChecked: number;
  finalCounts: ReturnType<typeof checkInvariants>['counts'] | null;
  auditChecked: boolean;
  outboxChecked: boolean;
  /** The file was enrolled and its outbox chain, acknowledgement and inbox were checked. */
  syncChecked: boolean;
  /** Kills that landed while 立即同步 ran (push, ack recording or pull apply). */
  syncKills: number;
  /** Of those, kills after pull pages had been applied in that sync (the kill came in the pull or after it). */
  pullKills: number;
  /** Kills in whose life the county stored changes the township had not recorded as acknowledged (sent, answered or not, ack not recorded). */
  serverAheadKills: number;
  durationMs: number;
}

export function totalViolations(result: CampaignResult): number {
  return result.failures.reduce((s, f) => s + f.violations.length, 0) + result.bad.length + result.unexpectedExits.length;
}

export function describeCampaign(result: CampaignResult): string {
  const lines = [
    `seed ${result.seed}: ${result.kills} kills (${result.startupKills} during start-up${result.syncChecked ? `, ${result.syncKills} during 立即同步 (${result.pullKills} of them after pull pages were applied), ${result.serverAheadKills} after the county stored a page the township had not recorded as acknowledged` : ''}), ${result.actionCount} actions, ${result.tornWalChecks} torn-log checks, ${(result.durationMs / 1000).toFixed(1)} s`,
    `violations: ${totalViolations(result)}`,
  ];
  for (const f of result.failures) lines.push(`after kill ${f.kill} (${f.when}, last action ${f.lastAction ?? '—'}${f.torn ? ', torn log copy' : ''}):\n${describeViolations(f.violations)}`);
  for (const b of result.bad) lines.push(`core misbehaved: ${b}`);
  for (const e of result.unexpectedExits) lines.push(`child exited by itself: ${e}`);
  lines.push(`replay: XIANGCAI_SEED=${result.seed}`);
  return lines.join('\n');
}

interface CampaignState {
  sessions: Sessions;
  facts: Map<string, Fact>;
}

const factKey = (f: Fact) => (f.k === 'closed' ? `closed:${f.bookId}:${f.year}:${f.month}` : `${f.k}:${f.id}`);

/**
 * A fresh data directory gets the office (book, users, indicator) before any kill; a directory
 * a campaign already used continues with the sessions it left (the children re-login if needed).
 */
async function prepare(dataDir: string, county: CampaignCounty | undefined): Promise<Sessions> {
  mkdirSync(dataDir, { recursive: true });
  const stateFile = join(dataDir, 'crash-campaign.json');
  if (existsSync(stateFile)) return (JSON.parse(readFileSync(stateFile, 'utf8')) as { sessions: Sessions }).sessions;
  const core = openCore({ dataDir, mode: 'browser', appVersion: 'crash', log: () => {}, backupSchedule: false });
  try {
    const { sessions } = await setUpOffice(core);
    if (county) {
      const { serverUrl, code } = await county.enrollment();
      await callerOf(core, () => sessions.wang).ok('sync.configure', { serverUrl, code, label: '财政所电脑（崩溃测试）' });
    }
    writeFileSync(stateFile, JSON.stringify({ sessions }));
    return sessions;
  } finally {
    core.close();
  }
}

export async function runCrashCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const started = Date.now();
  const random = createRandom(options.seed);
  const minDelay = options.minDelayMs ?? 5;
  const maxDelay = options.maxDelayMs ?? 500;
  const earlyShare = options.earlyKillShare ?? 0.1;
  const tornEvery = options.tornWalEvery ?? 5;
  const stopOnViolation = options.stopOnViolation ?? true;
  const databaseFile = join(options.dataDir, databaseFileName);
  const state: CampaignState = { sessions: await prepare(options.dataDir, options.county), facts: new Map() };
  const result: CampaignResult = {
    seed: options.seed,
    kills: 0,
    failures: [],
    bad: [],
    unexpectedExits: [],
    actions: {},
    actionCount: 0,
    startupKills: 0,
    tornWalChecks: 0,
    factsChecked: 0,
    finalCounts: null,
    auditChecked: false,
    outboxChecked: false,
    syncChecked: false,
    syncKills: 0,
    pullKills: 0,
    serverAheadKills: 0,
    durationMs: 0,
  };

  // The next child boots (Node, the bundle, its modules) while the last one's file is checked;
  // it touches nothing until it is told to go.
  let warm = bootChild(options);
  for (let kill = 1; kill <= options.kills; kill++) {
    const early = random.chance(earlyShare);
    // With a county, a third of the lives are killed 10–1,500 ms into their first 立即同步 instead
    // (a sync outlives most lives, so time-from-start kills rarely reach its pull pages).
    const inSync = !!options.county && !early && random.chance(1 / 3);
    const life = await runOneLife(warm, state, random.fork(`life-${kill}`), { minDelay, maxDelay, early, inSync });
    warm = bootChild(options);
    result.kills++;
    if (life.when === 'startup') result.startupKills++;
    for (const [name, n] of Object.entries(life.actions)) result.actions[name] = (result.actions[name] ?? 0) + n;
    result.actionCount += life.actionCount;
    result.bad.push(...life.bad.map((m) => `kill ${kill}: ${m}`));
    if (life.exit) result.unexpectedExits.push(`kill ${kill}: ${life.exit}`);

    // The torn-log copy is taken before anything opens the file: the first opener after a crash
    // runs recovery, which marks every frame as possibly copied into the database.
    const snapshot = tornEvery > 0 && kill % tornEvery === 0 ? snapshotForTornLog(options.dataDir) : null;
    const report = checkInvariants(databaseFile, { dataDir: options.dataDir, acknowledged: state.facts.values() });
    result.factsChecked += state.facts.size;
    result.auditChecked ||= report.auditChecked;
    result.outboxChecked ||= report.outboxChecked;
    result.syncChecked ||= report.syncChecked;
    result.finalCounts = report.counts;
    if (life.when === 'running' && life.lastAction === 'sync.now') result.syncKills++;
    const violations = [...report.violations];
    if (options.county) {
      const county = await options.county.afterKill({ kill, random: random.fork(`county-${kill}`), databaseFile });
      violations.push(...county.violations);
      if (county.serverAhead) result.serverAheadKills++;
      if (county.pulled && life.when === 'running' && life.lastAction === 'sync.now') result.pullKills++;
    }
    const record: KillRecord = { kill, when: life.when, actionsBefore: life.actionCount, lastAction: life.lastAction, violations, torn: false };
    if (violations.length > 0) result.failures.push(record);
    if (snapshot) {
      const torn = checkTornLog(snapshot, random.fork(`torn-${kill}`));
      if (torn) {
        result.tornWalChecks++;
        if (torn.length > 0) result.failures.push({ ...record, violations: torn, torn: true });
      }
    }
    options.onProgress?.({ kill, kills: options.kills, elapsedMs: Date.now() - started, actions: result.actionCount, facts: state.facts.size, violations: totalViolations(result) });
    if (stopOnViolation && totalViolations(result) > 0) break;
  }
  await warm.discard();
  result.durationMs = Date.now() - started;
  return result;
}

interface Life {
  when: 'startup' | 'running';
  actions: Record<string, number>;
  actionCount: number;
  lastAction: string | null;
  bad: string[];
  /** Set when the child ended without being killed. */
  exit: string | null;
}

/** A child process that has booted and waits on stdin for its seed and sessions. */
interface WarmChild {
  child: ChildProcess;
  stdout: string[];
  stderr: () => string;
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills a child that was never told to go (it has not opened the database). */
  discard(): Promise<void>;
}

function bootChild(options: CampaignOptions): WarmChild {
  const args: CrashChildArgs = { dataDir: options.dataDir, ...(options.county ? { sync: { pageBytes: options.county.pageBytes } } : {}) };
  const child = spawn(process.execPath, [options.childScript, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stdout: [],
    stderr: () => stderr,
    closed,
    async discard() {
      child.kill('SIGKILL');
      await closed;
    },
  };
}

function runOneLife(warm: WarmChild, state: CampaignState, random: Random, timing: { minDelay: number; maxDelay: number; early: boolean; inSync: boolean }): Promise<Life> {
  const { child } = warm;
  const life: Life = { when: 'startup', actions: {}, actionCount: 0, lastAction: null, bad: [], exit: null };
  let killed = false;
  let buffer = '';
  let fallback: NodeJS.Timeout | null = null;
  let syncArmed = false;
  const killNow = () => {
    if (killed) return;
    killed = true;
    child.kill('SIGKILL');
  };
  const onLine = (line: string) => {
    if (!line) return;
    let message: { t: string; f?: Fact; m?: string; s?: Sessions; a?: string };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return; // a line cut by the kill itself
    }
    switch (message.t) {
      case 'act':
        // The delay runs from the first action: start-up (whose length depends on the machine's
        // load) is covered by the early kills.
        if (life.when === 'startup' && !timing.early) {
          // Aimed at a sync: if none starts, the life ends at five times the usual delay.
          const delay = random.int(timing.minDelay, timing.maxDelay) * (timing.inSync ? 5 : 1);
          fallback = setTimeout(killNow, delay);
        }
        if (timing.inSync && !syncArmed && message.a === 'sync.now') {
          syncArmed = true;
          if (fallback) clearTimeout(fallback);
          setTimeout(killNow, random.int(10, 1_500));
        }
        life.when = 'running';
        life.actionCount++;
        life.lastAction = message.a!;
        life.actions[message.a!] = (life.actions[message.a!] ?? 0) + 1;
        break;
      case 'ack':
        state.facts.set(factKey(message.f!), message.f!);
        break;
      case 'intent':
        state.facts.delete(factKey(message.f!));
        break;
      case 'bad':
        life.bad.push(message.m!);
        break;
      case 'sessions':
        state.sessions = message.s!;
        break;
    }
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let index: number;
    while ((index = buffer.indexOf('\n')) >= 0) {
      onLine(buffer.slice(0, index));
      buffer = buffer.slice(index + 1);
    }
  });
  const go: CrashChildGo = { seed: random.int(0, 2 ** 31), sessions: state.sessions };
  child.stdin!.on('error', () => {}); // a child that died while booting: reported by its exit below
  child.stdin!.write(`${JSON.stringify(go)}\n`);
  if (timing.early) setTimeout(killNow, random.int(0, 150));
  // A child that never gets going is a finding too, not a hang.
  const watchdog = setTimeout(() => {
    life.bad.push('child did not start its actions within 30 s');
    killNow();
  }, 30_000);
  return warm.closed.then(({ code, signal }) => {
    clearTimeout(watchdog);
    onLine(buffer);
    if (!killed || signal !== 'SIGKILL') life.exit = `code ${code}, signal ${signal}: ${warm.stderr().slice(-2000)}`;
    return life;
  });
}

interface TornSnapshot {
  directory: string;
  /** Bytes of the -wal that may already be in the database file: never cut. */
  keep: number;
  walSize: number;
}

/**
 * Copies the database and its -wal aside, untouched, for the torn-log model; null when there is
 * no log tail to tear. Frames up to max(nBackfill, nBackfillAttempted) of the -shm may already be
 * in the database file, so only the tail after them may be cut (cutting earlier would model a
 * disk that loses writes SQLite had synced before it overwrote the database, which no power
 * loss does).
 */
function snapshotForTornLog(dataDir: string): TornSnapshot | null {
  const file = join(dataDir, databaseFileName);
  const wal = `${file}-wal`;
  const shm = `${file}-shm`;
  if (!existsSync(wal) || !existsSync(shm)) return null;
  const walSize = statSync(wal).size;
  if (walSize <= 32) return null;
  const pageSize = readBytes(wal, 0, 32).readUInt32BE(8);
  const index = readBytes(shm, 0, 136);
  if (index.length < 136 || pageSize < 512) return null;
  const keep = 32 + Math.max(index.readUInt32LE(96), index.readUInt32LE(128)) * (24 + pageSize);
  if (walSize <= keep + 1) return null;
  const directory = join(dataDir, '..', `${dataDir.split(/[\\/]/).pop()}-torn`);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  copyFileSync(file, join(directory, databaseFileName));
  copyFileSync(wal, join(directory, `${databaseFileName}-wal`));
  return { directory, keep, walSize };
}

/** The torn-log model on the snapshot: cut (and maybe garble) the log's tail, then check every invariant but durability. */
function checkTornLog(snapshot: TornSnapshot, random: Random): Violation[] {
  const copy = join(snapshot.directory, databaseFileName);
  try {
    const cut = random.int(snapshot.keep, snapshot.walSize - 1);
    truncateSync(`${copy}-wal`, cut);
    if (random.chance(0.5) && cut > snapshot.keep) {
      // A torn sector: the last bytes that did reach the disk are garbage.
      const length = Math.min(cut - snapshot.keep, random.int(1, 512));
      const fd = openSync(`${copy}-wal`, 'r+');
      try {
        const garbage = Buffer.alloc(length);
        for (let i = 0; i < length; i++) garbage[i] = random.int(0, 255);
        writeSync(fd, garbage, 0, length, cut - length);
      } finally {
        closeSync(fd);
      }
    }
    return checkInvariants(copy, {}).violations;
  } finally {
    rmSync(snapshot.directory, { recursive: true, force: true });
  }
}

function readBytes(path: string, position: number, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const n = readSync(fd, buffer, 0, length, position);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export { describeViolations };
