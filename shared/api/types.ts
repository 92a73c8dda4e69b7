import type { ClassificationKind, Role, Track, UnitType, VoucherStatus, VoucherWord } from './schemas';

/** Domain shapes returned by commands (not database rows). Money fields are integer fen. */

export interface Book {
  id: string;
  name: string;
  regionCode: string;
  unitType: UnitType;
  startYear: number;
  startMonth: number;
  supervisor: string;
  createdAt: string;
  accountCount: number;
  /** 凭证字: one 记 for everything, or 收/付/转 by the kind of voucher. */
  voucherWords: 'single' | 'receiptPaymentTransfer';
}

export type AccountCategory = '资产' | '负债' | '净资产' | '收入' | '费用' | '预算收入' | '预算支出' | '预算结余';

export interface Account {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  track: Track;
  category: string;
  normalBalance: 'debit' | 'credit';
  isLeaf: boolean;
  enabled: boolean;
  /** One lowercase letter per Chinese character of `name`, for 拼音首字母 search. */
  pinyinInitials: string;
  contra: boolean;
  notes: string | null;
  /** Auxiliary dimensions a line on this account must carry. */
  requiredDims: ('func' | 'econ_dep' | 'econ_gov' | 'project' | 'fund' | 'counterparty' | 'dept')[];
}

export interface ClassificationItem {
  kind: ClassificationKind;
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  verified: boolean;
}

export interface AppInfo {
  appName: string;
  version: string;
  dataDir: string;
  databaseFile: string;
  schemaVersion: number;
  sqliteVersion: string;
  mode: 'electron' | 'browser';
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  enabled: boolean;
}

export interface Session {
  /** Opaque; sent with every later command. Only its hash is stored. */
  token: string;
  user: User;
  expiresAt: string;
}

export interface AuthStatus {
  hasUsers: boolean;
  user: User | null;
}

export type DimensionValues = Partial<Record<'func' | 'econ_dep' | 'econ_gov' | 'project' | 'fund' | 'counterparty' | 'dept', string>>;

export interface VoucherLine {
  lineNo: number;
  summary: string;
  accountCode: string;
  accountName: string;
  track: Track;
  /** Fen; negative on 红字冲销 vouchers. */
  debit: number;
  credit: number;
  dims: DimensionValues;
}

export interface PersonRef {
  id: string;
  displayName: string;
}

export interface TrackTotalsData {
  financial: { debit: number; credit: number };
  budget: { debit: number; credit: number };
}

export interface Voucher {
  id: string;
  bookId: string;
  year: number;
  month: number;
  word: VoucherWord;
  number: number;
  /** 记-0001 */
  label: string;
  date: string;
  attachments: number;
  status: VoucherStatus;
  kind: 'normal' | 'reversal' | 'closing';
  reversesId: string | null;
  reversedById: string | null;
  parallelReason: string | null;
  preparedBy: PersonRef;
  reviewedBy: PersonRef | null;
  postedBy: PersonRef | null;
  lines: VoucherLine[];
  totals: TrackTotalsData;
}

export interface VoucherIssueData {
  code: string;
  message: string;
  line?: number;
  field?: string;
}

export interface VoucherSaveResult {
  voucher: Voucher;
  /** Warnings accepted with a reason (平行记账), kept for the reviewer's eye. */
  warnings: VoucherIssueData[];
}

export interface BatchResult {
  done: string[];
  failed: { id: string; label: string; message: string }[];
}

export interface PeriodInfo {
  year: number;
  month: number;
  status: 'open' | 'closed';
  voucherCount: number;
  postedCount: number;
}

export interface TrialBalanceRow {
  code: string;
  name: string;
  level: number;
  track: Track;
  isLeaf: boolean;
  /** Each pair is a debit-side and credit-side amount in fen; a balance sits on one side. */
  openingDebit: number;
  openingCredit: number;
  periodDebit: number;
  periodCredit: number;
  ytdDebit: number;
  ytdCredit: number;
  closingDebit: number;
  closingCredit: number;
}

export interface TrialBalance {
  year: number;
  month: number;
  rows: TrialBalanceRow[];
  /** Totals of first-level rows, per track: each track must balance on its own. */
  totals: Record<Track, Omit<TrialBalanceRow, 'code' | 'name' | 'level' | 'track' | 'isLeaf'>>;
}

export interface LedgerDetailRow {
  date: string;
  voucherId: string;
  voucherLabel: string;
  summary: string;
  accountCode: string;
  debit: number;
  credit: number;
  /** Running balance after this line, signed towards the account's normal side. */
  balance: number;
  dims: DimensionValues;
}

export interface LedgerDetail {
  accountCode: string;
  accountName: string;
  normalBalance: 'debit' | 'credit';
  opening: number;
  rows: LedgerDetailRow[];
  /** Lines in the whole range (rows holds one page of them). */
  total: number;
  /** Debit and credit of the whole range, and the balance after it (signed towards the normal side). */
  totalDebit: number;
  totalCredit: number;
  closing: number;
}

export interface StatementData {
  id: string;
  title: string;
  /** 会政财01 … */
  code: string;
  year: number;
  month: number;
  /** `value`: 本月数 for flow statements, 期末数 for balance statements; `ytdValue`: 本年累计数. */
  /** `hidden` lines are intermediate sums used by checks, not printed. */
  lines: { key: string; label: string; indent: number; hidden: boolean; value: number; ytdValue: number }[];
  checks: { label: string; left: number; right: number; difference: number; pass: boolean }[];
  allChecksPass: boolean;
}

export interface GeneralLedgerRow {
  /** 0 = 年初余额 line; 1..12 = that month's 本月合计 with 本年累计 and balance. */
  month: number;
  label: string;
  debit: number;
  credit: number;
  ytdDebit: number;
  ytdCredit: number;
  /** Signed towards the account's normal side. */
  balance: number;
}

export interface GeneralLedger {
  accountCode: string;
  accountName: string;
  normalBalance: 'debit' | 'credit';
  year: number;
  rows: GeneralLedgerRow[];
}

export interface JournalRow {
  kind: 'opening' | 'line' | 'day' | 'month';
  date: string;
  voucherId: string | null;
  voucherLabel: string | null;
  summary: string;
  counterAccounts: string;
  debit: number;
  credit: number;
  balance: number;
}

export interface Journal {
  accountCode: string;
  accountName: string;
  year: number;
  month: number;
  rows: JournalRow[];
}

export interface DimensionBalanceRow {
  accountCode: string;
  accountName: string;
  /** Dimension values of the row, keyed like the voucher line's dims (missing = 未填). */
  values: DimensionValues;
  labels: Partial<Record<keyof DimensionValues, string>>;
  openingNet: number;
  periodDebit: number;
  periodCredit: number;
  closingNet: number;
}
