/**
 * 红字冲销 (red-ink reversal). Posted vouchers never change (domain.md §6): an error is
 * corrected by a new voucher that repeats the original lines with NEGATIVE amounts on the
 * SAME side, which is the Chinese convention (红字 = negative). Unlike a swapped-side
 * reversal, this also cancels the 发生额 (turnover) columns of the 科目余额表: original +
 * reversal leave both debit and credit totals of every account at zero.
 * Validate such a voucher with `validateVoucherLines(lines, accounts, { kind: 'redReversal' })`.
 */
import type { VoucherLineInput } from './types';

const negate = (fen: number): number => (fen === 0 ? 0 : -fen);

export function redReversalLines(
  original: readonly VoucherLineInput[],
  summaryOf: (line: VoucherLineInput) => string = (line) => line.summary,
): VoucherLineInput[] {
  return original.map((line) => {
    const reversed: VoucherLineInput = {
      summary: summaryOf(line),
      accountCode: line.accountCode,
      debit: negate(line.debit),
      credit: negate(line.credit),
    };
    if (line.dims) reversed.dims = { ...line.dims };
    return reversed;
  });
}
