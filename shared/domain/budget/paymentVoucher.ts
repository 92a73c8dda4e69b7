/**
 * The voucher a confirmed payment books, on both tracks (平行记账, domain.md §1 examples 2–4):
 *
 *   直接支付:  Dr 5001 业务活动费用 (1601 固定资产 for 资本性支出 310xx) / Cr 4001 财政拨款收入
 *              Dr 7101 行政支出-财政拨款支出 / Cr 6001 财政拨款预算收入-{人员经费|日常公用经费|项目支出}
 *   授权支付:  the same debits / Cr 1011 零余额账户用款额度 and Cr 8001 资金结存-零余额账户用款额度
 *
 * and the quota arrival of 授权支付 (额度到账, domain.md §1 example 1):
 *
 *   Dr 1011 零余额账户用款额度 / Cr 4001 财政拨款收入
 *   Dr 8001 资金结存-零余额账户用款额度 / Cr 6001 财政拨款预算收入-{人员经费|日常公用经费|项目支出}
 *
 * booked when the quota arrives with the indicator (下达, approved 调整/调剂), or — where the
 * region no longer pre-issues quotas (after 一体化, unverified) — together with each payment.
 *
 * Accounts are chosen from candidate lists, first enabled leaf wins, so a book that opened
 * 400101/400102 or sub-accounts of 5001 still gets a postable voucher; one that cannot is
 * refused with a message naming the account to fix.
 */
import type { Fen } from '../money';
import type { Dimensions, LedgerAccount, VoucherLineInput } from '../ledger/types';
import { expenseKindOf, isCapitalEcon } from './elements';
import type { ExpenseKind, FundNature, PayMethod } from './types';

export interface PaymentPosting {
  payMethod: PayMethod;
  amount: Fen;
  funcCode: string;
  econDepCode: string;
  econGovCode: string;
  projectCode: string | null;
  fundNature: FundNature;
  unitType: '行政单位' | '事业单位';
  summary: string;
}

/**
 * 固定资产 sub-account per capital 款 (unverified defaults: 房屋及构筑物 for buildings and
 * their major repairs, 专用设备 for special equipment, 通用设备 — which includes vehicles —
 * for the rest).
 */
export const CAPITAL_ASSET_ACCOUNTS: Readonly<Record<string, string>> = Object.freeze({
  '31001': '160101',
  '31005': '160101',
  '31006': '160101',
  '31003': '160102',
  '31002': '160103',
  '31007': '160103',
  '31013': '160103',
});

/** Name fragments of customary 5001 sub-accounts per economic 类 (工资福利费用, 商品和服务费用 …). */
const EXPENSE_NAME_BY_ECON_CLASS: Readonly<Record<string, string>> = Object.freeze({
  '301': '工资福利',
  '302': '商品和服务',
  '303': '对个人和家庭',
  '307': '利息',
  '312': '对企业',
});

const BUDGET_REVENUE_ACCOUNTS: Readonly<Record<ExpenseKind, string[]>> = Object.freeze({
  人员经费: ['60010101', '600101', '6001'],
  日常公用经费: ['60010102', '600101', '6001'],
  项目支出: ['600102', '6001'],
});

/**
 * 4001 is kept by kind of appropriation (财会〔2017〕25号: 一般公共预算财政拨款、政府性基金预算财政拨款
 * 等): the sub-account for each fund nature, found by this name fragment. The seeded chart has
 * 400101 and 400102 only; a 国有资本经营预算 appropriation gets its own sub-account when first
 * booked (see `missingFundRevenueAccount`).
 */
export const FUND_REVENUE_ACCOUNT_NAMES: Readonly<Record<FundNature, string>> = Object.freeze({
  一般公共预算: '一般公共预算财政拨款',
  政府性基金预算: '政府性基金预算财政拨款',
  国有资本经营预算: '国有资本经营预算财政拨款',
});
const FUND_NAME_FRAGMENTS: Readonly<Record<FundNature, string>> = Object.freeze({ 一般公共预算: '一般公共预算', 政府性基金预算: '政府性基金', 国有资本经营预算: '国有资本经营' });
const SEEDED_FUND_REVENUE: Readonly<Record<FundNature, readonly string[]>> = Object.freeze({ 一般公共预算: ['400101'], 政府性基金预算: ['400102'], 国有资本经营预算: [] });

function descendantsNamed(chart: ReadonlyMap<string, LedgerAccount>, parent: string, fragment: string): string[] {
  return [...chart.values()]
    .filter((a) => a.code.startsWith(parent) && a.code !== parent && a.name.includes(fragment))
    .map((a) => a.code)
    .sort();
}

/** 4001's leaf for a fund nature: its named sub-account, the seeded code, or 4001 itself when it has no open sub-accounts. */
function fiscalRevenueCandidates(chart: ReadonlyMap<string, LedgerAccount>, fund: FundNature): string[] {
  return [...new Set([...descendantsNamed(chart, '4001', FUND_NAME_FRAGMENTS[fund]), ...SEEDED_FUND_REVENUE[fund], '4001'])];
}

/**
 * The 4001 sub-account a fund nature lacks: none of its candidates is an open leaf, 4001 is open
 * and has open sub-accounts (so it is no leaf itself), and no account under 4001 carries the fund
 * nature's name (a disabled one is the user's choice: the refusal names it instead).
 */
export function missingFundRevenueAccount(chart: ReadonlyMap<string, LedgerAccount>, fund: FundNature): { parentCode: string; name: string } | null {
  if (pickLeaf(chart, fiscalRevenueCandidates(chart, fund))) return null;
  const parent = chart.get('4001');
  if (!parent || !parent.enabled || parent.isLeaf) return null;
  if (descendantsNamed(chart, '4001', FUND_NAME_FRAGMENTS[fund]).length > 0) return null;
  return { parentCode: '4001', name: FUND_REVENUE_ACCOUNT_NAMES[fund] };
}

export interface AccountChoice {
  /** 借方费用/资产, 贷方财政拨款收入 … for messages. */
  role: string;
  candidates: string[];
}

/** The quota's accounts: 1011, 4001 by fund nature, 8001-零余额账户用款额度, 6001 by expense kind. */
function quotaChoices(fund: FundNature, kind: ExpenseKind, chart: ReadonlyMap<string, LedgerAccount>): AccountChoice[] {
  return [
    { role: '零余额账户用款额度', candidates: ['1011'] },
    { role: `财政拨款收入-${fund}`, candidates: fiscalRevenueCandidates(chart, fund) },
    { role: '资金结存-零余额账户用款额度', candidates: ['800101', '8001'] },
    { role: `财政拨款预算收入-${kind}`, candidates: [...BUDGET_REVENUE_ACCOUNTS[kind]] },
  ];
}

export function paymentAccountChoices(p: PaymentPosting, chart: ReadonlyMap<string, LedgerAccount>): AccountChoice[] {
  const capital = isCapitalEcon(p.econDepCode);
  const assetOrExpense: AccountChoice = capital
    ? { role: '固定资产', candidates: [CAPITAL_ASSET_ACCOUNTS[p.econDepCode] ?? '160103', '1601'] }
    : {
        role: '业务活动费用',
        candidates: ['5001', ...descendantsNamed(chart, '5001', EXPENSE_NAME_BY_ECON_CLASS[p.econDepCode.slice(0, 3)] ?? '其他')],
      };
  const kind = expenseKindOf(p.econDepCode, p.projectCode !== null);
  const budgetExpense = p.unitType === '行政单位' ? ['710101', '7101'] : ['720101', '7201'];
  const direct = p.payMethod === '直接支付';
  return [
    assetOrExpense,
    direct ? { role: `财政拨款收入-${p.fundNature}`, candidates: fiscalRevenueCandidates(chart, p.fundNature) } : { role: '零余额账户用款额度', candidates: ['1011'] },
    { role: '财政拨款支出', candidates: budgetExpense },
    direct
      ? { role: `财政拨款预算收入-${kind}`, candidates: BUDGET_REVENUE_ACCOUNTS[kind] }
      : { role: '资金结存-零余额账户用款额度', candidates: ['800101', '8001'] },
  ];
}

export type PaymentLinesResult = { ok: true; lines: VoucherLineInput[] } | { ok: false; message: string };

export function pickLeaf(chart: ReadonlyMap<string, LedgerAccount>, candidates: readonly string[]): string | null {
  for (const code of candidates) {
    const a = chart.get(code);
    if (a && a.enabled && a.isLeaf) return code;
  }
  return null;
}

/** The accounts of each choice (first enabled leaf of its candidates), or the refusal naming the first that has none. */
function pickAll(choices: readonly AccountChoice[], chart: ReadonlyMap<string, LedgerAccount>, what: string, retry: string): { ok: true; codes: string[] } | { ok: false; message: string } {
  const codes: string[] = [];
  for (const choice of choices) {
    const code = pickLeaf(chart, choice.candidates);
    if (!code) {
      const first = chart.get(choice.candidates[0]!) ?? chart.get(choice.candidates[choice.candidates.length - 1]!);
      const shown = choice.candidates.join('、');
      return {
        ok: false,
        message: `无法生成${what}：${choice.role}没有可用的末级科目（候选 ${shown}${first ? `，${first.code} ${first.name}${first.enabled ? '' : '已停用'}` : ''}）。请在会计科目中启用或调整后再${retry}。`,
      };
    }
    codes.push(code);
  }
  return { ok: true, codes };
}

export interface QuotaPosting {
  /** Signed: + the quota arrives (下达, 调增), − it is reduced (调减, 调出). */
  amount: Fen;
  funcCode: string;
  econDepCode: string;
  projectCode: string | null;
  fundNature: FundNature;
  summary: string;
}

/** The quota lines with their accounts already chosen: arrival (or, negative, reduction) on both tracks. */
function quotaLines(q: QuotaPosting, codes: readonly string[]): VoucherLineInput[] {
  const project = q.projectCode ? { project: q.projectCode } : {};
  const dims: Dimensions = { func: q.funcCode, ...project, fund: q.fundNature };
  const summary = q.summary.slice(0, 100);
  const amount = Math.abs(q.amount);
  const [dr, cr] = q.amount > 0 ? [{ debit: amount, credit: 0 }, { debit: 0, credit: amount }] : [{ debit: 0, credit: amount }, { debit: amount, credit: 0 }];
  return [
    { summary, accountCode: codes[0]!, ...dr },
    { summary, accountCode: codes[1]!, ...cr },
    { summary, accountCode: codes[2]!, ...dr, dims },
    { summary, accountCode: codes[3]!, ...cr, dims },
  ];
}

/**
 * 额度到账 (domain.md §1 example 1): Dr 1011 / Cr 4001 and Dr 8001-零余额账户用款额度 / Cr 6001;
 * a negative amount (the quota reduced) books the same accounts the other way round.
 */
export function quotaVoucherLines(q: QuotaPosting, chart: ReadonlyMap<string, LedgerAccount>): PaymentLinesResult {
  if (!Number.isSafeInteger(q.amount) || q.amount === 0) return { ok: false, message: '额度金额必须是不为零的整数（分）' };
  const picked = pickAll(quotaChoices(q.fundNature, expenseKindOf(q.econDepCode, q.projectCode !== null), chart), chart, '额度到账凭证', '登记额度到账');
  if (!picked.ok) return picked;
  return { ok: true, lines: quotaLines(q, picked.codes) };
}

export interface PaymentLinesOptions {
  /**
   * 授权支付 in a region that no longer pre-issues quotas: the quota is recorded with the payment
   * (domain.md §1, after 一体化, unverified), so the voucher also carries the arrival lines.
   */
  quotaWithPayment?: boolean;
}

/**
 * The lines of a payment voucher: two per track, in the order Dr/Cr financial, Dr/Cr budget;
 * with `quotaWithPayment` an 授权支付 gets the quota's arrival first on each track.
 */
export function paymentVoucherLines(p: PaymentPosting, chart: ReadonlyMap<string, LedgerAccount>, options: PaymentLinesOptions = {}): PaymentLinesResult {
  const picked = pickAll(paymentAccountChoices(p, chart), chart, '支付凭证', '确认支付');
  if (!picked.ok) return picked;
  const codes = picked.codes;
  const project = p.projectCode ? { project: p.projectCode } : {};
  const expenseDims: Dimensions = { func: p.funcCode, econ_dep: p.econDepCode, ...project };
  const budgetDebitDims: Dimensions = { func: p.funcCode, econ_dep: p.econDepCode, econ_gov: p.econGovCode, ...project, fund: p.fundNature };
  const budgetCreditDims: Dimensions = { func: p.funcCode, ...project, fund: p.fundNature };
  const summary = p.summary.slice(0, 100);
  const financial: VoucherLineInput[] = [
    { summary, accountCode: codes[0]!, debit: p.amount, credit: 0, dims: expenseDims },
    { summary, accountCode: codes[1]!, debit: 0, credit: p.amount },
  ];
  const budget: VoucherLineInput[] = [
    { summary, accountCode: codes[2]!, debit: p.amount, credit: 0, dims: budgetDebitDims },
    { summary, accountCode: codes[3]!, debit: 0, credit: p.amount, dims: budgetCreditDims },
  ];
  if (options.quotaWithPayment && p.payMethod === '授权支付') {
    const quota = quotaVoucherLines({ amount: p.amount, funcCode: p.funcCode, econDepCode: p.econDepCode, projectCode: p.projectCode, fundNature: p.fundNature, summary: `额度到账：${p.summary}` }, chart);
    if (!quota.ok) return quota;
    return { ok: true, lines: [quota.lines[0]!, quota.lines[1]!, ...financial, quota.lines[2]!, quota.lines[3]!, ...budget] };
  }
  return { ok: true, lines: [...financial, ...budget] };
}
