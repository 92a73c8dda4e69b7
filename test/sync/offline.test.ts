import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/test/harness';
import { county, enroll, figures, postScenario, township, TOWNSHIP, type Township } from './harness';

/** Carries a package to the county as an operator would: the file as the body, the answer saved as a file. */
async function importAtCounty(server: TestServer, file: string, out: string) {
  const response = await fetch(`${server.url}/api/packages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.admin.token}`, 'content-type': 'application/octet-stream' },
    body: readFileSync(file),
  });
  if (response.headers.get('content-type')?.startsWith('application/json')) return { status: response.status, error: ((await response.json()) as { error: { code: string; message: string } }).error, summary: null };
  writeFileSync(out, Buffer.from(await response.arrayBuffer()));
  return { status: response.status, error: null, summary: JSON.parse(decodeURIComponent(response.headers.get('x-xc-package-summary')!)) };
}

/**
 * 离线包: with no network, the same exchange travels as signed, compressed files: the township's
 * changes to the county, the county's acknowledgement and its decisions back, with the same
 * validation and idempotency as online, and every package checked for who made it.
 */
describe('offline packages (USB)', () => {
  let server: TestServer;
  let t: Township;

  beforeAll(async () => {
    server = await county('pglite');
    t = await township();
    await postScenario(t, 2);
    await enroll(t, server); // enrollment needs the network once
    await t.accountant.ok('sync.now', {});
  }, 60_000);
  afterAll(async () => {
    t.close();
    await server.close();
  }, 30_000);

  it('carries changes up and the acknowledgement and county decisions back, as online', async () => {
    // Network gone: vouchers entered, a month closed, the county issues an indicator meanwhile.
    await postScenario(t, 5, (i) => `2026-01-1${i}`);
    await t.reviewer.ok('period.close', { bookId: t.bookId, year: 2026, month: 1 });
    const issued = await server.admin.ok('POST', `/api/townships/${TOWNSHIP}/indicators`, {
      bookId: t.bookId, date: '2026-02-01', year: 2026, funcCode: '2010301', econDepCode: '30201', fundNature: '一般公共预算', docNo: '青财预〔2026〕21号', payMethod: '直接支付', amount: 6_000_00,
    });
    const up = await t.accountant.ok('sync.packageExport', {});
    expect(up).toMatchObject({ fileName: expect.stringMatching(/^乡财通离线包-青山镇-\d{8}T\d{6}\.xcsync$/) });
    expect(up.changes).toBeGreaterThan(5);
    expect(up.path.startsWith(join(t.core.dataDir, '离线包'))).toBe(true);

    const reply = join(t.dir.path, 'reply.xcsync');
    const imported = await importAtCounty(server, up.path, reply);
    expect(imported.status).toBe(200);
    expect(imported.summary).toMatchObject({ townshipCode: TOWNSHIP, applied: up.changes, duplicates: 0, error: null });
    expect(imported.summary.changesBack).toBeGreaterThanOrEqual(2); // the indicator, the 对账 of January

    const result = await t.accountant.ok('sync.packageImport', { path: reply });
    expect(result.pushed).toBe(up.changes);
    expect(result.status).toMatchObject({ pending: 0, lastError: null });
    const indicators = await t.accountant.ok('budget.indicatorList', { bookId: t.bookId, year: 2026 });
    expect(indicators.map((i) => i.id)).toContain(issued.indicator.id);
    const inbox = await t.accountant.ok('sync.issues', {});
    expect(inbox.periodChecks).toEqual([expect.objectContaining({ month: 1, status: '已对账' })]);
    const ours = await t.accountant.ok('ledger.trialBalance', { bookId: t.bookId, year: 2026, month: 1 });
    const theirs = await server.admin.ok('GET', `/api/townships/${TOWNSHIP}/books/${t.bookId}/trial-balance?year=2026&month=1`);
    expect(figures(theirs)).toEqual(figures(ours));

    // Importing the same answer again changes nothing.
    const again = await t.accountant.ok('sync.packageImport', { path: reply });
    expect(again).toMatchObject({ pushed: 0, applied: 0 });
    expect((await t.accountant.ok('budget.indicatorList', { bookId: t.bookId, year: 2026 })).length).toBe(indicators.length);
  });

  it('refuses a package imported twice at the county, a tampered one, and one meant for another device', async () => {
    await postScenario(t, 1, () => '2026-02-03');
    const up = await t.accountant.ok('sync.packageExport', {});
    const first = await importAtCounty(server, up.path, join(t.dir.path, 'r1.xcsync'));
    expect(first.status).toBe(200);
    const replay = await importAtCounty(server, up.path, join(t.dir.path, 'r2.xcsync'));
    expect(replay.error).toMatchObject({ code: 'REPLAYED', message: expect.stringContaining('已经导入过') });

    // The same changes in a new package are duplicates at the county: harmless.
    const fresh = await t.accountant.ok('sync.packageExport', {});
    const dup = await importAtCounty(server, fresh.path, join(t.dir.path, 'r3.xcsync'));
    expect(dup.summary).toMatchObject({ applied: 0, duplicates: fresh.changes, error: null });

    // One changed amount inside the package: refused, nothing stored.
    const envelope = JSON.parse(brotliDecompressSync(readFileSync(fresh.path)).toString('utf8'));
    envelope.payload = envelope.payload.replace(/"debit":(\d+)/, (_m: string, n: string) => `"debit":${Number(n) + 1}`);
    envelope.nonce = 'AAAAAAAAAAAAAAAAAAAAAAAA';
    const tampered = join(t.dir.path, 'tampered.xcsync');
    writeFileSync(tampered, brotliCompressSync(Buffer.from(JSON.stringify(envelope))));
    const refused = await importAtCounty(server, tampered, join(t.dir.path, 'r4.xcsync'));
    expect(refused.error).toMatchObject({ code: 'BAD_SIGNATURE' });

    // At the township: an up package is not an answer; an answer for another device is refused; a forged one too.
    expect(await t.accountant.fails('sync.packageImport', { path: fresh.path })).toMatchObject({ code: 'SYNC_ERROR', message: expect.stringContaining('应交县财政局导入') });
    const other = await township();
    try {
      await enroll(other, server, '另一台');
      const reply = readFileSync(join(t.dir.path, 'r3.xcsync'));
      const elsewhere = join(other.dir.path, 'r3.xcsync');
      writeFileSync(elsewhere, reply);
      expect(await other.accountant.fails('sync.packageImport', { path: elsewhere })).toMatchObject({ message: expect.stringContaining('另一台电脑') });
    } finally {
      other.close();
    }
    const answer = JSON.parse(brotliDecompressSync(readFileSync(join(t.dir.path, 'r1.xcsync'))).toString('utf8'));
    answer.payload = answer.payload.replace('"applied":', '"applied":9');
    const forged = join(t.dir.path, 'forged.xcsync');
    writeFileSync(forged, brotliCompressSync(Buffer.from(JSON.stringify(answer))));
    expect(await t.accountant.fails('sync.packageImport', { path: forged })).toMatchObject({ message: expect.stringContaining('签名核验未通过') });
    expect(await t.accountant.fails('sync.packageImport', { path: join(t.dir.path, 'missing.xcsync') })).toMatchObject({ message: expect.stringContaining('找不到离线包文件') });
  }, 60_000);
});
