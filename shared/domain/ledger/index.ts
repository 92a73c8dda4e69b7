/**
 * Government ledger rules (政府会计制度, 平行记账): pure functions shared by the core, the
 * renderer and the server. See README.md in this folder for the glossary and design notes.
 */
export * from './types';
export * from './accountCodes';
export * from './dimensions';
export * from './parallelEntry';
export * from './voucherRules';
export * from './reversal';
export * from './balances';
export * from './statements';
export * from './terms';
export * from './financialStatements';
export * from './budgetStatements';
export * from './reconciliationStatement';
export * from './statementRegistry';
export * from './closing';
