import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accumulate } from './balances';
import { dualTrackVoucher } from './fixtures/arbitraries';
import { leafCodes, seedLedgerAccounts } from './fixtures/seedChart';
import { redReversalLines } from './reversal';
import { validateVoucherLines } from './voucherRules';

const accounts = seedLedgerAccounts();

describe('红字冲销', () => {
  it('repeats the lines with negative amounts on the same side', () => {
    const original = [
      { summary: '付办公用品费', accountCode: '5001', debit: 320000, credit: 0 },
      { summary: '付办公用品费', accountCode: '1011', debit: 0, credit: 320000 },
    ];
    expect(redReversalLines(original, (l) => `冲销：${l.summary}`)).toEqual([
      { summary: '冲销：付办公用品费', accountCode: '5001', debit: -320000, credit: 0 },
      { summary: '冲销：付办公用品费', accountCode: '1011', debit: 0, credit: -320000 },
    ]);
  });

  it('nets the original to zero on both debit and credit totals, and validates as a reversal', () => {
    fc.assert(
      fc.property(dualTrackVoucher(leafCodes(accounts, 'financial'), leafCodes(accounts, 'budget')), (original) => {
        const reversal = redReversalLines(original);
        expect(validateVoucherLines(reversal, accounts, { kind: 'redReversal' }).errors).toEqual([]);
        expect(validateVoucherLines(reversal, accounts).errors.map((e) => e.code)).toContain('AMOUNT_NEGATIVE');
        for (const [code, dc] of accumulate([...original, ...reversal])) {
          expect(dc, code).toEqual({ debit: 0, credit: 0 });
          expect(Object.is(dc.debit, -0) || Object.is(dc.credit, -0)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
