import type { TrialBalance, TrialBalanceRow, Track } from '../../../../shared/api';
import { TRACK_LABELS } from '../../../../shared/domain/ledger';

export type Amounts = Omit<TrialBalanceRow, 'code' | 'name' | 'level' | 'track' | 'isLeaf'>;

export type BalanceLine =
  | ({ kind: 'account'; key: string } & TrialBalanceRow)
  | ({ kind: 'group'; key: string; track: Track; name: string } & Partial<Amounts>)
  | ({ kind: 'total'; key: string; track: Track; name: string; balanced: boolean } & Amounts);

export const AMOUNT_KEYS: readonly (keyof Amounts)[] = [
  'openingDebit',
  'openingCredit',
  'periodDebit',
  'periodCredit',
  'ytdDebit',
  'ytdCredit',
  'closingDebit',
  'closingCredit',
];

function isBalanced(total: Amounts): boolean {
  return (
    total.openingDebit === total.openingCredit &&
    total.periodDebit === total.periodCredit &&
    total.ytdDebit === total.ytdCredit &&
    total.closingDebit === total.closingCredit
  );
}

/** 财务会计 then 预算会计, each with a heading and its own 合计 (each track balances on its own). */
export function balanceLines(data: TrialBalance, levelOne: boolean): BalanceLine[] {
  const lines: BalanceLine[] = [];
  for (const track of ['financial', 'budget'] as const) {
    const rows = data.rows.filter((row) => row.track === track && (!levelOne || row.level === 1));
    lines.push({ kind: 'group', key: `group-${track}`, track, name: TRACK_LABELS[track] });
    for (const row of rows) lines.push({ kind: 'account', key: row.code, ...row });
    const total = data.totals[track];
    lines.push({ kind: 'total', key: `total-${track}`, track, name: `${TRACK_LABELS[track]}合计`, balanced: isBalanced(total), ...total });
  }
  return lines;
}
