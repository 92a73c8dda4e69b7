import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { TestServer } from '../../server/test/harness';
import { uuidv7 } from '../../shared/domain/id';
import { caller } from '../helpers/core';
import { pay, projectInput, type Office } from '../helpers/budget';
import { tempDir } from '../helpers/tmp';
import { scenarioSaveInput, scenarioVouchers } from '../helpers/ledger';
import type { Core } from '../../electron/core';
import { county, enroll, figures, openTownshipCore, postScenario, township, TOWNSHIP, type Township } from './harness';

/**
 * 从县级恢复账套: the township's PC dies; a new PC, enrolled with a fresh code, takes the books
 * back from the county — vouchers, closed periods, the budget year through 二下, indicators with
 * their payments and an approved 调剂 — verified against the county's digests, and carries on.
 */
describe('rebuilding a township from the county on a replacement PC', () => {
  let server: TestServer;
  let t: Township;
  let office: Office;
  let fresh: { core: Core; dir: ReturnType<typeof tempDir> } | null = null;
  const year = 2026;
  let projectId = '';

  const decide = (body: Record<string, unknown>) => server.admin.ok('POST', `/api/townships/${TOWNSHIP}/decisions`, { bookId: t.bookId, ...body });
  const code = async () => (await server.admin.ok('POST', `/api/townships/${TOWNSHIP}/enrollment-codes`)).code as string;
  const newPc = () => {
    const dir = tempDir('xiangcai-restore-');
    return { dir, core: openTownshipCore(dir.path) };
  };
  const countRows = (core: Core, table: string) => {
    const db = new Database(core.databaseFile, { readonly: true });
    try {
      return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  const rowsOf = (core: Core, query: string) => {
    const db = new Database(core.databaseFile, { readonly: true });
    try {
      return db.prepare(query).all();
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    server = await county('pglite');
    t = await township();
    office = { ...t.office, core: t.core, bookId: t.bookId };
    await enroll(t, server);
    const { accountant: wang, reviewer: li, bookId } = t;

    // The ledger: January posted and closed, February open with a draft among posted vouchers.
    await postScenario(t, 6, (i) => `2026-01-${String(10 + i).padStart(2, '0')}`);
    await li.ok('period.close', { bookId, year, month: 1 });
    await postScenario(t, 3, (i) => `2026-02-${String(3 + i).padStart(2, '0')}`);
    const draft = { ...scenarioSaveInput(bookId, scenarioVouchers[1]!), date: '2026-02-20' };
    const saved = await wang.call('voucher.save', draft);
    if (!saved.ok) await wang.ok('voucher.save', { ...draft, parallelReason: '测试数据' });

    // The budget year through 二上二下, with a project admitted at the county.
    const project = await wang.ok('budget.projectSave', projectInput(bookId));
    await wang.ok('budget.projectDeclare', { bookId, id: project.id });
    await wang.ok('sync.now', {});
    await decide({ action: '项目入库', projectId: project.id, date: '2026-01-03' });
    await wang.ok('sync.now', {});
    await wang.ok('budget.staffingSet', {
      bookId, year, roster: [{ category: '行政编制', headcount: 10 }],
      standards: [
        { kind: '人员经费', category: '行政编制', econCode: '30101', funcCode: '2010301', perCapita: 4_800_000 },
        { kind: '日常公用经费', category: '行政编制', econCode: '30201', funcCode: '2010301', perCapita: 600_000 },
      ],
    });
    await wang.ok('budget.draftComputeBasic', { bookId, year });
    await wang.ok('budget.draftSetProjectLine', { bookId, year, id: uuidv7(), projectId: project.id, econCode: '30213' });
    const first = await li.ok('budget.submit', { bookId, year, id: uuidv7() });
    await wang.ok('sync.now', {});
    await decide({ action: '一下', submissionId: first.id, date: '2026-01-12', docNo: '青财预控〔2026〕1号', figures: [{ kind: '人员经费', amount: 48_000_000 }, { kind: '日常公用经费', amount: 6_000_000 }, { kind: '项目支出', amount: 45_000_000 }] });
    await wang.ok('sync.now', {});
    const line = (await wang.ok('budget.draftGet', { bookId, year })).lines.find((l) => l.section === '项目支出')!;
    await wang.ok('budget.draftSetProjectLine', { bookId, year, id: line.id, projectId: project.id, econCode: '30213', amount: 45_000_000 });
    const second = await li.ok('budget.submit', { bookId, year, id: uuidv7() });
    await wang.ok('sync.now', {});
    await decide({ action: '二下', submissionId: second.id, date: '2026-02-01', docNo: '青财预〔2026〕1号' });
    await wang.ok('sync.now', {});

    // An 授权支付 indicator issued unasked: its quota arrives with it (额度到账 voucher, linked).
    await server.admin.ok('POST', `/api/townships/${TOWNSHIP}/indicators`, { bookId, date: '2026-02-05', year, funcCode: '2010301', econDepCode: '30201', fundNature: '一般公共预算', docNo: '青财预〔2026〕9号', payMethod: '授权支付', amount: 3_000_00 });
    await wang.ok('sync.now', {});

    // Spending and a 调剂 approved by the county.
    const indicators = await wang.ok('budget.indicatorList', { bookId, year });
    const staff = indicators.find((i) => i.expenseKind === '人员经费')!;
    const office_ = indicators.find((i) => i.expenseKind === '日常公用经费')!;
    await pay(office, staff, 1_200_00, '2026-02-10');
    // 绩效: mid-year progress on the project's targets and the 自评.
    const targets = (await wang.ok('budget.projectGet', { bookId, id: project.id })).targets;
    await wang.ok('budget.performanceRecord', {
      bookId, projectId: project.id, year, asOf: '2026-06-30',
      entries: targets.map((t, i) => ({ targetId: t.id, actualValue: i === 0 ? '1' : '99', deviationReason: '汛期停工', correctiveAction: '增加施工班组' })),
    });
    await wang.ok('budget.performanceEvaluate', { bookId, projectId: project.id, year, score: '88.5', summary: '总体完成，进度偏慢' });
    projectId = project.id;
    // The 2027 budget is being prepared: a roster and a computed draft, nothing submitted yet.
    await wang.ok('budget.staffingSet', { bookId, year: 2027, roster: [{ category: '行政编制', headcount: 11 }], standards: [{ kind: '人员经费', category: '行政编制', econCode: '30101', funcCode: '2010301', perCapita: 5_000_000 }] });
    await wang.ok('budget.draftComputeBasic', { bookId, year: 2027 });

    const request = await wang.ok('budget.adjustmentCreate', { bookId, id: uuidv7(), year, kind: '调剂', reason: '办公费调剂', from: [{ indicatorId: staff.id, amount: 500_00 }], to: [{ indicatorId: office_.id, amount: 500_00 }] });
    await wang.ok('sync.now', {});
    await decide({ action: '调整批准', adjustmentId: request.id, date: '2026-02-15', note: '同意' });
    const run = await wang.ok('sync.now', {});
    expect(run.status).toMatchObject({ pending: 0, openIssues: 0 });
    await wang.ok('sync.now', {});
  }, 240_000);

  afterAll(async () => {
    fresh?.core.close();
    fresh?.dir.cleanup();
    t.close();
    await server.close();
  }, 30_000);

  it('refuses a PC that already has books, and writes nothing there', async () => {
    const result = await caller(t.core).call('sync.restore', { serverUrl: server.url, code: 'ABCDEF123', username: 'wang', password: 'new-password1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('says plainly when the county cannot be reached, and writes nothing', async () => {
    const pc = newPc();
    try {
      const result = await caller(pc.core).call('sync.restore', { serverUrl: 'http://127.0.0.1:1', code: 'ABCDEF123', username: 'wang', password: 'new-password1' });
      expect(result).toMatchObject({ ok: false, error: { code: 'SYNC_ERROR' } });
      expect(!result.ok && result.error.message).toMatch(/^无法连接县级服务器（http:\/\/127\.0\.0\.1:1），未恢复任何数据/);
      expect(countRows(pc.core, 'book') + countRows(pc.core, 'app_user') + countRows(pc.core, 'sync_state')).toBe(0);
    } finally {
      pc.core.close();
      pc.dir.cleanup();
    }
  });

  it('names the administrators when the login name is not one of them, and keeps the PC empty; the retry needs no new code', async () => {
    fresh = newPc();
    const anon = caller(fresh.core);
    const wrong = await anon.call('sync.restore', { serverUrl: server.url, code: await code(), username: 'li', password: 'new-password1' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!wrong.ok && wrong.error.message).toContain('王会计（wang）');
    expect(countRows(fresh.core, 'book')).toBe(0);
    expect(countRows(fresh.core, 'voucher')).toBe(0);
    expect(countRows(fresh.core, 'app_user')).toBe(0);
  });

  it('restores the books to the fen, the budget year, indicators, payments and the 调剂, and logs the administrator in', async () => {
    const anon = caller(fresh!.core);
    const restored = await anon.ok('sync.restore', { serverUrl: server.url, username: 'wang', password: 'new-password1' });
    expect(countRows(t.core, 'budget_quota_voucher')).toBe(1);
    expect(restored).toMatchObject({ books: 1, vouchers: countRows(t.core, 'voucher'), checkedPeriods: 1, operatorsWithoutPassword: ['李所长（li）'] });
    // The chart as the old PC had it, with what does not travel (pinyin, the seed's usage notes) derived again.
    const chart = 'SELECT book_id, code, name, parent_code, level, enabled, pinyin_initials, notes FROM account ORDER BY book_id, code';
    expect(rowsOf(fresh!.core, chart)).toEqual(rowsOf(t.core, chart));
    for (const table of ['voucher_line', 'period_movement', 'account', 'budget_indicator', 'budget_indicator_movement', 'budget_payment_voucher', 'budget_quota_voucher', 'budget_control_figure', 'budget_submission_line', 'budget_draft_line', 'budget_staffing', 'budget_standard', 'budget_target_progress', 'budget_project_evaluation', 'budget_event', 'period_event']) {
      expect([table, countRows(fresh!.core, table)]).toEqual([table, countRows(t.core, table)]);
    }
    const wang = caller(fresh!.core, restored.session.token);
    const { accountant: oldWang, bookId } = t;

    for (const month of [1, 2]) {
      const ours = await oldWang.ok('ledger.trialBalance', { bookId, year, month });
      const back = await wang.ok('ledger.trialBalance', { bookId, year, month });
      expect(figures(back)).toEqual(figures(ours));
      expect(back.totals).toEqual(ours.totals);
    }
    const periods = await wang.ok('period.list', { bookId });
    expect(periods.find((p: { year: number; month: number }) => p.year === year && p.month === 1)).toMatchObject({ status: 'closed' });
    const strip = (list: { id: string; balance: unknown; docNo: string; expenseKind: string }[]) => list.map((i) => [i.id, i.docNo, i.expenseKind, i.balance]).sort();
    expect(strip(await wang.ok('budget.indicatorList', { bookId, year }))).toEqual(strip(await oldWang.ok('budget.indicatorList', { bookId, year })));
    // With who moved each one, when and why (the trail: budget_event).
    const payments = await oldWang.ok('budget.paymentList', { bookId });
    expect(payments).toHaveLength(1);
    expect(payments[0]!.events.length).toBeGreaterThanOrEqual(3);
    expect(await wang.ok('budget.paymentList', { bookId })).toEqual(payments);
    expect(await wang.ok('budget.adjustmentList', { bookId, year })).toEqual(await oldWang.ok('budget.adjustmentList', { bookId, year }));
    expect((await wang.ok('budget.draftGet', { bookId, year })).state).toBe('二下已批复');
    for (const y of [year, 2027]) expect(await wang.ok('budget.draftGet', { bookId, year: y })).toEqual(await oldWang.ok('budget.draftGet', { bookId, year: y }));
    expect((await wang.ok('budget.draftGet', { bookId, year: 2027 })).lines).toHaveLength(1);
    const performance = await oldWang.ok('budget.performanceGet', { bookId, projectId, year, asOf: '2026-06-30' });
    expect(performance.evaluation).toMatchObject({ score: '88.5' });
    expect(await wang.ok('budget.performanceGet', { bookId, projectId, year, asOf: '2026-06-30' })).toEqual(performance);
    expect((await wang.ok('budget.projectList', { bookId })).map((p: { status: string }) => p.status)).toEqual(['执行中']);
    // The indicator ledger's own audit (the balance trigger, the audit chain) holds on the new PC.
    expect((await wang.ok('audit.verify', {})).problems).toEqual([]);
  });

  it('has sent nothing back, fences the old PC, and syncs what the new PC writes', async () => {
    const anon = caller(fresh!.core);
    const wang = caller(fresh!.core, (await anon.ok('auth.login', { username: 'wang', password: 'new-password1' })).token);
    const status = await wang.ok('sync.status', {});
    expect(status).toMatchObject({ configured: true, written: 0, pending: 0 });
    const old = await t.accountant.call('sync.now', {});
    expect(old).toMatchObject({ ok: false, error: { code: 'SYNC_ERROR' } });

    // 李所长 needs a new password from the administrator before logging in.
    expect(await anon.call('auth.login', { username: 'li', password: 'li-password1' })).toMatchObject({ ok: false });
    const li = (await wang.ok('user.list', {})).find((u) => u.username === 'li')!;
    expect(li).toMatchObject({ displayName: '李所长', roles: ['reviewer', 'supervisor'], enabled: true });
    await wang.ok('user.resetPassword', { id: li.id, password: 'li-newpass2' });
    const liCaller = caller(fresh!.core, (await anon.ok('auth.login', { username: 'li', password: 'li-newpass2' })).token);
    expect(await liCaller.fails('user.resetPassword', { id: li.id, password: 'li-newpass3' })).toMatchObject({ code: 'FORBIDDEN' });

    const input = { ...scenarioSaveInput(t.bookId, scenarioVouchers[0]!), date: '2026-02-25' };
    const id = input.id;
    const saved = await wang.call('voucher.save', input);
    if (!saved.ok) await wang.ok('voucher.save', { ...input, parallelReason: '测试数据' });
    const run = await wang.ok('sync.now', {});
    expect(run.status).toMatchObject({ pending: 0, openIssues: 0, lastError: null });
    // The feed was taken whole with its position: nothing comes again.
    expect(run.pulled).toBe(0);
    const rows = await server.db.query<{ data: string }>('SELECT data FROM township_record WHERE township_code = $1 AND kind = $2 AND key = $3', [TOWNSHIP, 'voucher', id]);
    expect(rows).toHaveLength(1);
  });

  it('refuses, writing nothing, when what the county holds does not add up to its own 对账 of a closed period', async () => {
    // A voucher of the closed January altered at the county after its check (both lines, still balanced).
    const [victim] = await server.db.query<{ key: string; data: string }>(
      `SELECT key, data FROM township_record WHERE township_code = $1 AND kind = 'voucher' AND data::json->>'month' = '1' ORDER BY key LIMIT 1`, [TOWNSHIP]);
    const voucher = JSON.parse(victim!.data) as { lines: { debit: number; credit: number }[] };
    for (const l of voucher.lines) {
      if (l.debit) l.debit += 1;
      if (l.credit) l.credit += 1;
    }
    await server.db.query('UPDATE township_record SET data = $4 WHERE township_code = $1 AND kind = $2 AND key = $3', [TOWNSHIP, 'voucher', victim!.key, JSON.stringify(voucher)]);
    const other = newPc();
    try {
      const result = await caller(other.core).call('sync.restore', { serverUrl: server.url, code: await code(), username: 'wang', password: 'new-password1' });
      expect(result).toMatchObject({ ok: false, error: { code: 'SYNC_ERROR' } });
      expect(!result.ok && result.error.message).toMatch(/不一致/);
      expect(countRows(other.core, 'book')).toBe(0);
      expect(countRows(other.core, 'voucher')).toBe(0);
      expect(countRows(other.core, 'app_user')).toBe(0);
    } finally {
      other.core.close();
      other.dir.cleanup();
    }
  });
});
