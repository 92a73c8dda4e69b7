/**
 * Balance arithmetic in integer fen. Inputs are accumulated postings per account code (each
 * code's own postings, not already rolled up); outputs are fresh maps.
 */
import { assertFen } from '../money';
import { ancestorCodes } from './accountCodes';
import type { DebitCredit, NormalBalance, Posting } from './types';

function checkedSum(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError('余额合计超出允许范围');
  return sum;
}

/** Balance on the account's normal side: debit-normal → debit − credit, credit-normal → credit − debit. */
export function signedBalance(debit: number, credit: number, normalBalance: NormalBalance): number {
  return normalBalance === 'debit' ? debit - credit : credit - debit;
}

/** debit − credit: the sign convention of statement balance look-ups. */
export function netDebit(balance: DebitCredit): number {
  return balance.debit - balance.credit;
}

/**
 * Sums postings per account code into debit and credit totals (发生额). Red-ink lines
 * (negative amounts) reduce the side they are on.
 */
export function accumulate(postings: Iterable<Posting>): Map<string, DebitCredit> {
  const out = new Map<string, DebitCredit>();
  for (const p of postings) {
    assertFen(p.debit);
    assertFen(p.credit);
    const current = out.get(p.accountCode);
    if (current) {
      current.debit = checkedSum(current.debit, p.debit);
      current.credit = checkedSum(current.credit, p.credit);
    } else {
      out.set(p.accountCode, { debit: p.debit, credit: p.credit });
    }
  }
  return out;
}

/** Adds two balance maps code by code (e.g. opening balances + period postings). */
export function addBalances(
  a: ReadonlyMap<string, DebitCredit>,
  b: ReadonlyMap<string, DebitCredit>,
): Map<string, DebitCredit> {
  const out = new Map<string, DebitCredit>();
  for (const map of [a, b]) {
    for (const [code, dc] of map) {
      const current = out.get(code);
      out.set(
        code,
        current
          ? { debit: checkedSum(current.debit, dc.debit), credit: checkedSum(current.credit, dc.credit) }
          : { debit: dc.debit, credit: dc.credit },
      );
    }
  }
  return out;
}

/**
 * Rolls balances up to every ancestor by 4-2-2 code prefix (up to the first level). The
 * result holds each input code plus its ancestors. With `accounts`, ancestors that are not
 * in the chart are skipped (a chart may jump from 4 to 8 digits). A code that has postings
 * of its own and children adds both.
 */
export function rollUp(
  balances: ReadonlyMap<string, DebitCredit>,
  accounts?: ReadonlyMap<string, unknown>,
): Map<string, DebitCredit> {
  const out = new Map<string, DebitCredit>();
  const add = (code: string, dc: DebitCredit): void => {
    const current = out.get(code);
    if (current) {
      current.debit = checkedSum(current.debit, dc.debit);
      current.credit = checkedSum(current.credit, dc.credit);
    } else {
      out.set(code, { debit: dc.debit, credit: dc.credit });
    }
  };
  for (const [code, dc] of balances) {
    add(code, dc);
    for (const ancestor of ancestorCodes(code)) {
      if (!accounts || accounts.has(ancestor)) add(ancestor, dc);
    }
  }
  return out;
}

/** Only the first-level (4-digit) totals, as in 总账 and a first-level 科目余额表. */
export function firstLevelBalances(balances: ReadonlyMap<string, DebitCredit>): Map<string, DebitCredit> {
  const out = new Map<string, DebitCredit>();
  for (const [code, dc] of rollUp(balances)) if (code.length === 4) out.set(code, dc);
  return out;
}

export type BalanceSide = '借' | '贷' | '平';

/** Direction and amount of a balance as printed in books: 借 / 贷 / 平 (amount ≥ 0). */
export function closingSide(debit: number, credit: number): { side: BalanceSide; amount: number } {
  const net = debit - credit;
  if (net > 0) return { side: '借', amount: net };
  if (net < 0) return { side: '贷', amount: -net };
  return { side: '平', amount: 0 };
}
