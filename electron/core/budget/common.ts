import { AppError } from '../../../shared/api/errors';
import type { BudgetEvent } from '../../../shared/api/budgetTypes';
import type { ClassificationKind } from '../../../shared/api/schemas';
import type { User } from '../../../shared/api/types';
import { uuidv7 } from '../../../shared/domain/id';
import type { CoreContext } from '../context';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql } from '../db/sql';

export type AnyDB = ReadableDB | WritableDB;

export function requireUser(ctx: CoreContext): User {
  if (!ctx.user) throw new AppError('UNAUTHORIZED', '请先登录');
  return ctx.user;
}

export const stampOf = (ctx: CoreContext): string => ctx.now().toISOString();

/** Today's date on the office's clock (the desktop's local time zone), as YYYY-MM-DD. */
export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const ruleViolation = (message: string, details?: unknown) => new AppError('RULE_VIOLATION', message, details);
export const notFound = (message: string, details?: unknown) => new AppError('NOT_FOUND', message, details);

export interface EventInput {
  bookId: string;
  entity: 'project' | 'cycle' | 'payment' | 'adjustment';
  entityId: string;
  action: string;
  from: string | null;
  to: string;
  reason?: string | null;
  userId: string;
  at: string;
}

export function logEvent(db: WritableDB, e: EventInput): void {
  db.run(sql`
    INSERT INTO budget_event (id, book_id, entity, entity_id, action, from_state, to_state, reason, user_id, at)
    VALUES (${uuidv7()}, ${e.bookId}, ${e.entity}, ${e.entityId}, ${e.action}, ${e.from}, ${e.to}, ${e.reason ?? null}, ${e.userId}, ${e.at})`);
}

export function eventsOf(db: AnyDB, entityId: string): BudgetEvent[] {
  return db
    .all<{ action: string; from_state: string | null; to_state: string; reason: string | null; user_id: string; display_name: string; at: string }>(sql`
      SELECT e.action, e.from_state, e.to_state, e.reason, e.user_id, u.display_name, e.at
      FROM budget_event e JOIN app_user u ON u.id = e.user_id
      WHERE e.entity_id = ${entityId} ORDER BY e.at, e.rowid`)
    .map((r) => ({ action: r.action, fromState: r.from_state, toState: r.to_state, reason: r.reason, by: { id: r.user_id, displayName: r.display_name }, at: r.at }));
}

/** Code → name of one classification table of the book. */
export function classificationNames(db: AnyDB, bookId: string, kind: ClassificationKind): Map<string, string> {
  const rows = db.all<{ code: string; name: string }>(sql`SELECT code, name FROM classification WHERE book_id = ${bookId} AND kind = ${kind}`);
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Refuses a code that is not in the book's classification table, naming the table. */
export function requireClassification(db: AnyDB, bookId: string, kind: ClassificationKind, code: string, label: string): string {
  const row = db.get<{ name: string; level: string }>(sql`SELECT name, level FROM classification WHERE book_id = ${bookId} AND kind = ${kind} AND code = ${code}`);
  if (!row) throw ruleViolation(`${label}“${code}”不在本账套的分类代码表中`);
  return row.name;
}

/** A 项级 function code (the level the ledger's budget lines carry). */
export function requireFunctionItem(db: AnyDB, bookId: string, code: string): string {
  const name = requireClassification(db, bookId, 'expenditure_function', code, '支出功能分类');
  const level = db.get<{ level: string }>(sql`SELECT level FROM classification WHERE book_id = ${bookId} AND kind = 'expenditure_function' AND code = ${code}`)!.level;
  if (level !== '项') throw ruleViolation(`支出功能分类须细化到项级：“${code} ${name}”是${level}级`);
  return name;
}

export function requireDateInYear(date: string, year: number, label: string): void {
  if (Number(date.slice(0, 4)) !== year) throw ruleViolation(`${label}${date}不在${year}年度内`);
}

/** Today, moved into the fiscal year when the clock is outside it (a ledger row needs a date of its year). */
export function dateWithinYear(date: string, year: number): string {
  if (date < `${year}-01-01`) return `${year}-01-01`;
  if (date > `${year}-12-31`) return `${year}-12-31`;
  return date;
}
