/**
 * 本年预算结余 ↔ 本年盈余 reconciliation (附注, domain.md §2 [S26]). Typical items per
 * domain.md: receivables and payables, capital purchases, depreciation, loan principal,
 * disposal costs. The grouping below is a first version (UNVERIFIED against the official
 * 附注 format) built so that its items, taken together, cover every account:
 *
 *   本年盈余 − 本年预算结余 = Δ资产 + Δ负债 + Δ净资产(直接) − Δ资金结存 − Δ预算结转结余(直接)
 *
 * (all debit-positive, year-to-date, excluding closing vouchers). In books kept by the rules
 * each item has a plain meaning; money that moved cash without a budget entry shows up in
 * 未纳入预算管理的货币资金净增加 — which is where a missing 平行记账 entry becomes visible.
 */
import type { StatementDefinition } from './statements';
import { terms } from './terms';

/** Cash-like accounts mirrored by 8001 资金结存 (零余额额度, 货币资金, 财政应返还额度). */
const CASH_LIKE = ['1001', '1002', '1011', '1021', '1201'] as const;
/** Non-current assets and investments bought with budget money. */
const NON_CURRENT = ['1101', '1501', '1502', '1601', '1611', '1613', '1701', '1703', '1801', '1811', '1821', '1831'] as const;
/** Accumulated depreciation and amortisation. */
const DEPRECIATION = ['1602', '1702', '1802', '1832'] as const;

export const budgetSurplusReconciliationDefinition: StatementDefinition = {
  id: 'budgetSurplusReconciliation',
  title: '本年预算结余与本年盈余差异调节表',
  code: '附注',
  lines: [
    { key: 'budgetSurplus', label: '一、本年预算结余（本年预算收支差额）', formula: terms(-1, 'ytd', '6', '7') },
    { key: 'addNonCurrentAssets', label: '加：购建固定资产、无形资产等非流动资产及对外投资的预算支出', indent: 1, formula: terms(1, 'ytd', ...NON_CURRENT) },
    { key: 'lessDepreciation', label: '减：计提的折旧和摊销', indent: 1, formula: terms(-1, 'ytd', ...DEPRECIATION) },
    {
      key: 'addOtherAssets',
      label: '加：应收、预付、存货等其他资产的增加',
      indent: 1,
      formula: [...terms(1, 'ytd', '1'), ...terms(-1, 'ytd', ...CASH_LIKE, ...NON_CURRENT, ...DEPRECIATION)],
    },
    { key: 'lessLiabilities', label: '减：应付、预收、借款等负债的增加', indent: 1, formula: terms(-1, 'ytd', '2') },
    {
      key: 'addNonBudgetCash',
      label: '加：未纳入预算管理的货币资金净增加（货币资金变动 − 资金结存变动）',
      indent: 1,
      formula: [...terms(1, 'ytd', ...CASH_LIKE), ...terms(-1, 'ytd', '8001')],
    },
    { key: 'lessDirectNetAssets', label: '减：直接计入净资产的增加（无偿调拨、以前年度调整等）', indent: 1, formula: terms(-1, 'ytd', '3') },
    { key: 'addDirectBudgetBalances', label: '加：直接计入预算结转结余的增加（归集调入、调整等）', indent: 1, formula: [...terms(-1, 'ytd', '8'), ...terms(1, 'ytd', '8001')] },
    {
      key: 'reconciledSurplus',
      label: '二、本年盈余（调节后）',
      formula: {
        sum: ['budgetSurplus', 'addNonCurrentAssets', '-lessDepreciation', 'addOtherAssets', '-lessLiabilities', 'addNonBudgetCash', '-lessDirectNetAssets', 'addDirectBudgetBalances'],
      },
    },
    { key: 'surplus', label: '本年盈余（收入费用表）', hidden: true, formula: terms(-1, 'ytd', '4', '5') },
  ],
  checks: [{ label: '调节后本年盈余 = 收入费用表本年盈余', left: ['reconciledSurplus'], right: ['surplus'] }],
};
