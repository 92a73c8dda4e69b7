/**
 * 一下 control figures and the 二上 rule "the detailed budget stays within them".
 * A figure caps either a whole spending kind (no project) or one project. A 项目支出 line is
 * held to its project's own figure when there is one, else to the 项目支出 total figure;
 * spending with no figure to fall under is capped at zero.
 */
import { formatFen, type Fen } from '../money';
import type { ExpenseKind } from './types';

export interface ControlFigure {
  kind: ExpenseKind;
  projectId: string | null;
  amount: Fen;
}

export interface ControlledLine {
  kind: ExpenseKind;
  projectId: string | null;
  amount: Fen;
}

export interface ControlExcess {
  kind: ExpenseKind;
  projectId: string | null;
  /** 人员经费, or 项目“乡村道路养护” */
  label: string;
  limit: Fen;
  amount: Fen;
  excess: Fen;
  message: string;
}

export function checkControlFigures(
  lines: readonly ControlledLine[],
  figures: readonly ControlFigure[],
  projectLabel: (projectId: string) => string = (id) => id,
): ControlExcess[] {
  const keyOf = (kind: ExpenseKind, projectId: string | null) => `${kind}|${projectId ?? ''}`;
  const limits = new Map(figures.map((f) => [keyOf(f.kind, f.projectId), f.amount]));
  const totals = new Map<string, { kind: ExpenseKind; projectId: string | null; amount: Fen }>();
  for (const line of lines) {
    const own = line.projectId !== null && limits.has(keyOf(line.kind, line.projectId));
    const key = own ? keyOf(line.kind, line.projectId) : keyOf(line.kind, null);
    const entry = totals.get(key) ?? { kind: line.kind, projectId: own ? line.projectId : null, amount: 0 };
    entry.amount += line.amount;
    totals.set(key, entry);
  }
  const result: ControlExcess[] = [];
  for (const [key, total] of totals) {
    const limit = limits.get(key) ?? 0;
    if (total.amount <= limit) continue;
    const label = total.projectId ? `项目“${projectLabel(total.projectId)}”` : total.kind;
    const excess = total.amount - limit;
    const message = limits.has(key)
      ? `${label}超出一下控制数：控制数 ${formatFen(limit)} 元，二上 ${formatFen(total.amount)} 元，超出 ${formatFen(excess)} 元`
      : `${label}没有一下控制数，不能列入二上（${formatFen(total.amount)} 元）`;
    result.push({ ...total, label, limit, excess, message });
  }
  return result.sort((a, b) => a.label.localeCompare(b.label));
}
