import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandInput } from '../../../shared/api/commands';
import { uuidv7 } from '../../../shared/domain/id';
import { admittedProject, budgetOffice, projectInput, type Office } from '../../../test/helpers/budget';
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

const year = 2026;
const staffing = (): CommandInput<'budget.staffingSet'> => ({
  bookId: office.bookId,
  year,
  roster: [
    { category: '行政编制', headcount: 12 },
    { category: '事业编制', headcount: 5 },
  ],
  standards: [
    { kind: '人员经费', category: '行政编制', econCode: '30101', funcCode: '2010301', perCapita: 4_800_000 },
    { kind: '人员经费', category: '事业编制', econCode: '30101', funcCode: '2010301', perCapita: 4_200_000 },
    { kind: '人员经费', category: '行政编制', econCode: '30113', funcCode: '2210201', perCapita: 360_000 },
    { kind: '日常公用经费', category: '行政编制', econCode: '30201', funcCode: '2010301', perCapita: 600_000 },
    { kind: '日常公用经费', category: '事业编制', econCode: '30201', funcCode: '2010301', perCapita: 300_000 },
  ],
});

const county = (input: Record<string, unknown>) => office.accountant.call('budget.simulateCountyApproval', { bookId: office.bookId, id: uuidv7(), date: '2026-01-10', ...input } as never);

/** 基本支出 computed, one project line and one revenue line. */
async function draftWithProject() {
  await office.accountant.ok('budget.staffingSet', staffing());
  await office.accountant.ok('budget.draftComputeBasic', { bookId: office.bookId, year });
  const project = await admittedProject(office);
  await office.accountant.ok('budget.draftSetProjectLine', { bookId: office.bookId, year, id: uuidv7(), projectId: project.id, econCode: '31005', amount: 40_000_000 });
  await office.accountant.ok('budget.draftSetRevenueLine', { bookId: office.bookId, year, id: uuidv7(), revenueCode: '1100299', amount: 120_000_000 });
  return project;
}

describe('基本支出 from the roster', () => {
  it('computes personnel and running costs from headcount × standards', async () => {
    const result = await office.accountant.ok('budget.staffingSet', staffing());
    expect(result.basicTotal).toBe(12 * 4_800_000 + 5 * 4_200_000 + 12 * 360_000 + 12 * 600_000 + 5 * 300_000);
    const draft = await office.accountant.ok('budget.draftComputeBasic', { bookId: office.bookId, year });
    expect(draft.lines.map((l) => [l.section, l.funcCode, l.econCode, l.amount, l.origin])).toEqual([
      ['人员经费', '2010301', '30101', 78_600_000, 'computed'],
      ['人员经费', '2210201', '30113', 4_320_000, 'computed'],
      ['日常公用经费', '2010301', '30201', 8_700_000, 'computed'],
    ]);
    expect(draft.totals).toMatchObject({ 人员经费: 82_920_000, 日常公用经费: 8_700_000, expenditure: 91_620_000 });
    // Changing the standards and recomputing replaces the computed lines (configurable, not frozen).
    const changed = staffing();
    changed.roster[0]!.headcount = 10;
    await office.accountant.ok('budget.staffingSet', changed);
    const again = await office.accountant.ok('budget.draftComputeBasic', { bookId: office.bookId, year });
    expect(again.lines[0]!.amount).toBe(10 * 4_800_000 + 5 * 4_200_000);
  });

  it('refuses a standard for an unknown category or of the wrong kind', async () => {
    const unknown = staffing();
    unknown.standards.push({ kind: '人员经费', category: '工勤人员', econCode: '30101', funcCode: '2010301', perCapita: 1 });
    expect(await office.accountant.fails('budget.staffingSet', unknown)).toMatchObject({ code: 'RULE_VIOLATION', message: '人员名册或标准有误：人员经费标准中的人员类别“工勤人员”不在人员名册中' });
    const wrongKind = staffing();
    wrongKind.standards[0]!.econCode = '30201';
    expect((await office.accountant.fails('budget.staffingSet', wrongKind)).message).toContain('人员经费标准的经济分类 30201 不属于人员经费');
  });
});

describe('项目支出 picked from the library', () => {
  it('takes only 入库 projects, within the amount requested for the year', async () => {
    const reserve = await office.accountant.ok('budget.projectSave', projectInput(office.bookId, { code: 'P2026-009', name: '未入库项目' }));
    const refused = await office.accountant.fails('budget.draftSetProjectLine', { bookId: office.bookId, year, id: uuidv7(), projectId: reserve.id, econCode: '31005' });
    expect(refused).toMatchObject({ code: 'RULE_VIOLATION', message: '项目“未入库项目”当前状态为“储备”，只有已入库的项目才能编入项目支出预算' });

    const project = await admittedProject(office);
    const draft = await office.accountant.ok('budget.draftSetProjectLine', { bookId: office.bookId, year, id: uuidv7(), projectId: project.id, econCode: '31005' });
    expect(draft.lines).toEqual([expect.objectContaining({ section: '项目支出', projectCode: 'P2026-001', funcCode: '2130701', amount: 50_000_000 })]);
    const over = await office.accountant.fails('budget.draftSetProjectLine', { bookId: office.bookId, year, id: uuidv7(), projectId: project.id, econCode: '30226', amount: 1 });
    expect(over.message).toBe('项目“乡村道路养护”编入预算 500,000.01 元，超过项目库2026年申报金额 500,000.00 元，超出 0.01 元');
    const noYear = await office.accountant.fails('budget.draftSetProjectLine', { bookId: office.bookId, year: 2028, id: uuidv7(), projectId: project.id, econCode: '31005' });
    expect(noYear.message).toBe('项目“乡村道路养护”在项目库中没有2028年的申报金额，不能编入2028年预算');
  });
});

describe('二上二下', () => {
  it('walks 编制中 → 一上 → 一下 → 二上 → 二下 and refuses each step out of order', async () => {
    const project = await draftWithProject();
    const submitFirstTooEarly = await county({ action: '一下', year, docNo: '青财预控〔2026〕1号', figures: [{ kind: '人员经费', amount: 1 }] });
    expect(submitFirstTooEarly).toMatchObject({ ok: false, error: { message: '年度预算“2026年”当前状态为“编制中”，不能下达一下控制数（只有“一上已报送”状态可以下达一下控制数）' } });
    expect(await county({ action: '二下', year, docNo: 'X' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('不能二下批复') } });

    const first = await office.reviewer.ok('budget.submit', { bookId: office.bookId, year, id: uuidv7() });
    expect(first).toMatchObject({ stage: '一上', seq: 1, expenditureTotal: 91_620_000 + 40_000_000, revenueTotal: 120_000_000 });
    expect(first.lines.map((l) => l.label)).toContain('项目 P2026-001 乡村道路养护：2130701 对村级公益事业建设的补助 / 31005 基础设施建设');
    // The county holds it now: no editing, no second 一上.
    expect(await office.accountant.fails('budget.draftSetRevenueLine', { bookId: office.bookId, year, id: uuidv7(), revenueCode: '10101', amount: 1 })).toMatchObject({
      message: '2026年度预算当前状态为“一上已报送”，预算草案不能修改（只有“编制中”和“一下已下达”时可以修改）',
    });
    expect(await office.reviewer.fails('budget.submit', { bookId: office.bookId, year, id: uuidv7() })).toMatchObject({ message: '年度预算“2026年”当前状态为“一上已报送”，不能报送一上（只有“编制中”状态可以报送一上）' });

    const control = await county({
      action: '一下',
      year,
      docNo: '青财预控〔2026〕1号',
      figures: [
        { kind: '人员经费', amount: 82_920_000 },
        { kind: '日常公用经费', amount: 8_000_000 },
        { kind: '项目支出', projectId: project.id, amount: 35_000_000 },
      ],
    });
    expect(control.ok && control.value.draft).toMatchObject({ state: '一下已下达', nextSubmission: '二上' });
    const draft = await office.accountant.ok('budget.draftGet', { bookId: office.bookId, year });
    expect(draft.controlExcess.map((e) => e.message)).toEqual([
      '日常公用经费超出一下控制数：控制数 80,000.00 元，二上 87,000.00 元，超出 7,000.00 元',
      '项目“乡村道路养护”超出一下控制数：控制数 350,000.00 元，二上 400,000.00 元，超出 50,000.00 元',
    ]);
    const over = await office.reviewer.fails('budget.submit', { bookId: office.bookId, year, id: uuidv7() });
    expect(over.code).toBe('RULE_VIOLATION');
    expect(over.message).toBe(`二上超出一下控制数，不能报送：${draft.controlExcess.map((e) => e.message).join('；')}`);
    expect((await office.accountant.ok('budget.draftGet', { bookId: office.bookId, year })).state).toBe('一下已下达');

    // Bring the draft within the figures: 公用经费 by recomputing from a smaller standard, the project by amount.
    const smaller = staffing();
    smaller.standards[3]!.perCapita = 550_000;
    smaller.standards[4]!.perCapita = 280_000;
    await office.accountant.ok('budget.staffingSet', smaller);
    await office.accountant.ok('budget.draftComputeBasic', { bookId: office.bookId, year });
    const projectLine = (await office.accountant.ok('budget.draftGet', { bookId: office.bookId, year })).lines.find((l) => l.section === '项目支出')!;
    await office.accountant.ok('budget.draftSetProjectLine', { bookId: office.bookId, year, id: projectLine.id, projectId: project.id, econCode: '31005', amount: 35_000_000 });
    const second = await office.reviewer.ok('budget.submit', { bookId: office.bookId, year, id: uuidv7() });
    expect(second).toMatchObject({ stage: '二上', seq: 2 });

    const approved = await county({ action: '二下', year, docNo: '青财预〔2026〕1号', lines: [{ lineNo: 3, payMethod: '授权支付' }] });
    expect(approved.ok).toBe(true);
    if (!approved.ok) return;
    expect(approved.value.draft!.state).toBe('二下已批复');
    expect(approved.value.indicators.map((i) => [i.expenseKind, i.funcCode, i.econDepCode, i.econGovCode, i.payMethod, i.balance.executable])).toEqual([
      ['人员经费', '2010301', '30101', '50101', '直接支付', 78_600_000],
      ['人员经费', '2210201', '30113', '50103', '直接支付', 4_320_000],
      ['日常公用经费', '2010301', '30201', '50201', '授权支付', 12 * 550_000 + 5 * 280_000],
      ['项目支出', '2130701', '31005', '50302', '直接支付', 35_000_000],
    ]);
    expect(approved.value.indicators.every((i) => i.origin === 'simulated' && i.docNo === '青财预〔2026〕1号' && i.regionCode === '420102')).toBe(true);
    expect((await office.accountant.ok('budget.projectGet', { bookId: office.bookId, id: project.id })).status).toBe('执行中');
    expect(await county({ action: '二下', year, docNo: '再批一次' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('当前状态为“二下已批复”') } });
    const events = (await office.accountant.ok('budget.draftGet', { bookId: office.bookId, year })).events.map((e) => e.toState);
    expect(events).toEqual(['一上已报送', '一下已下达', '二上已报送', '二下已批复']);
  });

  it('withdraws 一上 or 二上 before the county answers: the draft is editable again, the snapshot stays', async () => {
    await draftWithProject();
    const first = await office.reviewer.ok('budget.submit', { bookId: office.bookId, year, id: uuidv7() });
    expect((await office.accountant.fails('budget.submissionWithdraw', { bookId: office.bookId, year })).code).toBe('FORBIDDEN');
    const back = await office.reviewer.ok('budget.submissionWithdraw', { bookId: office.bookId, year, reason: '收入预算漏列' });
    expect(back.state).toBe('编制中');
    expect(back.events.at(-1)).toMatchObject({ action: '撤回一上', fromState: '一上已报送', toState: '编制中', reason: '撤回第1次报送（一上）：收入预算漏列' });
    await office.accountant.ok('budget.draftSetRevenueLine', { bookId: office.bookId, year, id: uuidv7(), revenueCode: '10101', amount: 100 });
    const again = await office.reviewer.ok('budget.submit', { bookId: office.bookId, year, id: uuidv7() });
    expect(again).toMatchObject({ stage: '一上', seq: 2 });
    expect((await office.accountant.ok('budget.submissionList', { bookId: office.bookId, year })).map((s) => s.id)).toEqual([first.id, again.id]);
    // After the county's 一下 the 一上 can no longer be withdrawn; the 二上 can, until 二下.
    await county({ action: '一下', year, docNo: '青财预控〔2026〕1号', figures: [{ kind: '人员经费', amount: 200_000_000 }, { kind: '日常公用经费', amount: 200_000_000 }, { kind: '项目支出', amount: 200_000_000 }] });
    expect(await office.reviewer.fails('budget.submissionWithdraw', { bookId: office.bookId, year })).toMatchObject({
      message: '2026年度预算当前状态为“一下已下达”，没有可撤回的报送（只有“一上已报送”“二上已报送”、县级尚未答复时可以撤回）',
    });
    await office.reviewer.ok('budget.submit', { bookId: office.bookId, year, id: uuidv7() });
    expect((await office.reviewer.ok('budget.submissionWithdraw', { bookId: office.bookId, year })).state).toBe('一下已下达');
    await office.reviewer.ok('budget.submit', { bookId: office.bookId, year, id: uuidv7() });
    expect((await county({ action: '二下', year, docNo: '青财预〔2026〕1号' })).ok).toBe(true);
    expect(await office.reviewer.fails('budget.submissionWithdraw', { bookId: office.bookId, year })).toMatchObject({ message: expect.stringContaining('当前状态为“二下已批复”，没有可撤回的报送') });
  });

  it('freezes every submission and compares it with the previous one', async () => {
    const project = await draftWithProject();
    const first = await office.reviewer.ok('budget.submit', { bookId: office.bookId, year, id: uuidv7() });
    await county({ action: '退回预算', year, reason: '项目支出偏高，请压减' });
    expect((await office.accountant.ok('budget.draftGet', { bookId: office.bookId, year })).state).toBe('编制中');
    const line = (await office.accountant.ok('budget.draftGet', { bookId: office.bookId, year })).lines.find((l) => l.section === '项目支出')!;
    await office.accountant.ok('budget.draftSetProjectLine', { bookId: office.bookId, year, id: line.id, projectId: project.id, econCode: '31005', amount: 30_000_000 });
    await office.accountant.ok('budget.draftSetRevenueLine', { bookId: office.bookId, year, id: uuidv7(), revenueCode: '10101', amount: 500_000 });
    const second = await office.reviewer.ok('budget.submit', { bookId: office.bookId, year, id: uuidv7() });
    expect(second).toMatchObject({ stage: '一上', seq: 2 });

    const comparison = await office.accountant.ok('budget.submissionCompare', { bookId: office.bookId, id: second.id });
    expect(comparison.from!.id).toBe(first.id);
    expect(comparison.diff.rows.filter((r) => r.change !== '未变').map((r) => [r.section, r.change, r.delta])).toEqual([
      ['项目支出', '减少', -10_000_000],
      ['收入', '新增', 500_000],
    ]);
    expect(comparison.diff.totals.项目支出).toEqual({ before: 40_000_000, after: 30_000_000, delta: -10_000_000 });
    // The first snapshot still says what was submitted then.
    expect((await office.accountant.ok('budget.submissionGet', { bookId: office.bookId, id: first.id })).lines.find((l) => l.section === '项目支出')!.amount).toBe(40_000_000);
    expect((await office.accountant.ok('budget.submissionList', { bookId: office.bookId, year })).map((s) => s.seq)).toEqual([1, 2]);

    const raw = new Database(core.databaseFile);
    expect(() => raw.prepare('UPDATE budget_submission_line SET amount = 1').run()).toThrow('已报送的预算是冻结快照，不能修改');
    expect(() => raw.prepare('DELETE FROM budget_submission').run()).toThrow('已报送的预算是冻结快照，不能删除');
    raw.close();
  });

  it('lets only the 主管 submit, and refuses an empty draft', async () => {
    expect(await office.accountant.fails('budget.submit', { bookId: office.bookId, year, id: uuidv7() })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await office.reviewer.fails('budget.submit', { bookId: office.bookId, year, id: uuidv7() })).toMatchObject({ code: 'RULE_VIOLATION', message: '2026年预算草案没有任何支出，不能报送' });
  });
});
