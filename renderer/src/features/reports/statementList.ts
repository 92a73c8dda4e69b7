/** The statements of 政府会计制度 the core computes, in the order they are filed. */
export const STATEMENTS = [
  { id: 'balanceSheet', label: '资产负债表', stock: true },
  { id: 'incomeExpense', label: '收入费用表', stock: false },
  { id: 'netAssetChanges', label: '净资产变动表', stock: false },
  { id: 'budgetRevenueExpenditure', label: '预算收入支出表', stock: false },
  { id: 'budgetCarryForwardChanges', label: '预算结转结余变动表', stock: false },
  { id: 'fiscalAppropriationBudget', label: '财政拨款预算收入支出表', stock: false },
  { id: 'budgetSurplusReconciliation', label: '预算结余与盈余差异调节表', stock: false },
] as const;

export type StatementId = (typeof STATEMENTS)[number]['id'];
