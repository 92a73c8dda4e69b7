import fc from 'fast-check';
import type { z } from 'zod';

/**
 * Hostile inputs for the fuzzers: wrong types, huge strings (1 MB), negative and overflowing
 * fen, NaN/±Infinity, control characters, SQL-injection strings, deep nesting (10,000 levels),
 * and "almost right" inputs built from each command's own zod schema with one field broken.
 */

export const ONE_MB = 1024 * 1024;

/** Built once and shared: a fresh 1 MB string per case would only test the allocator. */
export const hugeAscii = 'x'.repeat(ONE_MB);
export const hugeChinese = '账'.repeat(ONE_MB / 3);
export const hugeWithControls = '\u0000\u0007\u001b[2J\r\n'.repeat(ONE_MB / 8);

export function nested(levels: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}
export const deepArray = nested(10_000, 'array');
export const deepObject = nested(10_000, 'object');

/** The same nesting as JSON text, for the HTTP fuzzer (built without recursion). */
export const deepJsonText = (levels: number, kind: 'array' | 'object') =>
  kind === 'array' ? `${'['.repeat(levels)}1${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/**
 * JSON.stringify cannot write 10,000 levels (it recurses; JSON.parse does not), so JSON-mode
 * inputs carry these markers instead and `toJsonText` splices the deep text in.
 */
const DEEP_ARRAY = '@@deep-array-10000@@';
const DEEP_OBJECT = '@@deep-object-10000@@';
/** JSON has no Infinity, but `1e999` is valid JSON text that JSON.parse reads as Infinity. */
const HUGE_NUMBER = '@@1e999@@';
const NEGATIVE_HUGE_NUMBER = '@@-1e999@@';
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text
    .replaceAll(`"${DEEP_ARRAY}"`, deepJsonText(10_000, 'array'))
    .replaceAll(`"${DEEP_OBJECT}"`, deepJsonText(10_000, 'object'))
    .replaceAll(`"${HUGE_NUMBER}"`, '1e999')
    .replaceAll(`"${NEGATIVE_HUGE_NUMBER}"`, '-1e999');
}

export const injectionStrings = [
  "'; DROP TABLE voucher; --",
  "' OR '1'='1",
  '") OR 1=1 --',
  "1; DELETE FROM voucher_line WHERE 1=1",
  "x'); ATTACH DATABASE '/tmp/pwn.db' AS pwn; --",
  "'; PRAGMA writable_schema = 1; --",
  "' UNION SELECT password_hash FROM app_user --",
  '%00',
  '\\x00',
  '$(rm -rf /)',
  '`id`',
  '<script>alert(1)</script>',
  '{{constructor.constructor("return process")()}}',
  '../../../../etc/passwd',
  '..\\..\\windows\\system32',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
];

export const controlStrings = ['', ' ', '\u0000', '\u0000\u0000abc', '\t\n\r', '\u0007\u0008\u001b', '\u202e反向文字', '\ud800', '\udfff\ud800', '\ufeff', '\u2028\u2029', '　', '２０２６-０１-３１', '2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31', 'NaN', 'Infinity', '-0', '1e999', '0x10', '1_000'];

export const badNumbers = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  -1,
  -100,
  0.1,
  100.5,
  -0.5,
  Number.MAX_SAFE_INTEGER + 1,
  Number.MAX_SAFE_INTEGER + 2,
  -(Number.MAX_SAFE_INTEGER + 2),
  2 ** 63,
  -(2 ** 63),
  2 ** 64,
  1e20,
  1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  1999,
  2100,
  0,
  13,
  10_000_000,
];

/** Values with no JSON form but which Electron's IPC (structured clone) can carry. */
export const cloneOnlyValues: unknown[] = [undefined, 10n, -(2n ** 70n), new Date(0), new Date(Number.NaN), new Map([['a', 1]]), new Set([1]), new Uint8Array([1, 2, 3]), [, , 1], Object.create(null) as unknown, /x/];

const jsonScalars: unknown[] = [null, true, false, ...badNumbers.filter(Number.isFinite), ...injectionStrings, ...controlStrings];

/** A hostile value: `json` leaves out what JSON cannot carry (NaN, Infinity, undefined, BigInt…). */
export function hostileValue(json: boolean): fc.Arbitrary<unknown> {
  const scalars = json ? [...jsonScalars, HUGE_NUMBER, NEGATIVE_HUGE_NUMBER] : [...jsonScalars, NaN, Infinity, -Infinity, ...cloneOnlyValues];
  const leaf = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...scalars) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double({ noNaN: json, noDefaultInfinity: json }) },
    { weight: 1, arbitrary: fc.constantFrom(hugeAscii, hugeChinese, hugeWithControls) },
    { weight: 1, arbitrary: json ? fc.constantFrom(DEEP_ARRAY, DEEP_OBJECT) : fc.constantFrom(deepArray, deepObject) },
    { weight: 1, arbitrary: fc.constantFrom(Array.from({ length: 20_000 }, (_, i) => i), Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))) },
  );
  return fc.oneof({ weight: 5, arbitrary: leaf }, { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('a', '__proto__', 'constructor', 'bookId', 'id', ''), leaf, { maxKeys: 3 }) });
}

// ---- schema-aware: a plausible input, then one field broken ----

type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; entries?: Record<string, string>; values?: unknown[]; innerType?: z.ZodType; options?: z.ZodType[]; in?: z.ZodType };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

export interface Plausible {
  bookId: string;
  anyId: string;
}

/** A plausible value for a schema: the shapes and literals it asks for, with field-name hints. */
export function plausible(schema: z.ZodType, hints: Plausible, key = ''): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(def.shape ?? {})) out[k] = plausible(s, hints, k);
      return out;
    }
    case 'array':
      return [plausible(def.element!, hints, key)];
    case 'string':
      if (key === 'bookId') return hints.bookId;
      if (/id$/i.test(key)) return hints.anyId;
      if (/date|asOf/i.test(key)) return '2026-02-10';
      if (/code/i.test(key)) return '2010301';
      return '合理的文字';
    case 'number':
      if (key === 'year') return 2026;
      if (/month/i.test(key)) return 2;
      return 100;
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(def.entries ?? {})[0];
    case 'literal':
      return def.values?.[0];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return plausible(def.innerType!, hints, key);
    case 'union':
      return plausible(def.options![0]!, hints, key);
    case 'pipe':
      return plausible(def.in!, hints, key);
    default:
      return null;
  }
}

/** Paths to every leaf of a plausible value (object keys and array indexes). */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length === 0 ? [prefix] : [prefix, ...value.flatMap((v, i) => leafPaths(v, [...prefix, i]))];
  if (value && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]))];
  return [prefix];
}

function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  copy[head] = setAt(copy[head], rest, replacement);
  return copy;
}

function deleteAt(value: unknown, path: (string | number)[]): unknown {
  if (path.length === 0 || !value || typeof value !== 'object') return value;
  if (path.length === 1) {
    if (Array.isArray(value)) return value.filter((_, i) => i !== path[0]);
    const { [path[0] as string]: _removed, ...rest } = value as Record<string, unknown>;
    return rest;
  }
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  return setAt(value, [head], deleteAt((value as Record<string | number, unknown>)[head], rest));
}

/**
 * Inputs for one command: the schema's plausible shape with fields replaced by hostile values,
 * removed, or joined by unknown keys; or something else altogether.
 */
export function hostileInput(schema: z.ZodType, hints: Plausible, json: boolean): fc.Arbitrary<unknown> {
  const base = plausible(schema, hints);
  const paths = leafPaths(base).filter((p) => p.length > 0);
  const value = hostileValue(json);
  const mutated = paths.length === 0
    ? value
    : fc
        .array(fc.tuple(fc.constantFrom(...paths), fc.oneof({ weight: 5, arbitrary: value.map((v) => ({ set: v })) }, { weight: 1, arbitrary: fc.constant({ remove: true as const }) })), { minLength: 1, maxLength: 3 })
        .map((changes) => changes.reduce<unknown>((acc, [path, change]) => ('remove' in change ? deleteAt(acc, path) : setAt(acc, path, change.set)), base));
  const extraKeys = fc.dictionary(fc.constantFrom('extra', '__proto__', 'constructor', 'toString', 'bookId ', '\u0000'), value, { minKeys: 1, maxKeys: 2 }).map((extra) =>
    // Spread, not Object.assign: a "__proto__" key stays an own key, as JSON.parse and IPC deliver it.
    base && typeof base === 'object' && !Array.isArray(base) ? { ...(structuredClone(base) as object), ...extra } : extra,
  );
  return fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 2, arbitrary: value }, { weight: 1, arbitrary: extraKeys });
}
