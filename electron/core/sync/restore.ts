import { AppError } from '../../../shared/api/errors';
import { expenseKindOf } from '../../../shared/domain/budget/elements';
import { uuidv7 } from '../../../shared/domain/id';
import { canonicalJson } from '../../../shared/sync/canonical';
import { isCountyKind, townshipKinds, type TownshipKind } from '../../../shared/sync/kinds';
import type { CountyChange, PullResponse } from '../../../shared/sync/messages';
import { compareRecordKeys, type RebuildPeriodCheck, type RebuildRecord, type RebuildResponse } from '../../../shared/sync/rebuild';
import {
  countyDecisionSchema,
  townshipContentSchemas,
  type AccountContent,
  type AdjustmentContent,
  type BookContent,
  type BudgetEventContent,
  type PeriodEventContent,
  type BudgetCycleContent,
  type IndicatorMovementContent,
  type IssuedIndicator,
  type OperatorContent,
  type PaymentContent,
  type PeriodContent,
  type ProjectContent,
  type SubmissionContent,
  type VoucherContent,
} from '../../../shared/sync/records';
import type { CoreServices } from '../context';
import type { ReadableDB, WritableDB } from '../db/handles';
import { rawSql, sql, type SqlValue } from '../db/sql';
import { chartFor } from '../seed/chart';
import { seedClassifications } from '../seed/classification';
import { pinyinInitialsOf } from '../seed/pinyin';
import { applyCountyChange, recordInbox } from './apply';
import type { Identity, SyncClient } from './client';
import { COUNTY_USERNAME, kindSources } from './content';
import { periodDigest, sha256Hex } from './digest';

/**
 * 从县级恢复账套: a replacement PC, newly enrolled for the township (which fenced the old one),
 * takes back the township's complete books as the county holds them — every township-owned
 * record (snapshot) plus the county's own feed (indicators, decisions, checks) — and writes them
 * in ONE local transaction that nothing of goes up again (outbox.ts RESTORE_ACTION). Before it
 * commits, what the tables now hold is read back through the same readers the sync sends with
 * and checked against the county's digest over all the township's records and against the
 * 科目余额表 digest of every closed period the county checked: a difference of one fen anywhere
 * and nothing is kept.
 *
 * Restored too: the budget year being prepared (roster, standards, draft, 二上二下 progress), the
 * projects' 绩效 (progress per target, 自评), and the trails of who moved what (budget_event,
 * period_event). What is not a sync record is derived: 科目 pinyin and the classification seed, the per-month
 * movements of posted vouchers, the links of payment vouchers, the 下达 and approved 调整/调剂
 * movements of the indicator ledger (from the county's decisions and the requests). Passwords never
 * travel: the operator named in the request gets the new password given here; the others must
 * have theirs set again by that administrator.
 */

export interface RestoreDownload {
  townshipCode: string;
  records: RebuildRecord[];
  digest: string;
  periodChecks: RebuildPeriodCheck[];
  feed: CountyChange[];
  cursor: number;
}

const REBUILD_PAGE = 2000;

/** The township's records (pages ordered by kind and key) and the county's whole feed for it. */
export async function downloadTownship(client: SyncClient, id: Identity, pageBytes: number, onProgress?: (received: number) => void): Promise<RestoreDownload> {
  const records: RebuildRecord[] = [];
  let after: RebuildResponse['next'] = null;
  let last: RebuildResponse;
  for (;;) {
    last = await client.signed<RebuildResponse>(id, '/sync/v1/rebuild', { after, limit: REBUILD_PAGE });
    records.push(...last.records);
    onProgress?.(records.length);
    if (!last.next) break;
    after = last.next;
  }
  const expected = Object.values(last.counts).reduce<number>((n, c) => n + (c ?? 0), 0);
  if (records.length !== expected || last.digest === null) {
    throw new AppError('SYNC_ERROR', `从县级取回的记录数（${records.length}）与县级所存（${expected}）不符：恢复期间县级数据有变动。请稍后重试。`);
  }
  const feed: CountyChange[] = [];
  let cursor = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    const page = await client.signed<PullResponse>(id, '/sync/v1/pull', { cursor, maxBytes: pageBytes });
    feed.push(...page.changes);
    cursor = page.cursor;
    if (!page.more) break;
  }
  return { townshipCode: last.townshipCode, records, digest: last.digest, periodChecks: last.periodChecks ?? [], feed, cursor };
}

type Row = Record<string, SqlValue>;

function insert(db: WritableDB, table: string, row: Row): void {
  const columns = Object.keys(row);
  db.run(rawSql(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, columns.map((c) => row[c]!)));
}

export class Records {
  private byKind = new Map<TownshipKind, unknown[]>();
  constructor(records: readonly RebuildRecord[]) {
    for (const r of records) {
      const schema = townshipContentSchemas[r.kind];
      if (!schema) throw new AppError('SYNC_ERROR', `县级发来未知的记录类型“${r.kind}”，请升级乡财通后再恢复。`);
      const parsed = schema.safeParse(r.data);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AppError('SYNC_ERROR', `县级保存的记录（${r.kind} ${r.key}）格式不正确：${issue?.message ?? ''}（字段 ${issue?.path.map(String).join('.') ?? ''}），未恢复任何数据。请联系县财政局。`);
      }
      let list = this.byKind.get(r.kind);
      if (!list) this.byKind.set(r.kind, (list = []));
      list.push(parsed.data);
    }
  }
  of<T>(kind: TownshipKind): T[] {
    return (this.byKind.get(kind) ?? []) as T[];
  }
}

/** No 账套 and no user but the county's stand-in: the only installation a restore may write into. */
export function isEmptyInstallation(db: ReadableDB | WritableDB): boolean {
  return !db.get(sql`SELECT 1 FROM book LIMIT 1`) && !db.get(sql`SELECT 1 FROM app_user WHERE username <> ${COUNTY_USERNAME} LIMIT 1`);
}

/** The operator who will log in after the restore: an enabled 管理员 among the restored ones. */
export function restoringAdmin(records: Records, username: string): OperatorContent {
  const operators = records.of<OperatorContent>('operator');
  const admins = operators.filter((o) => o.enabled === 1 && o.roles.includes('admin'));
  const found = admins.find((o) => o.username === username);
  if (!found) {
    const names = admins.map((o) => `${o.displayName}（${o.username}）`).join('、') || '（无）';
    throw new AppError('INVALID_INPUT', `县级保存的操作员中没有名为“${username}”的在用管理员。可用的管理员：${names}`, { issues: [{ path: ['username'], message: '不是在用的管理员' }] });
  }
  return found;
}

/** What must be computed before the one transaction (pinyin is async). */
export async function prepareRestore(download: RestoreDownload): Promise<{ records: Records; initials: Map<string, string> }> {
  const records = new Records(download.records);
  const accounts = records.of<AccountContent>('account');
  const names = [...new Set(accounts.map((a) => a.name))];
  const initials = await pinyinInitialsOf(names);
  return { records, initials: new Map(names.map((n, i) => [n, initials[i] ?? ''])) };
}

export interface RestoreResult {
  books: number;
  vouchers: number;
  records: number;
  countyChanges: number;
  checkedPeriods: number;
}

/**
 * Writes the download into the (empty) database. The caller holds the transaction, scoped as
 * RESTORE_ACTION; an AppError thrown here undoes all of it.
 */
export function writeRestore(services: CoreServices, db: WritableDB, download: RestoreDownload, prepared: Awaited<ReturnType<typeof prepareRestore>>, at: string): RestoreResult {
  const { records, initials } = prepared;
  const operators = records.of<OperatorContent>('operator');
  const books = records.of<BookContent>('book');
  const accounts = records.of<AccountContent>('account');
  const periods = records.of<PeriodContent>('period');
  const projects = records.of<ProjectContent>('project');
  const submissions = records.of<SubmissionContent>('submission');
  const cycles = records.of<BudgetCycleContent>('budgetCycle');
  const vouchers = records.of<VoucherContent>('voucher');
  const payments = records.of<PaymentContent>('payment');
  const adjustments = records.of<AdjustmentContent>('adjustment');
  const movements = records.of<IndicatorMovementContent>('indicatorMovement');
  const budgetEvents = records.of<BudgetEventContent>('budgetEvent');
  const periodEvents = records.of<PeriodEventContent>('periodEvent');

  // ---- people: the operators, and the county's stand-in under the id the old PC gave it ----
  for (const o of operators) {
    insert(db, 'app_user', { id: o.id, username: o.username, display_name: o.displayName, password_hash: '!', enabled: o.enabled, created_at: at });
    for (const role of o.roles) insert(db, 'user_role', { user_id: o.id, role });
  }
  const known = new Set(operators.map((o) => o.id));
  const referenced = new Set<string>();
  const ref = (v: string | null) => {
    if (v && !known.has(v)) referenced.add(v);
  };
  for (const v of vouchers) [v.preparedBy, v.reviewedBy, v.postedBy].forEach(ref);
  for (const p of periods) ref(p.closedBy);
  for (const p of projects) {
    ref(p.createdBy);
    for (const g of p.progress ?? []) ref(g.recordedBy);
    for (const e of p.evaluations ?? []) ref(e.evaluatedBy);
  }
  for (const s of submissions) ref(s.submittedBy);
  for (const p of payments) [p.appliedBy, p.reviewedBy, p.returnedBy, p.paidBy].forEach(ref);
  for (const a of adjustments) [a.requestedBy, a.decidedBy].forEach(ref);
  for (const m of movements) ref(m.userId);
  for (const e of [...budgetEvents, ...periodEvents]) ref(e.userId);
  const unknown = [...referenced];
  const countyId = unknown[0] ?? uuidv7();
  insert(db, 'app_user', { id: countyId, username: COUNTY_USERNAME, display_name: '县财政局（同步）', password_hash: '!', enabled: 0, created_at: at });
  // Anyone else referred to and not among the operators (none in practice): kept as a disabled name.
  unknown.slice(1).forEach((id, i) => insert(db, 'app_user', { id, username: `__restored_${i + 1}__`, display_name: '（恢复时未找到的操作员）', password_hash: '!', enabled: 0, created_at: at }));

  // ---- books and their charts ----
  const classifications = seedClassifications();
  for (const b of books) {
    insert(db, 'book', { id: b.id, name: b.name, region_code: b.regionCode, unit_type: b.unitType, start_year: b.startYear, start_month: b.startMonth, supervisor: b.supervisor, created_at: b.createdAt });
    for (const s of b.settings) insert(db, 'book_setting', { book_id: b.id, key: s.key, value: s.value });
    for (const c of classifications) insert(db, 'classification', { book_id: b.id, kind: c.kind, code: c.code, name: c.name, level: c.level, parent_code: c.parentCode, verified: c.verified ? 1 : 0 });
  }
  // The seeded chart's usage notes (not a sync field) come back from the seed, where code and name still match it.
  const seedNotes = new Map(books.map((b) => [b.id, new Map(chartFor(b.unitType as '行政单位' | '事业单位').map((a) => [a.code, a]))]));
  for (const a of [...accounts].sort((x, y) => x.level - y.level || x.code.localeCompare(y.code))) {
    const seeded = seedNotes.get(a.bookId)?.get(a.code);
    insert(db, 'account', {
      book_id: a.bookId, code: a.code, name: a.name, parent_code: a.parentCode, level: a.level, track: a.track, category: a.category,
      normal_balance: a.normalBalance, contra: a.contra, enabled: a.enabled, pinyin_initials: initials.get(a.name) ?? '', notes: seeded?.name === a.name ? seeded.notes : null,
    });
    for (const d of a.dimensions) insert(db, 'account_dimension', { book_id: a.bookId, account_code: a.code, dimension: d });
  }
  for (const p of periods) insert(db, 'period', { book_id: p.bookId, year: p.year, month: p.month, status: p.status, closed_at: p.closedAt, closed_by: p.closedBy });
  for (const e of periodEvents) insert(db, 'period_event', { id: e.id, book_id: e.bookId, year: e.year, month: e.month, action: e.action, reason: e.reason, user_id: e.userId, at: e.at });

  // ---- the budget workspace the township reported ----
  for (const p of projects) {
    insert(db, 'budget_project', {
      id: p.id, book_id: p.bookId, code: p.code, name: p.name, class: p.class, func_code: p.funcCode, fund_nature: p.fundNature, start_date: p.startDate, end_date: p.endDate,
      description: p.description, status: p.status, return_reason: p.returnReason, created_by: p.createdBy, created_at: p.createdAt, updated_at: p.updatedAt,
    });
    for (const a of p.amounts) insert(db, 'budget_project_amount', { project_id: p.id, year: a.year, amount: a.amount });
    for (const t of p.targets) insert(db, 'budget_project_target', { id: t.id, project_id: p.id, position: t.position, name: t.name, type: t.type, unit: t.unit, target_value: t.targetValue, direction: t.direction });
  }
  for (const p of projects) {
    for (const g of p.progress ?? []) {
      insert(db, 'budget_target_progress', {
        target_id: g.targetId, year: g.year, as_of: g.asOf, actual_value: g.actualValue, deviation_reason: g.deviationReason, corrective_action: g.correctiveAction,
        recorded_by: g.recordedBy, recorded_at: g.recordedAt,
      });
    }
    for (const e of p.evaluations ?? []) insert(db, 'budget_project_evaluation', { project_id: p.id, year: e.year, score_tenths: e.scoreTenths, summary: e.summary, evaluated_by: e.evaluatedBy, evaluated_at: e.evaluatedAt });
  }
  for (const c of cycles) {
    insert(db, 'budget_cycle', { book_id: c.bookId, year: c.year, state: c.state, updated_at: c.updatedAt });
    for (const r of c.staffing) insert(db, 'budget_staffing', { book_id: c.bookId, year: c.year, category: r.category, headcount: r.headcount });
    for (const r of c.standards) insert(db, 'budget_standard', { book_id: c.bookId, year: c.year, kind: r.kind, category: r.category, econ_code: r.econCode, func_code: r.funcCode, per_capita: r.perCapita });
    for (const l of c.draftLines) {
      insert(db, 'budget_draft_line', {
        id: l.id, book_id: c.bookId, year: c.year, section: l.section, func_code: l.funcCode, econ_code: l.econCode, project_id: l.projectId, revenue_code: l.revenueCode,
        fund_nature: l.fundNature, amount: l.amount, origin: l.origin, updated_at: l.updatedAt,
      });
    }
  }
  for (const s of submissions) {
    insert(db, 'budget_submission', { id: s.id, book_id: s.bookId, year: s.year, stage: s.stage, seq: s.seq, expenditure_total: s.expenditureTotal, revenue_total: s.revenueTotal, submitted_by: s.submittedBy, submitted_at: s.submittedAt });
    for (const l of s.lines) {
      insert(db, 'budget_submission_line', {
        submission_id: s.id, line_no: l.lineNo, section: l.section, func_code: l.funcCode, econ_code: l.econCode, project_id: l.projectId, project_code: l.projectCode,
        project_name: l.projectName, revenue_code: l.revenueCode, fund_nature: l.fundNature, amount: l.amount, label: l.label,
      });
    }
  }

  // ---- what the county issued: its records, 一下 control figures, indicators with their 下达 ----
  const bookById = new Map(books.map((b) => [b.id, b]));
  const pending: { kind: '下达' | '调整' | '调剂'; row: Row }[] = [];
  const decided = new Set<string>();
  for (const change of download.feed) {
    if (change.kind !== 'countyDecision') continue;
    const parsed = countyDecisionSchema.safeParse(change.data);
    if (!parsed.success) continue; // kept in the inbox below as held/failed by applyCountyChange's own check
    const d = parsed.data;
    const book = bookById.get(d.bookId);
    if (!book) continue;
    decided.add(d.id);
    const year = 'year' in d ? d.year : 'indicator' in d ? d.indicator.year : Number(d.date.slice(0, 4));
    const docNo = 'docNo' in d ? d.docNo : 'indicator' in d ? d.indicator.docNo : null;
    insert(db, 'budget_county_record', { id: d.id, book_id: book.id, year, action: d.action, doc_no: docNo, date: d.date, origin: 'county', payload: JSON.stringify(d), user_id: countyId, at: change.at });
    const issue = (i: IssuedIndicator) => {
      insert(db, 'budget_indicator', {
        id: i.id, book_id: book.id, year: i.year, region_code: book.regionCode, func_code: i.funcCode, econ_gov_code: i.econGovCode, econ_dep_code: i.econDepCode,
        fund_nature: i.fundNature, project_id: i.projectId, doc_no: i.docNo, sup_doc_no: i.supDocNo, pay_method: i.payMethod, direct_fund: i.directFund ? 1 : 0,
        expense_kind: expenseKindOf(i.econDepCode, i.projectId !== null), origin: 'county', record_id: d.id, submission_id: i.submissionId, created_at: change.at,
      });
      pending.push({
        kind: '下达',
        row: { id: uuidv7(), book_id: book.id, indicator_id: i.id, kind: '下达', date: d.date, executable_delta: i.amount, frozen_delta: 0, paid_delta: 0, ref_kind: 'county', ref_id: d.id, summary: `下达指标 ${i.docNo}（县级批复）`.slice(0, 100), user_id: countyId, created_at: change.at },
      });
    };
    if (d.action === '一下') {
      db.run(sql`DELETE FROM budget_control_figure WHERE book_id = ${book.id} AND year = ${d.year}`);
      for (const f of d.figures) insert(db, 'budget_control_figure', { id: uuidv7(), book_id: book.id, year: d.year, kind: f.kind, project_id: f.projectId, amount: f.amount, record_id: d.id });
    } else if (d.action === '二下') d.indicators.forEach(issue);
    else if (d.action === '指标下达') issue(d.indicator);
  }

  // ---- the books: vouchers (what a reversal reverses first), lines, per-month movements ----
  const placed = new Set<string>();
  let queue = [...vouchers];
  while (queue.length > 0) {
    const next: VoucherContent[] = [];
    for (const v of queue) {
      if (v.reversesId && !placed.has(v.reversesId)) {
        next.push(v);
        continue;
      }
      insert(db, 'voucher', {
        id: v.id, book_id: v.bookId, year: v.year, month: v.month, word: v.word, number: v.number, date: v.date, attachments: v.attachments, status: v.status, kind: v.kind,
        reverses_id: v.reversesId, parallel_reason: v.parallelReason, prepared_by: v.preparedBy, reviewed_by: v.reviewedBy, reviewed_at: v.reviewedAt, posted_by: v.postedBy,
        posted_at: v.postedAt, created_at: v.createdAt, updated_at: v.updatedAt,
      });
      for (const l of v.lines) {
        insert(db, 'voucher_line', {
          voucher_id: v.id, line_no: l.lineNo, book_id: v.bookId, summary: l.summary, account_code: l.accountCode, track: l.track, debit: l.debit, credit: l.credit,
          func: l.func, econ_dep: l.econDep, econ_gov: l.econGov, project: l.project, fund: l.fund, counterparty: l.counterparty, dept: l.dept,
        });
      }
      placed.add(v.id);
    }
    if (next.length === queue.length) throw new AppError('SYNC_ERROR', `有 ${next.length} 张红字凭证冲销的原凭证不在县级保存的记录中，未恢复任何数据。请联系县财政局。`);
    queue = next;
  }
  db.run(sql`
    INSERT INTO period_movement (book_id, account_code, year, month, debit, credit)
    SELECT l.book_id, l.account_code, v.year, v.month, sum(l.debit), sum(l.credit)
    FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
    WHERE v.status = 'posted'
    GROUP BY l.book_id, l.account_code, v.year, v.month`);

  // ---- requests and payments, and the links of payment vouchers ----
  for (const a of adjustments) {
    insert(db, 'budget_adjustment', {
      id: a.id, book_id: a.bookId, year: a.year, kind: a.kind, reason: a.reason, doc_no: a.docNo, status: a.status, requested_by: a.requestedBy, requested_at: a.requestedAt,
      decided_by: a.decidedBy, decided_at: a.decidedAt, decision_note: a.decisionNote, effective_date: a.effectiveDate,
    });
    for (const l of a.lines) insert(db, 'budget_adjustment_line', { adjustment_id: a.id, line_no: l.lineNo, indicator_id: l.indicatorId, delta: l.delta });
    // Approved (by the county, or by the township's own 审批): the indicator ledger moved by each line.
    if (a.status === '已批准') {
      for (const l of a.lines) {
        pending.push({
          kind: a.kind,
          row: { id: uuidv7(), book_id: a.bookId, indicator_id: l.indicatorId, kind: a.kind, date: a.effectiveDate ?? a.decidedAt?.slice(0, 10) ?? `${a.year}-12-31`, executable_delta: l.delta, frozen_delta: 0, paid_delta: 0, ref_kind: 'adjustment', ref_id: a.id, summary: `${a.kind}：${a.reason}`.slice(0, 100), user_id: a.decidedBy ?? countyId, created_at: a.decidedAt ?? at },
        });
      }
    }
  }
  const directFund = new Map(db.all<{ id: string; direct_fund: number }>(sql`SELECT id, direct_fund FROM budget_indicator`).map((r) => [r.id, r.direct_fund]));
  for (const p of payments) {
    insert(db, 'budget_payment', {
      id: p.id, book_id: p.bookId, indicator_id: p.indicatorId, amount: p.amount, payee_name: p.payeeName, payee_account: p.payeeAccount, payee_bank: p.payeeBank, purpose: p.purpose,
      status: p.status, applied_date: p.appliedDate, applied_by: p.appliedBy, applied_at: p.appliedAt, reviewed_by: p.reviewedBy, reviewed_at: p.reviewedAt, returned_by: p.returnedBy,
      return_reason: p.returnReason, paid_by: p.paidBy, paid_at: p.paidAt, pay_date: p.payDate, voucher_id: p.voucherId, refund_date: p.refundDate, refund_reason: p.refundReason,
      refund_voucher_id: p.refundVoucherId,
    });
    const fund = directFund.get(p.indicatorId) ?? 0;
    if (p.voucherId) insert(db, 'budget_payment_voucher', { voucher_id: p.voucherId, payment_id: p.id, indicator_id: p.indicatorId, direct_fund: fund, role: '支付' });
    if (p.refundVoucherId) insert(db, 'budget_payment_voucher', { voucher_id: p.refundVoucherId, payment_id: p.id, indicator_id: p.indicatorId, direct_fund: fund, role: '资金退回' });
  }

  // ---- the indicator ledger: every increase first, then the rest in the order they were made
  // (so no balance goes below zero on the way, as the ledger's trigger demands) ----
  const rest: Row[] = [
    ...pending.filter((p) => (p.row.executable_delta as number) < 0).map((p) => p.row),
    ...movements.map((m) => ({
      id: m.id, book_id: m.bookId, indicator_id: m.indicatorId, kind: m.kind, date: m.date, executable_delta: m.executableDelta, frozen_delta: m.frozenDelta, paid_delta: m.paidDelta,
      ref_kind: m.refKind, ref_id: m.refId, summary: m.summary, user_id: m.userId, created_at: m.createdAt,
    })),
  ].sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)) || String(a.id).localeCompare(String(b.id)));
  for (const p of pending) if ((p.row.executable_delta as number) > 0) insert(db, 'budget_indicator_movement', p.row);
  for (const r of rest) insert(db, 'budget_indicator_movement', r);
  linkQuotaVouchers(db, at);
  for (const e of budgetEvents) {
    insert(db, 'budget_event', { id: e.id, book_id: e.bookId, entity: e.entity, entity_id: e.entityId, action: e.action, from_state: e.fromState, to_state: e.toState, reason: e.reason, user_id: e.userId, at: e.at });
  }

  // ---- the county's other records, as a pull applies them; decisions were written above ----
  for (const change of download.feed) {
    const known = change.kind === 'countyDecision' && decided.has(String((change.data as { id?: string })?.id));
    // A threshold is already in the restored book settings (the township applied it and reported them).
    const outcome = known || change.kind === 'threshold' || !isCountyKind(change.kind) ? { status: 'applied' as const } : applyCountyChange(services, db, change, at);
    recordInbox(db, change, outcome, at);
  }
  const lastChange = download.feed[download.feed.length - 1];
  db.run(sql`UPDATE sync_state SET pull_cursor = ${download.cursor}, pull_cursor_id = ${lastChange?.id ?? null} WHERE singleton = 1`);

  return { books: books.length, vouchers: vouchers.length, records: download.records.length, countyChanges: download.feed.length, checkedPeriods: verifyRestore(db, download) };
}

/**
 * 授权支付 quota vouchers (额度到账/额度调减, written with the 下达 or an approved 调整) are ordinary
 * vouchers in the sync; their link to the indicator is found again from the voucher: the 零余额
 * 账户用款额度 line (1011) with the indicator's 文号 in its summary and its elements as dimensions.
 */
function linkQuotaVouchers(db: WritableDB, at: string): void {
  const candidates = db.all<{ voucher_id: string; book_id: string; summary: string; amount: number; func: string | null; econ_dep: string | null; project: string | null }>(sql`
    SELECT l.voucher_id, l.book_id, l.summary, sum(l.debit) - sum(l.credit) AS amount, max(l.func) AS func, max(l.econ_dep) AS econ_dep, max(l.project) AS project
    FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
    WHERE l.account_code LIKE '1011%' AND (l.summary LIKE '额度到账：%' OR l.summary LIKE '额度调减：%') AND v.kind = 'normal'
    GROUP BY l.voucher_id`);
  for (const c of candidates) {
    const docNo = c.summary.replace(/^额度(到账|调减)：/, '').split(' ')[0] ?? '';
    const matches = db.all<{ id: string }>(sql`
      SELECT i.id FROM budget_indicator i LEFT JOIN budget_project p ON p.id = i.project_id
      WHERE i.book_id = ${c.book_id} AND i.pay_method = '授权支付' AND i.doc_no = ${docNo}
        AND (${c.func} IS NULL OR i.func_code = ${c.func}) AND (${c.econ_dep} IS NULL OR i.econ_dep_code = ${c.econ_dep})
        AND (${c.project} IS NULL OR p.code = ${c.project})`);
    if (matches.length !== 1 || c.amount === 0) continue;
    insert(db, 'budget_quota_voucher', { voucher_id: c.voucher_id, book_id: c.book_id, indicator_id: matches[0]!.id, amount: c.amount, ref_kind: 'manual', ref_id: c.voucher_id, created_at: at });
  }
}

/** The county's digest over every record, and each closed period's 科目余额表, against what the tables now hold. */
function verifyRestore(db: WritableDB, download: RestoreDownload): number {
  // recordsDigest (shared/sync/rebuild.ts), one content hash per record kept rather than the record.
  const local: { kind: string; key: string; hash: string }[] = [];
  for (const kind of townshipKinds) {
    const source = kindSources[kind];
    const keys = db.all<{ k: string }>(rawSql(source.keys)).map((r) => r.k);
    for (let i = 0; i < keys.length; i += 500) {
      const found = source.read(db, keys.slice(i, i + 500));
      for (const [key, data] of found) if (data !== undefined) local.push({ kind, key, hash: sha256Hex(canonicalJson(data)) });
    }
  }
  local.sort(compareRecordKeys);
  const digest = sha256Hex(local.map((r) => `${r.kind}\t${r.key}\t${r.hash}`).join('\n'));
  if (digest !== download.digest || local.length !== download.records.length) {
    const county = new Map(download.records.map((r) => [`${r.kind}\u0001${r.key}`, sha256Hex(canonicalJson(r.data))]));
    const differing = local.filter((r) => county.get(`${r.kind}\u0001${r.key}`) !== r.hash).slice(0, 3).map((r) => `${r.kind} ${r.key}`);
    throw new AppError('SYNC_ERROR', `恢复后的数据与县级保存的摘要不一致（本机 ${local.length} 条、县级 ${download.records.length} 条${differing.length > 0 ? `；不同的有：${differing.join('、')}` : ''}），未恢复任何数据。请联系县财政局。`);
  }
  let checked = 0;
  for (const check of download.periodChecks) {
    if (!check.countyDigest) continue;
    const closed = db.get<{ status: string }>(sql`SELECT status FROM period WHERE book_id = ${check.bookId} AND year = ${check.year} AND month = ${check.month}`)?.status === 'closed';
    if (!closed) continue;
    if (periodDigest(db, check.bookId, check.year, check.month).digest !== check.countyDigest) {
      throw new AppError('SYNC_ERROR', `恢复后 ${check.year}年${String(check.month).padStart(2, '0')}期的科目余额表与县级对账时的不一致，未恢复任何数据。请联系县财政局。`);
    }
    checked++;
  }
  return checked;
}
