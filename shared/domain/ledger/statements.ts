/**
 * Statement engine. Each statement is DATA (a `StatementDefinition`): lines that either add
 * up account balances by code prefix or sum other lines, plus checks that two groups of
 * lines agree. The engine never writes; it reads balances through a look-up function.
 *
 * Sign convention: the look-up returns DEBIT-POSITIVE amounts (debit − credit). A term's
 * `sign` turns that into the line's natural side: +1 for assets, expenses, budget
 * expenditure and 资金结存; −1 for contra-assets shown as positive (累计折旧), liabilities,
 * net assets, revenue and budget balances. So every line value is positive when the account
 * sits on its normal side.
 */
import type { Fen } from '../money';
import type { DebitCredit } from './types';

/**
 * - `closing`: balance at the end of the reporting period (everything posted);
 * - `opening`: balance at the start of the fiscal year (after last year's closing);
 * - `period` / `ytd`: net movement in the period / from 1 January to the period end,
 *   EXCLUDING 结转凭证 (closing vouchers), so 收入费用表 still shows revenue after revenue
 *   has been closed into 3301 and 预算结转结余变动表 sees only real changes.
 */
export type BalanceBasis = 'opening' | 'closing' | 'period' | 'ytd';

export interface AccountTerm {
  /** Account-code prefix: `1001` covers 1001 and all its sub-accounts. */
  account: string;
  sign: 1 | -1;
  basis: BalanceBasis;
}

/** `sum` lists other line keys; a key written `-key` is subtracted. */
export type LineFormula = readonly AccountTerm[] | { readonly sum: readonly string[] };

export interface StatementLine {
  key: string;
  label: string;
  indent?: number;
  formula: LineFormula;
  /** Computed for checks only; not printed. */
  hidden?: boolean;
}

export interface StatementCheck {
  label: string;
  /** Line keys (or `-key`) summed on each side. */
  left: readonly string[];
  right: readonly string[];
}

export interface StatementDefinition {
  id: string;
  title: string;
  /** 会政财01 … / 会政预01 … */
  code: string;
  lines: readonly StatementLine[];
  checks: readonly StatementCheck[];
}

/** Debit-positive amount in fen of all accounts whose code starts with `prefix`. */
export type BalanceLookup = (prefix: string, basis: BalanceBasis) => Fen;

export interface StatementLineValue {
  key: string;
  label: string;
  indent: number;
  hidden: boolean;
  value: Fen;
}

export interface StatementCheckResult {
  label: string;
  left: Fen;
  right: Fen;
  /** left − right */
  difference: Fen;
  pass: boolean;
}

export interface StatementResult {
  id: string;
  title: string;
  code: string;
  lines: StatementLineValue[];
  checks: StatementCheckResult[];
  allChecksPass: boolean;
}

export interface EvaluateOptions {
  /**
   * Replace the basis of every `period` / `ytd` term, e.g. `ytd` for the 本年累计数 column
   * of 收入费用表 whose definition is written for 本月数.
   */
  flowBasis?: 'period' | 'ytd';
}

function safe(n: number): number {
  if (!Number.isSafeInteger(n)) throw new RangeError('报表金额超出允许范围');
  return n;
}

function parseRef(ref: string): { key: string; factor: 1 | -1 } {
  return ref.startsWith('-') ? { key: ref.slice(1), factor: -1 } : { key: ref, factor: 1 };
}

/** Problems in a definition (duplicate keys, unknown references, cycles); empty when sound. */
export function definitionProblems(def: StatementDefinition): string[] {
  const problems: string[] = [];
  const byKey = new Map<string, StatementLine>();
  for (const line of def.lines) {
    if (byKey.has(line.key)) problems.push(`${def.id}: duplicate line key ${line.key}`);
    byKey.set(line.key, line);
  }
  const refsOf = (line: StatementLine): string[] =>
    'sum' in line.formula ? line.formula.sum.map((r) => parseRef(r).key) : [];
  for (const line of def.lines) {
    for (const ref of refsOf(line)) if (!byKey.has(ref)) problems.push(`${def.id}.${line.key}: unknown line ${ref}`);
  }
  for (const check of def.checks) {
    for (const ref of [...check.left, ...check.right]) {
      const key = parseRef(ref).key;
      if (!byKey.has(key)) problems.push(`${def.id} check ${check.label}: unknown line ${key}`);
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string): void => {
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') {
      problems.push(`${def.id}: cycle through ${key}`);
      return;
    }
    state.set(key, 'visiting');
    const line = byKey.get(key);
    if (line) for (const ref of refsOf(line)) visit(ref);
    state.set(key, 'done');
  };
  for (const line of def.lines) visit(line.key);
  return problems;
}

/** Evaluates every line and check of a definition. Throws on a malformed definition. */
export function evaluateStatement(
  def: StatementDefinition,
  balances: BalanceLookup,
  options: EvaluateOptions = {},
): StatementResult {
  const problems = definitionProblems(def);
  if (problems.length > 0) throw new Error(`报表定义有误：${problems.join('; ')}`);

  const byKey = new Map(def.lines.map((line) => [line.key, line]));
  const values = new Map<string, number>();
  const valueOf = (key: string): number => {
    const known = values.get(key);
    if (known !== undefined) return known;
    const line = byKey.get(key)!;
    let total = 0;
    if ('sum' in line.formula) {
      for (const ref of line.formula.sum) {
        const { key: other, factor } = parseRef(ref);
        total = safe(total + factor * valueOf(other));
      }
    } else {
      for (const term of line.formula as readonly AccountTerm[]) {
        const basis =
          options.flowBasis && (term.basis === 'period' || term.basis === 'ytd') ? options.flowBasis : term.basis;
        total = safe(total + term.sign * balances(term.account, basis));
      }
    }
    const value = total === 0 ? 0 : total; // no -0
    values.set(key, value);
    return value;
  };
  const sumOf = (refs: readonly string[]): number =>
    refs.reduce((acc, ref) => {
      const { key, factor } = parseRef(ref);
      return safe(acc + factor * valueOf(key));
    }, 0);

  const lines = def.lines.map((line) => ({
    key: line.key,
    label: line.label,
    indent: line.indent ?? 0,
    hidden: line.hidden ?? false,
    value: valueOf(line.key),
  }));
  const checks = def.checks.map((check) => {
    const left = sumOf(check.left);
    const right = sumOf(check.right);
    const difference = safe(left - right);
    return { label: check.label, left, right, difference: difference === 0 ? 0 : difference, pass: difference === 0 };
  });
  return {
    id: def.id,
    title: def.title,
    code: def.code,
    lines,
    checks,
    allChecksPass: checks.every((c) => c.pass),
  };
}

/** Line values by key, for callers that render or compare. */
export function statementValues(result: StatementResult): Record<string, Fen> {
  return Object.fromEntries(result.lines.map((l) => [l.key, l.value]));
}

export type BalanceSources = Partial<Record<BalanceBasis, ReadonlyMap<string, DebitCredit>>>;

/**
 * A look-up over accumulated postings per code, one map per basis. The maps must hold each
 * code's OWN postings (not rolled-up totals), otherwise a prefix would count a parent and
 * its children twice. Asking for a basis with no map is a programming error.
 */
export function createBalanceLookup(sources: BalanceSources): BalanceLookup {
  const cache = new Map<string, number>();
  return (prefix, basis) => {
    const map = sources[basis];
    if (!map) throw new Error(`没有提供“${basis}”口径的余额数据`);
    const cacheKey = `${basis}:${prefix}`;
    const hit = cache.get(cacheKey);
    if (hit !== undefined) return hit;
    let total = 0;
    for (const [code, dc] of map) {
      if (code.startsWith(prefix)) total = safe(total + dc.debit - dc.credit);
    }
    cache.set(cacheKey, total);
    return total;
  };
}
