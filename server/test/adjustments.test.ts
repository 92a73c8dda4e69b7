import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/id';
import type { AdjustmentContent, IndicatorMovementContent } from '../../shared/sync/records';
import { TestDevice, change } from './device';
import { databaseKinds, startTestServer, type TestServer } from './harness';
import { book, bookChanges } from './records';

const stamp = '2026-01-05T08:00:00.000Z';
const TOWNSHIP = '420102001';

/**
 * An adjustment the township approved itself (调整 by its 人大, 调剂 under the finance rules)
 * reaches the county as the request with status 已批准; the county derives the 调整/调剂
 * movements of its 指标台账 from it — once, decreases first and checked against what the county
 * sees as available — so its balances stay those of the township. On both databases.
 */
describe.each(databaseKinds)('township-approved adjustments at the county on %s', (kind) => {
  let server: TestServer;
  let device: TestDevice;
  const b = book('420102');
  let a1 = '';
  let a2 = '';

  const issue = async (amount: number, docNo: string): Promise<string> =>
    (await server.admin.ok('POST', `/api/townships/${TOWNSHIP}/indicators`, { bookId: b.id, date: '2026-01-08', year: 2026, funcCode: '2010301', econDepCode: '30201', fundNature: '一般公共预算', docNo, payMethod: '直接支付', amount })).indicator.id;
  const balance = async (indicatorId: string) => {
    const rows = await server.db.query<{ e: number; f: number; p: number }>(
      'SELECT coalesce(sum(executable_delta), 0) AS e, coalesce(sum(frozen_delta), 0) AS f, coalesce(sum(paid_delta), 0) AS p FROM indicator_movement WHERE township_code = $1 AND indicator_id = $2',
      [TOWNSHIP, indicatorId],
    );
    return { executable: Number(rows[0]!.e), frozen: Number(rows[0]!.f), paid: Number(rows[0]!.p) };
  };
  const adjustment = (adjustmentKind: AdjustmentContent['kind'], lines: [indicatorId: string, delta: number][], status: AdjustmentContent['status'] = '已批准'): AdjustmentContent => ({
    id: uuidv7(), bookId: b.id, year: 2026, kind: adjustmentKind, reason: adjustmentKind === '调剂' ? '办公费用调剂' : '追加道路养护', docNo: null, status,
    requestedBy: 'u-wang', requestedAt: stamp,
    decidedBy: status === '待审批' ? null : 'u-li', decidedAt: status === '待审批' ? null : stamp, decisionNote: null, effectiveDate: status === '已批准' ? '2026-01-15' : null,
    lines: lines.map(([indicatorId, delta], i) => ({ lineNo: i + 1, indicatorId, delta })),
  });
  const put = (a: AdjustmentContent) => change('adjustment', a.id, b.id, a);
  const pay = (indicatorId: string, amount: number): IndicatorMovementContent => ({
    id: uuidv7(), bookId: b.id, indicatorId, kind: '支付', date: '2026-01-20', executableDelta: 0, frozenDelta: 0, paidDelta: amount,
    refKind: 'payment', refId: uuidv7(), summary: '支付办公用品', userId: 'u-wang', createdAt: stamp,
  });

  beforeAll(async () => {
    server = await startTestServer(kind);
    await server.admin.ok('POST', '/api/townships', { code: TOWNSHIP, name: '青山镇' });
    device = new TestDevice(server.url);
    await device.enroll((await server.admin.ok('POST', `/api/townships/${TOWNSHIP}/enrollment-codes`)).code);
    await device.push(bookChanges(b));
    a1 = await issue(5_000_00, '青财预〔2026〕11号');
    a2 = await issue(2_000_00, '青财预〔2026〕12号');
  }, 60_000);
  afterAll(() => server.close(), 30_000);

  it('records a township-approved 调剂 in the county 指标台账 once, and a payment using the increase passes', async () => {
    const request = adjustment('调剂', [[a1, -1_000_00], [a2, 1_000_00]], '待审批');
    const approved = { ...request, status: '已批准' as const, decidedBy: 'u-li', decidedAt: stamp, effectiveDate: '2026-01-15' };
    const r = await device.push([put(request), put(approved)]);
    expect(r.body).toMatchObject({ ok: true, value: { applied: 2, issues: [] } });
    expect(await balance(a1)).toEqual({ executable: 4_000_00, frozen: 0, paid: 0 });
    expect(await balance(a2)).toEqual({ executable: 3_000_00, frozen: 0, paid: 0 });
    const rows = await server.db.query<{ id: string; source: string; kind: string }>('SELECT id, source, kind FROM indicator_movement WHERE township_code = $1 AND id LIKE $2 ORDER BY id', [TOWNSHIP, `adjustment:${request.id}:%`]);
    expect(rows).toEqual([
      { id: `adjustment:${request.id}:1`, source: 'township', kind: '调剂' },
      { id: `adjustment:${request.id}:2`, source: 'township', kind: '调剂' },
    ]);

    // The same page again (a lost answer): duplicates, nothing judged again.
    const again = await device.pushPage(device.page([put(request), put(approved)], device.seq - 1));
    expect(again.body).toMatchObject({ ok: true, value: { applied: 0, duplicates: 2 } });
    // The same approval as a new change (a rebuilt device sends its records again), twice in one page.
    const resent = await device.push([put(approved), put(approved)]);
    expect(resent.body).toMatchObject({ ok: true, value: { applied: 2, issues: [] } });
    expect(await balance(a1)).toEqual({ executable: 4_000_00, frozen: 0, paid: 0 });
    expect(await balance(a2)).toEqual({ executable: 3_000_00, frozen: 0, paid: 0 });

    // 2,500 from the second indicator: more than it was issued, within what the 调剂 made it.
    const spend = pay(a2, 2_500_00);
    const paid = await device.push([change('indicatorMovement', spend.id, b.id, spend)]);
    expect(paid.body).toMatchObject({ ok: true, value: { applied: 1, issues: [] } });
    expect(await balance(a2)).toEqual({ executable: 3_000_00, frozen: 0, paid: 2_500_00 });

    // Once approved at the county, the request's amounts are fixed; the county cannot decide it any more.
    const edited = await device.push([put({ ...approved, lines: [{ lineNo: 1, indicatorId: a1, delta: -2_000_00 }, { lineNo: 2, indicatorId: a2, delta: 2_000_00 }] })]);
    expect(edited.body).toMatchObject({ ok: true, value: { applied: 0, issues: [expect.objectContaining({ key: request.id, status: 'rejected', reason: 'APPEND_ONLY', message: expect.stringContaining('在县级已是“已批准”') })] } });
    expect(await balance(a1)).toEqual({ executable: 4_000_00, frozen: 0, paid: 0 });
    const decided = await server.admin.request('POST', `/api/townships/${TOWNSHIP}/decisions`, { action: '调整批准', bookId: b.id, adjustmentId: request.id, date: '2026-01-16' });
    expect(decided.body).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', message: '这份调剂申请乡镇已自行审批（当前状态为“已批准”），县级不能再审批' } });
    expect((await server.admin.ok('GET', `/api/townships/${TOWNSHIP}/submissions`)).adjustments).toEqual([]);
    // The rejected edit was superseded by the original approval sent again.
    await device.push([put(approved)]);
  });

  it('does not record again an adjustment the county approved itself', async () => {
    const request = adjustment('调剂', [[a1, -500_00], [a2, 500_00]], '待审批');
    await device.push([put(request)]);
    await server.admin.ok('POST', `/api/townships/${TOWNSHIP}/decisions`, { action: '调整批准', bookId: b.id, adjustmentId: request.id, date: '2026-01-18' });
    expect(await balance(a1)).toMatchObject({ executable: 3_500_00 });
    // The township applies the decision and reports the request 已批准.
    const r = await device.push([put({ ...request, status: '已批准', decidedBy: 'u-county', decidedAt: stamp, effectiveDate: '2026-01-18' })]);
    expect(r.body).toMatchObject({ ok: true, value: { applied: 1, issues: [] } });
    expect(await balance(a1)).toEqual({ executable: 3_500_00, frozen: 0, paid: 0 });
    expect(await balance(a2)).toEqual({ executable: 3_500_00, frozen: 0, paid: 2_500_00 });
    const twice = await server.admin.request('POST', `/api/townships/${TOWNSHIP}/decisions`, { action: '调整批准', bookId: b.id, adjustmentId: request.id, date: '2026-01-19' });
    expect(twice.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '这份申请县级已经审批过' } });
  });

  it('refuses a township-approved decrease beyond what the county sees as available, naming the line', async () => {
    // The second indicator has 1,000 available at the county (3,500 − 2,500).
    const over = adjustment('调整', [[a1, 500_00], [a2, -1_200_00]]);
    const r = await device.push([put(over)]);
    expect(r.body).toMatchObject({
      ok: true,
      value: {
        applied: 0,
        issues: [expect.objectContaining({
          key: over.id, status: 'rejected', reason: 'INDICATOR_OVERSPENT',
          message: '本乡镇已批准的调整申请（追加道路养护）第2行调减 1,200.00 元，超过该指标在县级的可用余额 1,000.00 元（差额 200.00 元），县级未记入指标台账',
          action: expect.stringContaining('调整调剂'),
        })],
      },
    });
    expect(await balance(a1)).toEqual({ executable: 3_500_00, frozen: 0, paid: 0 });
    expect(await balance(a2)).toEqual({ executable: 3_500_00, frozen: 0, paid: 2_500_00 });
    // Decreases are taken before increases, and in order within the page: a payment after the 调整 sees it.
    const fits = adjustment('调整', [[a2, -1_000_00], [a1, 500_00]]);
    const spend = pay(a2, 1_00);
    const r2 = await device.push([put(fits), change('indicatorMovement', spend.id, b.id, spend)]);
    expect(r2.body).toMatchObject({ ok: true, value: { applied: 1 } });
    const issues = r2.body.ok ? (r2.body.value.issues as { key: string; reason: string }[]) : [];
    expect(issues.map((i) => [i.key, i.reason])).toEqual([[over.id, 'INDICATOR_OVERSPENT'], [spend.id, 'INDICATOR_OVERSPENT']]);
    expect(await balance(a2)).toEqual({ executable: 2_500_00, frozen: 0, paid: 2_500_00 });
    expect(await balance(a1)).toEqual({ executable: 4_000_00, frozen: 0, paid: 0 });
  });
});
