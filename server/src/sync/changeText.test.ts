import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/sync/canonical';
import { changeText } from '../../../shared/sync/chain';
import type { TownshipChange } from '../../../shared/sync/messages';
import { sha256Hex } from '../crypto';
import { canonicalText, changeTexts } from './changeText';

const voucher = {
  attachments: 1,
  bookId: 'b1',
  id: 'v1',
  lines: [
    { accountCode: '1001', credit: 0, debit: 1250, lineNo: 1, summary: '付“办公费”\\\n\u0001', track: 'financial' },
    { accountCode: '5001', credit: 1250, debit: 0, lineNo: 2, summary: '乡镇 😀 \ud800', track: 'financial' },
  ],
  status: 'posted',
  year: 2026,
};

// Values where JSON.stringify and canonicalJson part ways, and the ordinary ones.
const values: unknown[] = [
  null,
  0,
  -0,
  1.5e-7,
  2 ** 60,
  'text',
  true,
  [],
  {},
  [1, undefined, null, 'a'],
  voucher,
  { b: 1, a: 2 },
  { a: 1, b: { d: 1, c: 2 } },
  { 10: 'x', 9: 'y' },
  { 1: 'x', 2: 'y', a: 3 },
  { a: undefined, b: 1 },
  { b: 1, a: undefined },
  JSON.parse('{"__proto__": {"x": 1}, "a": 1}'),
  { toJSON: 1, a: 1 },
  { at: new Date(0) },
  Object.assign(Object.create(null), { a: 1, b: [1, 2] }),
  { 'é': 1, e: 2, 'E': 3, '😀': 4, '\uffff': 5 },
  { a: 10n }, // never in a change (data comes from JSON.parse); canonicalJson writes it as digits
  [[[{ z: 1, y: [{ b: 1, a: 0 }] }]]],
];

describe('canonicalText', () => {
  it('is canonicalJson for every value', () => {
    for (const value of values) expect(canonicalText(value)).toBe(canonicalJson(value));
  });

  it('refuses what canonicalJson refuses', () => {
    for (const bad of [{ a: Number.NaN }, [Infinity], { f: () => 1 }, { s: Symbol('x') }, { a: { toJSON: () => 'replaced' } }]) {
      expect(() => canonicalJson(bad)).toThrow();
      expect(() => canonicalText(bad)).toThrow();
    }
  });
});

describe('changeTexts', () => {
  const base: TownshipChange = { seq: 7, kind: 'voucher', key: 'v1', book: 'b1', op: 'put', schema: 1, data: voucher };
  const changes: TownshipChange[] = [
    base,
    { ...base, book: null },
    { ...base, op: 'delete', data: null },
    { ...base, data: undefined },
    { ...base, key: 'k"\\\u0001' },
    ...values.filter((v) => !(typeof v === 'object' && v !== null && typeof (v as { a?: unknown }).a === 'bigint')).map((data, i) => ({ ...base, seq: i + 1, data })),
  ];
  const withoutBook = { ...base } as Partial<TownshipChange>;
  delete withoutBook.book;
  changes.push(withoutBook as TownshipChange);

  it('hashes exactly changeText, and gives the data as JSON.stringify writes it', () => {
    for (const change of changes) {
      const texts = changeTexts(change);
      expect(texts.contentHash).toBe(sha256Hex(changeText(change)));
      expect(texts.dataJson).toBe(JSON.stringify(change.data ?? null));
    }
  });

  it('a record sent with its keys out of order is hashed canonically, stored as sent', () => {
    const change = { ...base, data: { year: 2026, id: 'v1' } };
    expect(changeTexts(change).contentHash).toBe(sha256Hex(changeText(change)));
    expect(changeTexts(change).dataJson).toBe('{"year":2026,"id":"v1"}');
  });
});
