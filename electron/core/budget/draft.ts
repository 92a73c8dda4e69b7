import type { BudgetDraft, BudgetSubmission, ControlFigureData, DraftLine, SubmissionLine, SubmissionSummary } from '../../../shared/api/budgetTypes';
import { checkControlFigures, type ControlFigure } from '../../../shared/domain/budget/controlFigures';
import { CYCLE_EDITABLE } from '../../../shared/domain/budget/stateMachines';
import type { DraftSection, ExpenseKind, FundNature, SubmissionStage } from '../../../shared/domain/budget/types';
import { sql } from '../db/sql';
import { classificationNames, eventsOf, notFound, type AnyDB } from './common';
import { cycleEntityId, cycleState } from './cycle';

/** Reading the budget draft and the frozen submissions (no writes here). */

interface DraftRow {
  id: string;
  section: DraftSection;
  func_code: string | null;
  econ_code: string | null;
  project_id: string | null;
  project_code: string | null;
  project_name: string | null;
  revenue_code: string | null;
  fund_nature: FundNature;
  amount: number;
  origin: 'computed' | 'entered';
}

const sectionOrder: DraftSection[] = ['人员经费', '日常公用经费', '项目支出', '收入'];

function draftLines(db: AnyDB, bookId: string, year: number): DraftLine[] {
  const funcNames = classificationNames(db, bookId, 'expenditure_function');
  const econNames = classificationNames(db, bookId, 'expenditure_econ_department');
  const revenueNames = classificationNames(db, bookId, 'revenue');
  return db
    .all<DraftRow>(sql`
      SELECT d.*, p.code AS project_code, p.name AS project_name FROM budget_draft_line d
      LEFT JOIN budget_project p ON p.id = d.project_id
      WHERE d.book_id = ${bookId} AND d.year = ${year}`)
    .map((r) => ({
      id: r.id,
      section: r.section,
      funcCode: r.func_code,
      funcName: r.func_code ? (funcNames.get(r.func_code) ?? null) : null,
      econCode: r.econ_code,
      econName: r.econ_code ? (econNames.get(r.econ_code) ?? null) : null,
      projectId: r.project_id,
      projectCode: r.project_code,
      projectName: r.project_name,
      revenueCode: r.revenue_code,
      revenueName: r.revenue_code ? (revenueNames.get(r.revenue_code) ?? null) : null,
      fundNature: r.fund_nature,
      amount: r.amount,
      origin: r.origin,
    }))
    .sort(
      (a, b) =>
        sectionOrder.indexOf(a.section) - sectionOrder.indexOf(b.section) ||
        (a.projectCode ?? '').localeCompare(b.projectCode ?? '') ||
        (a.funcCode ?? a.revenueCode ?? '').localeCompare(b.funcCode ?? b.revenueCode ?? '') ||
        (a.econCode ?? '').localeCompare(b.econCode ?? ''),
    );
}

export function lineLabel(l: Pick<DraftLine, 'section' | 'funcCode' | 'funcName' | 'econCode' | 'econName' | 'projectCode' | 'projectName' | 'revenueCode' | 'revenueName'>): string {
  if (l.section === '收入') return `${l.revenueCode} ${l.revenueName ?? ''}`.trim();
  const classification = `${l.funcCode} ${l.funcName ?? ''} / ${l.econCode} ${l.econName ?? ''}`.replace(/ +\//g, ' /').trim();
  return l.section === '项目支出' ? `项目 ${l.projectCode} ${l.projectName ?? ''}：${classification}` : `${l.section}：${classification}`;
}

function controlFigures(db: AnyDB, bookId: string, year: number): ControlFigureData[] {
  return db
    .all<{ kind: ExpenseKind; project_id: string | null; project_name: string | null; amount: number; doc_no: string | null }>(sql`
      SELECT f.kind, f.project_id, p.name AS project_name, f.amount, r.doc_no
      FROM budget_control_figure f JOIN budget_county_record r ON r.id = f.record_id
      LEFT JOIN budget_project p ON p.id = f.project_id
      WHERE f.book_id = ${bookId} AND f.year = ${year} ORDER BY f.kind, p.code`)
    .map((r) => ({ kind: r.kind, projectId: r.project_id, projectName: r.project_name, amount: r.amount, docNo: r.doc_no }));
}

export function controlExcessOf(lines: DraftLine[], figures: ControlFigureData[]) {
  const names = new Map(lines.filter((l) => l.projectId).map((l) => [l.projectId!, l.projectName ?? l.projectCode ?? l.projectId!]));
  const spending = lines.filter((l) => l.section !== '收入').map((l) => ({ kind: l.section as ExpenseKind, projectId: l.projectId, amount: l.amount }));
  return checkControlFigures(spending, figures as ControlFigure[], (id) => names.get(id) ?? id);
}

export function getDraft(db: AnyDB, bookId: string, year: number): BudgetDraft {
  const state = cycleState(db, bookId, year);
  const lines = draftLines(db, bookId, year);
  const totals = { 人员经费: 0, 日常公用经费: 0, 项目支出: 0, 收入: 0, expenditure: 0 };
  for (const l of lines) {
    totals[l.section] += l.amount;
    if (l.section !== '收入') totals.expenditure += l.amount;
  }
  const figures = controlFigures(db, bookId, year);
  const afterControl = state === '一下已下达' || state === '二上已报送' || state === '二下已批复';
  return {
    bookId,
    year,
    state,
    editable: CYCLE_EDITABLE.includes(state),
    nextSubmission: state === '编制中' ? '一上' : state === '一下已下达' ? '二上' : null,
    lines,
    totals,
    controlFigures: figures,
    controlExcess: afterControl ? controlExcessOf(lines, figures) : [],
    submissions: listSubmissions(db, bookId, year),
    events: eventsOf(db, cycleEntityId(bookId, year)),
  };
}

interface SubmissionRow {
  id: string;
  year: number;
  stage: SubmissionStage;
  seq: number;
  expenditure_total: number;
  revenue_total: number;
  submitted_by: string;
  display_name: string;
  submitted_at: string;
}

const toSummary = (r: SubmissionRow): SubmissionSummary => ({
  id: r.id,
  year: r.year,
  stage: r.stage,
  seq: r.seq,
  expenditureTotal: r.expenditure_total,
  revenueTotal: r.revenue_total,
  submittedBy: { id: r.submitted_by, displayName: r.display_name },
  submittedAt: r.submitted_at,
});

const selectSubmissions = `SELECT s.*, u.display_name FROM budget_submission s JOIN app_user u ON u.id = s.submitted_by`;

export function listSubmissions(db: AnyDB, bookId: string, year: number): SubmissionSummary[] {
  return db.all<SubmissionRow>({ text: `${selectSubmissions} WHERE s.book_id = ? AND s.year = ? ORDER BY s.seq`, params: [bookId, year] }).map(toSummary);
}

export function getSubmission(db: AnyDB, bookId: string, id: string): BudgetSubmission {
  const row = db.get<SubmissionRow>({ text: `${selectSubmissions} WHERE s.id = ? AND s.book_id = ?`, params: [id, bookId] });
  if (!row) throw notFound('找不到该次报送');
  const lines = db
    .all<{ line_no: number; section: DraftSection; func_code: string | null; econ_code: string | null; project_id: string | null; project_code: string | null; project_name: string | null; revenue_code: string | null; fund_nature: FundNature; amount: number; label: string }>(
      sql`SELECT * FROM budget_submission_line WHERE submission_id = ${id} ORDER BY line_no`,
    )
    .map((l): SubmissionLine => ({
      lineNo: l.line_no,
      section: l.section,
      funcCode: l.func_code,
      econCode: l.econ_code,
      projectId: l.project_id,
      projectCode: l.project_code,
      projectName: l.project_name,
      revenueCode: l.revenue_code,
      fundNature: l.fund_nature,
      amount: l.amount,
      label: l.label,
    }));
  return { ...toSummary(row), lines };
}
