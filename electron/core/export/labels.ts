import type { DimensionValues } from '../../../shared/api/types';
import type { Track, VoucherStatus } from '../../../shared/api/schemas';
import type { ReadableDB } from '../db/handles';
import { sql } from '../db/sql';

/** Chinese words the exported sheets and printed pages share. */

export const DIMENSION_LABELS: Record<keyof DimensionValues, string> = {
  func: '功能分类',
  econ_dep: '部门经济分类',
  econ_gov: '政府经济分类',
  project: '项目',
  fund: '资金性质',
  counterparty: '往来单位',
  dept: '部门',
};

export const TRACK_SHORT: Record<Track, string> = { financial: '财务', budget: '预算' };
export const VOUCHER_STATUS_LABELS: Record<VoucherStatus, string> = { draft: '草稿', reviewed: '已审核', posted: '已记账' };

export const STATEMENT_IDS = [
  'balanceSheet',
  'incomeExpense',
  'netAssetChanges',
  'budgetRevenueExpenditure',
  'budgetCarryForwardChanges',
  'fiscalAppropriationBudget',
  'budgetSurplusReconciliation',
] as const;
/** Balance statements show 期末余额; flow statements 本月数 and 本年累计数. */
export const STOCK_STATEMENTS: ReadonlySet<string> = new Set(['balanceSheet']);

/** 借 / 贷 / 平 of a balance signed towards the account's normal side. */
export function sideLabel(signedBalance: number, normal: 'debit' | 'credit'): string {
  if (signedBalance === 0) return '平';
  const onNormal = signedBalance > 0;
  return (normal === 'debit') === onNormal ? '借' : '贷';
}

/** 2026年01期 for one month, 2026年1月—3月 for several, 2026年度 for the whole year. */
export function monthRange(year: number, from: number, to: number): string {
  if (from === to) return `${year}年${String(from).padStart(2, '0')}期`;
  if (from === 1 && to === 12) return `${year}年度`;
  return `${year}年${from}月—${to}月`;
}

const classificationKinds: Partial<Record<keyof DimensionValues, string>> = {
  func: 'expenditure_function',
  econ_dep: 'expenditure_econ_department',
  econ_gov: 'expenditure_econ_government',
};

/** Names of classification codes (功能分类, 经济分类), keyed `func:2010301`. */
export function dimensionNames(db: ReadableDB, bookId: string, keys: readonly (keyof DimensionValues)[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const key of keys) {
    const kind = classificationKinds[key];
    if (!kind) continue;
    for (const c of db.all<{ code: string; name: string }>(sql`SELECT code, name FROM classification WHERE book_id = ${bookId} AND kind = ${kind}`)) {
      names.set(`${key}:${c.code}`, c.name);
    }
  }
  return names;
}
