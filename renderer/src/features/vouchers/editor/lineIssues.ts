import type { CellField } from './voucherForm';

/** A problem the core (or the form) found on one grid row. */
export interface LineIssue {
  field?: string;
  message: string;
}

export type IssuesByRow = ReadonlyMap<number, readonly LineIssue[]>;

/** The cell an issue's `field` points at (`accountCode` → account, `dims.func` → func …). */
export function cellOfIssueField(field: string | undefined): CellField | 'amount' | null {
  if (!field) return null;
  if (field === 'summary') return 'summary';
  if (field === 'accountCode') return 'account';
  if (field === 'debit' || field === 'credit' || field === 'amount') return field;
  const dim = /^dims\.(func|econ_dep|econ_gov|project|fund|counterparty|dept)$/.exec(field);
  return dim ? (dim[1] as CellField) : null;
}

export function isCellFlagged(issues: readonly LineIssue[] | undefined, cell: CellField): boolean {
  if (!issues) return false;
  return issues.some((issue) => {
    const target = cellOfIssueField(issue.field);
    return target === cell || (target === 'amount' && (cell === 'debit' || cell === 'credit'));
  });
}
