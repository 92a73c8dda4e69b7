import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditIndicator, budgetOffice, issueIndicator, type RaceWorkerArgs, type RaceWorkerResult } from '../../../test/helpers/budget';
import { caller } from '../../../test/helpers/core';
import { projectRoot } from '../../../test/helpers/hostProcess';
import { tempDir } from '../../../test/helpers/tmp';
import { openCore } from '../index';
import { databaseFileName } from '../paths';

/**
 * Many office computers pay from one indicator at the same moment: separate processes, each
 * with its own core (its own SQLite connections) on the same data directory, firing
 * 申请 → 审核 → 确认支付 as fast as they can. The check and the write of each step are one
 * BEGIN IMMEDIATE transaction, so the indicator is never overspent.
 */

const workerFile = join(projectRoot, '.tmp/test', `budget-race-worker-${process.pid}.mjs`);
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  mkdirSync(join(projectRoot, '.tmp/test'), { recursive: true });
  await build({
    stdin: { contents: "import { raceWorkerMain } from './test/helpers/budget.ts';\nawait raceWorkerMain();\n", resolveDir: projectRoot, sourcefile: 'race-worker.ts', loader: 'ts' },
    outfile: workerFile,
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
  rmSync(workerFile, { force: true });
  dir.cleanup();
});

function runWorker(args: RaceWorkerArgs): Promise<RaceWorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [workerFile, JSON.stringify(args)], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`worker exited with ${code}:\n${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as RaceWorkerResult);
      } catch {
        reject(new Error(`worker printed no result:\n${out}\n${err}`));
      }
    });
  });
}

describe('concurrent payments against one indicator', () => {
  it('never overspends it, and its balance is always the sum of its movements', { timeout: 120_000 }, async () => {
    const core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: 'race', log: () => {} });
    const office = await budgetOffice(core);
    const executable = 1_000_000;
    const indicator = await issueIndicator(office, { amount: executable });
    core.close();

    const workers = 6;
    const startAt = Date.now() + 1500;
    const results = await Promise.all(
      Array.from({ length: workers }, (_, i) => runWorker({ dataDir: dir.path, bookId: office.bookId, indicatorId: indicator.id, attempts: 15, seed: i + 1, startAt })),
    );

    expect(results.flatMap((r) => r.errors)).toEqual([]);
    const paidByWorkers = results.reduce((s, r) => s + r.paidAmount, 0);
    const refused = results.reduce((s, r) => s + r.refused, 0);
    // The demand (≈ 90 requests of 100–1,000 元) is several times the indicator: the race is real.
    expect(refused).toBeGreaterThan(0);
    expect(results.reduce((s, r) => s + r.paid, 0)).toBeGreaterThan(1);

    const audit = auditIndicator(join(dir.path, databaseFileName), indicator.id);
    expect(audit.paid).toBeLessThanOrEqual(executable);
    expect(audit.executable).toBe(executable);
    expect(audit.paid).toBe(paidByWorkers);
    expect(audit.paidByPayments).toBe(paidByWorkers);
    expect(audit.voucherSpending).toBe(paidByWorkers);
    expect(audit.frozen).toBe(0);
    expect(audit.inTransit).toBe(0);
    expect(audit.available).toBeGreaterThanOrEqual(0);

    const again = openCore({ dataDir: dir.path, mode: 'browser', appVersion: 'race', log: () => {} });
    try {
      const wang = caller(again, (await caller(again).ok('auth.login', { username: 'wang', password: 'wang-password1' })).token);
      const detail = await wang.ok('budget.indicatorGet', { bookId: office.bookId, id: indicator.id });
      expect(detail.balance).toEqual({ executable: audit.executable, frozen: audit.frozen, paid: audit.paid, available: audit.available });
      expect(detail.movements.at(-1)!.balance).toEqual(detail.balance);
      expect(detail.movements.every((m) => m.balance.available >= 0 && m.balance.frozen >= 0)).toBe(true);
      const tb = await wang.ok('ledger.trialBalance', { bookId: office.bookId, year: 2026, month: 3 });
      expect(tb.rows.find((r) => r.code === '710101')!.closingDebit).toBe(paidByWorkers);
      expect(tb.totals.budget.closingDebit).toBe(tb.totals.budget.closingCredit);
      expect(tb.totals.financial.closingDebit).toBe(tb.totals.financial.closingCredit);
      const vouchers = await wang.ok('voucher.list', { bookId: office.bookId, year: 2026, month: 3 });
      expect(vouchers.map((v) => v.number)).toEqual(vouchers.map((_, i) => i + 1));
    } finally {
      again.close();
    }
  });
});
