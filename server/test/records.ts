import { createHash } from 'node:crypto';
import { uuidv7 } from '../../shared/domain/id';
import { computeTrialBalance, sumsFromMovements, trialBalanceFigures } from '../../shared/domain/ledger/trialBalance';
import { canonicalJson } from '../../shared/sync/canonical';
import type { AccountContent, BookContent, PeriodContent, VoucherContent } from '../../shared/sync/records';
import { change } from './device';

/** Township records as a device sends them, built by hand for the server suite. */

const stamp = '2026-01-05T08:00:00.000Z';

export function book(regionCode = '420102', id = uuidv7()): BookContent {
  return { id, name: '青山镇人民政府', regionCode, unitType: '行政单位', startYear: 2026, startMonth: 1, supervisor: '王会计', createdAt: stamp, settings: [] };
}

type Acct = [code: string, name: string, track: 'financial' | 'budget', category: string, normal: 'debit' | 'credit'];
const accounts: Acct[] = [
  ['1002', '银行存款', 'financial', '资产', 'debit'],
  ['3301', '本期盈余', 'financial', '净资产', 'credit'],
  ['4001', '财政拨款收入', 'financial', '收入', 'credit'],
  ['5001', '业务活动费用', 'financial', '费用', 'debit'],
  ['6001', '财政拨款预算收入', 'budget', '预算收入', 'credit'],
  ['7101', '行政支出', 'budget', '预算支出', 'debit'],
  ['8001', '资金结存', 'budget', '预算结余', 'debit'],
];

export function chart(bookId: string): AccountContent[] {
  return accounts.map(([code, name, track, category, normal]) => ({
    bookId, code, name, parentCode: null, level: 1, track, category, normalBalance: normal, contra: 0, enabled: 1, dimensions: [],
  }));
}

export interface LineSpec {
  account: string;
  debit?: number;
  credit?: number;
}

export function voucher(bookId: string, number: number, lines: LineSpec[], options: Partial<Pick<VoucherContent, 'year' | 'month' | 'status' | 'kind' | 'id' | 'date'>> = {}): VoucherContent {
  const year = options.year ?? 2026;
  const month = options.month ?? 1;
  const status = options.status ?? 'posted';
  const track = (code: string) => accounts.find((a) => a[0] === code)?.[2] ?? (code.startsWith('6') || code.startsWith('7') || code.startsWith('8') ? 'budget' : 'financial');
  return {
    id: options.id ?? uuidv7(),
    bookId,
    year,
    month,
    word: '记',
    number,
    date: options.date ?? `${year}-${String(month).padStart(2, '0')}-10`,
    attachments: 1,
    status,
    kind: options.kind ?? 'normal',
    reversesId: null,
    parallelReason: null,
    preparedBy: 'u-wang',
    reviewedBy: status === 'draft' ? null : 'u-li',
    reviewedAt: status === 'draft' ? null : stamp,
    postedBy: status === 'posted' ? 'u-wang' : null,
    postedAt: status === 'posted' ? stamp : null,
    createdAt: stamp,
    updatedAt: stamp,
    lines: lines.map((l, i) => ({
      lineNo: i + 1, summary: '收到财政拨款', accountCode: l.account, track: track(l.account), debit: l.debit ?? 0, credit: l.credit ?? 0,
      func: null, econDep: null, econGov: null, project: null, fund: null, counterparty: null, dept: null,
    })),
  };
}

/** Appropriation received: both tracks, each balanced. */
export const appropriation = (bookId: string, number: number, amount: number, options: Parameters<typeof voucher>[3] = {}) =>
  voucher(bookId, number, [
    { account: '1002', debit: amount },
    { account: '4001', credit: amount },
    { account: '8001', debit: amount },
    { account: '6001', credit: amount },
  ], options);

export const bookChanges = (b: BookContent) => [change('book', b.id, b.id, b), ...chart(b.id).map((a) => change('account', `${b.id}|${a.code}`, b.id, a))];
export const voucherChange = (v: VoucherContent) => change('voucher', v.id, v.bookId, v);

/**
 * A closed period as the township sends it: with its 科目余额表 figures and their digest,
 * computed here from the vouchers with the shared functions.
 */
export function closedPeriod(bookId: string, year: number, month: number, posted: VoucherContent[], accounts: AccountContent[] = chart(bookId)): PeriodContent {
  const movements = posted.flatMap((v) => v.lines.map((l) => ({ accountCode: l.accountCode, year: v.year, month: v.month, debit: l.debit, credit: l.credit })));
  const parents = new Set(accounts.map((a) => a.parentCode));
  const tb = computeTrialBalance(
    [...accounts].sort((a, b) => a.code.localeCompare(b.code)).map((a) => ({ code: a.code, name: a.name, level: a.level, track: a.track, isLeaf: !parents.has(a.code) })),
    sumsFromMovements(movements, year, month),
    year,
    month,
  );
  const rows = trialBalanceFigures(tb) as PeriodContent['trialBalance'] extends infer T ? T extends { rows: infer R } ? R : never : never;
  const digest = createHash('sha256').update(canonicalJson(rows)).digest('hex');
  return { bookId, year, month, status: 'closed', closedAt: stamp, closedBy: 'u-li', trialBalance: { digest, rows } };
}

export const periodChange = (p: PeriodContent) => change('period', `${p.bookId}|${p.year}|${p.month}`, p.bookId, p);
