import { AppError } from '../../../shared/api/errors';
import type { User } from '../../../shared/api/types';
import { uuidv7 } from '../../../shared/domain/id';
import { formatFen } from '../../../shared/domain/money';
import { isCountyKind, kindLabels, type CountyKind } from '../../../shared/sync/kinds';
import type { CountyChange } from '../../../shared/sync/messages';
import { countyContentSchemas, type CountyDecision, type PeriodCheck } from '../../../shared/sync/records';
import { SYNC_SCHEMA_VERSION } from '../../../shared/sync/version';
import { requireBook } from '../books/queries';
import { approveAdjustment, rejectAdjustment } from '../budget/adjustments';
import { issueIndicator } from '../budget/county';
import { cycleState, moveCycle } from '../budget/cycle';
import { moveProject, requireProject } from '../budget/projects';
import { monitoringSettings } from '../budget/settings';
import type { CoreContext, CoreServices } from '../context';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { COUNTY_USERNAME } from './content';
import { recordIssue, resolveIssue } from './issues';

/**
 * Applying what the county sends, through the budget workspace's own code paths (the same that
 * 模拟县级批复 uses, with origin 'county'): each record in a savepoint of the page's transaction,
 * so one that cannot apply here (the township's state has moved on) is kept as failed — shown in
 * 同步异常 and tried again at the next sync — without undoing the others. A record of a newer
 * schema than this app knows is held, not dropped, and applied after an upgrade.
 */

const fieldLabels: Record<string, string> = {
  openingDebit: '期初借方', openingCredit: '期初贷方', periodDebit: '本期借方', periodCredit: '本期贷方',
  ytdDebit: '本年累计借方', ytdCredit: '本年累计贷方', closingDebit: '期末借方', closingCredit: '期末贷方',
};

/** The installation's stand-in for the county in app_user (decisions need a user): disabled, no roles, cannot log in. */
export function countyUser(db: WritableDB, at: string): User {
  const row = db.get<{ id: string }>(sql`SELECT id FROM app_user WHERE username = ${COUNTY_USERNAME}`);
  const id = row?.id ?? uuidv7();
  if (!row) {
    db.run(sql`INSERT INTO app_user (id, username, display_name, password_hash, enabled, created_at) VALUES (${id}, ${COUNTY_USERNAME}, '县财政局（同步）', '!', 0, ${at})`);
  }
  return { id, username: COUNTY_USERNAME, displayName: '县财政局（同步）', roles: [], enabled: false };
}

export type ApplyOutcome = { status: 'applied' } | { status: 'held' | 'failed'; message: string };

function applyDecision(services: CoreServices, db: WritableDB, d: CountyDecision, at: string): void {
  if (db.get(sql`SELECT 1 FROM budget_county_record WHERE id = ${d.id}`)) return; // applied before
  const book = requireBook(db, d.bookId);
  const user = countyUser(db, at);
  const year = 'year' in d ? d.year : 'indicator' in d ? d.indicator.year : Number(d.date.slice(0, 4));
  const docNo = 'docNo' in d ? d.docNo : 'indicator' in d ? d.indicator.docNo : null;
  db.run(sql`
    INSERT INTO budget_county_record (id, book_id, year, action, doc_no, date, origin, payload, user_id, at)
    VALUES (${d.id}, ${book.id}, ${year}, ${d.action}, ${docNo}, ${d.date}, 'county', ${JSON.stringify(d)}, ${user.id}, ${at})`);
  const by = `县级批复（${d.decidedBy}）`;
  const ctxOn = (): CoreContext => ({ ...services, read: db as unknown as ReadableDB, write: db, user, session: null });
  switch (d.action) {
    case '项目入库':
      moveProject(db, requireProject(db, book.id, d.projectId), 'approve', user, at, by);
      return;
    case '项目退回':
      moveProject(db, requireProject(db, book.id, d.projectId), 'return', user, at, d.reason);
      return;
    case '一下':
      moveCycle(db, book.id, d.year, 'issueControl', user, at, `一下控制数 ${d.docNo}（${by}）`);
      db.run(sql`DELETE FROM budget_control_figure WHERE book_id = ${book.id} AND year = ${d.year}`);
      for (const f of d.figures) {
        if (f.projectId) requireProject(db, book.id, f.projectId);
        db.run(sql`
          INSERT INTO budget_control_figure (id, book_id, year, kind, project_id, amount, record_id)
          VALUES (${uuidv7()}, ${book.id}, ${d.year}, ${f.kind}, ${f.projectId}, ${f.amount}, ${d.id})`);
      }
      return;
    case '退回预算':
      moveCycle(db, book.id, d.year, cycleState(db, book.id, d.year) === '二上已报送' ? 'returnSecond' : 'returnFirst', user, at, d.reason);
      return;
    case '二下':
      moveCycle(db, book.id, d.year, 'approve', user, at, `二下批复 ${d.docNo}（${by}）`);
      for (const i of d.indicators) issueIndicator(db, book, user, d.id, d.date, at, i, 'county');
      return;
    case '指标下达':
      if (db.get(sql`SELECT 1 FROM budget_indicator WHERE id = ${d.indicator.id}`)) throw new AppError('CONFLICT', '该指标本机已有（标识相同），未重复下达');
      issueIndicator(db, book, user, d.id, d.date, at, d.indicator, 'county');
      return;
    case '调整批准':
      approveAdjustment(ctxOn(), book, { id: d.adjustmentId, date: d.date, note: d.note ?? undefined });
      return;
    case '调整驳回':
      rejectAdjustment(ctxOn(), book, { id: d.adjustmentId, note: d.note });
      return;
  }
}

function applyPeriodCheck(db: WritableDB, c: PeriodCheck, change: CountyChange, at: string): void {
  db.run(sql`
    INSERT INTO sync_period_check (book_id, year, month, status, differences, checked_at)
    VALUES (${c.bookId}, ${c.year}, ${c.month}, ${c.status}, ${JSON.stringify(c.differences)}, ${c.checkedAt})
    ON CONFLICT (book_id, year, month) DO UPDATE SET status = excluded.status, differences = excluded.differences, checked_at = excluded.checked_at`);
  const id = `check:${c.bookId}|${c.year}|${c.month}`;
  if (c.status !== '有差异') {
    resolveIssue(db, id, at);
    return;
  }
  const period = `${c.year}年${String(c.month).padStart(2, '0')}期`;
  const shown = c.differences.slice(0, 3).map((d) => `${d.code} ${fieldLabels[d.field] ?? d.field} 本机 ${formatFen(d.township)} 元、县级 ${formatFen(d.county)} 元`);
  recordIssue(db, {
    id,
    source: 'check',
    ref: String(change.cursor),
    kind: 'period',
    key: `${c.bookId}|${c.year}|${c.month}`,
    status: 'difference',
    reason: 'PERIOD_DIFFERENCE',
    message: `${period}结账时的科目余额表与县级收到的数据不一致（${c.differences.length} 处）：${shown.join('；')}${c.differences.length > 3 ? '……' : ''}`,
    action: '多为有凭证被县级拒收所致：请先处理本页其他同步异常，再由主管反结账、重新结账；仍不一致请联系县财政局核对。',
  }, at);
}

function applyOne(services: CoreServices, db: WritableDB, change: CountyChange, at: string): void {
  const kind = change.kind as CountyKind;
  const parsed = countyContentSchemas[kind].safeParse(change.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('SYNC_ERROR', `县级发来的${kindLabels[kind]}格式不正确：${issue?.message ?? ''}（字段 ${issue?.path.map(String).join('.') ?? ''}）。请升级乡财通后再同步。`);
  }
  switch (kind) {
    case 'countyDecision':
      applyDecision(services, db, parsed.data as CountyDecision, at);
      return;
    case 'periodCheck':
      applyPeriodCheck(db, parsed.data as PeriodCheck, change, at);
      return;
    case 'notice': {
      const n = parsed.data as { id: string; title: string; body: string; publishedAt: string };
      db.run(sql`INSERT INTO sync_notice (id, title, body, published_at, received_at) VALUES (${n.id}, ${n.title}, ${n.body}, ${n.publishedAt}, ${at}) ON CONFLICT (id) DO NOTHING`);
      return;
    }
    case 'referenceData': {
      const r = parsed.data as { kind: string; version: string; note: string; publishedAt: string };
      db.run(sql`
        INSERT INTO sync_reference (kind, version, note, data, published_at, received_at) VALUES (${r.kind}, ${r.version}, ${r.note}, ${JSON.stringify(change.data)}, ${r.publishedAt}, ${at})
        ON CONFLICT (kind) DO UPDATE SET version = excluded.version, note = excluded.note, data = excluded.data, published_at = excluded.published_at, received_at = excluded.received_at`);
      return;
    }
    case 'threshold': {
      // 执行监控 warning bands from the county, for every book here (the 序时进度 method and quota
      // setting stay the book's own).
      const t = parsed.data as { yellowBp: number; redBp: number };
      for (const { id } of db.all<{ id: string }>(sql`SELECT id FROM book`)) {
        const current = monitoringSettings(db, id);
        const value = JSON.stringify({ ...current, yellowBp: t.yellowBp, redBp: t.redBp });
        db.run(sql`INSERT INTO book_setting (book_id, key, value) VALUES (${id}, 'budget:monitoring', ${value}) ON CONFLICT (book_id, key) DO UPDATE SET value = excluded.value`);
      }
      return;
    }
  }
}

/**
 * The 同步异常 entry of a county change that is held or failed here: named by its feed id, since
 * after a restored county database one cursor can stand for two changes (a change from a county
 * that sends no ids, or pulled before them, keeps the name by cursor).
 */
export const pullIssueId = (change: Pick<CountyChange, 'cursor' | 'id'>) => (change.id === undefined ? `pull:${change.cursor}` : `pull:${change.id}`);

/** The inbox row of a county change as received here: what was done with it, and when. */
export function recordInbox(db: WritableDB, change: CountyChange, outcome: ApplyOutcome, at: string): void {
  db.run(sql`
    INSERT INTO sync_inbox (feed_id, cursor, kind, key, book_id, schema, data, status, error, county_at, received_at, applied_at)
    VALUES (${change.id ?? null}, ${change.cursor}, ${change.kind}, ${change.key}, ${change.book}, ${change.schema}, ${JSON.stringify(change.data)}, ${outcome.status},
            ${outcome.status === 'applied' ? null : outcome.message}, ${change.at}, ${at}, ${outcome.status === 'applied' ? at : null})`);
}

/**
 * One county change, in a savepoint: applied, held (newer schema) or failed (with the reason).
 * Updates the 同步异常 inbox accordingly. The caller holds the page's transaction.
 */
export function applyCountyChange(services: CoreServices, db: WritableDB, change: CountyChange, at: string, supportedSchema = SYNC_SCHEMA_VERSION): ApplyOutcome {
  const issueId = pullIssueId(change);
  const label = isCountyKind(change.kind) ? kindLabels[change.kind] : change.kind;
  if (change.schema > supportedSchema) {
    const message = `县级发来的${label}使用较新的数据格式（版本 ${change.schema}，本机支持 ${supportedSchema}），已保存，暂未应用。`;
    recordIssue(db, { id: issueId, source: 'pull', ref: String(change.cursor), kind: change.kind, key: change.key, status: 'held', reason: 'SCHEMA_TOO_NEW', message, action: '请把乡财通升级到最新版本（可从县级服务器 /updates/ 下载）；升级后会自动应用，无需重新下发。' }, at);
    return { status: 'held', message };
  }
  try {
    db.transaction((inner) => applyOne(services, inner, change, at));
    resolveIssue(db, issueId, at);
    return { status: 'applied' };
  } catch (error) {
    const sqliteTrigger = (error as { code?: string }).code === 'SQLITE_CONSTRAINT_TRIGGER';
    if (!(error instanceof AppError) && !sqliteTrigger) throw error;
    const message = `县级${label}未能在本机应用：${(error as Error).message}`;
    recordIssue(db, { id: issueId, source: 'pull', ref: String(change.cursor), kind: change.kind, key: change.key, status: 'failed', reason: error instanceof AppError ? error.code : 'RULE_VIOLATION', message, action: '通常是本机的状态已与县级批复时不同（例如申请已撤回）。请核对后联系县财政局；每次同步都会自动重试。' }, at);
    return { status: 'failed', message };
  }
}
