/** Every statement definition, in the order the 报表 menu lists them. */
import { budgetCarryForwardChangesDefinition, budgetRevenueExpenditureDefinition, fiscalAppropriationBudgetDefinition } from './budgetStatements';
import { balanceSheetDefinition, incomeExpenseStatementDefinition, netAssetChangesDefinition } from './financialStatements';
import { budgetSurplusReconciliationDefinition } from './reconciliationStatement';
import type { StatementDefinition } from './statements';

export const statementDefinitions: readonly StatementDefinition[] = Object.freeze([
  balanceSheetDefinition,
  incomeExpenseStatementDefinition,
  netAssetChangesDefinition,
  budgetRevenueExpenditureDefinition,
  budgetCarryForwardChangesDefinition,
  fiscalAppropriationBudgetDefinition,
  budgetSurplusReconciliationDefinition,
]);

export function findStatementDefinition(id: string): StatementDefinition | undefined {
  return statementDefinitions.find((d) => d.id === id);
}
