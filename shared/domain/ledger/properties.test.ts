import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accumulate, firstLevelBalances, netDebit, rollUp } from './balances';
import { dualTrackVoucher } from './fixtures/arbitraries';
import { leafCodes, seedLedgerAccounts } from './fixtures/seedChart';
import { statementDefinitions } from './statementRegistry';
import { createBalanceLookup, evaluateStatement } from './statements';
import { trackTotals, validateVoucherLines } from './voucherRules';

const accounts = seedLedgerAccounts();
const financialLeaves = leafCodes(accounts, 'financial');
const budgetLeaves = leafCodes(accounts, 'budget');
/** Budget sub-accounts that only closing vouchers post to (本年收支结转, 累计结转/结余, 结转转入). */
const CLOSING_ONLY = ['810106', '810107', '810204', '810205', '820104', '820105', '820203', '820204'];
const ordinaryBudgetLeaves = budgetLeaves.filter((c) => !CLOSING_ONLY.includes(c));
const openingFinancialLeaves = financialLeaves.filter((c) => /^[12]/.test(c) || ['3001', '3101', '3201'].includes(c));
const openingBudgetLeaves = budgetLeaves.filter((c) => c.startsWith('8'));

describe('random balanced dual-track vouchers', () => {
  it('pass validation and keep each track’s totals equal', () => {
    fc.assert(
      fc.property(dualTrackVoucher(financialLeaves, budgetLeaves), (lines) => {
        const { errors } = validateVoucherLines(lines, accounts);
        expect(errors).toEqual([]);
        const totals = trackTotals(lines, accounts);
        expect(totals.financial.debit).toBe(totals.financial.credit);
        expect(totals.budget.debit).toBe(totals.budget.credit);
      }),
      { numRuns: 300 },
    );
  });

  it('roll up without losing or creating money', () => {
    fc.assert(
      fc.property(fc.array(dualTrackVoucher(financialLeaves, budgetLeaves), { maxLength: 6 }), (vouchers) => {
        const leaves = accumulate(vouchers.flat());
        const sum = (m: Map<string, { debit: number; credit: number }>) =>
          [...m.values()].reduce((acc, dc) => ({ debit: acc.debit + dc.debit, credit: acc.credit + dc.credit }), { debit: 0, credit: 0 });
        expect(sum(firstLevelBalances(leaves))).toEqual(sum(leaves));
        const rolled = rollUp(leaves);
        for (const [code, dc] of rolled) {
          const children = [...leaves].filter(([c]) => c.startsWith(code));
          expect(netDebit(dc)).toBe(children.reduce((acc, [, v]) => acc + netDebit(v), 0));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('every statement check holds for any balanced postings', () => {
    fc.assert(
      fc.property(
        fc.array(dualTrackVoucher(financialLeaves, ordinaryBudgetLeaves), { minLength: 1, maxLength: 8 }),
        // Earlier years leave balances only on balance-sheet-type accounts (revenue,
        // expenditure and the yearly net-asset accounts were closed).
        fc.array(dualTrackVoucher(openingFinancialLeaves, openingBudgetLeaves), { maxLength: 4 }),
        (thisYear, priorYears) => {
          const openingBalances = accumulate(priorYears.flat());
          const ytd = accumulate(thisYear.flat());
          const closing = accumulate([...priorYears.flat(), ...thisYear.flat()]);
          const lookup = createBalanceLookup({ opening: openingBalances, closing, period: ytd, ytd });
          for (const def of statementDefinitions) {
            const failed = evaluateStatement(def, lookup).checks.filter((c) => !c.pass);
            expect(failed, def.id).toEqual([]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
