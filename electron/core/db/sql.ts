/**
 * `sql` tagged template: values become bound parameters, never text.
 *   sql`SELECT * FROM account WHERE book_id = ${bookId}` → { text: 'SELECT … = ?', params: [bookId] }
 */
export type SqlValue = string | number | bigint | Buffer | null;

export interface SqlQuery {
  readonly text: string;
  readonly params: readonly SqlValue[];
}

export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): SqlQuery {
  return { text: strings.join('?'), params: values };
}

/** A query written with `?` placeholders (for statements prepared once and run many times). */
export function rawSql(text: string, params: readonly SqlValue[] = []): SqlQuery {
  return { text, params };
}
