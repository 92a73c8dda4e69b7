/**
 * Core types of the government ledger (政府会计制度, 财会〔2017〕25号): one voucher carries
 * two line groups — 财务会计 (accrual) and 预算会计 (cash basis) — that must each balance on
 * their own (平行记账, DA/T 95—2022 DR_AMT/CR_AMT vs DR_YS_AMT/CR_YS_AMT).
 *
 * All amounts are integer 分 (fen); see ../money.ts.
 */
import type { Fen } from '../money';

export type Track = 'financial' | 'budget';

export const TRACK_LABELS: Readonly<Record<Track, string>> = Object.freeze({
  financial: '财务会计',
  budget: '预算会计',
});

/** Auxiliary accounting dimensions (辅助核算) carried per voucher line. */
export type DimensionKey = 'func' | 'econ_dep' | 'econ_gov' | 'project' | 'fund' | 'counterparty' | 'dept';

export const DIMENSION_KEYS: readonly DimensionKey[] = Object.freeze([
  'func',
  'econ_dep',
  'econ_gov',
  'project',
  'fund',
  'counterparty',
  'dept',
]);

export const DIMENSION_LABELS: Readonly<Record<DimensionKey, string>> = Object.freeze({
  func: '支出功能分类',
  econ_dep: '部门经济分类',
  econ_gov: '政府经济分类',
  project: '项目',
  fund: '资金性质',
  counterparty: '往来单位',
  dept: '部门',
});

export type NormalBalance = 'debit' | 'credit';

/** An account of one account set (账套), as the rules need to see it. */
export interface LedgerAccount {
  code: string;
  name: string;
  track: Track;
  /** 资产 / 负债 / 净资产 / 收入 / 费用 / 预算收入 / 预算支出 / 预算结余 (coa.json `category`). */
  category: string;
  normalBalance: NormalBalance;
  /** True when the account has no enabled sub-account: only leaves take postings. */
  isLeaf: boolean;
  enabled: boolean;
  requiredDims: DimensionKey[];
}

export type Dimensions = Partial<Record<DimensionKey, string>>;

/**
 * One voucher line. Exactly one of `debit` / `credit` is non-zero. Ordinary vouchers use
 * positive amounts; a 红字冲销 (red-ink reversal) voucher repeats the original lines with
 * negative amounts on the same side (see reversal.ts).
 */
export interface VoucherLineInput {
  summary: string;
  accountCode: string;
  debit: Fen;
  credit: Fen;
  dims?: Dimensions;
}

/**
 * A problem found in a voucher. `code` is for programs, `message` is Chinese for the
 * accountant. `line` is the 0-based index into the voucher's lines (messages say 第{line+1}行).
 */
export interface VoucherIssue {
  code: string;
  message: string;
  line?: number;
  field?: string;
}

export interface DebitCredit {
  debit: Fen;
  credit: Fen;
}

/** Anything that moves an account: a voucher line, a posted ledger row, a closing line. */
export interface Posting {
  accountCode: string;
  debit: Fen;
  credit: Fen;
}
