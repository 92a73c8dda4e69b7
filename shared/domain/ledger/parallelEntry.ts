/**
 * 平行记账 heuristics (domain.md §1). These produce WARNINGS, never errors: the rule is
 * "cash receipts and payments managed inside the department budget get a budget entry too",
 * and whether money is inside the budget is a fact the software cannot see. All account
 * lists are configurable data; the defaults follow domain.md.
 */
import { inferTrack, matchesAnyPrefix } from './accountCodes';
import type { LedgerAccount, Posting, Track, VoucherIssue } from './types';

export interface ParallelExemption {
  /** Account-code prefix. */
  prefix: string;
  /** Why money through this account is financial-only (shown in settings). */
  reason: string;
}

export interface ParallelRuleConfig {
  /**
   * Financial accounts whose movement signals a budget cash flow (domain.md "Trigger
   * heuristic": 4001, 1011, 1001, 1002, 1021), matched by code prefix.
   */
  triggerPrefixes: readonly string[];
  /**
   * Financial-only money (domain.md "Financial entry only for cash outside the budget").
   * A line on one of these is never a trigger (so 受托代理 cash sub-accounts under 1001/1002
   * are exempt although 1001/1002 are triggers), and when every non-trigger financial line
   * of a voucher is exempt, no budget entry is expected (Dr 1002 / Cr 2103).
   */
  exemptions: readonly ParallelExemption[];
  /**
   * Budget-track accounts that may move without cash: a voucher whose budget lines all sit
   * here (8xxx transfers such as 归集调入, 单位内部调剂) is not PARALLEL_UNEXPECTED.
   */
  budgetOnlyPrefixes: readonly string[];
}

export const defaultParallelRuleConfig: ParallelRuleConfig = Object.freeze({
  triggerPrefixes: Object.freeze(['4001', '1011', '1001', '1002', '1021']),
  exemptions: Object.freeze([
    { prefix: '2103', reason: '应缴财政款：应上缴国库或财政专户的款项，不纳入部门预算' },
    // 2307 holds 转拨 and 代收代付 money (coa.json note); it also holds ordinary deposits
    // received. Unverified as a blanket rule — narrow it to sub-accounts once the unit's
    // 2307 details are known.
    { prefix: '2307', reason: '其他应付款：转拨、代收代付款项（不纳入部门预算）' },
    { prefix: '1891', reason: '受托代理资产' },
    { prefix: '2901', reason: '受托代理负债' },
    { prefix: '100199', reason: '库存现金—受托代理资产' },
    { prefix: '100299', reason: '银行存款—受托代理资产' },
  ]),
  budgetOnlyPrefixes: Object.freeze(['8']),
});

function trackOf(code: string, accounts: ReadonlyMap<string, LedgerAccount>): Track | null {
  return accounts.get(code)?.track ?? inferTrack(code);
}

function describe(code: string, accounts: ReadonlyMap<string, LedgerAccount>): string {
  const name = accounts.get(code)?.name;
  return name ? `${code} ${name}` : code;
}

/**
 * PARALLEL_MISSING: the financial side moves a trigger account against at least one
 * non-exempt counter-account, and the voucher has no budget line. Pure moves between
 * trigger accounts (取现, 存现) are not flagged: they are internal to 8001 at most.
 *
 * PARALLEL_UNEXPECTED: the voucher has budget lines outside `budgetOnlyPrefixes` but no
 * trigger account moved (e.g. 7101 booked against an accrual).
 */
export function checkParallelEntry(
  lines: readonly Posting[],
  accounts: ReadonlyMap<string, LedgerAccount>,
  config: ParallelRuleConfig = defaultParallelRuleConfig,
): VoucherIssue[] {
  const exemptPrefixes = config.exemptions.map((e) => e.prefix);
  const triggers: string[] = [];
  let counterLines = 0;
  const budgetCodes: string[] = [];
  for (const line of lines) {
    const code = line.accountCode;
    const track = trackOf(code, accounts);
    if (track === 'budget') {
      budgetCodes.push(code);
    } else if (track === 'financial') {
      if (matchesAnyPrefix(code, exemptPrefixes)) continue;
      if (matchesAnyPrefix(code, config.triggerPrefixes)) {
        if (!triggers.includes(code)) triggers.push(code);
      } else {
        counterLines++;
      }
    }
  }

  const warnings: VoucherIssue[] = [];
  if (triggers.length > 0 && counterLines > 0 && budgetCodes.length === 0) {
    warnings.push({
      code: 'PARALLEL_MISSING',
      field: 'budget',
      message:
        `财务会计分录涉及 ${triggers.map((c) => describe(c, accounts)).join('、')}，但没有预算会计分录。` +
        '纳入部门预算管理的现金收支须同时记预算会计；如属应缴财政款、转拨、受托代理或代收代付资金，可忽略此提示',
    });
  }
  if (
    budgetCodes.length > 0 &&
    triggers.length === 0 &&
    !budgetCodes.every((c) => matchesAnyPrefix(c, config.budgetOnlyPrefixes))
  ) {
    warnings.push({
      code: 'PARALLEL_UNEXPECTED',
      field: 'budget',
      message:
        '凭证有预算会计分录，但财务会计分录未涉及库存现金、银行存款、其他货币资金、零余额账户用款额度或财政拨款收入。' +
        '预算会计只记录纳入预算管理的现金收支，请确认',
    });
  }
  return warnings;
}
