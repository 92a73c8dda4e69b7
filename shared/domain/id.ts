/**
 * UUIDv7 (RFC 9562 §5.7) identifiers.
 *
 * Layout: 48-bit unix-epoch milliseconds | ver=7 (4 bits) | rand_a (12 bits) |
 * var=0b10 (2 bits) | rand_b (62 bits).
 *
 * Monotonicity (RFC 9562 §6.2, method 1 "fixed-length dedicated counter"): rand_a is a
 * 12-bit counter. On a new millisecond it is seeded randomly with its top bit cleared
 * (leaving at least 2048 increments of headroom); within the same millisecond — or if the
 * clock goes backwards — it is incremented. When it would overflow, the timestamp is
 * advanced by one millisecond and the counter re-seeded. Ids from one generator therefore
 * sort strictly increasing, both as bytes and as (lower-case) strings.
 */

type RandomFill = (bytes: Uint8Array) => void;

interface CryptoLike {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
}

function defaultRandomFill(bytes: Uint8Array): void {
  const c = (globalThis as unknown as { crypto?: CryptoLike }).crypto;
  if (!c || typeof c.getRandomValues !== 'function') {
    throw new Error('当前运行环境不支持安全随机数（globalThis.crypto.getRandomValues）');
  }
  c.getRandomValues(bytes);
}

export interface UuidV7GeneratorOptions {
  /** Clock in unix-epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Fills the array with random bytes. Default `globalThis.crypto.getRandomValues`. */
  random?: RandomFill;
}

const MAX_TIMESTAMP = 2 ** 48 - 1;
const COUNTER_MAX = 0xfff;

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Creates an independent monotonic UUIDv7 generator (useful for tests with a fake clock). */
export function createUuidV7Generator(options: UuidV7GeneratorOptions = {}): () => string {
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? defaultRandomFill;
  let lastMs = -1;
  let counter = 0;

  const seedCounter = (): number => {
    const b = new Uint8Array(2);
    random(b);
    return ((b[0]! << 8) | b[1]!) & 0x7ff;
  };

  return function uuidv7(): string {
    const t = Math.floor(now());
    if (!Number.isSafeInteger(t) || t < 0) throw new Error(`系统时钟无效：${String(t)}`);
    if (t > lastMs) {
      lastMs = t;
      counter = seedCounter();
    } else {
      counter += 1;
      if (counter > COUNTER_MAX) {
        lastMs += 1;
        counter = seedCounter();
      }
    }
    if (lastMs > MAX_TIMESTAMP) throw new Error('UUIDv7 时间戳超出范围');

    const bytes = new Uint8Array(16);
    random(bytes.subarray(8));
    const ts = lastMs.toString(16).padStart(12, '0');
    const s =
      ts +
      (0x7000 | counter).toString(16) +
      hex(new Uint8Array([(bytes[8]! & 0x3f) | 0x80])) +
      hex(bytes.subarray(9));
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
}

/** A new UUIDv7 string (lower-case), strictly increasing across calls in this process/tab. */
export const uuidv7: () => string = createUuidV7Generator();

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** True for any RFC 9562 textual UUID (8-4-4-4-12 hex digits, any version, either case). */
export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && UUID_RE.test(s);
}

/** True for a lower-case UUIDv7 (version 7, variant 10) — the form this app stores. */
export function isUuidV7(s: unknown): s is string {
  return typeof s === 'string' && UUID_V7_RE.test(s);
}

/** The unix-epoch milliseconds embedded in a UUIDv7. Throws if `id` is not a UUIDv7. */
export function uuidv7Timestamp(id: string): number {
  const lower = typeof id === 'string' ? id.toLowerCase() : '';
  if (!isUuidV7(lower)) throw new Error(`不是有效的 UUIDv7：${String(id)}`);
  return parseInt(lower.slice(0, 8) + lower.slice(9, 13), 16);
}
