import { AppError } from '../../../shared/api/errors';
import type { BookCreateInput } from '../../../shared/api/schemas';
import type { Book } from '../../../shared/api/types';
import type { CoreContext } from '../context';
import { sql } from '../db/sql';
import { chartFor } from '../seed/chart';
import { seedClassifications } from '../seed/classification';
import { pinyinInitialsOf } from '../seed/pinyin';
import { bookNameTaken, findBook, requireBook } from './queries';

function sameBook(existing: Book, input: BookCreateInput): boolean {
  return (
    existing.name === input.name &&
    existing.regionCode === input.regionCode &&
    existing.unitType === input.unitType &&
    existing.startYear === input.startYear &&
    existing.startMonth === input.startMonth &&
    existing.supervisor === input.supervisor
  );
}

/**
 * 建账: the book, its chart of accounts and its classifications in one transaction.
 * The id comes from the creating side, so a retried request answers with the same book.
 */
export async function createBook(ctx: CoreContext, input: BookCreateInput): Promise<Book> {
  const existing = findBook(ctx.read, input.id);
  if (existing) {
    if (sameBook(existing, input)) return existing;
    throw new AppError('CONFLICT', '该账套标识已被另一个账套使用，请重新打开建账向导', { bookId: input.id });
  }
  if (bookNameTaken(ctx.read, input.name, input.id)) {
    throw new AppError('CONFLICT', `本机已有名为“${input.name}”的账套，请换一个名称`, {
      issues: [{ path: ['name'], message: '账套名称已存在' }],
    });
  }

  const chart = chartFor(input.unitType);
  const initials = await pinyinInitialsOf(chart.map((a) => a.name));
  const classifications = seedClassifications();
  const createdAt = ctx.now().toISOString();

  ctx.write.transaction((db) => {
    db.run(sql`
      INSERT INTO book (id, name, region_code, unit_type, start_year, start_month, supervisor, created_at)
      VALUES (${input.id}, ${input.name}, ${input.regionCode}, ${input.unitType},
              ${input.startYear}, ${input.startMonth}, ${input.supervisor}, ${createdAt})`);
    chart.forEach((a, i) => {
      db.run(sql`
        INSERT INTO account (book_id, code, name, parent_code, level, track, category,
                             normal_balance, contra, enabled, pinyin_initials, notes)
        VALUES (${input.id}, ${a.code}, ${a.name}, ${a.parentCode}, ${a.level}, ${a.track}, ${a.category},
                ${a.normalBalance}, ${a.contra ? 1 : 0}, 1, ${initials[i] ?? ''}, ${a.notes})`);
    });
    for (const c of classifications) {
      db.run(sql`
        INSERT INTO classification (book_id, kind, code, name, level, parent_code, verified)
        VALUES (${input.id}, ${c.kind}, ${c.code}, ${c.name}, ${c.level}, ${c.parentCode}, ${c.verified ? 1 : 0})`);
    }
  });

  const book = requireBook(ctx.read, input.id);
  ctx.emit('book.created', { bookId: book.id, name: book.name });
  return book;
}
