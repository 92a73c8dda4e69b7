import type { TrialBalance, TrialBalanceRow } from '../../../shared/api/types';
import { ancestorCodes } from '../../../shared/domain/ledger/accountCodes';
import type { ReadableDB } from '../db/handles';
import { sql } from '../db/sql';
import { movementSums } from './balances';

type Amounts = Omit<TrialBalanceRow, 'code' | 'name' | 'level' | 'track' | 'isLeaf'>;
const zero = (): Amounts => ({
  openingDebit: 0, openingCredit: 0, periodDebit: 0, periodCredit: 0,
  ytdDebit: 0, ytdCredit: 0, closingDebit: 0, closingCredit: 0,
});

/** A net balance shown on its side: debit when positive, credit when negative. */
function sides(net: number): [number, number] {
  return net >= 0 ? [net, 0] : [0, -net];
}

/**
 * 科目余额表. Leaf figures come from per-month movements; parents are the sums of their
 * children (by 4-2-2 code), and each track's first-level totals must balance on their own.
 */
export function trialBalance(db: ReadableDB, bookId: string, year: number, month: number): TrialBalance {
  const sums = movementSums(db, bookId, year, month);
  const accounts = db.all<{ code: string; name: string; level: number; track: 'financial' | 'budget'; is_leaf: number }>(sql`
    SELECT a.code, a.name, a.level, a.track,
           NOT EXISTS (SELECT 1 FROM account c WHERE c.book_id = a.book_id AND c.parent_code = a.code AND c.enabled = 1) AS is_leaf
    FROM account a WHERE a.book_id = ${bookId} ORDER BY a.code`);

  // Net figures per code, accumulated into every ancestor.
  const net = new Map<string, { opening: number; pd: number; pc: number; yd: number; yc: number }>();
  const touch = (code: string) => {
    let entry = net.get(code);
    if (!entry) net.set(code, (entry = { opening: 0, pd: 0, pc: 0, yd: 0, yc: 0 }));
    return entry;
  };
  const codes = new Set([...sums.opening.keys(), ...sums.ytd.keys()]);
  for (const code of codes) {
    const opening = sums.opening.get(code) ?? 0;
    const period = sums.period.get(code) ?? { debit: 0, credit: 0 };
    const ytd = sums.ytd.get(code) ?? { debit: 0, credit: 0 };
    for (const target of [code, ...ancestorCodes(code)]) {
      const e = touch(target);
      e.opening += opening;
      e.pd += period.debit;
      e.pc += period.credit;
      e.yd += ytd.debit;
      e.yc += ytd.credit;
    }
  }

  const rows: TrialBalanceRow[] = [];
  const totals = { financial: zero(), budget: zero() };
  for (const account of accounts) {
    const e = net.get(account.code);
    if (!e) continue;
    const closing = e.opening + e.pd - e.pc;
    if (e.opening === 0 && e.pd === 0 && e.pc === 0 && e.yd === 0 && e.yc === 0) continue;
    const [openingDebit, openingCredit] = sides(e.opening);
    const [closingDebit, closingCredit] = sides(closing);
    const row: TrialBalanceRow = {
      code: account.code,
      name: account.name,
      level: account.level,
      track: account.track,
      isLeaf: account.is_leaf === 1,
      openingDebit, openingCredit,
      periodDebit: e.pd, periodCredit: e.pc,
      ytdDebit: e.yd, ytdCredit: e.yc,
      closingDebit, closingCredit,
    };
    rows.push(row);
    if (account.level === 1) {
      const t = totals[account.track];
      for (const key of Object.keys(t) as (keyof Amounts)[]) t[key] += row[key];
    }
  }
  return { year, month, rows, totals };
}
