import { AppError } from '../../../shared/api/errors';
import type { UnitType } from '../../../shared/api/schemas';
import type { Book } from '../../../shared/api/types';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql } from '../db/sql';

interface BookRow {
  id: string;
  name: string;
  region_code: string;
  unit_type: UnitType;
  start_year: number;
  start_month: number;
  supervisor: string;
  created_at: string;
  account_count: number;
  voucher_words: string | null;
}

const selectBooks = `
  SELECT b.*, (SELECT count(*) FROM account a WHERE a.book_id = b.id) AS account_count,
         (SELECT value FROM book_setting s WHERE s.book_id = b.id AND s.key = 'voucherWords') AS voucher_words
  FROM book b`;

function toBook(row: BookRow): Book {
  return {
    id: row.id,
    name: row.name,
    regionCode: row.region_code,
    unitType: row.unit_type,
    startYear: row.start_year,
    startMonth: row.start_month,
    supervisor: row.supervisor,
    createdAt: row.created_at,
    accountCount: row.account_count,
    voucherWords: row.voucher_words === 'receiptPaymentTransfer' ? 'receiptPaymentTransfer' : 'single',
  };
}

export function listBooks(db: ReadableDB | WritableDB): Book[] {
  return db.all<BookRow>({ text: `${selectBooks} ORDER BY b.created_at, b.id`, params: [] }).map(toBook);
}

export function findBook(db: ReadableDB | WritableDB, id: string): Book | null {
  const row = db.get<BookRow>({ text: `${selectBooks} WHERE b.id = ?`, params: [id] });
  return row ? toBook(row) : null;
}

export function requireBook(db: ReadableDB | WritableDB, id: string): Book {
  const book = findBook(db, id);
  if (!book) throw new AppError('NOT_FOUND', '找不到该账套，它可能已被删除或属于其他安装', { bookId: id });
  return book;
}

export function bookNameTaken(db: ReadableDB, name: string, exceptId: string): boolean {
  return !!db.get(sql`SELECT 1 FROM book WHERE name = ${name} AND id <> ${exceptId}`);
}

/** 凭证字方案. Only while no voucher sits in an open period, so numbering stays continuous per 字. */
export function setVoucherWords(write: WritableDB, bookId: string, voucherWords: 'single' | 'receiptPaymentTransfer'): Book {
  return write.transaction((db) => {
    const book = requireBook(db, bookId);
    // Months before the start hold only the imported 期初余额 (imports/openingBalances.ts) and take no new vouchers.
    const open = db.get<{ n: number }>(sql`
      SELECT count(*) AS n FROM voucher v JOIN period p ON p.book_id = v.book_id AND p.year = v.year AND p.month = v.month
      WHERE v.book_id = ${bookId} AND p.status = 'open' AND v.year * 12 + v.month >= ${book.startYear * 12 + book.startMonth}`)!.n;
    if (open > 0) throw new AppError('RULE_VIOLATION', `开放期间已有 ${open} 张凭证，请在结账后、下月填制凭证前更改凭证字方案`);
    db.run(sql`INSERT INTO book_setting (book_id, key, value) VALUES (${bookId}, 'voucherWords', ${voucherWords})
               ON CONFLICT (book_id, key) DO UPDATE SET value = excluded.value`);
    return requireBook(db, bookId);
  });
}
