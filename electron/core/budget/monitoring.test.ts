import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BudgetProject, Indicator } from '../../../shared/api/budgetTypes';
import { uuidv7 } from '../../../shared/domain/id';
import { admittedProject, budgetOffice, issueIndicator, pay, projectInput, type Office } from '../../../test/helpers/budget';
import { tempDir } from '../../../test/helpers/tmp';
import { openCore, type Core } from '../index';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let office: Office;
let roads: BudgetProject;
let town: BudgetProject;
let basic: Indicator;
let roadsIndicator: Indicator;
let townIndicator: Indicator;
let relief: Indicator;

/**
 * As of 2026-06-30 (序时进度 50.00% by months):
 *   basic 2010301/30201   10,000.00, paid 5,000.00 → 50.00%  on schedule
 *   roads 2130701/31005   20,000.00, paid 6,000.00 → 30.00%  20 points behind
 *   town  2120303/31005   10,000.00, paid 4,200.00 → 42.00%   8 points behind
 *   relief 2082102/30305 直达 4,000.00, paid 1,000.00 → 25.00%  25 points behind
 * and one payment in July that a June report must not see.
 */
beforeEach(async () => {
  dir = tempDir();
  core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '1', log: () => {} });
  office = await budgetOffice(core);
  roads = await admittedProject(office);
  town = await admittedProject(office, { code: 'P2026-002', name: '集镇污水管网改造', funcCode: '2120303', targets: [{ id: uuidv7(), name: '铺设管网长度', type: '产出', unit: '米', targetValue: '1200', direction: '≥' }] });
  basic = await issueIndicator(office, { amount: 1_000_000 });
  roadsIndicator = await issueIndicator(office, { projectId: roads.id, funcCode: '2130701', econDepCode: '31005', amount: 2_000_000, docNo: '青财预〔2026〕5号' });
  townIndicator = await issueIndicator(office, { projectId: town.id, funcCode: '2120303', econDepCode: '31005', amount: 1_000_000, docNo: '青财预〔2026〕6号' });
  relief = await issueIndicator(office, { funcCode: '2082102', econDepCode: '30305', amount: 400_000, directFund: true, supDocNo: '财社〔2026〕12号', docNo: '青财社〔2026〕2号' });
  await pay(office, basic, 200_000, '2026-02-10');
  await pay(office, basic, 300_000, '2026-05-20');
  await pay(office, roadsIndicator, 600_000, '2026-04-15');
  await pay(office, townIndicator, 420_000, '2026-06-30');
  await pay(office, relief, 100_000, '2026-03-05');
  await pay(office, basic, 100_000, '2026-07-02');
});
afterEach(() => {
  core.close();
  dir.cleanup();
});

const asOf = '2026-06-30';

describe('execution rates against 序时进度', () => {
  it('reports by indicator, project, function class and fund nature in basis points', async () => {
    const byProject = await office.accountant.ok('budget.executionReport', { bookId: office.bookId, year: 2026, asOf, by: 'project' });
    expect(byProject.scheduleBp).toBe(5000);
    expect(byProject.rows.map((r) => [r.label, r.rateBp, r.gapBp, r.band])).toEqual([
      ['P2026-001 乡村道路养护', 3000, -2000, 'red'],
      ['P2026-002 集镇污水管网改造', 4200, -800, 'yellow'],
    ]);
    expect(byProject.rows[0]!.description).toBe('执行率30.00%，低于序时进度20.00个百分点');

    const byFunction = await office.accountant.ok('budget.executionReport', { bookId: office.bookId, year: 2026, asOf, by: 'function' });
    expect(byFunction.rows.map((r) => [r.label, r.executable, r.paid, r.rateBp])).toEqual([
      ['201 一般公共服务支出', 1_000_000, 500_000, 5000],
      ['208 社会保障和就业支出', 400_000, 100_000, 2500],
      ['212 城乡社区支出', 1_000_000, 420_000, 4200],
      ['213 农林水支出', 2_000_000, 600_000, 3000],
    ]);
    expect(byFunction.total).toMatchObject({ executable: 4_400_000, paid: 1_620_000, rateBp: 3682, gapBp: -1318, band: 'red' });
    const items = await office.accountant.ok('budget.executionReport', { bookId: office.bookId, year: 2026, asOf, by: 'function', funcLevel: 7 });
    expect(items.rows.map((r) => r.key)).toEqual(['2010301', '2082102', '2120303', '2130701']);
    const byIndicator = await office.accountant.ok('budget.executionReport', { bookId: office.bookId, year: 2026, asOf, by: 'indicator' });
    expect(byIndicator.rows.find((r) => r.key === relief.id)!.label).toBe('“青财社〔2026〕2号”（2082102 / 30305）');
    const byFund = await office.accountant.ok('budget.executionReport', { bookId: office.bookId, year: 2026, asOf, by: 'fundNature' });
    expect(byFund.rows.map((r) => [r.key, r.rateBp])).toEqual([['一般公共预算', 3682]]);
    // A later date sees the July payment, and a later schedule.
    const july = await office.accountant.ok('budget.executionReport', { bookId: office.bookId, year: 2026, asOf: '2026-07-31', by: 'fundNature' });
    expect(july).toMatchObject({ scheduleBp: 5833, total: { paid: 1_720_000, rateBp: 3909 } });
    expect(await office.accountant.fails('budget.executionReport', { bookId: office.bookId, year: 2026, asOf: '2025-12-31', by: 'project' })).toMatchObject({ message: '截止日期 2025-12-31 不在2026年度内' });
  });

  it('uses the warning bands and 序时进度 method configured for the book', async () => {
    expect(await office.accountant.ok('budget.settingsGet', { bookId: office.bookId })).toEqual({ yellowBp: 500, redBp: 1000, scheduleMethod: 'month', quotaArrival: 'onIssue' });
    expect(await office.accountant.fails('budget.settingsSet', { bookId: office.bookId, yellowBp: 1000, redBp: 800, scheduleMethod: 'month' })).toMatchObject({ message: '输入有误：红色预警档位必须大于黄色预警档位' });
    await office.reviewer.ok('budget.settingsSet', { bookId: office.bookId, yellowBp: 1000, redBp: 2000, scheduleMethod: 'day' });
    const report = await office.accountant.ok('budget.executionReport', { bookId: office.bookId, year: 2026, asOf, by: 'project' });
    expect(report.scheduleBp).toBe(4959); // 181 / 365
    expect(report.rows.map((r) => [r.gapBp, r.band])).toEqual([
      [-1959, 'yellow'],
      [-759, 'normal'],
    ]);
  });
});

describe('dashboard', () => {
  it('returns everything a dashboard needs in one query', async () => {
    const d = await office.accountant.ok('budget.dashboard', { bookId: office.bookId, year: 2026, asOf });
    expect(d).toMatchObject({ year: 2026, asOf, scheduleBp: 5000, total: { rateBp: 3682 }, counts: { indicators: 4, projects: 2, pendingPayments: 0, pendingAdjustments: 0 } });
    expect(d.byFunction.map((r) => r.key)).toEqual(['201', '208', '212', '213']);
    expect(d.monthly.map((m) => [m.month, m.paid, m.cumulativePaid, m.rateBp, m.scheduleBp])).toEqual([
      [1, 0, 0, 0, 833],
      [2, 200_000, 200_000, 455, 1667],
      [3, 100_000, 300_000, 682, 2500],
      [4, 600_000, 900_000, 2045, 3333],
      [5, 300_000, 1_200_000, 2727, 4167],
      [6, 420_000, 1_620_000, 3682, 5000],
    ]);
    expect(d.laggingProjects.map((p) => p.label)).toEqual(['P2026-001 乡村道路养护', 'P2026-002 集镇污水管网改造']);
    expect(d.direct).toMatchObject({ executable: 400_000, paid: 100_000, rateBp: 2500, band: 'red' });
    expect(d.warnings.map((w) => `${w.level} ${w.message}`)).toEqual([
      'red 全部指标执行率36.82%，低于序时进度13.18个百分点（红色预警）',
      'red 功能分类“208 社会保障和就业支出”执行率25.00%，低于序时进度25.00个百分点（红色预警）',
      'red 功能分类“213 农林水支出”执行率30.00%，低于序时进度20.00个百分点（红色预警）',
      'red 项目“P2026-001 乡村道路养护”执行率30.00%，低于序时进度20.00个百分点（红色预警）',
      'red 直达资金执行率25.00%，低于序时进度25.00个百分点（红色预警）',
      'yellow 功能分类“212 城乡社区支出”执行率42.00%，低于序时进度8.00个百分点（黄色预警）',
      'yellow 项目“P2026-002 集镇污水管网改造”执行率42.00%，低于序时进度8.00个百分点（黄色预警）',
    ]);
  });
});

describe('绩效运行监控', () => {
  it('records mid-year progress, asks for a reason when a target lags, and warns about it', async () => {
    const [mileage, satisfaction] = roads.targets;
    const lagging = await office.accountant.fails('budget.performanceRecord', {
      bookId: office.bookId,
      projectId: roads.id,
      year: 2026,
      asOf,
      entries: [{ targetId: mileage!.id, actualValue: '10' }],
    });
    expect(lagging).toMatchObject({ code: 'RULE_VIOLATION', message: '绩效指标“养护村道里程”完成25.00%，低于应达的50.00%，请填写偏差原因和纠偏措施' });
    const recorded = await office.accountant.ok('budget.performanceRecord', {
      bookId: office.bookId,
      projectId: roads.id,
      year: 2026,
      asOf,
      entries: [
        { targetId: mileage!.id, actualValue: '10', deviationReason: '汛期停工两个月', correctiveAction: '三季度增加两个施工班组' },
        { targetId: satisfaction!.id, actualValue: '92.5' },
      ],
    });
    expect(recorded.execution).toMatchObject({ rateBp: 3000, band: 'red' });
    expect(recorded.targets.map((t) => [t.target.name, t.actualValue, t.completionBp, t.expectedBp, t.band, t.deviationReason])).toEqual([
      ['养护村道里程', '10', 2500, 5000, 'red', '汛期停工两个月'],
      ['群众满意度', '92.5', 10278, 10000, 'normal', null],
    ]);
    const d = await office.accountant.ok('budget.dashboard', { bookId: office.bookId, year: 2026, asOf });
    expect(d.warnings.filter((w) => w.kind === 'performance').map((w) => w.message)).toEqual([
      '项目“乡村道路养护”绩效指标“养护村道里程”完成25.00%，应达50.00%（红色预警；偏差原因：汛期停工两个月）',
    ]);

    const evaluated = await office.accountant.ok('budget.performanceEvaluate', { bookId: office.bookId, projectId: roads.id, year: 2026, score: '88.5', summary: '总体完成，进度偏慢' });
    expect(evaluated.evaluation).toMatchObject({ score: '88.5', grade: '良', summary: '总体完成，进度偏慢', by: { displayName: '王会计' } });
    expect(await office.accountant.fails('budget.performanceEvaluate', { bookId: office.bookId, projectId: roads.id, year: 2026, score: '101', summary: 'x' })).toMatchObject({ code: 'INVALID_INPUT' });
    const got = await office.accountant.ok('budget.performanceGet', { bookId: office.bookId, projectId: roads.id, year: 2026, asOf });
    expect(got.targets[0]!.correctiveAction).toBe('三季度增加两个施工班组');
  });

  it('refuses progress for a target of another project, or for a project not executing', async () => {
    const error = await office.accountant.fails('budget.performanceRecord', { bookId: office.bookId, projectId: town.id, year: 2026, asOf, entries: [{ targetId: roads.targets[0]!.id, actualValue: '20' }] });
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: '绩效指标不属于项目“集镇污水管网改造”' });
    const draft = await office.accountant.ok('budget.projectSave', projectInput(office.bookId, { code: 'P2026-003', name: '文化广场修缮' }));
    const notYet = await office.accountant.fails('budget.performanceRecord', { bookId: office.bookId, projectId: draft.id, year: 2026, asOf, entries: [{ targetId: draft.targets[0]!.id, actualValue: '1' }] });
    expect(notYet).toMatchObject({ code: 'RULE_VIOLATION', message: '项目“文化广场修缮”当前状态为“储备”，只有执行中的项目填报绩效运行监控' });
  });
});
