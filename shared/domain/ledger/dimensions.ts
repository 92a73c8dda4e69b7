/**
 * Auxiliary dimensions (辅助核算) on voucher lines.
 *
 * Which accounts require which dimensions is CONFIGURABLE DATA per account set
 * (`LedgerAccount.requiredDims`). `defaultRequiredDims` only proposes a starting point from
 * domain.md §1 "Budget dimensions" (budget lines carry 功能分类 项级 and 部门经济分类 款级) and
 * the coa.json note on 6001/7101/8101 — the exact requirement is not confirmed against a
 * primary source, so units may widen or narrow it (e.g. add `project` to 7101).
 */
import type { Dimensions, DimensionKey, LedgerAccount, Track, VoucherIssue } from './types';
import { DIMENSION_LABELS } from './types';

/**
 * Proposed required dimensions for a new account:
 * - budget expenditure 7xxx → 支出功能分类 + 部门经济分类;
 * - 6001 财政拨款预算收入 (and its sub-accounts) → 支出功能分类;
 * - other budget revenue 6xxx, budget balances 8xxx, every financial account → none.
 */
export function defaultRequiredDims(code: string, track: Track): DimensionKey[] {
  if (track !== 'budget') return [];
  if (code.startsWith('7')) return ['func', 'econ_dep'];
  if (code.startsWith('6001')) return ['func'];
  return [];
}

/** Classification tables (分类代码表) in force for the year. A missing set is not checked. */
export interface ClassificationCodeSets {
  func?: ReadonlySet<string>;
  econ_dep?: ReadonlySet<string>;
  econ_gov?: ReadonlySet<string>;
}

type ClassifiedKey = keyof ClassificationCodeSets;

/** Level a line must be coded to: 功能分类 项级 (类2+款2+项2 = 7 digits), 经济分类 款级 (3+2 = 5). */
export const DIMENSION_CODE_FORMATS: Readonly<Record<ClassifiedKey, { pattern: RegExp; level: string }>> =
  Object.freeze({
    func: { pattern: /^\d{7}$/, level: '项级（7位代码）' },
    econ_dep: { pattern: /^\d{5}$/, level: '款级（5位代码）' },
    econ_gov: { pattern: /^\d{5}$/, level: '款级（5位代码）' },
  });

const CLASSIFIED_KEYS: readonly ClassifiedKey[] = ['func', 'econ_dep', 'econ_gov'];

function dimValue(dims: Dimensions | undefined, key: DimensionKey): string {
  return (dims?.[key] ?? '').trim();
}

/**
 * Checks one line's dimensions against its account. Issues carry `field` (`dims.func` …)
 * but no `line`; voucher validation adds the line number.
 */
export function validateDims(
  line: { dims?: Dimensions },
  account: LedgerAccount,
  knownCodes?: ClassificationCodeSets,
): VoucherIssue[] {
  const issues: VoucherIssue[] = [];
  for (const key of account.requiredDims) {
    if (dimValue(line.dims, key) === '') {
      issues.push({
        code: 'DIM_REQUIRED',
        field: `dims.${key}`,
        message: `科目 ${account.code} ${account.name} 须填写辅助核算“${DIMENSION_LABELS[key]}”`,
      });
    }
  }
  for (const key of CLASSIFIED_KEYS) {
    const value = dimValue(line.dims, key);
    if (value === '') continue;
    const format = DIMENSION_CODE_FORMATS[key];
    if (!format.pattern.test(value)) {
      issues.push({
        code: 'DIM_LEVEL',
        field: `dims.${key}`,
        message: `${DIMENSION_LABELS[key]}须细化到${format.level}，“${value}”不符合`,
      });
      continue;
    }
    const known = knownCodes?.[key];
    if (known && !known.has(value)) {
      issues.push({
        code: 'DIM_UNKNOWN_CODE',
        field: `dims.${key}`,
        message: `${DIMENSION_LABELS[key]}“${value}”不在本年度分类代码表中`,
      });
    }
  }
  return issues;
}
