import type { Core } from '../../../electron/core';
import { checkInvariants } from '../../../electron/core/reliability/invariants';
import type { Random } from '../../../electron/core/reliability/random';
import { startTestServer, type DatabaseKind, type TestServer } from '../../../server/test/harness';
import { startFaultProxy, type FaultProxy } from '../../faultnet/proxy';
import type { FaultRule } from '../../faultnet/rules';
import { runSimulation, type FaultSchedule, type SimReport, type SimSystem } from '../../faultnet/sim';
import { twoPersonOffice } from '../../helpers/ledger';
import { tempDir } from '../../helpers/tmp';
import { openTownshipCore } from '../harness';
import { addTallies, checkTownshipAgainstCounty, type TownshipTally } from './checker';
import { syncUntilQuiet } from './converge';
import { closeMonth, countyIndicators, indicatorInput, payAgainst, reviewAndPost, saveVouchers, YEAR, type OfficeCallers } from './work';

/**
 * The seeded simulation of issue 5: N township installations (real cores on SQLite files) and one
 * county server (real, PGlite or PostgreSQL), the townships' sync going through the fault proxy.
 * Step by step a seeded scheduler lets one actor act — a township enters, reviews and posts
 * vouchers, closes (and now and then reopens) a month, pays against an indicator the county
 * issued, or syncs when it is online; the county issues indicators (直接支付 and 授权支付, whose
 * quota vouchers the townships book when they pull them) and notices — while townships go offline
 * for spells and the weather of faults changes (cuts, duplicates, drops, held requests, delays).
 * The independent checker (checker.ts, raw SQL on both sides) runs during the run and after the
 * convergence. The trace records decisions and outcomes only, so the same seed gives the same
 * trace hash.
 */

export interface SyncSimOptions {
  seed: number;
  townships: number;
  steps: number;
  county?: DatabaseKind;
  /** Run the checker every this many steps (0: only at the end). */
  checkEvery?: number;
  /**
   * Chance per request that the proxy holds it back until a later request was answered (the
   * township's sync times out, a later request overtakes it, then it reaches the county late).
   * Each one costs the client's timeout, so short runs keep it low. Default 0.01.
   */
  reorderChance?: number;
  /** The township app's request timeout (ms). Default 5000. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface SyncSimResult {
  report: SimReport;
  tally: TownshipTally;
  proxyStats: ReturnType<FaultProxy['stats']>;
  actions: Record<string, number>;
  setupMs: number;
  runMs: number;
}

interface TownshipActor {
  kind: 'township';
  name: string;
  code: string;
  core: Core;
  dir: ReturnType<typeof tempDir>;
  office: OfficeCallers;
  /** The earliest open month. */
  month: number;
  deviceId: string;
}

interface CountyActor {
  kind: 'county';
  name: string;
}

type Actor = TownshipActor | CountyActor;

const pad = (n: number) => String(n).padStart(2, '0');
const codeOf = (error: { code: string; details?: unknown }) => (error.details as { code?: string } | undefined)?.code ?? error.code;

/** The standard weather, with the chance of held-back requests as an option (see reorderChance). */
function weather(proxy: FaultProxy, reorderChance: number): FaultSchedule<{ weather: 'calm' | 'flaky' | 'storm'; rules: FaultRule[] }> {
  const sync = { path: '/sync/v1/' };
  const rulesOf = (w: 'calm' | 'flaky' | 'storm'): FaultRule[] => {
    if (w === 'calm') return [];
    const p = w === 'flaky' ? 1 : 2.5;
    return [
      { id: 'cutRequest', kind: 'cutRequest', probability: 0.05 * p, afterBytes: [0, 2000], match: sync },
      { id: 'cutResponse', kind: 'cutResponse', probability: 0.05 * p, afterBytes: [0, 400], match: sync },
      { id: 'duplicate', kind: 'duplicate', probability: 0.04 * p, match: sync },
      { id: 'reorder', kind: 'reorder', probability: reorderChance * p, maxHoldMs: 30_000, match: sync },
      { id: 'drop', kind: 'drop', probability: 0.03 * p, closeAfterMs: 10, match: sync },
      { id: 'delay', kind: 'delay', probability: 0.2, ms: [0, 3] },
    ];
  };
  return {
    choose: (rng) => {
      const w = rng.pick(['calm', 'flaky', 'flaky', 'storm'] as const);
      return { weather: w, rules: rulesOf(w) };
    },
    apply: (faults) => proxy.setRules(faults.rules),
    quiet: { weather: 'calm', rules: [] },
    windowSteps: [15, 60],
    describe: (faults) => faults.weather,
    settle: () => proxy.settle(30_000),
  };
}

export async function runSyncSimulation(options: SyncSimOptions): Promise<SyncSimResult> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const server: TestServer = await startTestServer(options.county ?? 'pglite', { deviceRatePerMinute: 1_000_000 });
  const nameByDevice = new Map<string, string>();
  const proxy = await startFaultProxy({
    target: { host: '127.0.0.1', port: Number(new URL(server.url).port) },
    seed: options.seed,
    // Decisions follow the township (its device), not the order requests arrive in.
    keyOf: (request) => nameByDevice.get(request.headers.get('x-xc-device') ?? '') ?? 'enroll',
  });
  const townships: TownshipActor[] = [];
  const actions: Record<string, number> = {};
  const count = (name: string) => (actions[name] = (actions[name] ?? 0) + 1);
  try {
    // ---- set-up: townships registered in a fixed order, the offices set up at once (nothing of it is in
    // the trace), then enrolled one after the other (twenty enrollments at once would time out on a busy machine) ----
    const names = Array.from({ length: options.townships }, (_, i) => ({ name: `T${pad(i + 1)}`, code: `4201020${pad(i + 1)}`, n: i + 1 }));
    for (const { code, n } of names) await server.admin.ok('POST', '/api/townships', { code, name: `第${n}镇` });
    const made = await Promise.allSettled(
      names.map(async ({ name, code }): Promise<TownshipActor> => {
        const dir = tempDir('xiangcai-sim-');
        const core = openTownshipCore(dir.path, { pageBytes: 16 * 1024, timeoutMs: options.timeoutMs ?? 5_000 });
        const office = await twoPersonOffice(core);
        const callers: OfficeCallers = { accountant: office.accountant, reviewer: office.reviewer, bookId: office.book.id };
        return { kind: 'township', name, code, core, dir, office: callers, month: 1, deviceId: '' };
      }),
    );
    for (const m of made) if (m.status === 'fulfilled') townships.push(m.value);
    const failed = made.find((m): m is PromiseRejectedResult => m.status === 'rejected');
    if (failed) throw failed.reason;
    for (const t of townships) {
      const { code: enrollment } = await server.admin.ok('POST', `/api/townships/${t.code}/enrollment-codes`);
      const status = await t.office.accountant.ok('sync.configure', { serverUrl: proxy.url, code: enrollment, label: `${t.name} 财政所` });
      t.deviceId = status.deviceId!;
      nameByDevice.set(t.deviceId, t.name);
    }
    log(`set up ${townships.length} townships`);
    const setupMs = Date.now() - started;
    let docNo = 0;
    // The county acts about one step in six (three county desks among the townships).
    const desks = Math.max(1, Math.round(options.townships / 7));
    const actors: Actor[] = [...townships, ...Array.from({ length: desks }, (_, i): CountyActor => ({ kind: 'county', name: `county${i + 1}` }))];

    const checkAll = async (phase: 'during' | 'final'): Promise<{ violations: string[]; tallies: TownshipTally[] }> => {
      const violations: string[] = [];
      const tallies: TownshipTally[] = [];
      for (const t of townships) {
        const result = await checkTownshipAgainstCounty(server.db, { name: t.name, databaseFile: t.core.databaseFile, townshipCode: t.code }, { phase });
        violations.push(...result.violations);
        tallies.push(result.tally);
        if (phase === 'final') {
          // The whole file, audit chain included, with the crash checker's invariants.
          for (const v of checkInvariants(t.core.databaseFile, { dataDir: t.dir.path }).violations) violations.push(`${t.name}: [${v.invariant}] ${v.message}`);
        }
      }
      // Across the county: no (device, seq) stored twice anywhere.
      const twice = await server.db.query<{ n: number }>('SELECT count(*) AS n FROM (SELECT device_id, seq FROM received_change GROUP BY device_id, seq HAVING count(*) > 1) d');
      if (twice[0]!.n > 0) violations.push(`${twice[0]!.n} (device, seq) keys stored more than once at the county`);
      return { violations, tallies };
    };
    let lastTallies: TownshipTally[] = [];

    const townshipStep = async (t: TownshipActor, rng: Random, online: boolean, record: (line: string) => void) => {
      const pick = rng.next();
      if (pick < 0.35) {
        count('vouchers');
        const month = t.month < 12 && rng.chance(0.2) ? t.month + 1 : t.month;
        const ids = await saveVouchers(t.office, rng.int(1, 3), month, rng);
        const post = rng.chance(0.7);
        if (post) await reviewAndPost(t.office, ids);
        record(`${ids.length} voucher(s) in ${pad(month)}${post ? ' posted' : ' saved'}`);
      } else if (pick < 0.42) {
        count('post drafts');
        const drafts = (await t.office.accountant.ok('voucher.list', { bookId: t.office.bookId, year: YEAR, month: t.month, status: 'draft' })).map((v) => v.id);
        await reviewAndPost(t.office, drafts);
        record(`posted ${drafts.length} draft(s) of ${pad(t.month)}`);
      } else if (pick < 0.5) {
        if (t.month >= 12) return record('year done');
        count('close');
        const closed = await closeMonth(t.office, t.month);
        record(`close ${pad(t.month)}: ${closed.ok ? 'ok' : closed.error.code}`);
        if (closed.ok) t.month++;
      } else if (pick < 0.52) {
        if (t.month <= 1) return;
        count('reopen');
        const reopened = await t.office.reviewer.call('period.reopen', { bookId: t.office.bookId, year: YEAR, month: t.month - 1, reason: '更正本月差错' });
        record(`reopen ${pad(t.month - 1)}: ${reopened.ok ? 'ok' : reopened.error.code}`);
        if (reopened.ok) t.month--;
      } else if (pick < 0.65) {
        const indicators = await countyIndicators(t.office, 1_000_00);
        if (indicators.length === 0) return record('nothing to pay against');
        count('pay');
        const indicator = rng.pick(indicators);
        const amount = Math.min(rng.int(1, 200) * 1_000_00, indicator.balance.available);
        const paid = await payAgainst(t.office, indicator, amount, `${YEAR}-${pad(t.month)}-${pad(rng.int(10, 28))}`);
        record(`pay ${amount} on ${indicator.docNo}: ${paid.ok ? 'ok' : paid.error.code}`);
      } else {
        if (!online) return record('offline: no sync');
        count('sync');
        const run = await t.office.accountant.call('sync.now', {});
        record(run.ok ? `sync ok: pushed ${run.value.pushed}, pulled ${run.value.pulled}, applied ${run.value.applied}, pending ${run.value.status.pending}` : `sync failed: ${codeOf(run.error)}`);
      }
    };

    const countyStep = async (rng: Random, record: (line: string) => void) => {
      const t = rng.pick(townships);
      if (rng.chance(0.85)) {
        const books = await server.db.query<{ key: string }>(`SELECT key FROM township_record WHERE township_code = $1 AND kind = 'book'`, [t.code]);
        if (books.length === 0) return record(`${t.name} has no book at the county yet`);
        count('county indicator');
        const payMethod = rng.chance(0.3) ? '授权支付' : '直接支付';
        const amount = rng.int(100, 2_000) * 1_000_00;
        await server.admin.ok('POST', `/api/townships/${t.code}/indicators`, indicatorInput(books[0]!.key, `县财预〔${YEAR}〕${++docNo}号`, amount, t.month, payMethod));
        record(`indicator ${docNo} to ${t.name}: ${amount} ${payMethod} in ${pad(t.month)}`);
      } else {
        count('county notice');
        await server.admin.ok('POST', '/api/notices', { title: `县财政局通知 ${docNo}`, body: '请核对本月指标执行情况。' });
        record('notice to every township');
      }
    };

    const system: SimSystem<Actor> = {
      actors,
      nameOf: (a) => a.name,
      async step(actor, rng, context) {
        if (actor.kind === 'county') await countyStep(rng, context.record);
        else await townshipStep(actor, rng, context.online, context.record);
      },
      async checkInvariants(phase) {
        const { violations, tallies } = await checkAll(phase);
        lastTallies = tallies;
        return violations;
      },
      async converge(_rng, record) {
        for (const t of townships) {
          const { attempts, failures } = await syncUntilQuiet(t.office.accountant, 10);
          record(`${t.name} converged in ${attempts} sync(s)${Object.keys(failures).length > 0 ? ` after ${JSON.stringify(failures)}` : ''}`);
        }
        // A second pass: what the county decided for a township after it converged (none now) and period checks.
        for (const t of townships) {
          const run = await t.office.accountant.ok('sync.now', {});
          if (run.pulled > 0 || run.pushed > 0) record(`${t.name} second pass: pushed ${run.pushed}, pulled ${run.pulled}`);
        }
      },
    };

    const runStarted = Date.now();
    const report = await runSimulation({
      seed: options.seed,
      steps: options.steps,
      system,
      offline: { probability: 0.004, steps: [10, 80] },
      faults: weather(proxy, options.reorderChance ?? 0.01),
      checkEvery: options.checkEvery ?? 0,
    });
    log(`trace ${report.trace.length} lines, hash ${report.traceHash}`);
    return { report, tally: addTallies(lastTallies), proxyStats: proxy.stats(), actions, setupMs, runMs: Date.now() - runStarted };
  } finally {
    for (const t of townships) {
      t.core.close();
      t.dir.cleanup();
    }
    await proxy.close();
    await server.close();
  }
}

/** What the run did, in a few lines (the seed first: it replays the run). */
export function describeSyncSim(options: SyncSimOptions, result: SyncSimResult): string {
  const { report, tally, proxyStats } = result;
  return [
    `seed ${options.seed}: ${options.townships} townships, ${options.steps} steps on ${options.county ?? 'pglite'}; trace hash ${report.traceHash.slice(0, 16)}…`,
    `  actions ${JSON.stringify(result.actions)}; ${report.offlineSpells} offline spells, ${report.faultWindows} fault windows`,
    `  proxy: ${proxyStats.requests} requests, faults ${JSON.stringify(proxyStats.faults)}, held requests released ${JSON.stringify(proxyStats.reorderReleased)}`,
    `  after convergence: ${JSON.stringify(tally)}`,
    `  set-up ${(result.setupMs / 1000).toFixed(1)} s, run ${(result.runMs / 1000).toFixed(1)} s; violations: ${report.violations.length}`,
    ...report.violations.slice(0, 30).map((v) => `  ${v}`),
    `replay: XIANGCAI_SEED=${options.seed}`,
  ].join('\n');
}
