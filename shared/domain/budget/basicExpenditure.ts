/**
 * 基本支出 from the staff roster: each standard (per person per year, in fen) times the
 * 在编人数 of its category gives a line; lines with the same kind, function and economic
 * classification are summed. 人员经费 standards are per category (基本工资, 津贴补贴, 社保…);
 * 公用经费 standards are per-capita amounts (办公费, 差旅费…) per category too, so a unit can
 * budget 公用经费 for 行政编制 but not for 离退休人员.
 */
import type { Fen } from '../money';

export interface StaffCount {
  /** 人员类别: 行政编制, 事业编制, 工勤人员, 离退休人员 … (the unit's own list). */
  category: string;
  headcount: number;
}

export interface ExpenditureStandard {
  kind: '人员经费' | '日常公用经费';
  category: string;
  econCode: string;
  funcCode: string;
  /** Fen per person per year. */
  perCapita: Fen;
}

export interface BasicLineBasis {
  category: string;
  headcount: number;
  perCapita: Fen;
  amount: Fen;
}

export interface BasicLine {
  kind: '人员经费' | '日常公用经费';
  funcCode: string;
  econCode: string;
  amount: Fen;
  basis: BasicLineBasis[];
}

export type BasicComputation = { ok: true; lines: BasicLine[]; total: Fen } | { ok: false; errors: string[] };

export function computeBasicExpenditure(roster: readonly StaffCount[], standards: readonly ExpenditureStandard[]): BasicComputation {
  const errors: string[] = [];
  const headcounts = new Map<string, number>();
  for (const row of roster) {
    if (headcounts.has(row.category)) errors.push(`人员类别“${row.category}”重复`);
    if (!Number.isSafeInteger(row.headcount) || row.headcount < 0) errors.push(`人员类别“${row.category}”的人数必须是非负整数`);
    headcounts.set(row.category, row.headcount);
  }
  const seen = new Set<string>();
  const lines = new Map<string, BasicLine>();
  for (const s of standards) {
    const key = `${s.kind}|${s.category}|${s.funcCode}|${s.econCode}`;
    if (seen.has(key)) errors.push(`${s.kind}标准重复：${s.category} ${s.funcCode} ${s.econCode}`);
    seen.add(key);
    const headcount = headcounts.get(s.category);
    if (headcount === undefined) {
      errors.push(`${s.kind}标准中的人员类别“${s.category}”不在人员名册中`);
      continue;
    }
    if (!Number.isSafeInteger(s.perCapita) || s.perCapita < 0) {
      errors.push(`${s.kind}标准（${s.category} ${s.econCode}）的人均金额必须是非负的整数分`);
      continue;
    }
    const amount = headcount * s.perCapita;
    if (!Number.isSafeInteger(amount)) {
      errors.push(`${s.kind}标准（${s.category} ${s.econCode}）计算结果超出允许范围`);
      continue;
    }
    if (amount === 0) continue;
    const lineKey = `${s.kind}|${s.funcCode}|${s.econCode}`;
    let line = lines.get(lineKey);
    if (!line) lines.set(lineKey, (line = { kind: s.kind, funcCode: s.funcCode, econCode: s.econCode, amount: 0, basis: [] }));
    line.amount += amount;
    line.basis.push({ category: s.category, headcount, perCapita: s.perCapita, amount });
  }
  if (errors.length > 0) return { ok: false, errors };
  const sorted = [...lines.values()].sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.funcCode.localeCompare(b.funcCode) || a.econCode.localeCompare(b.econCode),
  );
  const total = sorted.reduce((sum, l) => sum + l.amount, 0);
  if (!Number.isSafeInteger(total)) return { ok: false, errors: ['基本支出合计超出允许范围'] };
  return { ok: true, lines: sorted, total };
}
