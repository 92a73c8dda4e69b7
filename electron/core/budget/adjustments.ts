import { AppError } from '../../../shared/api/errors';
import { uuidv7 } from '../../../shared/domain/id';
import type { AdjustmentCreateInput } from '../../../shared/api/budgetSchemas';
import type { Adjustment } from '../../../shared/api/budgetTypes';
import type { Book } from '../../../shared/api/types';
import { adjustmentMachine, transition } from '../../../shared/domain/budget/stateMachines';
import type { AdjustmentKind, AdjustmentStatus } from '../../../shared/domain/budget/types';
import type { CoreContext } from '../context';
import { sql } from '../db/sql';
import { logEvent, notFound, requireDateInYear, requireUser, ruleViolation, stampOf, type AnyDB } from './common';
import { followQuota } from './quota';
import { addMovement, requireAvailable, requireIndicator } from './indicators';

interface AdjustmentRow {
  id: string;
  book_id: string;
  year: number;
  kind: AdjustmentKind;
  reason: string;
  doc_no: string | null;
  status: AdjustmentStatus;
  requested_by: string;
  requested_name: string;
  requested_at: string;
  decided_by: string | null;
  decided_name: string | null;
  decided_at: string | null;
  decision_note: string | null;
  effective_date: string | null;
}

const selectAdjustments = `
  SELECT a.*, ru.display_name AS requested_name, du.display_name AS decided_name
  FROM budget_adjustment a JOIN app_user ru ON ru.id = a.requested_by LEFT JOIN app_user du ON du.id = a.decided_by`;

function toAdjustment(db: AnyDB, r: AdjustmentRow): Adjustment {
  const lines = db
    .all<{ line_no: number; indicator_id: string; delta: number }>(sql`SELECT line_no, indicator_id, delta FROM budget_adjustment_line WHERE adjustment_id = ${r.id} ORDER BY line_no`)
    .map((l) => ({ lineNo: l.line_no, indicatorId: l.indicator_id, indicatorLabel: requireIndicator(db, r.book_id, l.indicator_id).label, delta: l.delta }));
  return {
    id: r.id,
    bookId: r.book_id,
    year: r.year,
    kind: r.kind,
    reason: r.reason,
    docNo: r.doc_no,
    status: r.status,
    lines,
    netChange: lines.reduce((s, l) => s + l.delta, 0),
    requestedBy: { id: r.requested_by, displayName: r.requested_name },
    requestedAt: r.requested_at,
    decidedBy: r.decided_by ? { id: r.decided_by, displayName: r.decided_name ?? '' } : null,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    effectiveDate: r.effective_date,
  };
}

export function requireAdjustment(db: AnyDB, bookId: string, id: string): Adjustment {
  const row = db.get<AdjustmentRow>({ text: `${selectAdjustments} WHERE a.id = ? AND a.book_id = ?`, params: [id, bookId] });
  if (!row) throw notFound('找不到该调整调剂申请');
  return toAdjustment(db, row);
}

export function listAdjustments(db: AnyDB, bookId: string, year: number): Adjustment[] {
  return db.all<AdjustmentRow>({ text: `${selectAdjustments} WHERE a.book_id = ? AND a.year = ? ORDER BY a.requested_at, a.id`, params: [bookId, year] }).map((r) => toAdjustment(db, r));
}

/**
 * A request only: nothing reaches the indicator ledger until it is approved. 调剂 stays within
 * one fund nature and never mixes 直达 with other money (unverified as a formal rule; the
 * safe reading of 直达资金 tracing).
 */
export function createAdjustment(ctx: CoreContext, book: Book, input: AdjustmentCreateInput): Adjustment {
  const user = requireUser(ctx);
  const at = stampOf(ctx);
  ctx.write.transaction((db) => {
    if (db.get(sql`SELECT 1 FROM budget_adjustment WHERE id = ${input.id}`)) throw new AppError('CONFLICT', '这份申请已经提交过');
    const parts = [...input.from.map((p) => ({ ...p, delta: -p.amount })), ...input.to.map((p) => ({ ...p, delta: p.amount }))];
    const indicators = parts.map((p) => requireIndicator(db, book.id, p.indicatorId));
    for (const i of indicators) if (i.year !== input.year) throw ruleViolation(`指标${i.label}属于${i.year}年度，不能列入${input.year}年度的${input.kind}`);
    if (input.kind === '调剂') {
      const natures = new Set(indicators.map((i) => i.fundNature));
      if (natures.size > 1) throw ruleViolation(`调剂不能跨资金性质（涉及 ${[...natures].join('、')}）`);
      if (new Set(indicators.map((i) => i.directFund)).size > 1) throw ruleViolation('直达资金不能与非直达资金相互调剂');
    }
    parts.forEach((p, i) => {
      if (p.delta < 0) requireAvailable(db, indicators[i]!, -p.delta, input.kind === '调剂' ? '调出' : '调减');
    });
    db.run(sql`
      INSERT INTO budget_adjustment (id, book_id, year, kind, reason, doc_no, status, requested_by, requested_at)
      VALUES (${input.id}, ${book.id}, ${input.year}, ${input.kind}, ${input.reason}, ${input.docNo || null}, '待审批', ${user.id}, ${at})`);
    parts.forEach((p, i) => {
      db.run(sql`INSERT INTO budget_adjustment_line (adjustment_id, line_no, indicator_id, delta) VALUES (${input.id}, ${i + 1}, ${p.indicatorId}, ${p.delta})`);
    });
    logEvent(db, { bookId: book.id, entity: 'adjustment', entityId: input.id, action: `提交${input.kind}申请`, from: null, to: '待审批', reason: input.reason, userId: user.id, at });
  });
  return requireAdjustment(ctx.read, book.id, input.id);
}

function decide(ctx: CoreContext, book: Book, id: string, action: 'approve' | 'reject', note: string | null, date: string | null): Adjustment {
  const user = requireUser(ctx);
  const at = stampOf(ctx);
  ctx.write.transaction((db) => {
    const adjustment = requireAdjustment(db, book.id, id);
    const step = transition(adjustmentMachine, adjustment.status, action, adjustment.reason);
    if (!step.ok) throw ruleViolation(step.message);
    if (adjustment.requestedBy.id === user.id) throw new AppError('FORBIDDEN', '不能审批自己提交的调整调剂申请');
    if (action === 'approve') {
      requireDateInYear(date!, adjustment.year, '生效日期');
      // Decreases first, each checked against what is available now, not when it was requested.
      const ordered = [...adjustment.lines].sort((a, b) => a.delta - b.delta);
      for (const line of ordered) {
        const indicator = requireIndicator(db, book.id, line.indicatorId);
        if (line.delta < 0) requireAvailable(db, indicator, -line.delta, adjustment.kind === '调剂' ? '调出' : '调减');
        addMovement(db, { bookId: book.id, indicatorId: line.indicatorId, kind: adjustment.kind, amount: line.delta, date: date!, refKind: 'adjustment', refId: id, summary: `${adjustment.kind}：${adjustment.reason}`, userId: user.id, at });
        // 授权支付: the quota follows the indicator (额度到账 or 调减, in this same transaction).
        followQuota(db, { book, user, indicatorId: line.indicatorId, date: date!, voucherId: uuidv7(), ref: { kind: 'adjustment', id }, at });
      }
    }
    db.run(sql`UPDATE budget_adjustment SET status = ${step.to}, decided_by = ${user.id}, decided_at = ${at}, decision_note = ${note}, effective_date = ${date} WHERE id = ${id}`);
    logEvent(db, { bookId: book.id, entity: 'adjustment', entityId: id, action: adjustmentMachine.transitions[action].label, from: adjustment.status, to: step.to, reason: note, userId: user.id, at });
  });
  return requireAdjustment(ctx.read, book.id, id);
}

export const approveAdjustment = (ctx: CoreContext, book: Book, input: { id: string; date: string; note?: string }) => decide(ctx, book, input.id, 'approve', input.note || null, input.date);
export const rejectAdjustment = (ctx: CoreContext, book: Book, input: { id: string; note: string }) => decide(ctx, book, input.id, 'reject', input.note, null);
