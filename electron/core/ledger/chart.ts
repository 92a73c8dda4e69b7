import { defaultRequiredDims } from '../../../shared/domain/ledger/dimensions';
import type { DimensionKey, LedgerAccount } from '../../../shared/domain/ledger/types';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql } from '../db/sql';

interface Row {
  code: string;
  name: string;
  track: 'financial' | 'budget';
  category: string;
  normal_balance: 'debit' | 'credit';
  enabled: number;
  is_leaf: number;
  dims: string | null;
  dims_configured: number;
}

/**
 * The chart as the voucher rules see it. Required dimensions come from the book's own
 * settings (account_dimension) where configured, else from the defaults in shared/domain.
 */
export function loadLedgerChart(db: ReadableDB | WritableDB, bookId: string): Map<string, LedgerAccount> {
  const rows = db.all<Row>(sql`
    SELECT a.code, a.name, a.track, a.category, a.normal_balance, a.enabled,
           NOT EXISTS (SELECT 1 FROM account c WHERE c.book_id = a.book_id AND c.parent_code = a.code AND c.enabled = 1) AS is_leaf,
           (SELECT group_concat(d.dimension) FROM account_dimension d WHERE d.book_id = a.book_id AND d.account_code = a.code) AS dims,
           EXISTS (SELECT 1 FROM book_setting s WHERE s.book_id = a.book_id AND s.key = 'dims:' || a.code) AS dims_configured
    FROM account a WHERE a.book_id = ${bookId}`);
  return new Map(
    rows.map((r) => [
      r.code,
      {
        code: r.code,
        name: r.name,
        track: r.track,
        category: r.category,
        normalBalance: r.normal_balance,
        isLeaf: r.is_leaf === 1,
        enabled: r.enabled === 1,
        requiredDims: r.dims_configured ? ((r.dims ?? '').split(',').filter(Boolean) as DimensionKey[]) : defaultRequiredDims(r.code, r.track),
      },
    ]),
  );
}
