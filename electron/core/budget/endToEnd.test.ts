import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/id';
import { auditIndicator, budgetOffice, projectInput, type Office } from '../../../test/helpers/budget';
import { tempDir } from '../../../test/helpers/tmp';
import { openCore, type Core } from '../index';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let office: Office;
beforeEach(async () => {
  dir = tempDir();
  core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '1', log: () => {} });
  office = await budgetOffice(core);
});
afterEach(() => {
  core.close();
  dir.cleanup();
});

describe('budget workspace, end to end', () => {
  it('project → 入库 → 编制 → 一上/一下/二上/二下 → indicators → payment → voucher on both tracks → execution rate', async () => {
    const { bookId, accountant: wang, reviewer: li } = office;
    const year = 2026;
    const county = (input: object) => wang.ok('budget.simulateCountyApproval', { bookId, id: uuidv7(), date: '2026-01-15', ...input } as never);

    // 项目库: a project with performance targets, declared and (simulated) admitted.
    const project = await wang.ok('budget.projectSave', projectInput(bookId));
    await wang.ok('budget.projectDeclare', { bookId, id: project.id });
    await county({ action: '项目入库', projectId: project.id, date: '2026-01-03' });

    // 编制: 基本支出 from the roster, the project from the library, revenue by classification.
    await wang.ok('budget.staffingSet', {
      bookId,
      year,
      roster: [{ category: '行政编制', headcount: 10 }],
      standards: [
        { kind: '人员经费', category: '行政编制', econCode: '30101', funcCode: '2010301', perCapita: 4_800_000 },
        { kind: '日常公用经费', category: '行政编制', econCode: '30201', funcCode: '2010301', perCapita: 600_000 },
      ],
    });
    await wang.ok('budget.draftComputeBasic', { bookId, year });
    await wang.ok('budget.draftSetProjectLine', { bookId, year, id: uuidv7(), projectId: project.id, econCode: '30213' });
    await wang.ok('budget.draftSetRevenueLine', { bookId, year, id: uuidv7(), revenueCode: '1100299', amount: 104_000_000 });
    const first = await li.ok('budget.submit', { bookId, year, id: uuidv7() });
    expect(first).toMatchObject({ stage: '一上', expenditureTotal: 48_000_000 + 6_000_000 + 50_000_000 });

    await county({ action: '一下', year, docNo: '青财预控〔2026〕1号', figures: [{ kind: '人员经费', amount: 48_000_000 }, { kind: '日常公用经费', amount: 6_000_000 }, { kind: '项目支出', amount: 45_000_000 }] });
    const line = (await wang.ok('budget.draftGet', { bookId, year })).lines.find((l) => l.section === '项目支出')!;
    await wang.ok('budget.draftSetProjectLine', { bookId, year, id: line.id, projectId: project.id, econCode: '30213', amount: 45_000_000 });
    const second = await li.ok('budget.submit', { bookId, year, id: uuidv7() });
    expect((await wang.ok('budget.submissionCompare', { bookId, id: second.id })).diff.totals.项目支出.delta).toBe(-5_000_000);

    const approval = await county({ action: '二下', year, docNo: '青财预〔2026〕1号', date: '2026-01-20' });
    const indicators = (approval as { indicators: { id: string; expenseKind: string; projectId: string | null }[] }).indicators;
    expect(indicators.map((i) => i.expenseKind)).toEqual(['人员经费', '日常公用经费', '项目支出']);
    const projectIndicator = (await wang.ok('budget.indicatorList', { bookId, year, projectId: project.id }))[0]!;
    expect(projectIndicator.balance).toEqual({ executable: 45_000_000, frozen: 0, paid: 0, available: 45_000_000 });
    expect((await wang.ok('budget.projectGet', { bookId, id: project.id })).status).toBe('执行中');

    const before = await wang.ok('budget.executionReport', { bookId, year, asOf: '2026-03-31', by: 'project' });
    expect(before.rows[0]).toMatchObject({ rateBp: 0, scheduleBp: 2500, gapBp: -2500, band: 'red' });

    // Pay against the project's indicator: 申请 (王) → 审核 (李) → 确认支付 (王).
    const request = await wang.ok('budget.paymentCreate', {
      bookId,
      id: uuidv7(),
      indicatorId: projectIndicator.id,
      amount: 13_500_000,
      date: '2026-03-02',
      elements: {
        regionCode: '420102',
        year,
        funcCode: '2130701',
        econGovCode: projectIndicator.econGovCode,
        econDepCode: '30213',
        fundNature: '一般公共预算',
        projectCode: 'P2026-001',
        docNo: '青财预〔2026〕1号',
        supDocNo: null,
        payMethod: '直接支付',
        directFund: false,
      },
      payee: { name: '青山镇路桥养护队', account: '6222020200005678', bank: '农业银行青山支行' },
      purpose: '一季度村道养护费',
    });
    await li.ok('budget.paymentReview', { bookId, id: request.id });
    const paid = await wang.ok('budget.paymentConfirm', { bookId, id: request.id, voucherId: uuidv7(), date: '2026-03-05' });
    expect(paid).toMatchObject({ status: '已支付', voucherLabel: '记-0001' });

    // The voucher is in the ledger, posted, and each track balances on its own.
    const tb = await wang.ok('ledger.trialBalance', { bookId, year, month: 3 });
    const closing = (code: string) => tb.rows.find((r) => r.code === code)!;
    expect(closing('5001')).toMatchObject({ periodDebit: 13_500_000, closingDebit: 13_500_000 });
    expect(closing('4001')).toMatchObject({ periodCredit: 13_500_000, closingCredit: 13_500_000 });
    expect(closing('710101')).toMatchObject({ periodDebit: 13_500_000 });
    expect(closing('600102')).toMatchObject({ periodCredit: 13_500_000 });
    expect(tb.totals.financial.periodDebit).toBe(tb.totals.financial.periodCredit);
    expect(tb.totals.budget.periodDebit).toBe(tb.totals.budget.periodCredit);
    expect(tb.totals.budget.closingDebit).toBe(tb.totals.budget.closingCredit);
    const byProject = await wang.ok('ledger.dimensionBalance', { bookId, accountCode: '710101', year, fromMonth: 1, toMonth: 12, by: ['project', 'func'] });
    expect(byProject.map((r) => [r.values.project, r.values.func, r.periodDebit])).toEqual([['P2026-001', '2130701', 13_500_000]]);

    // The execution rate follows, and the indicator ledger agrees with the ledger.
    const after = await wang.ok('budget.executionReport', { bookId, year, asOf: '2026-03-31', by: 'project' });
    expect(after.rows[0]).toMatchObject({ paid: 13_500_000, rateBp: 3000, gapBp: 500, band: 'normal', description: '执行率30.00%，高于序时进度5.00个百分点' });
    expect(auditIndicator(core.databaseFile, projectIndicator.id)).toMatchObject({ executable: 45_000_000, paid: 13_500_000, frozen: 0, voucherSpending: 13_500_000 });
    const dashboard = await wang.ok('budget.dashboard', { bookId, year, asOf: '2026-03-31' });
    expect(dashboard.total).toMatchObject({ executable: 99_000_000, paid: 13_500_000, rateBp: 1364 });
    expect(dashboard.monthly.at(-1)).toMatchObject({ month: 3, paid: 13_500_000, cumulativePaid: 13_500_000 });
  });
});
