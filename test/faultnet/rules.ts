/**
 * Fault rules of the proxy, and their validation (shared by the programmatic API, the control
 * API and the CLI, so a rule file is checked the same way wherever it comes from).
 */

/** A fixed number, or an inclusive [min, max] drawn from the seeded generator. */
export type Range = number | readonly [number, number];

export type FaultSpec =
  /** Never forward. The client connection stalls (or is closed after closeAfterMs). */
  | { kind: 'drop'; closeAfterMs?: number }
  /**
   * Forward only the head and the first `afterBytes` bytes of the request body (HTTP mode; clamped
   * so the server never receives a complete request), then close the upstream and reset the
   * client. TCP mode: cut both sides once `afterBytes` bytes of the client's stream went through.
   */
  | { kind: 'cutRequest'; afterBytes?: Range; reset?: boolean }
  /**
   * Let the server answer completely, then give the client only the first `afterBytes` bytes of
   * the response (clamped below its length) and reset (default) or close the client connection.
   * TCP mode: cut once `afterBytes` bytes of the server's stream went through.
   */
  | { kind: 'cutResponse'; afterBytes?: Range; reset?: boolean }
  /**
   * HTTP only. Send the request to the server twice (one after the other, or both at once with
   * `concurrent`) and return one response to the client (default: the answer to the second copy).
   */
  | { kind: 'duplicate'; respond?: 'first' | 'second'; concurrent?: boolean }
  /**
   * HTTP only. Hold the request until `after` (default 1) requests that reached the proxy later
   * have been answered by the server, or until `maxHoldMs` (default 2000) passes.
   */
  | { kind: 'reorder'; after?: number; maxHoldMs?: number }
  /** Delay each chunk (of at most the proxy's chunkSize bytes) by `ms`; probability is per chunk. */
  | { kind: 'delay'; ms: Range; direction?: 'request' | 'response' | 'both' };

export type FaultKind = FaultSpec['kind'];
export const faultKinds: readonly FaultKind[] = ['drop', 'cutRequest', 'cutResponse', 'duplicate', 'reorder', 'delay'];

export interface RuleCommon {
  /** Name in stats and events; default `<index>:<kind>`. */
  id?: string;
  /** Chance per request (per connection in TCP mode; per chunk for delay). Default 1. */
  probability?: number;
  /** HTTP only: which requests the rule applies to. path: a prefix, or a RegExp. */
  match?: { method?: string; path?: string | RegExp };
  /** Let the first `skip` matching requests pass without drawing. */
  skip?: number;
  /** Inject at most this many times. */
  times?: number;
}

export type FaultRule = RuleCommon & FaultSpec;

export interface RequestInfo {
  method: string;
  path: string;
  target: string;
  headers: ReadonlyMap<string, string>;
}

export function ruleName(rule: FaultRule, index: number): string {
  return rule.id ?? `${index}:${rule.kind}`;
}

export function ruleMatches(rule: FaultRule, request: RequestInfo | null): boolean {
  const match = rule.match;
  if (!match) return true;
  if (!request) return false;
  if (match.method !== undefined && match.method.toUpperCase() !== request.method) return false;
  if (match.path !== undefined) {
    if (typeof match.path === 'string' ? !request.path.startsWith(match.path) : !match.path.test(request.path)) return false;
  }
  return true;
}

export function pickRange(range: Range, draw: (min: number, max: number) => number): number {
  return typeof range === 'number' ? range : draw(range[0], range[1]);
}

function fail(where: string, message: string): never {
  throw new Error(`fault rule ${where}: ${message}`);
}

function checkRange(where: string, name: string, value: unknown, optional: boolean): void {
  if (value === undefined && optional) return;
  const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  if (ok(value)) return;
  if (Array.isArray(value) && value.length === 2 && ok(value[0]) && ok(value[1]) && (value[0] as number) <= (value[1] as number)) return;
  fail(where, `${name} must be a number ≥ 0 or [min, max] with min ≤ max, got ${JSON.stringify(value)}`);
}

const allowedKeys: Record<FaultKind, readonly string[]> = {
  drop: ['closeAfterMs'],
  cutRequest: ['afterBytes', 'reset'],
  cutResponse: ['afterBytes', 'reset'],
  duplicate: ['respond', 'concurrent'],
  reorder: ['after', 'maxHoldMs'],
  delay: ['ms', 'direction'],
};
const commonKeys = ['kind', 'id', 'probability', 'match', 'skip', 'times'];

/**
 * Validates rules (objects, or parsed JSON where `match.path` may be `{ "regex": "..." }`) and
 * returns them typed. Throws an Error naming the rule and the field at fault.
 */
export function parseRules(input: unknown, mode: 'http' | 'tcp'): FaultRule[] {
  if (!Array.isArray(input)) throw new Error('fault rules must be an array');
  return input.map((raw, index): FaultRule => {
    const where = `#${index}`;
    if (typeof raw !== 'object' || raw === null) fail(where, 'must be an object');
    const rule = { ...(raw as Record<string, unknown>) };
    const kind = rule.kind as FaultKind;
    if (!faultKinds.includes(kind)) fail(where, `kind must be one of ${faultKinds.join(', ')}, got ${JSON.stringify(rule.kind)}`);
    for (const key of Object.keys(rule)) {
      if (!commonKeys.includes(key) && !allowedKeys[kind].includes(key)) fail(where, `unknown field "${key}" for kind ${kind}`);
    }
    if (mode === 'tcp' && (kind === 'duplicate' || kind === 'reorder')) fail(where, `${kind} needs HTTP mode`);
    if (rule.id !== undefined && typeof rule.id !== 'string') fail(where, 'id must be a string');
    const p = rule.probability;
    if (p !== undefined && !(typeof p === 'number' && p >= 0 && p <= 1)) fail(where, `probability must be in [0, 1], got ${JSON.stringify(p)}`);
    for (const key of ['skip', 'times', 'after', 'maxHoldMs', 'closeAfterMs'] as const) {
      const v = rule[key];
      if (v !== undefined && !(Number.isInteger(v) && (v as number) >= 0)) fail(where, `${key} must be an integer ≥ 0, got ${JSON.stringify(v)}`);
    }
    if (kind === 'delay') checkRange(where, 'ms', rule.ms, false);
    if (kind === 'cutRequest' || kind === 'cutResponse') checkRange(where, 'afterBytes', rule.afterBytes, true);
    if (rule.direction !== undefined && !['request', 'response', 'both'].includes(rule.direction as string)) fail(where, 'direction must be request, response or both');
    if (rule.respond !== undefined && rule.respond !== 'first' && rule.respond !== 'second') fail(where, 'respond must be first or second');
    for (const key of ['reset', 'concurrent'] as const) {
      if (rule[key] !== undefined && typeof rule[key] !== 'boolean') fail(where, `${key} must be true or false`);
    }
    if (rule.match !== undefined) {
      if (mode === 'tcp') fail(where, 'match needs HTTP mode');
      const match = rule.match as Record<string, unknown>;
      if (typeof match !== 'object' || match === null) fail(where, 'match must be an object');
      if (match.method !== undefined && typeof match.method !== 'string') fail(where, 'match.method must be a string');
      const path = match.path;
      if (path !== undefined && typeof path !== 'string' && !(path instanceof RegExp)) {
        const regex = (path as { regex?: unknown } | null)?.regex;
        if (typeof regex !== 'string') fail(where, 'match.path must be a prefix string or { "regex": "..." }');
        rule.match = { ...match, path: new RegExp(regex) };
      }
    }
    return rule as unknown as FaultRule;
  });
}

/** Rules as JSON (RegExp paths become { regex }). */
export function rulesToJson(rules: readonly FaultRule[]): unknown[] {
  return rules.map((rule) =>
    rule.match?.path instanceof RegExp ? { ...rule, match: { ...rule.match, path: { regex: rule.match.path.source } } } : { ...rule },
  );
}
