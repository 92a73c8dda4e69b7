import { AppError } from '../../../shared/api/errors';
import type { PaymentCreateInput } from '../../../shared/api/budgetSchemas';
import type { Payment } from '../../../shared/api/budgetTypes';
import type { Book } from '../../../shared/api/types';
import { formatFen } from '../../../shared/domain/money';
import { redReversalLines } from '../../../shared/domain/ledger/reversal';
import { elementMismatches, mismatchMessage } from '../../../shared/domain/budget/elements';
import { paymentVoucherLines } from '../../../shared/domain/budget/paymentVoucher';
import { allowedActions, paymentMachine, transition, type PaymentAction } from '../../../shared/domain/budget/stateMachines';
import type { FundNature, PayMethod, PaymentStatus } from '../../../shared/domain/budget/types';
import type { CoreContext } from '../context';
import type { WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { loadLedgerChart } from '../ledger/chart';
import { requireVoucher } from '../ledger/voucherQueries';
import { writeVoucher } from '../ledger/vouchers';
import { dateWithinYear, eventsOf, localDate, logEvent, notFound, requireDateInYear, requireUser, ruleViolation, stampOf, type AnyDB } from './common';
import { chartWithFundAccount } from './quota';
import { monitoringSettings } from './settings';
import { addMovement, elementsOf, indicatorLabel, requireAvailable, requireIndicator } from './indicators';

interface PaymentRow {
  id: string;
  book_id: string;
  indicator_id: string;
  amount: number;
  payee_name: string;
  payee_account: string;
  payee_bank: string;
  purpose: string;
  status: PaymentStatus;
  applied_date: string;
  applied_by: string;
  applied_name: string;
  applied_at: string;
  reviewed_by: string | null;
  reviewed_name: string | null;
  reviewed_at: string | null;
  return_reason: string | null;
  paid_by: string | null;
  paid_name: string | null;
  pay_date: string | null;
  voucher_id: string | null;
  voucher_word: string | null;
  voucher_number: number | null;
  refund_date: string | null;
  refund_reason: string | null;
  refund_voucher_id: string | null;
  // Elements of the indicator the payment draws on (equal to the request's, checked at 申请).
  year: number;
  region_code: string;
  func_code: string;
  econ_gov_code: string;
  econ_dep_code: string;
  fund_nature: FundNature;
  project_code: string | null;
  doc_no: string;
  sup_doc_no: string | null;
  pay_method: PayMethod;
  direct_fund: number;
}

const selectPayments = `
  SELECT p.*, au.display_name AS applied_name, ru.display_name AS reviewed_name, pu.display_name AS paid_name,
         v.word AS voucher_word, v.number AS voucher_number,
         i.year, i.region_code, i.func_code, i.econ_gov_code, i.econ_dep_code, i.fund_nature, pr.code AS project_code,
         i.doc_no, i.sup_doc_no, i.pay_method, i.direct_fund
  FROM budget_payment p
  JOIN budget_indicator i ON i.id = p.indicator_id
  LEFT JOIN budget_project pr ON pr.id = i.project_id
  JOIN app_user au ON au.id = p.applied_by
  LEFT JOIN app_user ru ON ru.id = p.reviewed_by
  LEFT JOIN app_user pu ON pu.id = p.paid_by
  LEFT JOIN voucher v ON v.id = p.voucher_id`;

function toPayment(db: AnyDB, r: PaymentRow): Payment {
  const person = (id: string | null, name: string | null) => (id ? { id, displayName: name ?? '' } : null);
  const elements = {
    regionCode: r.region_code,
    year: r.year,
    funcCode: r.func_code,
    econGovCode: r.econ_gov_code,
    econDepCode: r.econ_dep_code,
    fundNature: r.fund_nature,
    projectCode: r.project_code,
    docNo: r.doc_no,
    supDocNo: r.sup_doc_no,
    payMethod: r.pay_method,
    directFund: r.direct_fund === 1,
  };
  return {
    id: r.id,
    bookId: r.book_id,
    indicatorId: r.indicator_id,
    indicatorLabel: indicatorLabel(elements),
    amount: r.amount,
    elements,
    payee: { name: r.payee_name, account: r.payee_account, bank: r.payee_bank },
    purpose: r.purpose,
    status: r.status,
    allowedActions: allowedActions(paymentMachine, r.status),
    appliedDate: r.applied_date,
    appliedBy: { id: r.applied_by, displayName: r.applied_name },
    appliedAt: r.applied_at,
    reviewedBy: person(r.reviewed_by, r.reviewed_name),
    reviewedAt: r.reviewed_at,
    returnReason: r.return_reason,
    paidBy: person(r.paid_by, r.paid_name),
    payDate: r.pay_date,
    voucherId: r.voucher_id,
    voucherLabel: r.voucher_word && r.voucher_number ? `${r.voucher_word}-${String(r.voucher_number).padStart(4, '0')}` : null,
    refundDate: r.refund_date,
    refundReason: r.refund_reason,
    refundVoucherId: r.refund_voucher_id,
    events: eventsOf(db, r.id),
  };
}

export function findPayment(db: AnyDB, bookId: string, id: string): Payment | null {
  const row = db.get<PaymentRow>({ text: `${selectPayments} WHERE p.id = ? AND p.book_id = ?`, params: [id, bookId] });
  return row ? toPayment(db, row) : null;
}

export function requirePayment(db: AnyDB, bookId: string, id: string): Payment {
  const payment = findPayment(db, bookId, id);
  if (!payment) throw notFound('找不到该支付申请', { paymentId: id });
  return payment;
}

export function listPayments(db: AnyDB, bookId: string, filter: { year?: number; status?: PaymentStatus; indicatorId?: string }): Payment[] {
  // Optional filters as bound parameters: a NULL parameter switches its condition off.
  return db
    .all<PaymentRow>({
      text: `${selectPayments} WHERE p.book_id = ? AND (? IS NULL OR i.year = ?) AND (? IS NULL OR p.status = ?) AND (? IS NULL OR p.indicator_id = ?)
             ORDER BY p.applied_date, p.applied_at, p.id`,
      params: [bookId, filter.year ?? null, filter.year ?? null, filter.status ?? null, filter.status ?? null, filter.indicatorId ?? null, filter.indicatorId ?? null],
    })
    .map((r) => toPayment(db, r));
}

function step(payment: Payment, action: PaymentAction): PaymentStatus {
  const result = transition(paymentMachine, payment.status, action, `${payment.purpose}（${formatFen(payment.amount)} 元）`);
  if (!result.ok) throw ruleViolation(result.message);
  return result.to;
}

/**
 * 支付申请. The element check, the available-balance check and the 冻结 that holds the amount
 * are one IMMEDIATE transaction: two requests racing for the same indicator are serialised
 * by SQLite, and the second sees the first one's freeze.
 */
export function createPayment(ctx: CoreContext, book: Book, input: PaymentCreateInput): Payment {
  const user = requireUser(ctx);
  const at = stampOf(ctx);
  ctx.write.transaction((db) => {
    const existing = db.get<{ book_id: string; indicator_id: string; amount: number }>(sql`SELECT book_id, indicator_id, amount FROM budget_payment WHERE id = ${input.id}`);
    if (existing) {
      // A retried request (same id, same content) is answered with what was saved.
      if (existing.book_id === book.id && existing.indicator_id === input.indicatorId && existing.amount === input.amount) return;
      throw new AppError('CONFLICT', '支付申请标识已被另一笔申请使用');
    }
    const indicator = requireIndicator(db, book.id, input.indicatorId);
    if (indicator.projectId) {
      const status = db.get<{ status: string; name: string }>(sql`SELECT status, name FROM budget_project WHERE id = ${indicator.projectId}`)!;
      if (status.status !== '执行中') throw ruleViolation(`项目“${status.name}”当前状态为“${status.status}”，不能再支付`);
    }
    const mismatches = elementMismatches(input.elements, elementsOf(indicator));
    if (mismatches.length > 0) throw ruleViolation(mismatchMessage(mismatches, indicator.label), { mismatches });
    const appliedDate = input.date ?? dateWithinYear(localDate(ctx.now()), indicator.year);
    requireDateInYear(appliedDate, indicator.year, '申请日期');
    requireAvailable(db, indicator, input.amount, '支付');
    db.run(sql`
      INSERT INTO budget_payment (id, book_id, indicator_id, amount, payee_name, payee_account, payee_bank, purpose, status, applied_date, applied_by, applied_at)
      VALUES (${input.id}, ${book.id}, ${indicator.id}, ${input.amount}, ${input.payee.name}, ${input.payee.account}, ${input.payee.bank},
              ${input.purpose}, '申请', ${appliedDate}, ${user.id}, ${at})`);
    addMovement(db, { bookId: book.id, indicatorId: indicator.id, kind: '冻结', amount: input.amount, date: appliedDate, refKind: 'payment', refId: input.id, summary: `支付申请在途：${input.purpose}`, userId: user.id, at });
    logEvent(db, { bookId: book.id, entity: 'payment', entityId: input.id, action: '申请', from: null, to: '申请', userId: user.id, at });
  });
  return requirePayment(ctx.read, book.id, input.id);
}

export function reviewPayment(ctx: CoreContext, book: Book, id: string): Payment {
  const user = requireUser(ctx);
  const at = stampOf(ctx);
  ctx.write.transaction((db) => {
    const payment = requirePayment(db, book.id, id);
    const to = step(payment, 'review');
    if (payment.appliedBy.id === user.id) throw new AppError('FORBIDDEN', '不能审核自己提交的支付申请，请由其他审核人员审核');
    if (user.roles.includes('cashier')) throw new AppError('FORBIDDEN', '出纳不能审核支付申请（不相容职务分离）');
    db.run(sql`UPDATE budget_payment SET status = ${to}, reviewed_by = ${user.id}, reviewed_at = ${at} WHERE id = ${id}`);
    logEvent(db, { bookId: book.id, entity: 'payment', entityId: id, action: '审核', from: payment.status, to, userId: user.id, at });
  });
  return requirePayment(ctx.read, book.id, id);
}

/** 退回 before payment: the request ends and its 冻结 is released. */
export function returnPayment(ctx: CoreContext, book: Book, id: string, reason: string, date?: string): Payment {
  const user = requireUser(ctx);
  const at = stampOf(ctx);
  ctx.write.transaction((db) => {
    const payment = requirePayment(db, book.id, id);
    const to = step(payment, 'return');
    db.run(sql`UPDATE budget_payment SET status = ${to}, returned_by = ${user.id}, return_reason = ${reason} WHERE id = ${id}`);
    // Dated today unless told; never before the hold it releases.
    const today = dateWithinYear(localDate(ctx.now()), payment.elements.year);
    const on = date ?? (today < payment.appliedDate ? payment.appliedDate : today);
    requireDateInYear(on, payment.elements.year, '退回日期');
    if (on < payment.appliedDate) throw ruleViolation(`退回日期 ${on} 不能早于申请日期 ${payment.appliedDate}`);
    releaseHold(db, book, payment, on, `退回支付申请：${reason}`, user.id, at);
    logEvent(db, { bookId: book.id, entity: 'payment', entityId: id, action: '退回', from: payment.status, to, reason, userId: user.id, at });
  });
  return requirePayment(ctx.read, book.id, id);
}

/** Releases what the request still holds frozen (its whole amount unless something is badly wrong). */
function releaseHold(db: WritableDB, book: Book, payment: Payment, date: string, summary: string, userId: string, at: string): void {
  const held = db.get<{ held: number | null }>(sql`SELECT sum(frozen_delta) AS held FROM budget_indicator_movement WHERE ref_kind = 'payment' AND ref_id = ${payment.id}`)?.held ?? 0;
  if (held !== payment.amount) {
    throw ruleViolation(`支付申请的在途冻结金额 ${formatFen(held)} 元与申请金额 ${formatFen(payment.amount)} 元不一致，请联系技术支持`, { paymentId: payment.id, held });
  }
  addMovement(db, { bookId: book.id, indicatorId: payment.indicatorId, kind: '解冻', amount: held, date, refKind: 'payment', refId: payment.id, summary, userId, at });
}

/**
 * 确认支付: in ONE transaction the hold becomes a payment in the indicator ledger and the
 * voucher is written, already posted, on both tracks — so the ledger and the indicator
 * ledger can never disagree about whether this money went out.
 */
export function confirmPayment(ctx: CoreContext, book: Book, input: { id: string; voucherId: string; date: string }): Payment {
  const user = requireUser(ctx);
  const at = stampOf(ctx);
  ctx.write.transaction((db) => {
    const payment = requirePayment(db, book.id, input.id);
    if (payment.status === '已支付' && payment.voucherId === input.voucherId) return; // a retried confirmation
    const to = step(payment, 'pay');
    if (payment.reviewedBy?.id === user.id) throw new AppError('FORBIDDEN', '审核人不能同时确认支付（不相容职务分离）');
    const indicator = requireIndicator(db, book.id, payment.indicatorId);
    const quotaWithPayment = indicator.payMethod === '授权支付' && monitoringSettings(db, book.id).quotaArrival === 'withPayment';
    requireDateInYear(input.date, indicator.year, '支付日期');
    if (input.date < payment.appliedDate) throw ruleViolation(`支付日期 ${input.date} 不能早于申请日期 ${payment.appliedDate}`);
    if (db.get(sql`SELECT 1 FROM voucher WHERE id = ${input.voucherId}`)) throw new AppError('CONFLICT', '凭证标识已被使用，请重新确认支付');

    releaseHold(db, book, payment, input.date, `支付：${payment.purpose}`, user.id, at);
    // Re-checked although the hold guaranteed it: the invariant is cheap and the stakes are money.
    requireAvailable(db, indicator, payment.amount, '支付');
    addMovement(db, { bookId: book.id, indicatorId: indicator.id, kind: '支付', amount: payment.amount, date: input.date, refKind: 'payment', refId: payment.id, summary: `支付：${payment.purpose}（${payment.payee.name}）`, userId: user.id, at });

    const chart = indicator.payMethod === '直接支付' || quotaWithPayment ? chartWithFundAccount(db, book.id, indicator.fundNature) : loadLedgerChart(db, book.id);
    const planned = paymentVoucherLines(
      {
        payMethod: indicator.payMethod,
        amount: payment.amount,
        funcCode: indicator.funcCode,
        econDepCode: indicator.econDepCode,
        econGovCode: indicator.econGovCode,
        projectCode: indicator.projectCode,
        fundNature: indicator.fundNature,
        unitType: book.unitType,
        summary: `${indicator.payMethod === '直接支付' ? '财政直接支付' : '零余额账户支付'}：${payment.purpose}`,
      },
      chart,
      { quotaWithPayment },
    );
    if (!planned.ok) throw ruleViolation(planned.message);
    writeVoucher(db, book, user, { id: input.voucherId, word: book.voucherWords === 'single' ? '记' : '付', date: input.date, attachments: 1, lines: planned.lines }, { kind: 'normal', postedBy: user.id }, chart, ctx.now());
    // The payment's reviewer reviewed what this voucher records: the voucher shows it.
    db.run(sql`UPDATE voucher SET reviewed_by = ${payment.reviewedBy!.id}, reviewed_at = ${payment.reviewedAt} WHERE id = ${input.voucherId}`);
    db.run(sql`UPDATE budget_payment SET status = ${to}, paid_by = ${user.id}, paid_at = ${at}, pay_date = ${input.date}, voucher_id = ${input.voucherId} WHERE id = ${payment.id}`);
    db.run(sql`
      INSERT INTO budget_payment_voucher (voucher_id, payment_id, indicator_id, direct_fund, role)
      VALUES (${input.voucherId}, ${payment.id}, ${indicator.id}, ${indicator.directFund ? 1 : 0}, '支付')`);
    logEvent(db, { bookId: book.id, entity: 'payment', entityId: payment.id, action: '确认支付', from: payment.status, to, userId: user.id, at });
  });
  return requirePayment(ctx.read, book.id, input.id);
}

/**
 * 资金退回: paid money came back (wrong account, project cancelled). The indicator gets it back
 * (退回 +) and the payment voucher is red-reversed, posted, in the same transaction.
 */
export function refundPayment(ctx: CoreContext, book: Book, input: { id: string; voucherId: string; date: string; reason: string }): Payment {
  const user = requireUser(ctx);
  const at = stampOf(ctx);
  ctx.write.transaction((db) => {
    const payment = requirePayment(db, book.id, input.id);
    if (payment.status === '已退款' && payment.refundVoucherId === input.voucherId) return;
    const to = step(payment, 'refund');
    requireDateInYear(input.date, payment.elements.year, '退回日期');
    if (input.date < payment.payDate!) throw ruleViolation(`退回日期 ${input.date} 不能早于支付日期 ${payment.payDate}`);
    if (db.get(sql`SELECT 1 FROM voucher WHERE id = ${input.voucherId}`)) throw new AppError('CONFLICT', '凭证标识已被使用');
    // The status comes first: the database lets a payment voucher be reversed only for a 资金退回.
    db.run(sql`UPDATE budget_payment SET status = ${to}, refund_date = ${input.date}, refund_reason = ${input.reason} WHERE id = ${payment.id}`);
    const original = requireVoucher(db, book.id, payment.voucherId!);
    const lines = redReversalLines(
      original.lines.map((l) => ({ summary: l.summary, accountCode: l.accountCode, debit: l.debit, credit: l.credit, dims: l.dims })),
      (l) => `资金退回：${l.summary}`.slice(0, 100),
    );
    const chart = loadLedgerChart(db, book.id);
    writeVoucher(db, book, user, { id: input.voucherId, word: original.word, date: input.date, attachments: 1, lines }, { kind: 'redReversal', reversesId: original.id, parallelReason: `资金退回：${input.reason}`, postedBy: user.id }, chart, ctx.now());
    db.run(sql`UPDATE budget_payment SET refund_voucher_id = ${input.voucherId} WHERE id = ${payment.id}`);
    db.run(sql`
      INSERT INTO budget_payment_voucher (voucher_id, payment_id, indicator_id, direct_fund, role)
      VALUES (${input.voucherId}, ${payment.id}, ${payment.indicatorId}, ${payment.elements.directFund ? 1 : 0}, '资金退回')`);
    addMovement(db, { bookId: book.id, indicatorId: payment.indicatorId, kind: '退回', amount: payment.amount, date: input.date, refKind: 'payment', refId: payment.id, summary: `资金退回：${input.reason}`, userId: user.id, at });
    logEvent(db, { bookId: book.id, entity: 'payment', entityId: payment.id, action: '资金退回', from: payment.status, to, reason: input.reason, userId: user.id, at });
  });
  return requirePayment(ctx.read, book.id, input.id);
}
