import { AppError } from '../../../shared/api/errors';
import type { StaffingSetInput } from '../../../shared/api/budgetSchemas';
import type { BudgetDraft, Staffing } from '../../../shared/api/budgetTypes';
import type { Book } from '../../../shared/api/types';
import { uuidv7 } from '../../../shared/domain/id';
import { formatFen } from '../../../shared/domain/money';
import { computeBasicExpenditure, type ExpenditureStandard } from '../../../shared/domain/budget/basicExpenditure';
import { expenseKindOf } from '../../../shared/domain/budget/elements';
import { PROJECT_BUDGETABLE } from '../../../shared/domain/budget/stateMachines';
import type { DraftSection, FundNature } from '../../../shared/domain/budget/types';
import type { CoreContext } from '../context';
import type { WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { notFound, requireClassification, requireFunctionItem, requireUser, ruleViolation, stampOf, type AnyDB } from './common';
import { requireEditable } from './cycle';
import { getDraft } from './draft';
import { requireProject } from './projects';

/** 预算编制: the staff roster and standards, and editing the draft (基本支出, 项目支出, 收入). */

// ---- 人员名册与标准 ----

export function getStaffing(db: AnyDB, bookId: string, year: number): Staffing {
  const roster = db.all<{ category: string; headcount: number }>(sql`SELECT category, headcount FROM budget_staffing WHERE book_id = ${bookId} AND year = ${year} ORDER BY rowid`);
  const standards = db
    .all<{ kind: '人员经费' | '日常公用经费'; category: string; econ_code: string; func_code: string; per_capita: number }>(
      sql`SELECT kind, category, econ_code, func_code, per_capita FROM budget_standard WHERE book_id = ${bookId} AND year = ${year} ORDER BY rowid`,
    )
    .map((s) => ({ kind: s.kind, category: s.category, econCode: s.econ_code, funcCode: s.func_code, perCapita: s.per_capita }));
  const computed = computeBasicExpenditure(roster, standards);
  return { year, roster, standards, basic: computed.ok ? computed.lines : [], basicTotal: computed.ok ? computed.total : 0 };
}

export function setStaffing(ctx: CoreContext, book: Book, input: StaffingSetInput): Staffing {
  requireUser(ctx);
  const computed = computeBasicExpenditure(input.roster, input.standards as ExpenditureStandard[]);
  if (!computed.ok) throw ruleViolation(`人员名册或标准有误：${computed.errors[0]!}`, { issues: computed.errors });
  ctx.write.transaction((db) => {
    for (const s of input.standards) {
      if (expenseKindOf(s.econCode, false) !== s.kind) {
        throw ruleViolation(`${s.kind}标准的经济分类 ${s.econCode} 不属于${s.kind}（人员经费为工资福利支出301、对个人和家庭的补助303，其余为日常公用经费）`);
      }
      requireFunctionItem(db, book.id, s.funcCode);
      requireClassification(db, book.id, 'expenditure_econ_department', s.econCode, '部门经济分类');
    }
    db.run(sql`DELETE FROM budget_standard WHERE book_id = ${book.id} AND year = ${input.year}`);
    db.run(sql`DELETE FROM budget_staffing WHERE book_id = ${book.id} AND year = ${input.year}`);
    for (const r of input.roster) db.run(sql`INSERT INTO budget_staffing (book_id, year, category, headcount) VALUES (${book.id}, ${input.year}, ${r.category}, ${r.headcount})`);
    for (const s of input.standards) {
      db.run(sql`
        INSERT INTO budget_standard (book_id, year, kind, category, econ_code, func_code, per_capita)
        VALUES (${book.id}, ${input.year}, ${s.kind}, ${s.category}, ${s.econCode}, ${s.funcCode}, ${s.perCapita})`);
    }
  });
  return getStaffing(ctx.read, book.id, input.year);
}

// ---- 预算草案 ----

/** Replaces the draft's 基本支出 with roster × standards. */
export function computeBasic(ctx: CoreContext, book: Book, year: number): BudgetDraft {
  requireUser(ctx);
  const at = stampOf(ctx);
  ctx.write.transaction((db) => {
    requireEditable(db, book.id, year, at);
    const staffing = getStaffing(db, book.id, year);
    if (staffing.roster.length === 0 || staffing.standards.length === 0) {
      throw ruleViolation(`请先填写${year}年的人员名册和基本支出标准，再计算基本支出`);
    }
    db.run(sql`DELETE FROM budget_draft_line WHERE book_id = ${book.id} AND year = ${year} AND origin = 'computed'`);
    for (const line of staffing.basic) {
      db.run(sql`
        INSERT INTO budget_draft_line (id, book_id, year, section, func_code, econ_code, fund_nature, amount, origin, updated_at)
        VALUES (${uuidv7()}, ${book.id}, ${year}, ${line.kind}, ${line.funcCode}, ${line.econCode}, '一般公共预算', ${line.amount}, 'computed', ${at})`);
    }
  });
  return getDraft(ctx.read, book.id, year);
}

function requireOwnLine(db: WritableDB, bookId: string, year: number, id: string, section: DraftSection): boolean {
  const existing = db.get<{ book_id: string; year: number; section: DraftSection }>(sql`SELECT book_id, year, section FROM budget_draft_line WHERE id = ${id}`);
  if (!existing) return false;
  if (existing.book_id !== bookId || existing.year !== year || existing.section !== section) {
    throw new AppError('CONFLICT', '预算行标识已被其他账套、年度或类型的预算行使用');
  }
  return true;
}

/** 项目支出 is picked from the library: only an 入库 (or already 执行中) project, within its requested amount. */
export function setProjectLine(ctx: CoreContext, book: Book, input: { year: number; id: string; projectId: string; econCode: string; amount?: number }): BudgetDraft {
  requireUser(ctx);
  const at = stampOf(ctx);
  ctx.write.transaction((db) => {
    requireEditable(db, book.id, input.year, at);
    const project = requireProject(db, book.id, input.projectId);
    if (!PROJECT_BUDGETABLE.includes(project.status)) {
      throw ruleViolation(`项目“${project.name}”当前状态为“${project.status}”，只有已入库的项目才能编入项目支出预算`);
    }
    const requested = project.amounts.find((a) => a.year === input.year)?.amount;
    if (!requested) throw ruleViolation(`项目“${project.name}”在项目库中没有${input.year}年的申报金额，不能编入${input.year}年预算`);
    requireClassification(db, book.id, 'expenditure_econ_department', input.econCode, '部门经济分类');
    const exists = requireOwnLine(db, book.id, input.year, input.id, '项目支出');
    const twin = db.get(sql`
      SELECT 1 FROM budget_draft_line WHERE book_id = ${book.id} AND year = ${input.year} AND project_id = ${project.id}
        AND econ_code = ${input.econCode} AND id <> ${input.id}`);
    if (twin) throw new AppError('CONFLICT', `项目“${project.name}”已有经济分类 ${input.econCode} 的预算行，请修改原有的行`);
    const others =
      db.get<{ total: number | null }>(sql`
        SELECT sum(amount) AS total FROM budget_draft_line
        WHERE book_id = ${book.id} AND year = ${input.year} AND project_id = ${project.id} AND id <> ${input.id}`)?.total ?? 0;
    const amount = input.amount ?? requested - others;
    if (amount <= 0) throw ruleViolation(`项目“${project.name}”${input.year}年的申报金额 ${formatFen(requested)} 元已全部编入预算`);
    if (others + amount > requested) {
      throw ruleViolation(`项目“${project.name}”编入预算 ${formatFen(others + amount)} 元，超过项目库${input.year}年申报金额 ${formatFen(requested)} 元，超出 ${formatFen(others + amount - requested)} 元`);
    }
    if (exists) {
      db.run(sql`UPDATE budget_draft_line SET project_id = ${project.id}, func_code = ${project.funcCode}, econ_code = ${input.econCode}, fund_nature = ${project.fundNature}, amount = ${amount}, updated_at = ${at} WHERE id = ${input.id}`);
    } else {
      db.run(sql`
        INSERT INTO budget_draft_line (id, book_id, year, section, func_code, econ_code, project_id, fund_nature, amount, origin, updated_at)
        VALUES (${input.id}, ${book.id}, ${input.year}, '项目支出', ${project.funcCode}, ${input.econCode}, ${project.id}, ${project.fundNature}, ${amount}, 'entered', ${at})`);
    }
  });
  return getDraft(ctx.read, book.id, input.year);
}

/** The revenue budget, by revenue classification. */
export function setRevenueLine(ctx: CoreContext, book: Book, input: { year: number; id: string; revenueCode: string; fundNature: FundNature; amount: number }): BudgetDraft {
  requireUser(ctx);
  const at = stampOf(ctx);
  ctx.write.transaction((db) => {
    requireEditable(db, book.id, input.year, at);
    requireClassification(db, book.id, 'revenue', input.revenueCode, '收入分类');
    const exists = requireOwnLine(db, book.id, input.year, input.id, '收入');
    const twin = db.get(sql`SELECT 1 FROM budget_draft_line WHERE book_id = ${book.id} AND year = ${input.year} AND revenue_code = ${input.revenueCode} AND fund_nature = ${input.fundNature} AND id <> ${input.id}`);
    if (twin) throw new AppError('CONFLICT', `收入分类 ${input.revenueCode} 已有预算行，请修改原有的行`);
    if (exists) {
      db.run(sql`UPDATE budget_draft_line SET revenue_code = ${input.revenueCode}, fund_nature = ${input.fundNature}, amount = ${input.amount}, updated_at = ${at} WHERE id = ${input.id}`);
    } else {
      db.run(sql`
        INSERT INTO budget_draft_line (id, book_id, year, section, revenue_code, fund_nature, amount, origin, updated_at)
        VALUES (${input.id}, ${book.id}, ${input.year}, '收入', ${input.revenueCode}, ${input.fundNature}, ${input.amount}, 'entered', ${at})`);
    }
  });
  return getDraft(ctx.read, book.id, input.year);
}

export function removeDraftLine(ctx: CoreContext, book: Book, id: string): BudgetDraft {
  requireUser(ctx);
  const at = stampOf(ctx);
  const year = ctx.write.transaction((db) => {
    const line = db.get<{ year: number }>(sql`SELECT year FROM budget_draft_line WHERE id = ${id} AND book_id = ${book.id}`);
    if (!line) throw notFound('找不到该预算行');
    requireEditable(db, book.id, line.year, at);
    db.run(sql`DELETE FROM budget_draft_line WHERE id = ${id}`);
    return line.year;
  });
  return getDraft(ctx.read, book.id, year);
}
