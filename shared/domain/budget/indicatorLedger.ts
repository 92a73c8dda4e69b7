/**
 * 指标台账 arithmetic. Every movement is a row that moves exactly one balance; balances are
 * sums of movements, never stored:
 *   可执行 = Σ 下达 + Σ 调整 + Σ 调剂;  冻结 = Σ 冻结 − Σ 解冻;  已支付 = Σ 支付 − Σ 退回;
 *   可用 = 可执行 − 已支付 − 冻结.
 * A payment request holds its amount as 冻结 (在途) from 申请 until it is paid or sent back,
 * so two requests can never both spend the same yuan.
 */
import { formatFen, type Fen } from '../money';
import type { MovementKind } from './types';

export interface MovementDeltas {
  executable: Fen;
  frozen: Fen;
  paid: Fen;
}

export interface IndicatorBalance {
  executable: Fen;
  frozen: Fen;
  paid: Fen;
  available: Fen;
}

/**
 * The balance deltas of a movement. `amount` is positive for every kind except 调整 and
 * 调剂, whose sign says increase (+) or decrease (−).
 */
export function movementDeltas(kind: MovementKind, amount: Fen): MovementDeltas {
  const zero: MovementDeltas = { executable: 0, frozen: 0, paid: 0 };
  switch (kind) {
    case '下达':
      return { ...zero, executable: amount };
    case '调整':
    case '调剂':
      return { ...zero, executable: amount };
    case '冻结':
      return { ...zero, frozen: amount };
    case '解冻':
      return { ...zero, frozen: -amount };
    case '支付':
      return { ...zero, paid: amount };
    case '退回':
      return { ...zero, paid: -amount };
  }
}

/** Whether the amount's sign suits the kind (the database checks the same). */
export function movementAmountProblem(kind: MovementKind, amount: Fen): string | null {
  if (!Number.isSafeInteger(amount)) return '金额必须是以“分”为单位的整数';
  if (kind === '调整' || kind === '调剂') return amount === 0 ? `${kind}金额不能为零` : null;
  return amount > 0 ? null : `${kind}金额必须大于零`;
}

export function balanceOf(deltas: Iterable<MovementDeltas>): IndicatorBalance {
  let executable = 0;
  let frozen = 0;
  let paid = 0;
  for (const d of deltas) {
    executable += d.executable;
    frozen += d.frozen;
    paid += d.paid;
  }
  return { executable, frozen, paid, available: executable - paid - frozen };
}

/** Invariants of a balance; an empty list means sound. */
export function balanceProblems(b: IndicatorBalance): string[] {
  const problems: string[] = [];
  if (b.available !== b.executable - b.paid - b.frozen) problems.push('可用余额不等于可执行减已支付减冻结');
  if (b.executable < 0) problems.push(`可执行指标为负（${formatFen(b.executable)}）`);
  if (b.frozen < 0) problems.push(`冻结金额为负（${formatFen(b.frozen)}）`);
  if (b.paid < 0) problems.push(`已支付金额为负（${formatFen(b.paid)}）`);
  if (b.available < 0) problems.push(`可用余额为负（${formatFen(b.available)}）`);
  return problems;
}

export interface SpendRefusal {
  message: string;
  available: Fen;
  requested: Fen;
  shortfall: Fen;
}

/**
 * Whether `amount` may be taken from the available balance (a payment, a freeze, a 调减).
 * The refusal names the indicator, the available amount and the shortfall.
 */
export function checkAvailable(
  balance: IndicatorBalance,
  amount: Fen,
  indicatorLabel: string,
  action = '支付',
): SpendRefusal | null {
  if (amount <= balance.available) return null;
  const shortfall = amount - balance.available;
  return {
    message: `指标${indicatorLabel}可用余额不足：可用 ${formatFen(balance.available)} 元，本次${action} ${formatFen(amount)} 元，差额 ${formatFen(shortfall)} 元`,
    available: balance.available,
    requested: amount,
    shortfall,
  };
}
