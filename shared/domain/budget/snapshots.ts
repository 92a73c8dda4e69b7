/**
 * Comparing two frozen budget submissions (一上 vs 二上, or a resubmission vs the one before).
 * Lines are matched by what they budget — section, classification codes and project — not by
 * position, so a reordered draft shows no change.
 */
import type { Fen } from '../money';
import type { DraftSection } from './types';

export interface SnapshotLine {
  section: DraftSection;
  funcCode: string | null;
  econCode: string | null;
  projectId: string | null;
  revenueCode: string | null;
  amount: Fen;
  /** Human description of the line (project name, classification names). */
  label: string;
}

export type ChangeKind = '新增' | '删除' | '增加' | '减少' | '未变';

export interface SnapshotDiffRow {
  key: string;
  section: DraftSection;
  label: string;
  before: Fen;
  after: Fen;
  delta: Fen;
  change: ChangeKind;
}

export interface SnapshotDiff {
  rows: SnapshotDiffRow[];
  totals: Record<DraftSection, { before: Fen; after: Fen; delta: Fen }>;
}

export const snapshotLineKey = (l: Pick<SnapshotLine, 'section' | 'funcCode' | 'econCode' | 'projectId' | 'revenueCode'>): string =>
  [l.section, l.funcCode ?? '', l.econCode ?? '', l.projectId ?? '', l.revenueCode ?? ''].join('|');

export function compareSnapshots(before: readonly SnapshotLine[], after: readonly SnapshotLine[]): SnapshotDiff {
  const rows = new Map<string, SnapshotDiffRow>();
  const add = (line: SnapshotLine, side: 'before' | 'after') => {
    const key = snapshotLineKey(line);
    const row = rows.get(key) ?? { key, section: line.section, label: line.label, before: 0, after: 0, delta: 0, change: '未变' as ChangeKind };
    row[side] += line.amount;
    if (side === 'after') row.label = line.label;
    rows.set(key, row);
  };
  before.forEach((l) => add(l, 'before'));
  after.forEach((l) => add(l, 'after'));
  const seenBefore = new Set(before.map(snapshotLineKey));
  const seenAfter = new Set(after.map(snapshotLineKey));
  const totals = {
    人员经费: { before: 0, after: 0, delta: 0 },
    日常公用经费: { before: 0, after: 0, delta: 0 },
    项目支出: { before: 0, after: 0, delta: 0 },
    收入: { before: 0, after: 0, delta: 0 },
  } satisfies SnapshotDiff['totals'];
  for (const row of rows.values()) {
    row.delta = row.after - row.before;
    row.change = !seenBefore.has(row.key) ? '新增' : !seenAfter.has(row.key) ? '删除' : row.delta > 0 ? '增加' : row.delta < 0 ? '减少' : '未变';
    const t = totals[row.section];
    t.before += row.before;
    t.after += row.after;
    t.delta += row.delta;
  }
  const order = ['人员经费', '日常公用经费', '项目支出', '收入'];
  const sorted = [...rows.values()].sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section) || a.key.localeCompare(b.key));
  return { rows: sorted, totals };
}
