/**
 * The voucher a confirmed payment books, on both tracks (平行记账, domain.md §1 examples 2–4):
 *
 *   直接支付:  Dr 5001 业务活动费用 (1601 固定资产 for 资本性支出 310xx) / Cr 4001 财政拨款收入
 *              Dr 7101 行政支出-财政拨款支出 / Cr 6001 财政拨款预算收入-{人员经费|日常公用经费|项目支出}
 *   授权支付:  the same debits / Cr 1011 零余额账户用款额度 and Cr 8001 资金结存-零余额账户用款额度
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

const FISCAL_REVENUE_ACCOUNTS: Readonly<Record<FundNature, string[]>> = Object.freeze({
  一般公共预算: ['400101', '4001'],
  政府性基金预算: ['400102', '4001'],
  国有资本经营预算: ['4001'],
});

function descendantsNamed(chart: ReadonlyMap<string, LedgerAccount>, parent: string, fragment: string): string[] {
  return [...chart.values()]
    .filter((a) => a.code.startsWith(parent) && a.code !== parent && a.name.includes(fragment))
    .map((a) => a.code)
    .sort();
}

export interface AccountChoice {
  /** 借方费用/资产, 贷方财政拨款收入 … for messages. */
  role: string;
  candidates: string[];
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
    direct ? { role: '财政拨款收入', candidates: FISCAL_REVENUE_ACCOUNTS[p.fundNature] } : { role: '零余额账户用款额度', candidates: ['1011'] },
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

/** The four lines of a payment voucher, two per track, in the order Dr/Cr financial, Dr/Cr budget. */
export function paymentVoucherLines(p: PaymentPosting, chart: ReadonlyMap<string, LedgerAccount>): PaymentLinesResult {
  const codes: string[] = [];
  for (const choice of paymentAccountChoices(p, chart)) {
    const code = pickLeaf(chart, choice.candidates);
    if (!code) {
      const first = chart.get(choice.candidates[0]!) ?? chart.get(choice.candidates[choice.candidates.length - 1]!);
      const shown = choice.candidates.join('、');
      return {
        ok: false,
        message: `无法生成支付凭证：${choice.role}没有可用的末级科目（候选 ${shown}${first ? `，${first.code} ${first.name}${first.enabled ? '' : '已停用'}` : ''}）。请在会计科目中启用或调整后再确认支付。`,
      };
    }
    codes.push(code);
  }
  const project = p.projectCode ? { project: p.projectCode } : {};
  const expenseDims: Dimensions = { func: p.funcCode, econ_dep: p.econDepCode, ...project };
  const budgetDebitDims: Dimensions = { func: p.funcCode, econ_dep: p.econDepCode, econ_gov: p.econGovCode, ...project, fund: p.fundNature };
  const budgetCreditDims: Dimensions = { func: p.funcCode, ...project, fund: p.fundNature };
  const summary = p.summary.slice(0, 100);
  return {
    ok: true,
    lines: [
      { summary, accountCode: codes[0]!, debit: p.amount, credit: 0, dims: expenseDims },
      { summary, accountCode: codes[1]!, debit: 0, credit: p.amount },
      { summary, accountCode: codes[2]!, debit: p.amount, credit: 0, dims: budgetDebitDims },
      { summary, accountCode: codes[3]!, debit: 0, credit: p.amount, dims: budgetCreditDims },
    ],
  };
}
