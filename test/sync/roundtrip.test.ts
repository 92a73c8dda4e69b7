import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestServer } from '../../server/test/harness';
import { county, enroll, figures, postScenario, township, TOWNSHIP, type Township } from './harness';

/**
 * The vertical slice, end to end over HTTP: a township enrolls, enters and posts vouchers,
 * closes a month, syncs; the county's 科目余额表 is identical to the township's for every period
 * and the close is 已对账; an indicator the county issues reaches the township's budget.
 */
describe.each(databaseKinds)('township ↔ county round trip (county on %s)', (kind) => {
  let server: TestServer;
  let t: Township;

  beforeAll(async () => {
    server = await county(kind);
    t = await township();
  }, 60_000);
  afterAll(async () => {
    t.close();
    await server.close();
  }, 30_000);

  it('enrolls with a one-time code and sends the installation baseline', async () => {
    await postScenario(t, 3);
    const status = await enroll(t, server);
    expect(status).toMatchObject({ configured: true, township: { code: TOWNSHIP, name: '青山镇' }, acknowledged: 0 });
    expect(status.pending).toBeGreaterThan(3);
    const run = await t.accountant.ok('sync.now', {});
    expect(run.status).toMatchObject({ pending: 0, lastError: null, reachable: true, openIssues: 0 });
    expect(run.pushed).toBe(status.pending);
    const books = await server.admin.ok('GET', `/api/townships/${TOWNSHIP}/books`);
    expect(books).toEqual([expect.objectContaining({ id: t.bookId, vouchers: 3, postedVouchers: 3 })]);
  });

  it("gives the county the township's 科目余额表 to the fen, for every period, and checks the close", async () => {
    await postScenario(t, 6, (i) => `2026-01-${String(10 + i).padStart(2, '0')}`);
    await t.reviewer.ok('period.close', { bookId: t.bookId, year: 2026, month: 1 });
    await postScenario(t, 4, (i) => `2026-02-${String(3 + i).padStart(2, '0')}`);
    const run = await t.accountant.ok('sync.now', {});
    expect(run.status.pending).toBe(0);
    for (const month of [1, 2]) {
      const ours = await t.accountant.ok('ledger.trialBalance', { bookId: t.bookId, year: 2026, month });
      const theirs = await server.admin.ok('GET', `/api/townships/${TOWNSHIP}/books/${t.bookId}/trial-balance?year=2026&month=${month}`);
      expect(figures(theirs)).toEqual(figures(ours));
      expect(theirs.totals).toEqual(ours.totals);
      expect(ours.rows.length).toBeGreaterThan(5);
    }
    const checks = await server.admin.ok('GET', `/api/townships/${TOWNSHIP}/period-checks`);
    expect(checks).toEqual([expect.objectContaining({ bookId: t.bookId, year: 2026, month: 1, status: '已对账' })]);
    // The township learns it on its pull.
    const inbox = await t.accountant.ok('sync.issues', {});
    expect(inbox.periodChecks).toEqual([expect.objectContaining({ year: 2026, month: 1, status: '已对账', differences: [] })]);
    expect(inbox.issues).toEqual([]);
  });

  it('brings an indicator the county issues into the township budget, without sending it back', async () => {
    const decision = await server.admin.ok('POST', `/api/townships/${TOWNSHIP}/indicators`, {
      bookId: t.bookId, date: '2026-02-10', year: 2026, funcCode: '2010301', econDepCode: '30201', fundNature: '一般公共预算', docNo: '青财预〔2026〕7号', payMethod: '直接支付', amount: 8_000_00,
    });
    const before = (await t.accountant.ok('sync.status', {})).written;
    await t.accountant.ok('sync.now', {});
    const indicators = await t.accountant.ok('budget.indicatorList', { bookId: t.bookId, year: 2026 });
    expect(indicators).toEqual([expect.objectContaining({ id: decision.indicator.id, docNo: '青财预〔2026〕7号', origin: 'county', balance: expect.objectContaining({ executable: 8_000_00, available: 8_000_00 }) })]);
    // Pull-applied county records do not re-enter the outbox (直接支付: no quota voucher either).
    expect((await t.accountant.ok('sync.status', {})).written).toBe(before);
  });

  it('leaves the audit chain whole: every sync write is in it or outside the covered records', async () => {
    const report = await t.accountant.ok('audit.verify', {});
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
