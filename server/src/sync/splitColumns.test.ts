import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { databaseKinds, openTestDatabase } from '../../test/harness';
import { integers, SplitColumns } from './splitColumns';

// What goes in comes out, row for row, on both databases: empty columns, one empty string, nulls,
// values holding the usual separator, long Chinese text, JSON text.
describe.each(databaseKinds)('SplitColumns on %s', (kind) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase(kind));
  });
  afterAll(async () => drop());

  async function roundTrip(texts: string[], maybe: (string | null)[], numbers: number[]) {
    const split = new SplitColumns([...texts, ...maybe]);
    const rows = await db.query<{ t: string | null; m: string | null; n: number | null }>(
      `SELECT x.t, x.m, x.n FROM unnest(${SplitColumns.sql(2, 1)}, ${SplitColumns.sqlOrNull(3, 1)}, string_to_array($4::text, ',')::bigint[]) WITH ORDINALITY AS x(t, m, n, i) ORDER BY x.i`,
      [split.separator, split.text(texts), split.textOrNull(maybe), integers(numbers)],
    );
    return { separator: split.separator, rows: rows.map((r) => [r.t, r.m, r.n]) };
  }

  it('keeps every row as it was', async () => {
    const json = JSON.stringify({ summary: '付办公费\u0001\n"引号"', amount: -125 });
    const cases: [string[], (string | null)[], number[]][] = [
      [[], [], []],
      [[''], [null], [0]],
      [['', ''], [null, json], [-1, 2 ** 53 - 1]],
      [['a', '乡镇'.repeat(20_000), 'c'], [json, null, json], [1, 2, 3]],
    ];
    for (const [texts, maybe, numbers] of cases) {
      const { separator, rows } = await roundTrip(texts, maybe, numbers);
      expect(separator).toBe('\u0001');
      expect(rows).toEqual(texts.map((t, i) => [t, maybe[i], numbers[i]]));
    }
  });

  it('picks another separator when a value holds U+0001', async () => {
    const texts = ['a\u0001b', '\u0002', 'c'];
    const { separator, rows } = await roundTrip(texts, ['{"k":"\\u0001"}', null, '[]'], [1, 2, 3]);
    expect(separator).toBe('\u0003');
    expect(rows).toEqual([
      ['a\u0001b', '{"k":"\\u0001"}', 1],
      ['\u0002', null, 2],
      ['c', '[]', 3],
    ]);
  });
});
