import type { Migration } from './index';

/**
 * Indexes for 明细账 over a whole year of a ten-year, million-line book (bench/ledger.ts).
 * Without them each page read every line of every voucher of the year, twice (count, page).
 *
 * - `voucher_period_order` replaces `voucher_period` (book_id, year, month, status): it serves
 *   every query that one served (same leading columns; status is still in the index), and it
 *   also holds the 明细账 order (month, date, 凭证字, 号) and the voucher id. A 明细账 page
 *   then reads the year's vouchers in order from the index alone, runs the running balance
 *   without sorting, and stops at offset + limit. Replacing rather than adding keeps the
 *   cost of writing a voucher about the same.
 * - `voucher_line_voucher_account` answers the account filter, the row count and the running
 *   balance from the index alone; only the page's own lines are read from the table.
 *
 * Measured on the generated book (docs/PERFORMANCE.md, "Ledger (issue 3)").
 */
export const m004LedgerIndexes: Migration = {
  version: 4,
  name: 'ledger detail indexes',
  up(db) {
    db.exec(`
      DROP INDEX voucher_period;
      CREATE INDEX voucher_period_order ON voucher (book_id, year, month, date, word, number, status, id);
      CREATE INDEX voucher_line_voucher_account ON voucher_line (voucher_id, account_code, line_no, debit, credit);
    `);
  },
};
