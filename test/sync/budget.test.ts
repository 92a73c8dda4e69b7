import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFeed } from '../../server/src/county/townships';
import type { TestServer } from '../../server/test/harness';
import { canonicalJson } from '../../shared/sync/canonical';
import { uuidv7 } from '../../shared/domain/id';
import { auditIndicator, issueIndicator, pay, projectInput, type Office } from '../helpers/budget';
import { county, enroll, logIn, postScenario, township, TOWNSHIP, type Township } from './harness';

/**
 * The budget workspace across the sync: a project declared at the township is decided at the
 * county and comes back 入库; an adjustment request is approved at the county and moves the
 * township's indicator ledger; payments against a county indicator reach the county, checked; a
 * payment against a locally simulated indicator is refused with the reason and what to do, while
 * the vouchers after it are applied; a county record of a newer schema is held, then applied
 * after the app is upgraded.
 */
describe('budget decisions and rejections across the sync', () => {
  let server: TestServer;
  let t: Township;
  let office: Office;
  const countyRecord = async (kind: string, key: string) => {
    const rows = await server.db.query<{ data: string }>('SELECT data FROM township_record WHERE township_code = $1 AND kind = $2 AND key = $3', [TOWNSHIP, kind, key]);
    return rows[0] ? JSON.parse(rows[0].data) : null;
  };

  beforeAll(async () => {
    server = await county('pglite');
    t = await township();
    office = { ...t.office, core: t.core, bookId: t.bookId };
    await enroll(t, server);
    await t.accountant.ok('sync.now', {});
  }, 60_000);
  afterAll(async () => {
    t.close();
    await server.close();
  }, 30_000);

  it('takes a project declaration to the county and its 入库 back, the new status reported to the county', async () => {
    const project = await t.accountant.ok('budget.projectSave', projectInput(t.bookId));
    await t.accountant.ok('budget.projectDeclare', { bookId: t.bookId, id: project.id });
    await t.accountant.ok('sync.now', {});
    expect((await server.admin.ok('GET', `/api/townships/${TOWNSHIP}/submissions`)).projects).toEqual([expect.objectContaining({ id: project.id, name: '乡村道路养护' })]);
    await server.admin.ok('POST', `/api/townships/${TOWNSHIP}/decisions`, { action: '项目入库', bookId: t.bookId, projectId: project.id, date: '2026-01-06' });
    await t.accountant.ok('sync.now', {});
    expect(await t.accountant.ok('budget.projectGet', { bookId: t.bookId, id: project.id })).toMatchObject({ status: '入库' });
    // The township owns the project: its new status went back to the county in the same sync.
    await t.accountant.ok('sync.now', {});
    expect(await countyRecord('project', project.id)).toMatchObject({ status: '入库' });
  });

  it('applies an adjustment the county approves to the township indicator ledger', async () => {
    const issue = (amount: number, docNo: string) =>
      server.admin.ok('POST', `/api/townships/${TOWNSHIP}/indicators`, { bookId: t.bookId, date: '2026-01-08', year: 2026, funcCode: '2010301', econDepCode: '30201', fundNature: '一般公共预算', docNo, payMethod: '直接支付', amount });
    const a = (await issue(5_000_00, '青财预〔2026〕11号')).indicator;
    const b = (await issue(2_000_00, '青财预〔2026〕12号')).indicator;
    await t.accountant.ok('sync.now', {});
    const request = await t.accountant.ok('budget.adjustmentCreate', { bookId: t.bookId, id: uuidv7(), year: 2026, kind: '调剂', reason: '办公费用调剂', from: [{ indicatorId: a.id, amount: 1_000_00 }], to: [{ indicatorId: b.id, amount: 1_000_00 }] });
    await t.accountant.ok('sync.now', {});
    expect((await server.admin.ok('GET', `/api/townships/${TOWNSHIP}/submissions`)).adjustments).toEqual([expect.objectContaining({ id: request.id })]);
    await server.admin.ok('POST', `/api/townships/${TOWNSHIP}/decisions`, { action: '调整批准', bookId: t.bookId, adjustmentId: request.id, date: '2026-01-15', note: '同意' });
    await t.accountant.ok('sync.now', {});
    const decided = (await t.accountant.ok('budget.adjustmentList', { bookId: t.bookId, year: 2026 })).find((x) => x.id === request.id)!;
    expect(decided).toMatchObject({ status: '已批准', decidedBy: { displayName: '县财政局（同步）' } });
    expect(auditIndicator(t.core.databaseFile, a.id)).toMatchObject({ executable: 4_000_00 });
    expect(auditIndicator(t.core.databaseFile, b.id)).toMatchObject({ executable: 3_000_00 });

    // Payments against the county's indicator reach the county and pass its check.
    const indicatorB = (await t.accountant.ok('budget.indicatorList', { bookId: t.bookId, year: 2026 })).find((i) => i.id === b.id)!;
    const paid = await pay(office, indicatorB, 2_500_00, '2026-01-20');
    const run = await t.accountant.ok('sync.now', {});
    expect(run.status).toMatchObject({ pending: 0, openIssues: 0 });
    expect(await countyRecord('payment', paid.id)).toMatchObject({ status: '已支付', amount: 2_500_00 });
    const balance = await server.db.query<{ p: number; e: number }>('SELECT sum(paid_delta) AS p, sum(executable_delta) AS e FROM indicator_movement WHERE indicator_id = $1', [b.id]);
    expect(balance[0]).toEqual({ p: 2_500_00, e: 3_000_00 });
  });

  it('refuses a payment against a simulated indicator with the reason and what to do, and applies the vouchers after it', async () => {
    const simulated = await issueIndicator(office, { docNo: '模拟〔2026〕1号', amount: 1_000_00 });
    const payment = await pay(office, simulated, 300_00, '2026-01-22');
    await postScenario(t, 2, (i) => `2026-01-2${3 + i}`);
    const run = await t.accountant.ok('sync.now', {});
    expect(run.status.pending).toBe(0);
    const inbox = await t.accountant.ok('sync.issues', {});
    const payments = inbox.issues.filter((i) => i.key === payment.id);
    expect(payments).toEqual([expect.objectContaining({ source: 'push', kind: 'payment', kindLabel: '支付申请', status: 'rejected', statusLabel: '县级拒收', reason: 'INDICATOR_UNKNOWN', message: expect.stringContaining('不是县级下达给本乡镇的指标'), action: expect.stringContaining('模拟县级批复') })]);
    expect(inbox.issues.some((i) => i.kind === 'indicatorMovement' && i.reason === 'INDICATOR_UNKNOWN')).toBe(true);
    // The vouchers written after it are at the county (the payment's own voucher too: the books are the township's).
    const county = await server.admin.ok('GET', `/api/townships/${TOWNSHIP}/books/${t.bookId}/vouchers?year=2026&month=1`);
    const local = await t.accountant.ok('voucher.list', { bookId: t.bookId, year: 2026, month: 1 });
    expect(county.map((v: { id: string }) => v.id).sort()).toEqual(local.map((v) => v.id).sort());
  });

  it('holds a county record of a newer schema, and applies it once the app is upgraded', async () => {
    const notice = { id: uuidv7(), title: '关于年终结账的通知', body: '请于12月31日前完成结账。', publishedAt: '2026-02-01T00:00:00.000Z' };
    await server.db.transaction((tx) => appendFeed(tx, TOWNSHIP, { kind: 'notice', key: notice.id, book: null, schema: 2, data: canonicalJson(notice) }, new Date()));
    await t.accountant.ok('sync.now', {});
    const held = await t.accountant.ok('sync.issues', {});
    expect(held.notices.map((n) => n.id)).not.toContain(notice.id);
    expect(held.issues).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'pull', kind: 'notice', status: 'held', reason: 'SCHEMA_TOO_NEW', message: expect.stringContaining('已保存，暂未应用') })]));

    // The same installation after an upgrade that reads schema 2.
    t = await logIn(t.reopen({ supportedSchema: 2 }));
    await t.accountant.ok('sync.now', {});
    const after = await t.accountant.ok('sync.issues', {});
    expect(after.notices).toEqual(expect.arrayContaining([expect.objectContaining({ id: notice.id, title: '关于年终结账的通知' })]));
    expect(after.issues.filter((i) => i.kind === 'notice')).toEqual([]);
    // County decisions applied here (by the disabled 县财政局 user) are in the audit chain like any write.
    const audit = await t.accountant.ok('audit.verify', {});
    expect(audit.problems).toEqual([]);
  });
});
