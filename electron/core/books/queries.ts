import { AppError } from '../../../shared/api/errors';
import type { UnitType } from '../../../shared/api/schemas';
import type { Book } from '../../../shared/api/types';
import type { ReadableDB } from '../db/handles';
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
}

const selectBooks = `
  SELECT b.*, (SELECT count(*) FROM account a WHERE a.book_id = b.id) AS account_count
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
  };
}

export function listBooks(db: ReadableDB): Book[] {
  return db.all<BookRow>({ text: `${selectBooks} ORDER BY b.created_at, b.id`, params: [] }).map(toBook);
}

export function findBook(db: ReadableDB, id: string): Book | null {
  const row = db.get<BookRow>({ text: `${selectBooks} WHERE b.id = ?`, params: [id] });
  return row ? toBook(row) : null;
}

export function requireBook(db: ReadableDB, id: string): Book {
  const book = findBook(db, id);
  if (!book) throw new AppError('NOT_FOUND', '找不到该账套，它可能已被删除或属于其他安装', { bookId: id });
  return book;
}

export function bookNameTaken(db: ReadableDB, name: string, exceptId: string): boolean {
  return !!db.get(sql`SELECT 1 FROM book WHERE name = ${name} AND id <> ${exceptId}`);
}
