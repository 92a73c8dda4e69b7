import { AppError } from '../../../shared/api/errors';
import type { Indicator, IndicatorDetail, IndicatorMovement, QuotaVoucherRef } from '../../../shared/api/budgetTypes';
import type { Book } from '../../../shared/api/types';
import { uuidv7 } from '../../../shared/domain/id';
import type { IndicatorElements } from '../../../shared/domain/budget/elements';
import {
  balanceOf,
  balanceProblems,
  checkAvailable,
  movementAmountProblem,
  movementDeltas,
  type IndicatorBalance,
} from '../../../shared/domain/budget/indicatorLedger';
import type { CountyOrigin, ExpenseKind, FundNature, MovementKind, PayMethod } from '../../../shared/domain/budget/types';
import type { CoreContext } from '../context';
import type { WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { voucherLabel } from '../ledger/voucherQueries';
import { notFound, requireDateInYear, requireUser, ruleViolation, stampOf, type AnyDB } from './common';

interface IndicatorRow {
  id: string;
  book_id: string;
  year: number;
  region_code: string;
  agency_name: string;
  func_code: string;
  func_name: string | null;
  econ_gov_code: string;
  econ_dep_code: string;
  econ_dep_name: string | null;
  fund_nature: FundNature;
  project_id: string | null;
  project_code: string | null;
  project_name: string | null;
  doc_no: string;
  sup_doc_no: string | null;
  pay_method: PayMethod;
  direct_fund: number;
  expense_kind: ExpenseKind;
  origin: CountyOrigin;
  created_at: string;
  executable: number;
  frozen: number;
  paid: number;
  quota_booked: number;
}

const selectIndicators = `
  SELECT i.*, b.name AS agency_name, p.code AS project_code, p.name AS project_name,
         fc.name AS func_name, ec.name AS econ_dep_name,
         coalesce((SELECT sum(m.executable_delta) FROM budget_indicator_movement m WHERE m.indicator_id = i.id), 0) AS executable,
         coalesce((SELECT sum(m.frozen_delta) FROM budget_indicator_movement m WHERE m.indicator_id = i.id), 0) AS frozen,
         coalesce((SELECT sum(m.paid_delta) FROM budget_indicator_movement m WHERE m.indicator_id = i.id), 0) AS paid,
         coalesce((SELECT sum(q.amount) FROM budget_quota_voucher q WHERE q.indicator_id = i.id), 0) AS quota_booked
  FROM budget_indicator i
  JOIN book b ON b.id = i.book_id
  LEFT JOIN budget_project p ON p.id = i.project_id
  LEFT JOIN classification fc ON fc.book_id = i.book_id AND fc.kind = 'expenditure_function' AND fc.code = i.func_code
  LEFT JOIN classification ec ON ec.book_id = i.book_id AND ec.kind = 'expenditure_econ_department' AND ec.code = i.econ_dep_code`;

/** How messages name an indicator: 文号 is not unique, so the classification codes follow. */
export function indicatorLabel(i: { docNo: string; funcCode: string; econDepCode: string; projectCode: string | null }): string {
  return `“${i.docNo}”（${i.funcCode} / ${i.econDepCode}${i.projectCode ? ` / ${i.projectCode}` : ''}）`;
}

function toIndicator(r: IndicatorRow): Indicator {
  const base = {
    id: r.id,
    bookId: r.book_id,
    year: r.year,
    regionCode: r.region_code,
    agencyName: r.agency_name,
    funcCode: r.func_code,
    funcName: r.func_name,
    econGovCode: r.econ_gov_code,
    econDepCode: r.econ_dep_code,
    econDepName: r.econ_dep_name,
    fundNature: r.fund_nature,
    projectId: r.project_id,
    projectCode: r.project_code,
    projectName: r.project_name,
    docNo: r.doc_no,
    supDocNo: r.sup_doc_no,
    payMethod: r.pay_method,
    directFund: r.direct_fund === 1,
    expenseKind: r.expense_kind,
    origin: r.origin,
    createdAt: r.created_at,
  };
  return {
    ...base,
    label: indicatorLabel(base),
    balance: { executable: r.executable, frozen: r.frozen, paid: r.paid, available: r.executable - r.paid - r.frozen },
    quota: r.pay_method === '授权支付' ? { booked: r.quota_booked, outstanding: r.executable - r.quota_booked } : null,
  };
}

export function elementsOf(i: Indicator): IndicatorElements {
  return {
    regionCode: i.regionCode,
    year: i.year,
    funcCode: i.funcCode,
    econGovCode: i.econGovCode,
    econDepCode: i.econDepCode,
    fundNature: i.fundNature,
    projectCode: i.projectCode,
    docNo: i.docNo,
    supDocNo: i.supDocNo,
    payMethod: i.payMethod,
    directFund: i.directFund,
  };
}

export function findIndicator(db: AnyDB, bookId: string, id: string): Indicator | null {
  const row = db.get<IndicatorRow>({ text: `${selectIndicators} WHERE i.id = ? AND i.book_id = ?`, params: [id, bookId] });
  return row ? toIndicator(row) : null;
}

export function requireIndicator(db: AnyDB, bookId: string, id: string): Indicator {
  const indicator = findIndicator(db, bookId, id);
  if (!indicator) throw notFound('找不到该预算指标，它可能属于其他账套', { indicatorId: id });
  return indicator;
}

export function listIndicators(db: AnyDB, bookId: string, year: number, projectId?: string): Indicator[] {
  const rows = projectId
    ? db.all<IndicatorRow>({ text: `${selectIndicators} WHERE i.book_id = ? AND i.year = ? AND i.project_id = ? ORDER BY i.doc_no, i.func_code, i.econ_dep_code, i.id`, params: [bookId, year, projectId] })
    : db.all<IndicatorRow>({ text: `${selectIndicators} WHERE i.book_id = ? AND i.year = ? ORDER BY i.doc_no, i.func_code, i.econ_dep_code, i.id`, params: [bookId, year] });
  return rows.map(toIndicator);
}

export function indicatorDetail(db: AnyDB, bookId: string, id: string): IndicatorDetail {
  const indicator = requireIndicator(db, bookId, id);
  const rows = db.all<{
    id: string;
    kind: MovementKind;
    date: string;
    executable_delta: number;
    frozen_delta: number;
    paid_delta: number;
    ref_kind: IndicatorMovement['refKind'];
    ref_id: string;
    summary: string;
    user_id: string;
    display_name: string;
    created_at: string;
  }>(sql`
    SELECT m.*, u.display_name FROM budget_indicator_movement m JOIN app_user u ON u.id = m.user_id
    WHERE m.indicator_id = ${id} ORDER BY m.date, m.rowid`);
  const running = { executable: 0, frozen: 0, paid: 0 };
  const movements = rows.map((r): IndicatorMovement => {
    running.executable += r.executable_delta;
    running.frozen += r.frozen_delta;
    running.paid += r.paid_delta;
    return {
      id: r.id,
      kind: r.kind,
      date: r.date,
      executableDelta: r.executable_delta,
      frozenDelta: r.frozen_delta,
      paidDelta: r.paid_delta,
      refKind: r.ref_kind,
      refId: r.ref_id,
      summary: r.summary,
      by: { id: r.user_id, displayName: r.display_name },
      createdAt: r.created_at,
      balance: { ...running, available: running.executable - running.paid - running.frozen },
    };
  });
  return { ...indicator, movements, quotaVouchers: quotaVouchersOf(db, id) };
}

/** The 额度到账 vouchers of an indicator (budget/quota.ts), oldest first. */
export function quotaVouchersOf(db: AnyDB, indicatorId: string): QuotaVoucherRef[] {
  return db
    .all<{ voucher_id: string; word: string; number: number; date: string; amount: number; ref_kind: QuotaVoucherRef['refKind'] }>(sql`
      SELECT q.voucher_id, v.word, v.number, v.date, q.amount, q.ref_kind
      FROM budget_quota_voucher q JOIN voucher v ON v.id = q.voucher_id
      WHERE q.indicator_id = ${indicatorId} ORDER BY v.date, q.rowid`)
    .map((r) => ({ voucherId: r.voucher_id, voucherLabel: voucherLabel(r.word, r.number), date: r.date, amount: r.amount, refKind: r.ref_kind }));
}

/** The balance as the movements say now; inside a write transaction, this is the locked truth. */
export function currentBalance(db: WritableDB, indicatorId: string): IndicatorBalance {
  const rows = db.all<{ executable_delta: number; frozen_delta: number; paid_delta: number }>(
    sql`SELECT executable_delta, frozen_delta, paid_delta FROM budget_indicator_movement WHERE indicator_id = ${indicatorId}`,
  );
  return balanceOf(rows.map((r) => ({ executable: r.executable_delta, frozen: r.frozen_delta, paid: r.paid_delta })));
}

export interface MovementInput {
  bookId: string;
  indicatorId: string;
  kind: MovementKind;
  /** Positive, except 调整/调剂 whose sign is the direction. */
  amount: number;
  date: string;
  refKind: IndicatorMovement['refKind'];
  refId: string;
  summary: string;
  userId: string;
  at: string;
}

/**
 * Appends one movement and re-derives the balance: a broken invariant throws and so undoes
 * the whole business action (the caller's transaction). The database trigger checks it too.
 */
export function addMovement(db: WritableDB, m: MovementInput): IndicatorBalance {
  const problem = movementAmountProblem(m.kind, m.amount);
  if (problem) throw ruleViolation(problem);
  const d = movementDeltas(m.kind, m.amount);
  db.run(sql`
    INSERT INTO budget_indicator_movement (id, book_id, indicator_id, kind, date, executable_delta, frozen_delta, paid_delta,
                                           ref_kind, ref_id, summary, user_id, created_at)
    VALUES (${uuidv7()}, ${m.bookId}, ${m.indicatorId}, ${m.kind}, ${m.date}, ${d.executable}, ${d.frozen}, ${d.paid},
            ${m.refKind}, ${m.refId}, ${m.summary.slice(0, 100)}, ${m.userId}, ${m.at})`);
  const balance = currentBalance(db, m.indicatorId);
  const problems = balanceProblems(balance);
  if (problems.length > 0) throw ruleViolation(`指标余额校验失败：${problems.join('；')}`, { indicatorId: m.indicatorId, balance });
  return balance;
}

/** Refuses `amount` beyond the indicator's available balance with the indicator, available and shortfall named. */
export function requireAvailable(db: WritableDB, indicator: Indicator, amount: number, action: string): void {
  const refusal = checkAvailable(currentBalance(db, indicator.id), amount, indicator.label, action);
  if (refusal) {
    throw ruleViolation(refusal.message, { indicatorId: indicator.id, docNo: indicator.docNo, available: refusal.available, requested: refusal.requested, shortfall: refusal.shortfall });
  }
}

export function freezeIndicator(ctx: CoreContext, book: Book, input: { id: string; indicatorId: string; amount: number; date: string; reason: string }): IndicatorDetail {
  const user = requireUser(ctx);
  ctx.write.transaction((db) => {
    const indicator = requireIndicator(db, book.id, input.indicatorId);
    requireDateInYear(input.date, indicator.year, '冻结日期');
    if (db.get(sql`SELECT 1 FROM budget_indicator_movement WHERE ref_id = ${input.id}`)) throw new AppError('CONFLICT', '这笔冻结已经登记过');
    requireAvailable(db, indicator, input.amount, '冻结');
    addMovement(db, { bookId: book.id, indicatorId: indicator.id, kind: '冻结', amount: input.amount, date: input.date, refKind: 'freeze', refId: input.id, summary: `冻结：${input.reason}`, userId: user.id, at: stampOf(ctx) });
  });
  return indicatorDetail(ctx.read, book.id, input.indicatorId);
}

export function unfreezeIndicator(ctx: CoreContext, book: Book, input: { freezeId: string; date: string; reason: string }): IndicatorDetail {
  const user = requireUser(ctx);
  const indicatorId = ctx.write.transaction((db) => {
    const held = db.get<{ indicator_id: string; held: number; since: string; year: number }>(sql`
      SELECT m.indicator_id, sum(m.frozen_delta) AS held, min(m.date) AS since, i.year
      FROM budget_indicator_movement m JOIN budget_indicator i ON i.id = m.indicator_id
      WHERE m.ref_kind = 'freeze' AND m.ref_id = ${input.freezeId} AND m.book_id = ${book.id} GROUP BY m.indicator_id`);
    if (!held) throw notFound('找不到这笔冻结');
    if (held.held <= 0) throw ruleViolation('这笔冻结已经解除');
    requireDateInYear(input.date, held.year, '解冻日期');
    if (input.date < held.since) throw ruleViolation(`解冻日期 ${input.date} 不能早于冻结日期 ${held.since}`);
    addMovement(db, { bookId: book.id, indicatorId: held.indicator_id, kind: '解冻', amount: held.held, date: input.date, refKind: 'freeze', refId: input.freezeId, summary: `解冻：${input.reason}`, userId: user.id, at: stampOf(ctx) });
    return held.indicator_id;
  });
  return indicatorDetail(ctx.read, book.id, indicatorId);
}
