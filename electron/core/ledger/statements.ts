import { AppError } from '../../../shared/api/errors';
import type { StatementData } from '../../../shared/api/types';
import { findStatementDefinition } from '../../../shared/domain/ledger/statementRegistry';
import { createBalanceLookup, evaluateStatement } from '../../../shared/domain/ledger/statements';
import type { ReadableDB } from '../db/handles';
import { asDebitCredit, movementSums, subtract } from './balances';

/**
 * Statements are computed from the books every time (never stored or typed in): the
 * definitions are data in shared/domain/ledger, the balances come from posted movements.
 * 本期/本年 flows leave out closing vouchers, so 收入费用表 still shows the month's revenue
 * after it has been closed into 3301.
 */
export function statement(db: ReadableDB, bookId: string, id: string, year: number, month: number): StatementData {
  const definition = findStatementDefinition(id);
  if (!definition) throw new AppError('NOT_FOUND', `没有名为 ${id} 的报表`);
  const sums = movementSums(db, bookId, year, month);
  const closing = new Map(sums.opening);
  for (const [code, dc] of sums.period) closing.set(code, (closing.get(code) ?? 0) + dc.debit - dc.credit);
  const lookup = createBalanceLookup({
    opening: asDebitCredit(sums.yearOpening),
    closing: asDebitCredit(closing),
    period: subtract(sums.period, sums.closingPeriod),
    ytd: subtract(sums.ytd, sums.closingYtd),
  });
  const result = evaluateStatement(definition, lookup);
  const ytd = evaluateStatement(definition, lookup, { flowBasis: 'ytd' });
  return {
    id: result.id,
    title: result.title,
    code: result.code,
    year,
    month,
    lines: result.lines.map((l) => ({
      key: l.key,
      label: l.label,
      indent: l.indent,
      hidden: l.hidden,
      value: l.value,
      ytdValue: ytd.lines.find((y) => y.key === l.key)?.value ?? l.value,
    })),
    checks: result.checks,
    allChecksPass: result.allChecksPass,
  };
}
