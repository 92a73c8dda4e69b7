/**
 * Account-code structure. Codes follow 4-2-2(-2…): a 4-digit first-level code (财会〔2017〕25号)
 * then 2 digits per sub-level, so the parent of 60010101 is 600101 whatever a seed file says.
 */
import type { Track } from './types';

const ACCOUNT_CODE = /^\d{4}(?:\d{2})*$/;

export function isAccountCode(code: string): boolean {
  return ACCOUNT_CODE.test(code);
}

/** `60010101` → `600101`; a first-level code has no parent (null). */
export function parentCode(code: string): string | null {
  return code.length > 4 ? code.slice(0, -2) : null;
}

/** Every ancestor, first level first: `60010101` → [`6001`, `600101`]. */
export function ancestorCodes(code: string): string[] {
  const out: string[] = [];
  for (let len = 4; len < code.length; len += 2) out.push(code.slice(0, len));
  return out;
}

/** The deepest code the 4-2-2-2 scheme allows (10 digits). */
export const MAX_ACCOUNT_CODE_LENGTH = 10;

/**
 * The next free sub-account code under a parent: its code plus 01…99, the first not taken
 * (5001 → 500101 → 50010101); null when all 99 are taken or the parent is already at the deepest level.
 */
export function nextChildCode(parent: string, taken: Iterable<string>): string | null {
  if (parent.length + 2 > MAX_ACCOUNT_CODE_LENGTH) return null;
  const used = new Set(taken);
  for (let n = 1; n <= 99; n++) {
    const code = `${parent}${String(n).padStart(2, '0')}`;
    if (!used.has(code)) return code;
  }
  return null;
}

export function firstLevelCode(code: string): string {
  return code.slice(0, 4);
}

/**
 * Track implied by the code's first digit: 1–5 财务会计, 6–8 预算会计. Used only where no
 * account record is at hand (closing lines, unknown codes); null for anything else.
 */
export function inferTrack(code: string): Track | null {
  const first = code.charAt(0);
  if (first >= '1' && first <= '5') return 'financial';
  if (first >= '6' && first <= '8') return 'budget';
  return null;
}

/** The rule whose `prefix` is the longest prefix of `code`, if any (order-independent). */
export function longestPrefixMatch<T>(
  code: string,
  rules: readonly T[],
  prefixOf: (rule: T) => string,
): T | undefined {
  let best: T | undefined;
  let bestLength = -1;
  for (const rule of rules) {
    const prefix = prefixOf(rule);
    if (code.startsWith(prefix) && prefix.length > bestLength) {
      best = rule;
      bestLength = prefix.length;
    }
  }
  return best;
}

export function matchesAnyPrefix(code: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => code.startsWith(p));
}
