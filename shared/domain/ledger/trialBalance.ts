/**
 * 科目余额表 as a pure function of the chart and per-account sums, so the township app (from
 * its per-month movements) and the county server (from the posted lines it received) compute
 * it with the same code, and the period-close digest of one can be checked against the other.
 */
import { ancestorCodes } from './accountCodes';
import type { DebitCredit, Track } from './types';

export interface TrialBalanceAccount {
  code: string;
  name: string;
  level: number;
  track: Track;
  /** No enabled sub-account. */
  isLeaf: boolean;
}

/** Per account code, from posted movements up to and including the period. */
export interface TrialBalanceSums {
  /** Net debit (debit − credit) of all months before the period. */
  opening: number;
  period: DebitCredit;
  /** The period's year, January to the period. */
  ytd: DebitCredit;
}

export interface TrialBalanceRowData {
  code: string;
  name: string;
  level: number;
  track: Track;
  isLeaf: boolean;
  openingDebit: number;
  openingCredit: number;
  periodDebit: number;
  periodCredit: number;
  ytdDebit: number;
  ytdCredit: number;
  closingDebit: number;
  closingCredit: number;
}

export type TrialBalanceAmounts = Omit<TrialBalanceRowData, 'code' | 'name' | 'level' | 'track' | 'isLeaf'>;

export interface TrialBalanceData {
  year: number;
  month: number;
  rows: TrialBalanceRowData[];
  totals: Record<Track, TrialBalanceAmounts>;
}

const zero = (): TrialBalanceAmounts => ({
  openingDebit: 0, openingCredit: 0, periodDebit: 0, periodCredit: 0,
  ytdDebit: 0, ytdCredit: 0, closingDebit: 0, closingCredit: 0,
});

/** A net balance shown on its side: debit when positive, credit when negative. */
function sides(net: number): [number, number] {
  return net >= 0 ? [net, 0] : [0, -net];
}

/**
 * Leaf figures come from the sums; parents are the sums of their children (by 4-2-2 code),
 * and each track's first-level totals must balance on their own. `accounts` in code order;
 * accounts with nothing at all are left out.
 */
export function computeTrialBalance(
  accounts: readonly TrialBalanceAccount[],
  sums: ReadonlyMap<string, TrialBalanceSums>,
  year: number,
  month: number,
): TrialBalanceData {
  const net = new Map<string, { opening: number; pd: number; pc: number; yd: number; yc: number }>();
  const touch = (code: string) => {
    let entry = net.get(code);
    if (!entry) net.set(code, (entry = { opening: 0, pd: 0, pc: 0, yd: 0, yc: 0 }));
    return entry;
  };
  for (const [code, s] of sums) {
    for (const target of [code, ...ancestorCodes(code)]) {
      const e = touch(target);
      e.opening += s.opening;
      e.pd += s.period.debit;
      e.pc += s.period.credit;
      e.yd += s.ytd.debit;
      e.yc += s.ytd.credit;
    }
  }

  const rows: TrialBalanceRowData[] = [];
  const totals = { financial: zero(), budget: zero() };
  for (const account of accounts) {
    const e = net.get(account.code);
    if (!e) continue;
    if (e.opening === 0 && e.pd === 0 && e.pc === 0 && e.yd === 0 && e.yc === 0) continue;
    const closing = e.opening + e.pd - e.pc;
    const [openingDebit, openingCredit] = sides(e.opening);
    const [closingDebit, closingCredit] = sides(closing);
    const row: TrialBalanceRowData = {
      code: account.code,
      name: account.name,
      level: account.level,
      track: account.track,
      isLeaf: account.isLeaf,
      openingDebit, openingCredit,
      periodDebit: e.pd, periodCredit: e.pc,
      ytdDebit: e.yd, ytdCredit: e.yc,
      closingDebit, closingCredit,
    };
    rows.push(row);
    if (account.level === 1) {
      const t = totals[account.track];
      for (const key of Object.keys(t) as (keyof TrialBalanceAmounts)[]) t[key] += row[key];
    }
  }
  return { year, month, rows, totals };
}

/** Per-month movement of one account (posted vouchers only), as both sides store it. */
export interface MonthlyMovement {
  accountCode: string;
  year: number;
  month: number;
  debit: number;
  credit: number;
}

/** The sums `computeTrialBalance` reads, from monthly movements (later months are ignored). */
export function sumsFromMovements(movements: Iterable<MonthlyMovement>, year: number, month: number): Map<string, TrialBalanceSums> {
  const out = new Map<string, TrialBalanceSums>();
  for (const m of movements) {
    const before = m.year < year || (m.year === year && m.month < month);
    const within = m.year === year && m.month === month;
    if (!before && !within) continue;
    let s = out.get(m.accountCode);
    if (!s) out.set(m.accountCode, (s = { opening: 0, period: { debit: 0, credit: 0 }, ytd: { debit: 0, credit: 0 } }));
    if (before) s.opening += m.debit - m.credit;
    if (within) {
      s.period.debit += m.debit;
      s.period.credit += m.credit;
    }
    if (m.year === year) {
      s.ytd.debit += m.debit;
      s.ytd.credit += m.credit;
    }
  }
  return out;
}

/**
 * The figures a 科目余额表 digest covers: per row, code, track and the eight amounts, in code
 * order. Names and leaf flags are left out: renaming an account after closing changes no figure.
 */
export function trialBalanceFigures(tb: TrialBalanceData): (string | number)[][] {
  return tb.rows.map((r) => [
    r.code, r.track,
    r.openingDebit, r.openingCredit, r.periodDebit, r.periodCredit, r.ytdDebit, r.ytdCredit, r.closingDebit, r.closingCredit,
  ]);
}
