/**
 * Columns of a bulk statement sent as one text each and split in SQL (`unnest` over
 * string_to_array): PostgreSQL splits a text on one character far faster than it parses an
 * array or JSON literal of the same rows, and the driver sends one string where it would escape
 * each element of a text[] in JavaScript. For a township-year's first push (20,158 changes,
 * 100,000 ledger lines) that is about a third of the SQL time of the page writes.
 *
 * The separator is a character that occurs in none of the values: U+0001 (JSON text never holds
 * one raw: JSON.stringify escapes every control character), or, when a value does contain it
 * (keys are any text the township sends), the first character that no value contains. Each
 * column is sent with a leading separator, sliced off in SQL, so that a column of one empty
 * string is not taken for a column of none; a column of none is sent as null (no rows).
 */
export class SplitColumns {
  readonly separator: string;

  /** `values`: every text that will go through text() (JSON text of records included). */
  constructor(values: Iterable<string | null>) {
    this.separator = separatorFor(values);
  }

  /** A text column: none of the values may be null. */
  text(values: readonly string[]): string | null {
    return values.length === 0 ? null : this.separator + values.join(this.separator);
  }

  /** A text column whose nulls are sent as '' (for values that are never '', such as JSON text). */
  textOrNull(values: readonly (string | null)[]): string | null {
    return values.length === 0 ? null : this.separator + values.map((v) => v ?? '').join(this.separator);
  }

  /** SQL for a text column sent by text(): `$param` the text, `$separator` this.separator. */
  static sql(param: number, separator: number): string {
    return `(string_to_array($${param}::text, $${separator}::text))[2:]`;
  }

  /** SQL for a column sent by textOrNull(). */
  static sqlOrNull(param: number, separator: number): string {
    return `(string_to_array($${param}::text, $${separator}::text, ''))[2:]`;
  }
}

/** Integers as one text (safe integers are written without an exponent): `string_to_array($n::text, ',')::bigint[]`. */
export const integers = (values: readonly number[]): string => values.join(',');

function separatorFor(values: Iterable<string | null>): string {
  const list = [...values];
  if (!list.some((v) => v !== null && v.includes('\u0001'))) return '\u0001';
  const seen = new Set<number>();
  for (const v of list) if (v !== null) for (const ch of v) seen.add(ch.codePointAt(0)!);
  // The first code point (not NUL, which PostgreSQL text cannot hold, nor a surrogate) no value contains.
  for (let cp = 2; ; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (!seen.has(cp)) return String.fromCodePoint(cp);
  }
}
