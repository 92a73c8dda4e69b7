import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/id';
import type { IndicatorMovementContent, PaymentContent, ProjectContent, SubmissionContent } from '../../shared/sync/records';
import { TestDevice, change } from './device';
import { databaseKinds, startTestServer, type TestServer } from './harness';
import { appropriation, book, bookChanges, chart, closedPeriod, periodChange, voucher, voucherChange } from './records';

const stamp = '2026-01-05T08:00:00.000Z';

function movement(bookId: string, indicatorId: string, kind: IndicatorMovementContent['kind'], amount: number): IndicatorMovementContent {
  return {
    id: uuidv7(), bookId, indicatorId, kind, date: '2026-02-01',
    executableDelta: ['下达', '调整', '调剂'].includes(kind) ? amount : 0,
    frozenDelta: kind === '冻结' ? amount : kind === '解冻' ? -amount : 0,
    paidDelta: kind === '支付' ? amount : kind === '退回' ? -amount : 0,
    refKind: 'payment', refId: uuidv7(), summary: '支付办公用品', userId: 'u-wang', createdAt: stamp,
  };
}

/**
 * The county re-checks every change with the app's rules (shared/sync/rules.ts over
 * shared/domain), answers each rejection with a typed reason and a Chinese message, holds what
 * depends on something missing and applies it once that arrives, and never lets one bad change
 * block the independent ones after it. Period closes are checked against the county's own
 * 科目余额表. On both databases.
 */
describe.each(databaseKinds)('county validation on %s', (kind) => {
  let server: TestServer;
  let device: TestDevice;
  const b = book('420102');

  beforeAll(async () => {
    server = await startTestServer(kind);
    await server.admin.ok('POST', '/api/townships', { code: '420102001', name: '青山镇' });
    device = new TestDevice(server.url);
    await device.enroll((await server.admin.ok('POST', '/api/townships/420102001/enrollment-codes')).code);
    await device.push(bookChanges(b));
  }, 60_000);
  afterAll(() => server.close(), 30_000);

  const issues = async () => (await server.admin.ok('GET', '/api/townships/420102001/change-issues')) as { seq: number; reason: string; status: string; message: string; action: string }[];

  it('rejects an unbalanced voucher with a typed reason, and applies the independent vouchers after it', async () => {
    const good1 = appropriation(b.id, 1, 300_00);
    const unbalanced = voucher(b.id, 2, [{ account: '1002', debit: 100_00 }, { account: '4001', credit: 90_00 }]);
    const good2 = appropriation(b.id, 3, 200_00);
    const r = await device.push([voucherChange(good1), voucherChange(unbalanced), voucherChange(good2)]);
    expect(r.body).toMatchObject({ ok: true, value: { applied: 2 } });
    const value = r.body.ok ? r.body.value : null;
    expect(value.issues).toEqual([
      expect.objectContaining({ kind: 'voucher', key: unbalanced.id, status: 'rejected', reason: 'VOUCHER_INVALID', message: expect.stringMatching(/凭证 记-0002（2026年01期）不符合记账规则：财务会计分录借贷不平/), action: expect.stringContaining('红字冲销') }),
    ]);
    const vouchers = await server.admin.ok('GET', `/api/townships/420102001/books/${b.id}/vouchers?year=2026&month=1`);
    expect(vouchers.map((v: { number: number }) => v.number)).toEqual([1, 3]);
    // A later, corrected change of the same voucher applies and the issue disappears.
    const fixed = { ...unbalanced, lines: unbalanced.lines.map((l) => (l.accountCode === '4001' ? { ...l, credit: 100_00 } : l)) };
    const r2 = await device.push([voucherChange(fixed)]);
    expect(r2.body).toMatchObject({ ok: true, value: { applied: 1, issues: [] } });
  });

  it('holds a voucher whose account has not arrived, and applies it once the account does', async () => {
    const newAccount = { ...chart(b.id)[0]!, code: '100201', name: '银行存款-工行', parentCode: '1002', level: 2 };
    const v = voucher(b.id, 4, [{ account: '100201', debit: 50_00 }, { account: '4001', credit: 50_00 }, { account: '8001', debit: 50_00 }, { account: '6001', credit: 50_00 }]);
    const held = await device.push([voucherChange(v)]);
    expect(held.body).toMatchObject({ ok: true, value: { applied: 0, issues: [expect.objectContaining({ status: 'held', reason: 'DEPENDS_ON', message: expect.stringContaining('科目 100201 尚未在县级入账') })] } });
    const released = await device.push([change('account', `${b.id}|100201`, b.id, newAccount)]);
    expect(released.body).toMatchObject({ ok: true, value: { applied: 1, issues: [] } });
    const vouchers = await server.admin.ok('GET', `/api/townships/420102001/books/${b.id}/vouchers?year=2026&month=1`);
    expect(vouchers.map((x: { number: number }) => x.number)).toEqual([1, 2, 3, 4]);
  });

  it('checks a period close against its own 科目余额表: 已对账 when equal, the differences when not', async () => {
    const posted = (await server.admin.ok('GET', `/api/townships/420102001/books/${b.id}/vouchers?year=2026&month=1`)) as ReturnType<typeof voucher>[];
    const withSubAccount = [...chart(b.id), { ...chart(b.id)[0]!, code: '100201', name: '银行存款-工行', parentCode: '1002', level: 2 }];
    const period = closedPeriod(b.id, 2026, 1, posted, withSubAccount);
    const r = await device.push([periodChange(period)]);
    expect(r.body).toMatchObject({ ok: true, value: { applied: 1 } });
    const tb = await server.admin.ok('GET', `/api/townships/420102001/books/${b.id}/trial-balance?year=2026&month=1`);
    expect(tb.check).toMatchObject({ status: '已对账', differences: [] });
    expect(tb.totals.financial.periodDebit).toBe(300_00 + 100_00 + 200_00 + 50_00);
    expect(tb.totals.financial.periodDebit).toBe(tb.totals.financial.periodCredit);

    // A closed period refuses later vouchers at the county.
    const late = await device.push([voucherChange(appropriation(b.id, 5, 1_00))]);
    expect(late.body).toMatchObject({ ok: true, value: { applied: 0, issues: [expect.objectContaining({ reason: 'PERIOD_CLOSED', message: expect.stringContaining('在县级已结账') })] } });

    // February, closed with figures that do not match what the county has.
    const feb = appropriation(b.id, 1, 80_00, { month: 2 });
    await device.push([voucherChange(feb)]);
    const claimed = closedPeriod(b.id, 2026, 2, [...posted, { ...feb, lines: feb.lines.map((l) => ({ ...l, debit: l.debit ? 85_00 : 0, credit: l.credit ? 85_00 : 0 })) }], withSubAccount);
    await device.push([periodChange(claimed)]);
    const checks = await server.admin.ok('GET', '/api/townships/420102001/period-checks');
    const february = checks.find((c: { month: number }) => c.month === 2);
    expect(february).toMatchObject({ status: '有差异' });
    expect(february.differences).toEqual(expect.arrayContaining([{ code: '1002', track: 'financial', field: 'periodDebit', township: 85_00, county: 80_00 }]));
    // Both sides see it: the township in its feed.
    const feed = await device.pull(0);
    const results = (feed.body.ok ? feed.body.value.changes : []).filter((c: { kind: string }) => c.kind === 'periodCheck').map((c: { data: { month: number; status: string } }) => [c.data.month, c.data.status]);
    expect(results).toEqual([[1, '已对账'], [2, '有差异']]);
    // Reopening February is recorded as such.
    await device.push([periodChange({ ...claimed, status: 'open', closedAt: null, closedBy: null, trialBalance: null })]);
    const after = await server.admin.ok('GET', '/api/townships/420102001/period-checks');
    expect(after.find((c: { month: number }) => c.month === 2)).toMatchObject({ status: '已反结账' });
  });

  it('keeps posted vouchers immutable at the county', async () => {
    const posted = (await server.admin.ok('GET', `/api/townships/420102001/books/${b.id}/vouchers?year=2026&month=2`))[0];
    const edited = { ...posted, lines: posted.lines.map((l: { summary: string }) => ({ ...l, summary: '改过的摘要' })) };
    const r = await device.push([voucherChange(edited)]);
    expect(r.body).toMatchObject({ ok: true, value: { issues: expect.arrayContaining([expect.objectContaining({ reason: 'POSTED_IMMUTABLE', key: posted.id })]) } });
  });

  it("checks payments against the county's indicator: unknown indicators and overspending are refused", async () => {
    const decision = await server.admin.ok('POST', '/api/townships/420102001/indicators', {
      bookId: b.id, date: '2026-01-20', year: 2026, funcCode: '2010301', econDepCode: '30201', fundNature: '一般公共预算', docNo: '青财预〔2026〕3号', payMethod: '直接支付', amount: 1_000_00,
    });
    // econGovCode came from the fallback mapping of 302 → 50299.
    expect(decision.indicator).toMatchObject({ econGovCode: '50299', amount: 1_000_00 });
    const indicatorId = decision.indicator.id as string;
    const pay = movement(b.id, indicatorId, '支付', 600_00);
    const r1 = await device.push([change('indicatorMovement', pay.id, b.id, pay)]);
    expect(r1.body).toMatchObject({ ok: true, value: { applied: 1 } });
    const over = movement(b.id, indicatorId, '支付', 500_00);
    const r2 = await device.push([change('indicatorMovement', over.id, b.id, over)]);
    expect(r2.body).toMatchObject({ ok: true, value: { issues: expect.arrayContaining([expect.objectContaining({ key: over.id, reason: 'INDICATOR_OVERSPENT', message: expect.stringContaining('县级可用余额 400.00 元') })]) } });
    const issued = movement(b.id, indicatorId, '下达', 9_000_00);
    const r3 = await device.push([change('indicatorMovement', issued.id, b.id, issued)]);
    expect(r3.body).toMatchObject({ ok: true, value: { issues: expect.arrayContaining([expect.objectContaining({ key: issued.id, reason: 'MOVEMENT_NOT_OWNED' })]) } });
    const simulated = movement(b.id, uuidv7(), '支付', 1_00);
    const r4 = await device.push([change('indicatorMovement', simulated.id, b.id, simulated)]);
    expect(r4.body).toMatchObject({ ok: true, value: { issues: expect.arrayContaining([expect.objectContaining({ key: simulated.id, reason: 'INDICATOR_UNKNOWN' })]) } });
    const payment: PaymentContent = {
      id: uuidv7(), bookId: b.id, indicatorId: uuidv7(), amount: 1_00, payeeName: '某文具店', payeeAccount: '6222', payeeBank: '工行', purpose: '办公用品', status: '申请',
      appliedDate: '2026-02-01', appliedBy: 'u-wang', appliedAt: stamp, reviewedBy: null, reviewedAt: null, returnedBy: null, returnReason: null, paidBy: null, paidAt: null,
      payDate: null, voucherId: null, refundDate: null, refundReason: null, refundVoucherId: null,
    };
    const r5 = await device.push([change('payment', payment.id, b.id, payment)]);
    expect(r5.body).toMatchObject({ ok: true, value: { issues: expect.arrayContaining([expect.objectContaining({ key: payment.id, reason: 'INDICATOR_UNKNOWN' })]) } });
    // Movements are append-only.
    const r6 = await device.push([change('indicatorMovement', pay.id, b.id, { ...pay, summary: '改' })]);
    expect(r6.body).toMatchObject({ ok: true, value: { issues: expect.arrayContaining([expect.objectContaining({ key: pay.id, reason: 'APPEND_ONLY' })]) } });
  });

  it('holds a change of a newer schema, stored but not applied', async () => {
    const future = appropriation(b.id, 9, 1_00, { month: 3 });
    const page = device.page([{ ...voucherChange(future) }]);
    page.changes[0]!.schema = 2;
    const { chainOver } = await import('../../shared/sync/chain');
    const { createHash } = await import('node:crypto');
    page.headHash = chainOver((t) => createHash('sha256').update(t).digest('hex'), page.prevHash, page.changes);
    const r = await device.pushPage(page);
    expect(r.body).toMatchObject({ ok: true, value: { issues: expect.arrayContaining([expect.objectContaining({ key: future.id, status: 'held', reason: 'SCHEMA_TOO_NEW' })]) } });
    const stored = await server.db.query<{ status: string; data: string }>('SELECT status, data FROM received_change WHERE key = $1', [future.id]);
    expect(stored).toEqual([{ status: 'held', data: JSON.stringify(future) }]);
  });

  it('decides on project declarations, budget submissions and adjustment requests, into the township feed', async () => {
    const project: ProjectContent = {
      id: uuidv7(), bookId: b.id, code: 'XM2026001', name: '村道硬化', class: '特定目标类', funcCode: '2130701', fundNature: '一般公共预算',
      startDate: '2026-01-01', endDate: '2026-12-31', description: '', status: '申报', returnReason: null, createdBy: 'u-wang', createdAt: stamp, updatedAt: stamp,
      amounts: [{ year: 2026, amount: 200_000_00 }], targets: [],
    };
    await device.push([change('project', project.id, b.id, project)]);
    const pending = await server.admin.ok('GET', '/api/townships/420102001/submissions');
    expect(pending.projects).toEqual([expect.objectContaining({ id: project.id, name: '村道硬化' })]);
    await server.admin.ok('POST', '/api/townships/420102001/decisions', { action: '项目入库', bookId: b.id, projectId: project.id, date: '2026-01-15' });
    const twice = await server.admin.request('POST', '/api/townships/420102001/decisions', { action: '项目入库', bookId: b.id, projectId: project.id, date: '2026-01-15' });
    expect(twice.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const submission: SubmissionContent = {
      id: uuidv7(), bookId: b.id, year: 2026, stage: '二上', seq: 2, expenditureTotal: 300_00 + 200_00, revenueTotal: 0, submittedBy: 'u-wang', submittedAt: stamp,
      lines: [
        { lineNo: 1, section: '日常公用经费', funcCode: '2010301', econCode: '30201', projectId: null, projectCode: null, projectName: null, revenueCode: null, fundNature: '一般公共预算', amount: 300_00, label: '办公费' },
        { lineNo: 2, section: '日常公用经费', funcCode: '2010301', econCode: '30201', projectId: null, projectCode: null, projectName: null, revenueCode: null, fundNature: '一般公共预算', amount: 200_00, label: '办公费（二）' },
        { lineNo: 3, section: '收入', funcCode: null, econCode: null, projectId: null, projectCode: null, projectName: null, revenueCode: '1100299', fundNature: '一般公共预算', amount: 500_00, label: '补助收入' },
      ],
    };
    await device.push([change('submission', submission.id, b.id, submission)]);
    const wrongStage = await server.admin.request('POST', '/api/townships/420102001/decisions', { action: '一下', bookId: b.id, submissionId: submission.id, date: '2026-01-20', docNo: 'x', figures: [{ kind: '日常公用经费', amount: 1 }] });
    expect(wrongStage.body).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', message: expect.stringContaining('二上') } });
    const approved = await server.admin.ok('POST', '/api/townships/420102001/decisions', { action: '二下', bookId: b.id, submissionId: submission.id, date: '2026-03-01', docNo: '青财预〔2026〕9号' });
    // Lines with the same elements merge into one indicator (shared/domain/budget/approval.ts).
    expect(approved.indicators).toEqual([expect.objectContaining({ funcCode: '2010301', econDepCode: '30201', econGovCode: '50299', amount: 500_00, submissionId: submission.id })]);

    const feed = await device.pull(0);
    const decisions = (feed.body.ok ? feed.body.value.changes : []).filter((c: { kind: string }) => c.kind === 'countyDecision').map((c: { data: { action: string } }) => c.data.action);
    expect(decisions).toEqual(['指标下达', '项目入库', '二下']);
    const bad = await server.admin.request('POST', '/api/townships/420102001/decisions', { action: '批准一切', bookId: b.id });
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('批复类型只能是') } });
  });

  it('pages the pull by bytes and resumes from the cursor', async () => {
    for (let i = 0; i < 3; i++) await server.admin.ok('POST', '/api/notices', { title: `通知${i}`, body: '请于月底前完成结账。'.repeat(200) });
    const all = (await device.pull(0, 1_000_000)).body;
    const total = all.ok ? all.value.changes.length : 0;
    const seen: number[] = [];
    let cursor = 0;
    for (let guard = 0; guard < 50; guard++) {
      const page = (await device.pull(cursor, 2048)).body;
      if (!page.ok) throw new Error(page.error.message);
      seen.push(...page.value.changes.map((c: { cursor: number }) => c.cursor));
      cursor = page.value.cursor;
      if (!page.value.more) break;
    }
    expect(seen).toHaveLength(total);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(new Set(seen).size).toBe(total);
  });
});
