import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import type { CrashChildGo } from '../../electron/core/reliability/crashChild';
import { setUpOffice, type Sessions } from '../../electron/core/reliability/office';
import { projectRoot } from '../helpers/hostProcess';
import { tempDir } from '../helpers/tmp';

/**
 * Power loss, the part a SIGKILL cannot show: after SIGKILL the operating system still writes
 * out what the process left in its page cache, so the crash campaign would pass even if commits
 * were never flushed. Here the crash child runs under strace, and every write it acknowledges
 * (an "ack" line, sent only after the command answered) must come after an fsync/fdatasync of
 * the -wal file: with synchronous = FULL, a commit is on the disk before anyone is told so.
 * Skipped where strace cannot trace (not installed, or ptrace not permitted).
 */

const childScript = join(projectRoot, '.tmp/test', `durability-child-${process.pid}.mjs`);
let dir: ReturnType<typeof tempDir>;
let straceProblem: string | null = null;

beforeAll(async () => {
  dir = tempDir('xiangcai-durability-');
  try {
    execFileSync('strace', ['-o', '/dev/null', 'true'], { stdio: 'pipe' });
  } catch (error) {
    straceProblem = `strace cannot trace here: ${String((error as { stderr?: Buffer }).stderr ?? error).trim().slice(0, 200)}`;
    return;
  }
  mkdirSync(join(projectRoot, '.tmp/test'), { recursive: true });
  await build({
    stdin: { contents: "import { crashChildMain } from './electron/core/reliability/crashChild.ts';\nawait crashChildMain();\n", resolveDir: projectRoot, sourcefile: 'durability-child.ts', loader: 'ts' },
    outfile: childScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
});
afterAll(() => {
  rmSync(childScript, { force: true });
  dir.cleanup();
});

interface Trace {
  acks: number;
  walSyncs: number;
  /** Acks not preceded, within their action, by at least as many -wal syncs as acks. */
  early: string[];
}

/** Reads strace's log in order: 'act' starts an action; each ack needs a -wal sync of its own before it. */
function readTrace(log: string): Trace {
  const trace: Trace = { acks: 0, walSyncs: 0, early: [] };
  let syncsInAction = 0;
  let acksInAction = 0;
  for (const line of log.split('\n')) {
    if (/\b(fsync|fdatasync)\(\d+<[^>]*-wal>\) = 0/.test(line)) {
      trace.walSyncs++;
      syncsInAction++;
    } else if (/write\(1<[^>]*>, "\{\\"t\\":\\"act\\"/.test(line)) {
      syncsInAction = 0;
      acksInAction = 0;
    } else if (/write\(1<[^>]*>, "\{\\"t\\":\\"ack\\"/.test(line)) {
      trace.acks++;
      acksInAction++;
      if (syncsInAction < acksInAction) trace.early.push(line.slice(0, 200));
    }
  }
  return trace;
}

describe('durability (synchronous = FULL)', () => {
  it('every acknowledged write was fsynced to the -wal before it was acknowledged', { timeout: 60_000 }, async (context) => {
    if (straceProblem) return context.skip(straceProblem);
    const dataDir = join(dir.path, 'data');
    let sessions: Sessions;
    const core = openCore({ dataDir, mode: 'browser', appVersion: 'durability', log: () => {}, backupSchedule: false });
    try {
      sessions = (await setUpOffice(core)).sessions;
    } finally {
      core.close();
    }
    const log = join(dir.path, 'strace.log');
    const child = spawn('strace', ['-f', '-y', '-s', '48', '-e', 'trace=fsync,fdatasync,write', '-o', log, process.execPath, childScript, JSON.stringify({ dataDir })], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let acks = 0;
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.stdout.on('data', (c: Buffer) => {
      acks += (c.toString('utf8').match(/"t":"ack"/g) ?? []).length;
      // Enough evidence: closing stdin makes the child stop (as its parent gone).
      if (acks >= 25) child.stdin.end();
    });
    const go: CrashChildGo = { seed: 7, sessions };
    child.stdin.write(`${JSON.stringify(go)}\n`);
    const timer = setTimeout(() => child.stdin.end(), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    expect(code, stderr).toBe(0);

    const trace = readTrace(readFileSync(log, 'utf8'));
    expect(trace.acks).toBeGreaterThanOrEqual(10);
    expect(trace.early, `acknowledged before the -wal was synced:\n${trace.early.join('\n')}`).toEqual([]);
    expect(trace.walSyncs).toBeGreaterThanOrEqual(trace.acks);
  });
});
