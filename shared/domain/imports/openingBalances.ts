/**
 * 期初余额导入: one row per leaf account (and dimension combination) with its balance at the
 * book's start, and for a mid-year start the year's debits and credits before it. Each track
 * must balance on its own: 财务会计 Σ借 = Σ贷 (资产 = 负债 + 净资产), 预算会计 likewise.
 */
import { formatFen } from '../money';
import type { Period } from '../period';
import { validateDims, type ClassificationCodeSets } from '../ledger/dimensions';
import type { Dimensions, LedgerAccount, Track } from '../ledger/types';
import { TRACK_LABELS } from '../ledger/types';
import { accountCodeOf, amountOf, rowDimensions } from './vouchers';
import { atRow, type ImportProblem, type MappedRow } from './sheet';

export interface OpeningLine {
  row: number;
  accountCode: string;
  track: Track;
  dims: Dimensions;
  /** Net debit (negative: a credit balance) at the start of the book's first period. */
  openingNet: number;
  /** The year's movements before the start (mid-year start only). */
  ytdDebit: number;
  ytdCredit: number;
}

export interface OpeningTotals {
  openingDebit: number;
  openingCredit: number;
  ytdDebit: number;
  ytdCredit: number;
}

export interface OpeningImportResult {
  lines: OpeningLine[];
  totals: Record<Track, OpeningTotals>;
  problems: ImportProblem[];
}

export interface OpeningImportView {
  chart: ReadonlyMap<string, LedgerAccount>;
  classificationCodes: ClassificationCodeSets;
  start: Period;
}

export const dimsKey = (dims: Dimensions) =>
  Object.entries(dims)
    .filter(([, v]) => v)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');

const zeroTotals = (): OpeningTotals => ({ openingDebit: 0, openingCredit: 0, ytdDebit: 0, ytdCredit: 0 });

export function validateOpeningRows(rows: readonly MappedRow[], view: OpeningImportView): OpeningImportResult {
  const problems: ImportProblem[] = [];
  const lines: OpeningLine[] = [];
  const totals: Record<Track, OpeningTotals> = { financial: zeroTotals(), budget: zeroTotals() };
  const seen = new Map<string, number>();
  let complete = true;

  for (const row of rows) {
    const before = problems.length;
    const code = accountCodeOf(row.values.account ?? null);
    const debit = amountOf(row, 'openingDebit', '期初借方余额', problems);
    const credit = amountOf(row, 'openingCredit', '期初贷方余额', problems);
    const ytdDebit = amountOf(row, 'ytdDebit', '本年累计借方', problems);
    const ytdCredit = amountOf(row, 'ytdCredit', '本年累计贷方', problems);
    const dims = rowDimensions(row, problems);
    for (const [value, label] of [[debit, '期初借方余额'], [credit, '期初贷方余额'], [ytdDebit, '本年累计借方'], [ytdCredit, '本年累计贷方']] as const) {
      if (value !== null && value < 0) problems.push(atRow(row.row, `${label}不能为负数，请填在另一方`));
    }
    if (debit && credit) problems.push(atRow(row.row, '期初借方余额和贷方余额只能填写一方'));
    if (view.start.month === 1 && (ytdDebit || ytdCredit)) {
      problems.push(atRow(row.row, '账套从1月启用，本年累计借方、贷方应为空（年初余额即期初余额）'));
    }

    const account = code === '' ? undefined : view.chart.get(code);
    if (code === '') problems.push(atRow(row.row, '请填写科目编码'));
    else if (!account) problems.push(atRow(row.row, `科目 ${code} 不存在`));
    else if (!account.enabled) problems.push(atRow(row.row, `科目 ${code} ${account.name} 已停用`));
    else if (!account.isLeaf) problems.push(atRow(row.row, `只能填写末级科目：${code} ${account.name} 下设明细科目`));
    else {
      for (const issue of validateDims({ dims }, account, view.classificationCodes)) problems.push(atRow(row.row, issue.message));
      const key = `${code}|${dimsKey(dims)}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) problems.push(atRow(row.row, `科目 ${code} 的这一辅助核算组合与第 ${earlier} 行重复`));
      else seen.set(key, row.row);
    }
    if (problems.length > before || !account) {
      complete = false;
      continue;
    }
    const line: OpeningLine = {
      row: row.row,
      accountCode: code,
      track: account.track,
      dims,
      openingNet: (debit ?? 0) - (credit ?? 0),
      ytdDebit: ytdDebit ?? 0,
      ytdCredit: ytdCredit ?? 0,
    };
    const t = totals[account.track];
    t.openingDebit += debit ?? 0;
    t.openingCredit += credit ?? 0;
    t.ytdDebit += line.ytdDebit;
    t.ytdCredit += line.ytdCredit;
    if (line.openingNet !== 0 || line.ytdDebit !== 0 || line.ytdCredit !== 0) lines.push(line);
  }

  // The balance check speaks of the whole file, so it only means something when every row was read.
  if (complete) {
    for (const track of ['financial', 'budget'] as const) {
      const t = totals[track];
      if (!Number.isSafeInteger(t.openingDebit + t.openingCredit + t.ytdDebit + t.ytdCredit)) {
        problems.push({ row: null, message: `${TRACK_LABELS[track]}科目的金额合计超出允许范围` });
        continue;
      }
      if (t.openingDebit !== t.openingCredit) {
        problems.push({
          row: null,
          message: `${TRACK_LABELS[track]}科目期初余额借贷不平：借方合计 ${formatFen(t.openingDebit)}，贷方合计 ${formatFen(t.openingCredit)}，差额 ${formatFen(t.openingDebit - t.openingCredit)}`,
        });
      }
      if (t.ytdDebit !== t.ytdCredit) {
        problems.push({
          row: null,
          message: `${TRACK_LABELS[track]}科目本年累计发生额借贷不平：借方合计 ${formatFen(t.ytdDebit)}，贷方合计 ${formatFen(t.ytdCredit)}`,
        });
      }
    }
    if (lines.length === 0 && problems.length === 0) problems.push({ row: null, message: '文件中没有任何非零的期初余额' });
  }
  return { lines, totals, problems };
}
