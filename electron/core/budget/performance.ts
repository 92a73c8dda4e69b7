import type { BudgetWarning, MonitoringSettings, ProjectPerformance, TargetProgress } from '../../../shared/api/budgetTypes';
import type { Book } from '../../../shared/api/types';
import { BAND_LABELS, formatBp, measure, scheduleBp, type ExecutionFigures } from '../../../shared/domain/budget/execution';
import { assessTarget, formatScoreTenths, parseScoreTenths, scoreGrade } from '../../../shared/domain/budget/performance';
import type { TargetDirection, TargetType } from '../../../shared/domain/budget/types';
import type { CoreContext } from '../context';
import { sql } from '../db/sql';
import { notFound, requireDateInYear, requireUser, ruleViolation, stampOf, type AnyDB } from './common';
import { monitoringSettings, resolveAsOf } from './settings';
import { requireProject } from './projects';

/**
 * 绩效运行监控: progress of each 绩效目标 (完成值, 偏差原因, 纠偏措施) and the year-end
 * self-evaluation. A target is judged as of the date its value was measured: 产出 against
 * 序时进度 then, 效益/满意度 against the target itself.
 */

interface ProgressRow {
  id: string;
  project_id: string;
  project_name: string;
  position: number;
  name: string;
  type: TargetType;
  unit: string;
  target_value: string;
  direction: TargetDirection;
  as_of: string | null;
  actual_value: string | null;
  deviation_reason: string | null;
  corrective_action: string | null;
}

function progressRows(db: AnyDB, where: { projectId?: string; bookId?: string }, year: number): ProgressRow[] {
  const base = `
    SELECT t.id, t.project_id, p.name AS project_name, t.position, t.name, t.type, t.unit, t.target_value, t.direction,
           g.as_of, g.actual_value, g.deviation_reason, g.corrective_action
    FROM budget_project_target t JOIN budget_project p ON p.id = t.project_id
    LEFT JOIN budget_target_progress g ON g.target_id = t.id AND g.year = ?`;
  return where.projectId
    ? db.all<ProgressRow>({ text: `${base} WHERE t.project_id = ? ORDER BY t.position`, params: [year, where.projectId] })
    : db.all<ProgressRow>({ text: `${base} WHERE p.book_id = ? AND p.status IN ('执行中', '已结束') ORDER BY p.code, t.position`, params: [year, where.bookId!] });
}

function toProgress(r: ProgressRow, settings: MonitoringSettings): TargetProgress {
  const target = { id: r.id, position: r.position, name: r.name, type: r.type, unit: r.unit, targetValue: r.target_value, direction: r.direction };
  if (!r.actual_value || !r.as_of) {
    return { target, asOf: null, actualValue: null, deviationReason: null, correctiveAction: null, completionBp: null, expectedBp: 0, gapBp: null, band: 'normal' };
  }
  const a = assessTarget(target, r.actual_value, scheduleBp(r.as_of, settings.scheduleMethod), settings);
  return { target, asOf: r.as_of, actualValue: r.actual_value, deviationReason: r.deviation_reason, correctiveAction: r.corrective_action, ...a };
}

/** Targets behind their expected completion, as dashboard warnings. */
export function laggingTargets(db: AnyDB, bookId: string, year: number, asOf: string, settings: MonitoringSettings): BudgetWarning[] {
  const warnings: BudgetWarning[] = [];
  for (const r of progressRows(db, { bookId }, year)) {
    if (r.as_of && r.as_of > asOf) continue;
    const p = toProgress(r, settings);
    if (p.band === 'normal' || p.completionBp === null) continue;
    const why = p.deviationReason ? `；偏差原因：${p.deviationReason}` : '';
    warnings.push({
      level: p.band,
      kind: 'performance',
      subjectId: r.id,
      subject: `项目“${r.project_name}”绩效指标“${r.name}”`,
      message: `项目“${r.project_name}”绩效指标“${r.name}”完成${formatBp(p.completionBp)}，应达${formatBp(p.expectedBp)}（${BAND_LABELS[p.band]}${why}）`,
    });
  }
  return warnings;
}

export function projectPerformance(db: AnyDB, bookId: string, projectId: string, year: number, asOfInput: string | undefined, now: Date): ProjectPerformance {
  const project = requireProject(db, bookId, projectId);
  const settings = monitoringSettings(db, bookId);
  const asOf = resolveAsOf(year, asOfInput, now);
  const schedule = scheduleBp(asOf, settings.scheduleMethod);
  const figures = db.get<ExecutionFigures>(sql`
    SELECT coalesce(sum(m.executable_delta), 0) AS executable, coalesce(sum(m.paid_delta), 0) AS paid, coalesce(sum(m.frozen_delta), 0) AS frozen
    FROM budget_indicator i JOIN budget_indicator_movement m ON m.indicator_id = i.id
    WHERE i.project_id = ${projectId} AND i.year = ${year} AND m.date <= ${asOf}`)!;
  const evaluation = db.get<{ score_tenths: number; summary: string; evaluated_by: string; display_name: string; evaluated_at: string }>(sql`
    SELECT e.score_tenths, e.summary, e.evaluated_by, u.display_name, e.evaluated_at
    FROM budget_project_evaluation e JOIN app_user u ON u.id = e.evaluated_by WHERE e.project_id = ${projectId} AND e.year = ${year}`);
  return {
    projectId,
    projectName: project.name,
    year,
    scheduleBp: schedule,
    execution: { key: projectId, label: `${project.code} ${project.name}`, ...measure(figures, schedule, settings) },
    targets: progressRows(db, { projectId }, year).map((r) => toProgress(r, settings)),
    evaluation: evaluation
      ? { score: formatScoreTenths(evaluation.score_tenths), grade: scoreGrade(evaluation.score_tenths), summary: evaluation.summary, by: { id: evaluation.evaluated_by, displayName: evaluation.display_name }, at: evaluation.evaluated_at }
      : null,
  };
}

export function recordPerformance(
  ctx: CoreContext,
  book: Book,
  input: { projectId: string; year: number; asOf: string; entries: { targetId: string; actualValue: string; deviationReason?: string; correctiveAction?: string }[] },
): ProjectPerformance {
  const user = requireUser(ctx);
  const at = stampOf(ctx);
  ctx.write.transaction((db) => {
    const project = requireProject(db, book.id, input.projectId);
    if (project.status !== '执行中') throw ruleViolation(`项目“${project.name}”当前状态为“${project.status}”，只有执行中的项目填报绩效运行监控`);
    requireDateInYear(input.asOf, input.year, '监控日期');
    const settings = monitoringSettings(db, book.id);
    const schedule = scheduleBp(input.asOf, settings.scheduleMethod);
    for (const entry of input.entries) {
      const target = project.targets.find((t) => t.id === entry.targetId);
      if (!target) throw notFound(`绩效指标不属于项目“${project.name}”`, { targetId: entry.targetId });
      const assessment = assessTarget(target, entry.actualValue, schedule, settings);
      if (assessment.band !== 'normal' && (!entry.deviationReason || !entry.correctiveAction)) {
        throw ruleViolation(
          `绩效指标“${target.name}”完成${assessment.completionBp === null ? '情况无法计算' : formatBp(assessment.completionBp)}，低于应达的${formatBp(assessment.expectedBp)}，请填写偏差原因和纠偏措施`,
          { targetId: target.id, ...assessment },
        );
      }
      db.run(sql`
        INSERT INTO budget_target_progress (target_id, year, as_of, actual_value, deviation_reason, corrective_action, recorded_by, recorded_at)
        VALUES (${target.id}, ${input.year}, ${input.asOf}, ${entry.actualValue}, ${entry.deviationReason || null}, ${entry.correctiveAction || null}, ${user.id}, ${at})
        ON CONFLICT (target_id, year) DO UPDATE SET as_of = excluded.as_of, actual_value = excluded.actual_value,
          deviation_reason = excluded.deviation_reason, corrective_action = excluded.corrective_action,
          recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`);
    }
  });
  return projectPerformance(ctx.read, book.id, input.projectId, input.year, input.asOf, ctx.now());
}

export function evaluatePerformance(ctx: CoreContext, book: Book, input: { projectId: string; year: number; score: string; summary: string }): ProjectPerformance {
  const user = requireUser(ctx);
  const at = stampOf(ctx);
  const tenths = parseScoreTenths(input.score);
  if (tenths === null) throw ruleViolation('自评得分应为0到100之间的数，最多1位小数');
  ctx.write.transaction((db) => {
    const project = requireProject(db, book.id, input.projectId);
    if (project.status !== '执行中' && project.status !== '已结束') throw ruleViolation(`项目“${project.name}”当前状态为“${project.status}”，尚未执行，不能自评`);
    db.run(sql`
      INSERT INTO budget_project_evaluation (project_id, year, score_tenths, summary, evaluated_by, evaluated_at)
      VALUES (${input.projectId}, ${input.year}, ${tenths}, ${input.summary}, ${user.id}, ${at})
      ON CONFLICT (project_id, year) DO UPDATE SET score_tenths = excluded.score_tenths, summary = excluded.summary,
        evaluated_by = excluded.evaluated_by, evaluated_at = excluded.evaluated_at`);
  });
  return projectPerformance(ctx.read, book.id, input.projectId, input.year, undefined, ctx.now());
}
