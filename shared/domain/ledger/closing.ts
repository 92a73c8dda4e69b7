/**
 * 结账 (closing) entries as pure functions: given balances, produce the lines of a 结转凭证
 * that move them into their target accounts. Which account closes where is configurable
 * data (`ClosingRule`); the defaults follow domain.md §2 "结账", whose order and monthly vs
 * annual timing are marked unverified.
 *
 * Input balances are each account's OWN accumulated postings (leaf accounts; optionally per
 * dimension combination), never rolled-up totals. Output lines use positive amounts and
 * balance per track — asserted before returning.
 */
import type { Fen } from '../money';
import { inferTrack, longestPrefixMatch, matchesAnyPrefix } from './accountCodes';
import type { DebitCredit, Dimensions, DimensionKey, VoucherLineInput } from './types';
import { TRACK_LABELS } from './types';

export interface ClosingRule {
  /** Account-code prefix of the accounts to zero; the most specific rule wins. */
  source: string;
  /** Leaf account receiving the balance. */
  target: string;
  summary: string;
}

export interface ClosingBalance {
  accountCode: string;
  debit: Fen;
  credit: Fen;
  dims?: Dimensions;
}

export type ClosingBalances = ReadonlyMap<string, DebitCredit> | Iterable<ClosingBalance>;

export interface ClosingConfig {
  /** Applied one after another; a later step sees the balances left by earlier ones. */
  steps: readonly (readonly ClosingRule[])[];
  /** Dimensions kept on the target lines (e.g. 8101 by 功能分类 and project). */
  carryDims: readonly DimensionKey[];
  /** Balances under these prefixes must be matched by some rule, or closing refuses. */
  mustClose: readonly string[];
}

function frozenConfig(config: ClosingConfig): ClosingConfig {
  for (const step of config.steps) {
    for (const rule of step) Object.freeze(rule);
    Object.freeze(step);
  }
  Object.freeze(config.steps);
  Object.freeze(config.carryDims);
  Object.freeze(config.mustClose);
  return Object.freeze(config);
}

/** Month end (domain.md: unverified monthly vs annual): 4xxx and 5xxx into 3301 本期盈余. */
export const defaultMonthEndClosingConfig: ClosingConfig = frozenConfig({
  steps: [
    [
      { source: '4', target: '3301', summary: '结转本期收入' },
      { source: '5', target: '3301', summary: '结转本期费用' },
    ],
  ],
  carryDims: [],
  mustClose: ['4', '5'],
});

/**
 * Year end, budget track, domain.md steps 1–3:
 * 1. 6001 and 财政拨款支出 (710101/720101) → 8101 财政拨款结转—本年收支结转 (810106);
 * 2. non-fiscal RESTRICTED revenue and spending → 8201 非财政拨款结转—本年收支结转 (820104):
 *    660101 非同级财政拨款 专项资金收入, 710102/720102 非财政专项资金支出. The 专项 parts of
 *    6101/6201/6301/6501 have no sub-accounts in the seed chart; add rules when a unit opens them;
 * 3. 经营 (6401/7301) → 8401 经营结余; everything else in 6xxx/7xxx → 8501 其他结余.
 * Sub-account codes are the seed chart's software convention, not MOF-mandated.
 */
export const defaultYearEndBudgetClosingConfig: ClosingConfig = frozenConfig({
  steps: [
    [
      { source: '6001', target: '810106', summary: '财政拨款预算收入年末结转' },
      { source: '710101', target: '810106', summary: '财政拨款支出年末结转' },
      { source: '720101', target: '810106', summary: '财政拨款支出年末结转' },
      { source: '660101', target: '820104', summary: '非财政专项资金预算收入年末结转' },
      { source: '710102', target: '820104', summary: '非财政专项资金支出年末结转' },
      { source: '720102', target: '820104', summary: '非财政专项资金支出年末结转' },
      { source: '6401', target: '8401', summary: '经营预算收入年末结转' },
      { source: '7301', target: '8401', summary: '经营支出年末结转' },
      { source: '6', target: '8501', summary: '其他预算收入年末结转' },
      { source: '7', target: '8501', summary: '其他预算支出年末结转' },
    ],
  ],
  carryDims: ['func', 'project'],
  mustClose: ['6', '7'],
});

/**
 * Year end, budget track, domain.md steps 4 and 6 for a 行政单位 (run after steps 1–3):
 * 8101 details → 810107 累计结转, 8102 → 810205 累计结余, 8201 → 820105 累计结转,
 * 8202 → 820204 累计结余, and 8501 其他结余 → 820204 (a 事业单位 sends 8501 to 8701 instead).
 * Step 5 (completed projects' balances to 8102/8202 结转转入) needs project status and is
 * not automated here.
 */
export const defaultYearEndBudgetCarryForwardConfig: ClosingConfig = frozenConfig({
  steps: [
    [
      { source: '8101', target: '810107', summary: '财政拨款结转明细转入累计结转' },
      { source: '8102', target: '810205', summary: '财政拨款结余明细转入累计结余' },
      { source: '8201', target: '820105', summary: '非财政拨款结转明细转入累计结转' },
      { source: '8202', target: '820204', summary: '非财政拨款结余明细转入累计结余' },
      { source: '8501', target: '820204', summary: '其他结余转入非财政拨款结余' },
    ],
  ],
  carryDims: ['func', 'project'],
  mustClose: [],
});

/** Year end, financial track: 3301 → 3302 → 3001; 3401 and 3501 → 3001 (domain.md §2). */
export const defaultYearEndFinancialClosingConfig: ClosingConfig = frozenConfig({
  steps: [
    [{ source: '3301', target: '3302', summary: '本期盈余转入本年盈余分配' }],
    [
      { source: '3302', target: '3001', summary: '本年盈余分配转入累计盈余' },
      { source: '3401', target: '3001', summary: '无偿调拨净资产转入累计盈余' },
      { source: '3501', target: '3001', summary: '以前年度盈余调整转入累计盈余' },
    ],
  ],
  carryDims: [],
  mustClose: [],
});

function dimsKey(dims: Dimensions | undefined): string {
  if (!dims) return '';
  const entries = Object.entries(dims).filter(([, v]) => v !== undefined && v !== '');
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

function pickDims(dims: Dimensions | undefined, keys: readonly DimensionKey[]): Dimensions | undefined {
  if (!dims || keys.length === 0) return undefined;
  const out: Dimensions = {};
  for (const key of keys) if (dims[key]) out[key] = dims[key];
  return Object.keys(out).length > 0 ? out : undefined;
}

interface Entry {
  accountCode: string;
  dims: Dimensions | undefined;
  net: number; // debit − credit
}

function toEntries(balances: ClosingBalances): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const add = (accountCode: string, dims: Dimensions | undefined, debit: number, credit: number): void => {
    if (!Number.isSafeInteger(debit) || !Number.isSafeInteger(credit)) {
      throw new TypeError(`科目 ${accountCode} 的余额必须是以“分”为单位的安全整数`);
    }
    const key = `${accountCode}|${dimsKey(dims)}`;
    const current = entries.get(key);
    const net = (current?.net ?? 0) + debit - credit;
    if (!Number.isSafeInteger(net)) throw new RangeError('余额合计超出允许范围');
    entries.set(key, { accountCode, dims, net });
  };
  if (balances instanceof Map) {
    for (const [code, dc] of balances as ReadonlyMap<string, DebitCredit>) add(code, undefined, dc.debit, dc.credit);
  } else {
    for (const b of balances as Iterable<ClosingBalance>) add(b.accountCode, b.dims, b.debit, b.credit);
  }
  return entries;
}

function line(summary: string, accountCode: string, net: number, dims: Dimensions | undefined): VoucherLineInput {
  // A debit balance (net > 0) is zeroed by a credit, and vice versa.
  const out: VoucherLineInput =
    net > 0 ? { summary, accountCode, debit: 0, credit: net } : { summary, accountCode, debit: -net, credit: 0 };
  if (dims) out.dims = { ...dims };
  return out;
}

function checkRules(rules: readonly ClosingRule[]): void {
  for (const rule of rules) {
    const from = inferTrack(rule.source);
    const to = inferTrack(rule.target);
    if (!from || from !== to) {
      throw new Error(`结账规则有误：${rule.source} 与 ${rule.target} 不属于同一核算体系`);
    }
  }
}

function closeStep(
  entries: Map<string, Entry>,
  rules: readonly ClosingRule[],
  config: ClosingConfig,
): VoucherLineInput[] {
  checkRules(rules);
  const sourceLines = rules.map(() => [] as VoucherLineInput[]);
  const targetTotals = rules.map(() => new Map<string, { dims: Dimensions | undefined; net: number }>());
  const sorted = [...entries.values()].sort(
    (a, b) => (a.accountCode < b.accountCode ? -1 : a.accountCode > b.accountCode ? 1 : 0) || (dimsKey(a.dims) < dimsKey(b.dims) ? -1 : 1),
  );
  for (const entry of sorted) {
    if (entry.net === 0) continue;
    const code = entry.accountCode;
    const rule = longestPrefixMatch(code, rules, (r) => r.source);
    if (!rule) continue;
    if (code.startsWith(rule.target)) continue; // the rule's own target is not closed
    const feeding = rules.find((r) => r !== rule && code.startsWith(r.target));
    if (feeding) {
      throw new Error(`结账规则有误：${code} 在同一步骤中既是 ${feeding.source} 的结转目标又要结出，请分成先后两步`);
    }
    const index = rules.indexOf(rule);
    sourceLines[index]!.push(line(rule.summary, code, entry.net, entry.dims));
    const carried = pickDims(entry.dims, config.carryDims);
    const key = dimsKey(carried);
    const total = targetTotals[index]!.get(key);
    targetTotals[index]!.set(key, { dims: carried, net: (total?.net ?? 0) + entry.net });
  }

  const out: VoucherLineInput[] = [];
  rules.forEach((rule, index) => {
    const group = [...sourceLines[index]!];
    for (const { dims, net } of targetTotals[index]!.values()) {
      if (net !== 0) group.push(line(rule.summary, rule.target, -net, dims));
    }
    // Debit lines first, as vouchers are written.
    out.push(...group.filter((l) => l.debit !== 0), ...group.filter((l) => l.debit === 0));
  });
  return out;
}

/** Throws unless each track's debits equal its credits (tracks inferred from codes). */
export function assertBalancedPerTrack(lines: readonly VoucherLineInput[]): void {
  const totals = { financial: { debit: 0, credit: 0 }, budget: { debit: 0, credit: 0 } };
  for (const l of lines) {
    const track = inferTrack(l.accountCode);
    if (!track) throw new Error(`无法识别科目 ${l.accountCode} 的核算体系`);
    totals[track].debit += l.debit;
    totals[track].credit += l.credit;
  }
  for (const track of ['financial', 'budget'] as const) {
    if (totals[track].debit !== totals[track].credit) {
      throw new Error(`${TRACK_LABELS[track]}结转分录借贷不平（程序错误）`);
    }
  }
}

/** Runs a closing configuration over balances; the generic form of the functions below. */
export function closingLines(balances: ClosingBalances, config: ClosingConfig): VoucherLineInput[] {
  const entries = toEntries(balances);
  const allRules = config.steps.flat();
  for (const entry of entries.values()) {
    if (entry.net !== 0 && matchesAnyPrefix(entry.accountCode, config.mustClose)) {
      if (!longestPrefixMatch(entry.accountCode, allRules, (r) => r.source)) {
        throw new Error(`结账规则未配置科目 ${entry.accountCode} 的结转去向`);
      }
    }
  }
  const out: VoucherLineInput[] = [];
  for (const rules of config.steps) {
    const lines = closeStep(entries, rules, config);
    for (const l of lines) {
      const key = `${l.accountCode}|${dimsKey(l.dims)}`;
      const current = entries.get(key);
      const net = (current?.net ?? 0) + l.debit - l.credit;
      entries.set(key, { accountCode: l.accountCode, dims: l.dims, net });
    }
    out.push(...lines);
  }
  assertBalancedPerTrack(out);
  return out;
}

/** 月末结账: zero every 4xxx / 5xxx balance into 3301 本期盈余 (financial track only). */
export function monthEndClosingLines(
  balances: ClosingBalances,
  config: ClosingConfig = defaultMonthEndClosingConfig,
): VoucherLineInput[] {
  return closingLines(balances, config);
}

/** 年终结转, budget track steps 1–3: 6xxx / 7xxx into 8101 / 8201 / 8401 / 8501. */
export function yearEndBudgetClosingLines(
  balances: ClosingBalances,
  config: ClosingConfig = defaultYearEndBudgetClosingConfig,
): VoucherLineInput[] {
  return closingLines(balances, config);
}

/** 年终结转, budget track steps 4 and 6 (after steps 1–3 are posted). */
export function yearEndBudgetCarryForwardLines(
  balances: ClosingBalances,
  config: ClosingConfig = defaultYearEndBudgetCarryForwardConfig,
): VoucherLineInput[] {
  return closingLines(balances, config);
}

/** 年终结转, financial track: 3301 → 3302 → 3001, 3401 / 3501 → 3001. */
export function yearEndFinancialClosingLines(
  balances: ClosingBalances,
  config: ClosingConfig = defaultYearEndFinancialClosingConfig,
): VoucherLineInput[] {
  return closingLines(balances, config);
}
