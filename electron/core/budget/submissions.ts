import { AppError } from '../../../shared/api/errors';
import type { BudgetDraft, BudgetSubmission, SubmissionComparison, SubmissionSummary } from '../../../shared/api/budgetTypes';
import type { Book } from '../../../shared/api/types';
import { compareSnapshots } from '../../../shared/domain/budget/snapshots';
import { cycleMachine, PROJECT_BUDGETABLE, transition, type CycleAction } from '../../../shared/domain/budget/stateMachines';
import type { CoreContext } from '../context';
import { sql } from '../db/sql';
import { requireUser, ruleViolation, stampOf, type AnyDB } from './common';
import { ensureCycle, moveCycle } from './cycle';
import { controlExcessOf, getDraft, getSubmission, lineLabel } from './draft';
import { requireProject } from './projects';

/** 报送: the draft frozen into a numbered snapshot (一上/二上), and snapshot comparison. */

/** 一上 or 二上, whichever the state allows: the draft is frozen into a numbered snapshot. */
export function submit(ctx: CoreContext, book: Book, input: { id: string; year: number }): BudgetSubmission {
  const user = requireUser(ctx);
  const at = stampOf(ctx);
  ctx.write.transaction((db) => {
    if (db.get(sql`SELECT 1 FROM budget_submission WHERE id = ${input.id}`)) throw new AppError('CONFLICT', '这次报送已经提交过');
    const state = ensureCycle(db, book.id, input.year, at);
    const action: CycleAction = state === '一下已下达' ? 'submitSecond' : 'submitFirst';
    const step = transition(cycleMachine, state, action, `${input.year}年`);
    if (!step.ok) throw ruleViolation(step.message);
    const draft = getDraft(db, book.id, input.year);
    if (draft.totals.expenditure === 0) throw ruleViolation(`${input.year}年预算草案没有任何支出，不能报送`);
    if (action === 'submitSecond') {
      const excess = controlExcessOf(draft.lines, draft.controlFigures);
      if (excess.length > 0) {
        throw ruleViolation(`二上超出一下控制数，不能报送：${excess.map((e) => e.message).join('；')}`, { excess });
      }
      for (const l of draft.lines.filter((x) => x.projectId)) {
        const p = requireProject(db, book.id, l.projectId!);
        if (!PROJECT_BUDGETABLE.includes(p.status)) throw ruleViolation(`项目“${p.name}”当前状态为“${p.status}”，不能列入二上`);
      }
    }
    moveCycle(db, book.id, input.year, action, user, at);
    const seq = (db.get<{ n: number | null }>(sql`SELECT max(seq) AS n FROM budget_submission WHERE book_id = ${book.id} AND year = ${input.year}`)?.n ?? 0) + 1;
    db.run(sql`
      INSERT INTO budget_submission (id, book_id, year, stage, seq, expenditure_total, revenue_total, submitted_by, submitted_at)
      VALUES (${input.id}, ${book.id}, ${input.year}, ${action === 'submitFirst' ? '一上' : '二上'}, ${seq}, ${draft.totals.expenditure}, ${draft.totals.收入}, ${user.id}, ${at})`);
    draft.lines.forEach((l, i) => {
      db.run(sql`
        INSERT INTO budget_submission_line (submission_id, line_no, section, func_code, econ_code, project_id, project_code, project_name,
                                            revenue_code, fund_nature, amount, label)
        VALUES (${input.id}, ${i + 1}, ${l.section}, ${l.funcCode}, ${l.econCode}, ${l.projectId}, ${l.projectCode}, ${l.projectName},
                ${l.revenueCode}, ${l.fundNature}, ${l.amount}, ${lineLabel(l)})`);
    });
  });
  return getSubmission(ctx.read, book.id, input.id);
}

/**
 * 撤回报送: the unit takes back its 一上 or 二上 before the county answers. The snapshot stays (it
 * was sent, and frozen); the draft is editable again and the next 报送 makes a new snapshot.
 */
export function withdrawSubmission(ctx: CoreContext, book: Book, input: { year: number; reason?: string }): BudgetDraft {
  const user = requireUser(ctx);
  const at = stampOf(ctx);
  ctx.write.transaction((db) => {
    const state = ensureCycle(db, book.id, input.year, at);
    const action: CycleAction | null = state === '一上已报送' ? 'withdrawFirst' : state === '二上已报送' ? 'withdrawSecond' : null;
    if (!action) throw ruleViolation(`${input.year}年度预算当前状态为“${state}”，没有可撤回的报送（只有“一上已报送”“二上已报送”、县级尚未答复时可以撤回）`);
    const last = db.get<{ seq: number; stage: string }>(sql`SELECT seq, stage FROM budget_submission WHERE book_id = ${book.id} AND year = ${input.year} ORDER BY seq DESC LIMIT 1`);
    const what = last ? `撤回第${last.seq}次报送（${last.stage}）` : '撤回报送';
    moveCycle(db, book.id, input.year, action, user, at, input.reason ? `${what}：${input.reason}` : what);
  });
  return getDraft(ctx.read, book.id, input.year);
}

export function compareSubmission(db: AnyDB, bookId: string, id: string, againstId?: string): SubmissionComparison {
  const to = getSubmission(db, bookId, id);
  let from: BudgetSubmission | null = null;
  if (againstId) from = getSubmission(db, bookId, againstId);
  else {
    const previous = db.get<{ id: string }>(sql`SELECT id FROM budget_submission WHERE book_id = ${bookId} AND year = ${to.year} AND seq = ${to.seq - 1}`);
    if (previous) from = getSubmission(db, bookId, previous.id);
  }
  const asSnapshot = (s: BudgetSubmission | null) => (s?.lines ?? []).map((l) => ({ section: l.section, funcCode: l.funcCode, econCode: l.econCode, projectId: l.projectId, revenueCode: l.revenueCode, amount: l.amount, label: l.label }));
  const strip = (s: BudgetSubmission): SubmissionSummary => ({ id: s.id, year: s.year, stage: s.stage, seq: s.seq, expenditureTotal: s.expenditureTotal, revenueTotal: s.revenueTotal, submittedBy: s.submittedBy, submittedAt: s.submittedAt });
  return { from: from ? strip(from) : null, to: strip(to), diff: compareSnapshots(asSnapshot(from), asSnapshot(to)) };
}
