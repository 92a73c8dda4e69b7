import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/id';
import { admittedProject, budgetOffice, issueIndicator, paymentInput, projectInput, type Office } from '../../../test/helpers/budget';
import { caller } from '../../../test/helpers/core';
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

const county = (input: Record<string, unknown>) => office.accountant.call('budget.simulateCountyApproval', { bookId: office.bookId, id: uuidv7(), date: '2026-01-02', ...input } as never);

describe('项目库 lifecycle', () => {
  it('goes 储备 → 申报 → 入库 → 执行中 → 已结束, with every step recorded', async () => {
    const saved = await office.accountant.ok('budget.projectSave', projectInput(office.bookId));
    expect(saved).toMatchObject({ status: '储备', funcName: '对村级公益事业建设的补助', totalRequested: 80_000_000, allowedActions: ['declare'] });
    expect(saved.targets.map((t) => [t.position, t.name, t.type])).toEqual([
      [1, '养护村道里程', '产出'],
      [2, '群众满意度', '满意度'],
    ]);
    const declared = await office.accountant.ok('budget.projectDeclare', { bookId: office.bookId, id: saved.id });
    expect(declared.status).toBe('申报');
    const admitted = await county({ action: '项目入库', projectId: saved.id });
    expect(admitted.ok && admitted.value).toMatchObject({ simulated: true, label: '模拟县级批复', project: { status: '入库' } });
    // The first indicator for the project starts it.
    await issueIndicator(office, { projectId: saved.id, funcCode: '2130701', econDepCode: '31005', amount: 500_000 });
    expect((await office.accountant.ok('budget.projectGet', { bookId: office.bookId, id: saved.id })).status).toBe('执行中');
    const finished = await office.reviewer.ok('budget.projectFinish', { bookId: office.bookId, id: saved.id });
    expect(finished).toMatchObject({ project: { status: '已结束', allowedActions: [] }, leftover: 500_000 });
    expect(finished.project.events.map((e) => `${e.fromState ?? ''}→${e.toState}`)).toEqual(['→储备', '储备→申报', '申报→入库', '入库→执行中', '执行中→已结束']);
  });

  it('refuses to declare a project without performance targets', async () => {
    const saved = await office.accountant.ok('budget.projectSave', projectInput(office.bookId, { targets: [] }));
    const error = await office.accountant.fails('budget.projectDeclare', { bookId: office.bookId, id: saved.id });
    expect(error).toMatchObject({ code: 'RULE_VIOLATION', message: '项目“乡村道路养护”还没有绩效目标，不能申报。请先填写至少一个绩效指标（产出、效益或满意度）。' });
    expect((await office.accountant.ok('budget.projectGet', { bookId: office.bookId, id: saved.id })).status).toBe('储备');
  });

  it('sends a project back with a reason; it can be revised and declared again', async () => {
    const saved = await office.accountant.ok('budget.projectSave', projectInput(office.bookId));
    await office.accountant.ok('budget.projectDeclare', { bookId: office.bookId, id: saved.id });
    const refused = await county({ action: '项目退回', projectId: saved.id, reason: '' });
    expect(refused.ok || refused.error.message).toBe('输入有误：原因：请填写退回原因（至少2个字）');
    await county({ action: '项目退回', projectId: saved.id, reason: '绩效目标不够具体，请细化养护标准' });
    const returned = await office.accountant.ok('budget.projectGet', { bookId: office.bookId, id: saved.id });
    expect(returned).toMatchObject({ status: '退回', returnReason: '绩效目标不够具体，请细化养护标准' });
    const revised = await office.accountant.ok('budget.projectSave', { ...projectInput(office.bookId), id: saved.id, name: '乡村道路养护（修订）' });
    expect(revised).toMatchObject({ status: '退回', name: '乡村道路养护（修订）' });
    const again = await office.accountant.ok('budget.projectDeclare', { bookId: office.bookId, id: saved.id });
    expect(again).toMatchObject({ status: '申报', returnReason: null });
  });

  it('withdraws a declaration the county has not decided on: back to 储备, editable, declared again', async () => {
    const saved = await office.accountant.ok('budget.projectSave', projectInput(office.bookId));
    const declared = await office.accountant.ok('budget.projectDeclare', { bookId: office.bookId, id: saved.id });
    expect(declared.allowedActions).toContain('withdraw');
    expect((await office.accountant.fails('budget.projectSave', { ...projectInput(office.bookId), id: saved.id })).message).toContain('不能修改');
    const withdrawn = await office.accountant.ok('budget.projectWithdraw', { bookId: office.bookId, id: saved.id, reason: '补充绩效目标' });
    expect(withdrawn).toMatchObject({ status: '储备', allowedActions: ['declare'] });
    expect(withdrawn.events.at(-1)).toMatchObject({ action: '撤回申报', fromState: '申报', toState: '储备', reason: '补充绩效目标', by: { displayName: '王会计' } });
    await office.accountant.ok('budget.projectSave', { ...projectInput(office.bookId), id: saved.id, name: '乡村道路养护（补充）' });
    await office.accountant.ok('budget.projectDeclare', { bookId: office.bookId, id: saved.id });
    // Once the county has decided, it is too late.
    expect((await county({ action: '项目入库', projectId: saved.id })).ok).toBe(true);
    expect(await office.accountant.fails('budget.projectWithdraw', { bookId: office.bookId, id: saved.id })).toMatchObject({
      code: 'RULE_VIOLATION',
      message: '项目“乡村道路养护（补充）”当前状态为“入库”，不能撤回申报（只有“申报”状态可以撤回申报）',
    });
    // Withdrawing is the preparers' (会计, 主管): a user who only reviews may not.
    await office.accountant.ok('user.create', { id: uuidv7(), username: 'zhao', displayName: '赵审核', password: 'zhao-password1', roles: ['reviewer'] });
    const zhao = caller(core, (await caller(core).ok('auth.login', { username: 'zhao', password: 'zhao-password1' })).token);
    expect((await zhao.fails('budget.projectWithdraw', { bookId: office.bookId, id: saved.id })).code).toBe('FORBIDDEN');
  });

  it('refuses every illegal transition with the state named', async () => {
    const saved = await office.accountant.ok('budget.projectSave', projectInput(office.bookId));
    const id = saved.id;
    expect(await county({ action: '项目入库', projectId: id })).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: '项目“乡村道路养护”当前状态为“储备”，不能审核入库（只有“申报”状态可以审核入库）' },
    });
    expect(await office.reviewer.fails('budget.projectFinish', { bookId: office.bookId, id })).toMatchObject({ message: '项目“乡村道路养护”当前状态为“储备”，不能结束（只有“执行中”状态可以结束）' });
    await office.accountant.ok('budget.projectDeclare', { bookId: office.bookId, id });
    expect(await office.accountant.fails('budget.projectDeclare', { bookId: office.bookId, id })).toMatchObject({ message: '项目“乡村道路养护”当前状态为“申报”，不能申报（只有“储备”、“退回”状态可以申报）' });
    expect(await office.accountant.fails('budget.projectSave', { ...projectInput(office.bookId), id })).toMatchObject({
      code: 'RULE_VIOLATION',
      message: '项目“乡村道路养护”当前状态为“申报”，不能修改（只有“储备”、“退回”状态的项目可以修改）',
    });
    await county({ action: '项目入库', projectId: id });
    expect(await county({ action: '项目退回', projectId: id, reason: '重复退回' })).toMatchObject({ ok: false, error: { message: '项目“乡村道路养护”当前状态为“入库”，不能退回（只有“申报”状态可以退回）' } });
  });

  it('validates input in Chinese: dates, years, codes, classification', async () => {
    const bad = await office.accountant.fails('budget.projectSave', projectInput(office.bookId, { endDate: '2025-12-31' }));
    expect(bad.code).toBe('INVALID_INPUT');
    expect((bad.details as { message: string }[]).map((d) => d.message)).toEqual(
      expect.arrayContaining(['结束日期不能早于开始日期', '2026年不在项目起止期间（2026–2025年）内']),
    );
    const level = await office.accountant.fails('budget.projectSave', projectInput(office.bookId, { funcCode: '2010300' }));
    expect(level).toMatchObject({ code: 'RULE_VIOLATION', message: '支出功能分类“2010300”不在本账套的分类代码表中' });
    const value = await office.accountant.fails('budget.projectSave', projectInput(office.bookId, { targets: [{ id: uuidv7(), name: '里程', type: '产出', unit: '公里', targetValue: '约40', direction: '≥' }] }));
    expect(value.message).toBe('输入有误：绩效目标 第1行：目标值须为数字（最多4位小数）');
    await office.accountant.ok('budget.projectSave', projectInput(office.bookId));
    const twin = await office.accountant.fails('budget.projectSave', projectInput(office.bookId, { name: '另一个项目' }));
    expect(twin).toMatchObject({ code: 'CONFLICT', message: '项目编码“P2026-001”已被项目“乡村道路养护”使用' });
  });

  it('lets only 管理员 run the county simulation', async () => {
    const saved = await office.accountant.ok('budget.projectSave', projectInput(office.bookId));
    await office.accountant.ok('budget.projectDeclare', { bookId: office.bookId, id: saved.id });
    const denied = await office.reviewer.fails('budget.simulateCountyApproval', { action: '项目入库', bookId: office.bookId, id: uuidv7(), date: '2026-01-02', projectId: saved.id });
    expect(denied).toEqual({ code: 'FORBIDDEN', message: '权限不足：此操作需要 管理员 角色' });
    expect(await caller(core).fails('budget.projectList', { bookId: office.bookId })).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('does not finish a project while a payment is in transit', async () => {
    const project = await admittedProject(office);
    const indicator = await issueIndicator(office, { projectId: project.id, funcCode: '2130701', econDepCode: '31005', amount: 500_000 });
    await office.accountant.ok('budget.paymentCreate', paymentInput(office.bookId, indicator, 120_000));
    expect(await office.reviewer.fails('budget.projectFinish', { bookId: office.bookId, id: project.id })).toMatchObject({
      code: 'RULE_VIOLATION',
      message: '项目“乡村道路养护”还有 1 笔在途支付申请（1,200.00 元），请先支付或退回后再结束',
    });
  });
});
