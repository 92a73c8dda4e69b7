import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/test/harness';
import { uuidv7 } from '../../shared/domain/id';
import { auditIndicator, pay, type Office } from '../helpers/budget';
import { county, enroll, township, TOWNSHIP, type Township } from './harness';
import { checkTownshipAgainstCounty } from './sim/checker';

/**
 * A township approves its own 调整/调剂 (审核/主管, as the 乡镇人大 or the finance rules allow):
 * its 指标台账 moves at once, and the county — which receives the request 已批准, not the
 * movements — records the same movements, so both sides show the same balances and later
 * payments from the increased indicator pass the county's check. A decrease the county cannot
 * cover (it approved another decrease meanwhile) is refused with the line named.
 */
describe('adjustments the township approves itself, across the sync', () => {
  let server: TestServer;
  let t: Township;
  let office: Office;
  const issue = async (amount: number, docNo: string) =>
    (await server.admin.ok('POST', `/api/townships/${TOWNSHIP}/indicators`, { bookId: t.bookId, date: '2026-01-08', year: 2026, funcCode: '2010301', econDepCode: '30201', fundNature: '一般公共预算', docNo, payMethod: '直接支付', amount })).indicator.id as string;
  const countyBalance = async (indicatorId: string) => {
    const rows = await server.db.query<{ e: number; f: number; p: number }>(
      'SELECT coalesce(sum(executable_delta), 0) AS e, coalesce(sum(frozen_delta), 0) AS f, coalesce(sum(paid_delta), 0) AS p FROM indicator_movement WHERE township_code = $1 AND indicator_id = $2',
      [TOWNSHIP, indicatorId],
    );
    return { executable: Number(rows[0]!.e), frozen: Number(rows[0]!.f), paid: Number(rows[0]!.p) };
  };
  const townshipBalance = (indicatorId: string) => {
    const a = auditIndicator(t.core.databaseFile, indicatorId);
    return { executable: a.executable, frozen: a.frozen, paid: a.paid };
  };
  const request = (kind: '调整' | '调剂', from: [string, number][], to: [string, number][], reason: string) =>
    t.accountant.ok('budget.adjustmentCreate', { bookId: t.bookId, id: uuidv7(), year: 2026, kind, reason, from: from.map(([indicatorId, amount]) => ({ indicatorId, amount })), to: to.map(([indicatorId, amount]) => ({ indicatorId, amount })) });
  let a = '';
  let b = '';

  beforeAll(async () => {
    server = await county('pglite');
    t = await township();
    office = { ...t.office, core: t.core, bookId: t.bookId };
    await enroll(t, server);
    await t.accountant.ok('sync.now', {});
    a = await issue(5_000_00, '青财预〔2026〕21号');
    b = await issue(2_000_00, '青财预〔2026〕22号');
    await t.accountant.ok('sync.now', {});
  }, 60_000);
  afterAll(async () => {
    t.close();
    await server.close();
  }, 30_000);

  it('records a 调剂 approved at the township in the county 指标台账: same balances, and the increased indicator can be spent', async () => {
    const adjustment = await request('调剂', [[a, 1_000_00]], [[b, 1_000_00]], '办公费用调剂');
    await t.reviewer.ok('budget.adjustmentApprove', { bookId: t.bookId, id: adjustment.id, date: '2026-01-15', note: '所务会同意' });
    expect(townshipBalance(a)).toEqual({ executable: 4_000_00, frozen: 0, paid: 0 });
    expect(townshipBalance(b)).toEqual({ executable: 3_000_00, frozen: 0, paid: 0 });
    const run = await t.accountant.ok('sync.now', {});
    expect(run.status).toMatchObject({ pending: 0, openIssues: 0 });
    expect(await countyBalance(a)).toEqual(townshipBalance(a));
    expect(await countyBalance(b)).toEqual(townshipBalance(b));
    // Not waiting for the county's decision, which it can no longer make.
    expect((await server.admin.ok('GET', `/api/townships/${TOWNSHIP}/submissions`)).adjustments).toEqual([]);
    const decide = await server.admin.request('POST', `/api/townships/${TOWNSHIP}/decisions`, { action: '调整批准', bookId: t.bookId, adjustmentId: adjustment.id, date: '2026-01-16' });
    expect(decide.body).toMatchObject({ ok: false, error: { message: expect.stringContaining('乡镇已自行审批') } });

    // 2,500 from an indicator issued 2,000: accepted at the county because of the 调剂.
    const indicatorB = (await t.accountant.ok('budget.indicatorList', { bookId: t.bookId, year: 2026 })).find((i) => i.id === b)!;
    await pay(office, indicatorB, 2_500_00, '2026-01-20');
    const paid = await t.accountant.ok('sync.now', {});
    expect(paid.status).toMatchObject({ pending: 0, openIssues: 0 });
    expect(await countyBalance(b)).toEqual({ executable: 3_000_00, frozen: 0, paid: 2_500_00 });
    expect(await countyBalance(b)).toEqual(townshipBalance(b));

    // Syncing again sends nothing new and moves nothing; the independent checker agrees with both sides.
    await t.accountant.ok('sync.now', {});
    expect(await countyBalance(a)).toEqual(townshipBalance(a));
    expect(await countyBalance(b)).toEqual(townshipBalance(b));
    const { violations } = await checkTownshipAgainstCounty(server.db, { name: 'township', databaseFile: t.core.databaseFile, townshipCode: TOWNSHIP });
    expect(violations).toEqual([]);
  });

  it('refuses, naming the line, a decrease approved at the township that the county can no longer cover', async () => {
    // Two requests on the same 4,000 of the first indicator, each within it when made.
    const byCounty = await request('调剂', [[a, 3_000_00]], [[b, 3_000_00]], '村道养护调剂');
    const byTownship = await request('调整', [[a, 3_000_00]], [], '压减会议费');
    await t.accountant.ok('sync.now', {});
    // The township approves one, the county (not yet knowing) the other.
    await t.reviewer.ok('budget.adjustmentApprove', { bookId: t.bookId, id: byTownship.id, date: '2026-01-25' });
    await server.admin.ok('POST', `/api/townships/${TOWNSHIP}/decisions`, { action: '调整批准', bookId: t.bookId, adjustmentId: byCounty.id, date: '2026-01-25' });
    await t.accountant.ok('sync.now', {});
    const inbox = await t.accountant.ok('sync.issues', {});
    expect(inbox.issues.filter((i) => i.key === byTownship.id)).toEqual([
      expect.objectContaining({
        source: 'push', kind: 'adjustment', status: 'rejected', reason: 'INDICATOR_OVERSPENT',
        message: '本乡镇已批准的调整申请（压减会议费）第1行调减 3,000.00 元，超过该指标在县级的可用余额 1,000.00 元（差额 2,000.00 元），县级未记入指标台账',
      }),
    ]);
    // The county's 指标台账 carries its own decision only.
    expect(await countyBalance(a)).toEqual({ executable: 1_000_00, frozen: 0, paid: 0 });
  });
});
