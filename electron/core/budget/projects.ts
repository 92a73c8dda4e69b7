import { AppError } from '../../../shared/api/errors';
import type { ProjectSaveInput } from '../../../shared/api/budgetSchemas';
import type { BudgetProject, ProjectFinishResult } from '../../../shared/api/budgetTypes';
import type { Book, User } from '../../../shared/api/types';
import { formatFen } from '../../../shared/domain/money';
import { allowedActions, PROJECT_EDITABLE, projectMachine, transition, type ProjectAction } from '../../../shared/domain/budget/stateMachines';
import type { FundNature, ProjectClass, ProjectStatus, TargetDirection, TargetType } from '../../../shared/domain/budget/types';
import type { CoreContext } from '../context';
import type { WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { eventsOf, logEvent, notFound, requireFunctionItem, requireUser, ruleViolation, stampOf, type AnyDB } from './common';

interface ProjectRow {
  id: string;
  book_id: string;
  code: string;
  name: string;
  class: ProjectClass;
  func_code: string;
  func_name: string | null;
  fund_nature: FundNature;
  start_date: string;
  end_date: string;
  description: string;
  status: ProjectStatus;
  return_reason: string | null;
  created_at: string;
  updated_at: string;
}

const selectProjects = `
  SELECT p.*, c.name AS func_name FROM budget_project p
  LEFT JOIN classification c ON c.book_id = p.book_id AND c.kind = 'expenditure_function' AND c.code = p.func_code`;

function toProject(db: AnyDB, row: ProjectRow): BudgetProject {
  const amounts = db.all<{ year: number; amount: number }>(sql`SELECT year, amount FROM budget_project_amount WHERE project_id = ${row.id} ORDER BY year`);
  const targets = db.all<{ id: string; position: number; name: string; type: TargetType; unit: string; target_value: string; direction: TargetDirection }>(
    sql`SELECT id, position, name, type, unit, target_value, direction FROM budget_project_target WHERE project_id = ${row.id} ORDER BY position`,
  );
  return {
    id: row.id,
    bookId: row.book_id,
    code: row.code,
    name: row.name,
    class: row.class,
    funcCode: row.func_code,
    funcName: row.func_name,
    fundNature: row.fund_nature,
    startDate: row.start_date,
    endDate: row.end_date,
    description: row.description,
    status: row.status,
    returnReason: row.return_reason,
    amounts,
    totalRequested: amounts.reduce((s, a) => s + a.amount, 0),
    targets: targets.map((t) => ({ id: t.id, position: t.position, name: t.name, type: t.type, unit: t.unit, targetValue: t.target_value, direction: t.direction })),
    allowedActions: allowedActions(projectMachine, row.status),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    events: eventsOf(db, row.id),
  };
}

export function findProject(db: AnyDB, bookId: string, id: string): BudgetProject | null {
  const row = db.get<ProjectRow>({ text: `${selectProjects} WHERE p.id = ? AND p.book_id = ?`, params: [id, bookId] });
  return row ? toProject(db, row) : null;
}

export function requireProject(db: AnyDB, bookId: string, id: string): BudgetProject {
  const project = findProject(db, bookId, id);
  if (!project) throw notFound('找不到该项目，它可能属于其他账套', { projectId: id });
  return project;
}

export function listProjects(db: AnyDB, bookId: string, status?: ProjectStatus): BudgetProject[] {
  const rows = status
    ? db.all<ProjectRow>({ text: `${selectProjects} WHERE p.book_id = ? AND p.status = ? ORDER BY p.code`, params: [bookId, status] })
    : db.all<ProjectRow>({ text: `${selectProjects} WHERE p.book_id = ? ORDER BY p.code`, params: [bookId] });
  return rows.map((r) => toProject(db, r));
}

/** One step of the project lifecycle, with its audit record. */
export function moveProject(db: WritableDB, project: BudgetProject, action: ProjectAction, user: User, at: string, reason: string | null = null): void {
  const step = transition(projectMachine, project.status, action, project.name);
  if (!step.ok) throw ruleViolation(step.message);
  if (action === 'declare' && project.targets.length === 0) {
    throw ruleViolation(`项目“${project.name}”还没有绩效目标，不能申报。请先填写至少一个绩效指标（产出、效益或满意度）。`);
  }
  const returnReason = action === 'return' ? reason : action === 'declare' ? null : project.returnReason;
  db.run(sql`UPDATE budget_project SET status = ${step.to}, return_reason = ${returnReason}, updated_at = ${at} WHERE id = ${project.id}`);
  logEvent(db, { bookId: project.bookId, entity: 'project', entityId: project.id, action: projectMachine.transitions[action].label, from: project.status, to: step.to, reason, userId: user.id, at });
}

export function saveProject(ctx: CoreContext, book: Book, input: ProjectSaveInput): BudgetProject {
  const user = requireUser(ctx);
  const at = stampOf(ctx);
  ctx.write.transaction((db) => {
    const existing = db.get<{ book_id: string; status: ProjectStatus; name: string }>(sql`SELECT book_id, status, name FROM budget_project WHERE id = ${input.id}`);
    if (existing && existing.book_id !== book.id) throw new AppError('CONFLICT', '项目标识已被其他账套使用');
    if (existing && !PROJECT_EDITABLE.includes(existing.status)) {
      throw ruleViolation(`项目“${existing.name}”当前状态为“${existing.status}”，不能修改（只有“储备”、“退回”状态的项目可以修改）`);
    }
    const sameCode = db.get<{ name: string }>(sql`SELECT name FROM budget_project WHERE book_id = ${book.id} AND code = ${input.code} AND id <> ${input.id}`);
    if (sameCode) throw new AppError('CONFLICT', `项目编码“${input.code}”已被项目“${sameCode.name}”使用`);
    requireFunctionItem(db, book.id, input.funcCode);
    for (const t of input.targets) {
      const owner = db.get<{ project_id: string }>(sql`SELECT project_id FROM budget_project_target WHERE id = ${t.id}`);
      if (owner && owner.project_id !== input.id) throw new AppError('CONFLICT', `绩效指标“${t.name}”的标识已被其他项目使用`);
    }
    if (existing) {
      db.run(sql`
        UPDATE budget_project SET code = ${input.code}, name = ${input.name}, class = ${input.class}, func_code = ${input.funcCode},
          fund_nature = ${input.fundNature}, start_date = ${input.startDate}, end_date = ${input.endDate},
          description = ${input.description ?? ''}, updated_at = ${at}
        WHERE id = ${input.id}`);
      db.run(sql`DELETE FROM budget_project_amount WHERE project_id = ${input.id}`);
      db.run(sql`DELETE FROM budget_project_target WHERE project_id = ${input.id}`);
    } else {
      db.run(sql`
        INSERT INTO budget_project (id, book_id, code, name, class, func_code, fund_nature, start_date, end_date, description,
                                    status, created_by, created_at, updated_at)
        VALUES (${input.id}, ${book.id}, ${input.code}, ${input.name}, ${input.class}, ${input.funcCode}, ${input.fundNature},
                ${input.startDate}, ${input.endDate}, ${input.description ?? ''}, '储备', ${user.id}, ${at}, ${at})`);
      logEvent(db, { bookId: book.id, entity: 'project', entityId: input.id, action: '新建', from: null, to: '储备', userId: user.id, at });
    }
    for (const a of input.amounts) db.run(sql`INSERT INTO budget_project_amount (project_id, year, amount) VALUES (${input.id}, ${a.year}, ${a.amount})`);
    input.targets.forEach((t, i) => {
      db.run(sql`
        INSERT INTO budget_project_target (id, project_id, position, name, type, unit, target_value, direction)
        VALUES (${t.id}, ${input.id}, ${i + 1}, ${t.name}, ${t.type}, ${t.unit}, ${t.targetValue}, ${t.direction})`);
    });
  });
  return requireProject(ctx.read, book.id, input.id);
}

export function declareProject(ctx: CoreContext, book: Book, id: string): BudgetProject {
  const user = requireUser(ctx);
  ctx.write.transaction((db) => moveProject(db, requireProject(db, book.id, id), 'declare', user, stampOf(ctx)));
  return requireProject(ctx.read, book.id, id);
}

/** 撤回申报: the unit takes back a declaration the county has not decided on yet; the project is editable again. */
export function withdrawProject(ctx: CoreContext, book: Book, id: string, reason: string | null): BudgetProject {
  const user = requireUser(ctx);
  ctx.write.transaction((db) => moveProject(db, requireProject(db, book.id, id), 'withdraw', user, stampOf(ctx), reason));
  return requireProject(ctx.read, book.id, id);
}

/** 项目结束: refused while money is in transit; answers the 结余 left on its indicators for recovery. */
export function finishProject(ctx: CoreContext, book: Book, id: string): ProjectFinishResult {
  const user = requireUser(ctx);
  const leftover = ctx.write.transaction((db) => {
    const project = requireProject(db, book.id, id);
    const pending = db.get<{ n: number; total: number | null }>(sql`
      SELECT count(*) AS n, sum(p.amount) AS total FROM budget_payment p JOIN budget_indicator i ON i.id = p.indicator_id
      WHERE i.project_id = ${id} AND p.status IN ('申请', '审核')`)!;
    if (pending.n > 0) {
      throw ruleViolation(`项目“${project.name}”还有 ${pending.n} 笔在途支付申请（${formatFen(pending.total ?? 0)} 元），请先支付或退回后再结束`);
    }
    moveProject(db, project, 'finish', user, stampOf(ctx));
    const row = db.get<{ left: number | null }>(sql`
      SELECT sum(m.executable_delta) - sum(m.paid_delta) AS left
      FROM budget_indicator_movement m JOIN budget_indicator i ON i.id = m.indicator_id WHERE i.project_id = ${id}`);
    return row?.left ?? 0;
  });
  return { project: requireProject(ctx.read, book.id, id), leftover };
}
