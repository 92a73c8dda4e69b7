import { AppError } from '../../../shared/api/errors';
import type { SimulateCountyApprovalInput } from '../../../shared/api/budgetSchemas';
import type { CountyApprovalResult, Indicator } from '../../../shared/api/budgetTypes';
import type { Book, User } from '../../../shared/api/types';
import { uuidv7 } from '../../../shared/domain/id';
import { expenseKindOf } from '../../../shared/domain/budget/elements';
import { governmentEconFor, type EconMappingEntry } from '../../../shared/domain/budget/econMapping';
import { PROJECT_BUDGETABLE } from '../../../shared/domain/budget/stateMachines';
import type { FundNature, PayMethod } from '../../../shared/domain/budget/types';
import classificationSeed from '../../../resources/seed/classification.json';
import type { CoreContext } from '../context';
import type { WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { requireClassification, requireDateInYear, requireFunctionItem, requireUser, ruleViolation, stampOf } from './common';
import { addMovement, requireIndicator } from './indicators';
import { cycleState, moveCycle } from './cycle';
import { getDraft, getSubmission } from './draft';
import { followQuota } from './quota';
import { findProject, moveProject, requireProject } from './projects';

/**
 * 模拟县级批复 — a DEVELOPMENT stand-in for what the county sends by sync: 项目入库/退回,
 * 一下 control figures, 退回预算, 二下 approval (which produces the indicators) and 指标下达.
 * Every record it makes carries origin = 'simulated' so that real county data can replace it.
 */

const econMapping: readonly EconMappingEntry[] = (classificationSeed as { econ_mapping_department_to_government?: EconMappingEntry[] }).econ_mapping_department_to_government ?? [];

function governmentEcon(depCode: string, given?: string): string {
  if (given) return given;
  const gov = governmentEconFor(depCode, econMapping);
  if (!gov) throw ruleViolation(`部门经济分类 ${depCode} 没有对应的政府经济分类，请在下达指标时填写政府经济分类`);
  return gov;
}

export interface NewIndicator {
  id: string;
  year: number;
  funcCode: string;
  econDepCode: string;
  econGovCode: string;
  fundNature: FundNature;
  projectId: string | null;
  docNo: string;
  supDocNo: string | null;
  payMethod: PayMethod;
  directFund: boolean;
  amount: number;
  submissionId: string | null;
}

/** Also used by sync (sync/countyDecisions.ts) with origin 'county' for the county's real decisions. */
export function issueIndicator(db: WritableDB, book: Book, user: User, recordId: string, date: string, at: string, n: NewIndicator, origin: 'simulated' | 'county' = 'simulated'): void {
  requireFunctionItem(db, book.id, n.funcCode);
  requireClassification(db, book.id, 'expenditure_econ_department', n.econDepCode, '部门经济分类');
  requireClassification(db, book.id, 'expenditure_econ_government', n.econGovCode, '政府经济分类');
  if (n.projectId) {
    const project = requireProject(db, book.id, n.projectId);
    if (!PROJECT_BUDGETABLE.includes(project.status)) throw ruleViolation(`项目“${project.name}”当前状态为“${project.status}”，未入库的项目不能下达指标`);
    if (project.funcCode !== n.funcCode) throw ruleViolation(`指标的支出功能分类 ${n.funcCode} 与项目“${project.name}”的 ${project.funcCode} 不一致`);
    if (project.fundNature !== n.fundNature) throw ruleViolation(`指标的资金性质“${n.fundNature}”与项目“${project.name}”的“${project.fundNature}”不一致`);
    if (project.status === '入库') moveProject(db, project, 'start', user, at, '指标下达，项目开始执行');
  }
  db.run(sql`
    INSERT INTO budget_indicator (id, book_id, year, region_code, func_code, econ_gov_code, econ_dep_code, fund_nature, project_id,
                                  doc_no, sup_doc_no, pay_method, direct_fund, expense_kind, origin, record_id, submission_id, created_at)
    VALUES (${n.id}, ${book.id}, ${n.year}, ${book.regionCode}, ${n.funcCode}, ${n.econGovCode}, ${n.econDepCode}, ${n.fundNature},
            ${n.projectId}, ${n.docNo}, ${n.supDocNo}, ${n.payMethod}, ${n.directFund ? 1 : 0},
            ${expenseKindOf(n.econDepCode, n.projectId !== null)}, ${origin}, ${recordId}, ${n.submissionId}, ${at})`);
  addMovement(db, { bookId: book.id, indicatorId: n.id, kind: '下达', amount: n.amount, date, refKind: 'county', refId: recordId, summary: `下达指标 ${n.docNo}（${origin === 'county' ? '县级批复' : '模拟县级批复'}）`, userId: user.id, at });
  // 授权支付: the quota arrives with the indicator (额度到账, booked in this same transaction).
  followQuota(db, { book, user, indicatorId: n.id, date, voucherId: uuidv7(), ref: { kind: 'county', id: recordId }, at });
}

/** 二下: the approved budget is the last 二上 snapshot; each spending line becomes (part of) an indicator. */
function approveBudget(db: WritableDB, book: Book, user: User, input: Extract<SimulateCountyApprovalInput, { action: '二下' }>, at: string): string[] {
  moveCycle(db, book.id, input.year, 'approve', user, at, `二下批复 ${input.docNo}（模拟县级批复）`);
  const last = db.get<{ id: string }>(sql`SELECT id FROM budget_submission WHERE book_id = ${book.id} AND year = ${input.year} AND stage = '二上' ORDER BY seq DESC LIMIT 1`);
  if (!last) throw ruleViolation(`${input.year}年还没有二上报送，不能批复`);
  const submission = getSubmission(db, book.id, last.id);
  const overrides = new Map(input.lines.map((l) => [l.lineNo, l]));
  for (const lineNo of overrides.keys()) {
    if (!submission.lines.some((l) => l.lineNo === lineNo && l.section !== '收入')) throw ruleViolation(`二上快照中没有第${lineNo}行支出`);
  }
  const merged = new Map<string, NewIndicator>();
  for (const line of submission.lines) {
    if (line.section === '收入') continue;
    const o = overrides.get(line.lineNo);
    const payMethod = o?.payMethod ?? input.defaultPayMethod;
    const directFund = o?.directFund ?? false;
    const supDocNo = o?.supDocNo || input.supDocNo || null;
    const key = [line.funcCode, line.econCode, line.projectId ?? '', line.fundNature, payMethod, directFund, supDocNo ?? ''].join('|');
    const existing = merged.get(key);
    if (existing) existing.amount += line.amount;
    else {
      merged.set(key, {
        id: uuidv7(),
        year: input.year,
        funcCode: line.funcCode!,
        econDepCode: line.econCode!,
        econGovCode: governmentEcon(line.econCode!),
        fundNature: line.fundNature,
        projectId: line.projectId,
        docNo: input.docNo,
        supDocNo,
        payMethod,
        directFund,
        amount: line.amount,
        submissionId: submission.id,
      });
    }
  }
  for (const n of merged.values()) issueIndicator(db, book, user, input.id, input.date, at, n);
  return [...merged.values()].map((n) => n.id);
}

export function simulateCountyApproval(ctx: CoreContext, book: Book, input: SimulateCountyApprovalInput): CountyApprovalResult {
  const user = requireUser(ctx);
  const at = stampOf(ctx);
  const year = 'year' in input ? input.year : Number(input.date.slice(0, 4));
  const { indicatorIds, projectId } = ctx.write.transaction((db) => {
    if (db.get(sql`SELECT 1 FROM budget_county_record WHERE id = ${input.id}`)) throw new AppError('CONFLICT', '这条县级批复已经登记过');
    if ('year' in input) requireDateInYear(input.date, input.year, '批复日期');
    const docNo = 'docNo' in input ? input.docNo : null;
    db.run(sql`
      INSERT INTO budget_county_record (id, book_id, year, action, doc_no, date, origin, payload, user_id, at)
      VALUES (${input.id}, ${book.id}, ${year}, ${input.action}, ${docNo}, ${input.date}, 'simulated', ${JSON.stringify(input)}, ${user.id}, ${at})`);
    switch (input.action) {
      case '项目入库':
        moveProject(db, requireProject(db, book.id, input.projectId), 'approve', user, at, '模拟县级批复');
        return { indicatorIds: [], projectId: input.projectId };
      case '项目退回':
        moveProject(db, requireProject(db, book.id, input.projectId), 'return', user, at, input.reason);
        return { indicatorIds: [], projectId: input.projectId };
      case '一下': {
        moveCycle(db, book.id, input.year, 'issueControl', user, at, `一下控制数 ${input.docNo}（模拟县级批复）`);
        const seen = new Set<string>();
        for (const f of input.figures) {
          if (f.projectId && f.kind !== '项目支出') throw ruleViolation('只有项目支出的控制数可以指定项目');
          if (f.projectId) requireProject(db, book.id, f.projectId);
          const key = `${f.kind}|${f.projectId ?? ''}`;
          if (seen.has(key)) throw ruleViolation(`控制数重复：${f.kind}${f.projectId ? `（项目 ${findProject(db, book.id, f.projectId)?.name}）` : ''}`);
          seen.add(key);
        }
        db.run(sql`DELETE FROM budget_control_figure WHERE book_id = ${book.id} AND year = ${input.year}`);
        for (const f of input.figures) {
          db.run(sql`
            INSERT INTO budget_control_figure (id, book_id, year, kind, project_id, amount, record_id)
            VALUES (${uuidv7()}, ${book.id}, ${input.year}, ${f.kind}, ${f.projectId}, ${f.amount}, ${input.id})`);
        }
        return { indicatorIds: [], projectId: null };
      }
      case '退回预算': {
        const state = cycleState(db, book.id, input.year);
        moveCycle(db, book.id, input.year, state === '二上已报送' ? 'returnSecond' : 'returnFirst', user, at, input.reason);
        return { indicatorIds: [], projectId: null };
      }
      case '二下':
        return { indicatorIds: approveBudget(db, book, user, input, at), projectId: null };
      case '指标下达': {
        if (db.get(sql`SELECT 1 FROM budget_indicator WHERE id = ${input.indicatorId}`)) throw new AppError('CONFLICT', '该指标已经下达过');
        issueIndicator(db, book, user, input.id, input.date, at, {
          id: input.indicatorId,
          year: input.year,
          funcCode: input.funcCode,
          econDepCode: input.econDepCode,
          econGovCode: governmentEcon(input.econDepCode, input.econGovCode),
          fundNature: input.fundNature,
          projectId: input.projectId,
          docNo: input.docNo,
          supDocNo: input.supDocNo || null,
          payMethod: input.payMethod,
          directFund: input.directFund,
          amount: input.amount,
          submissionId: null,
        });
        return { indicatorIds: [input.indicatorId], projectId: input.projectId };
      }
    }
  });
  const indicators: Indicator[] = indicatorIds.map((id) => requireIndicator(ctx.read, book.id, id));
  return {
    action: input.action,
    simulated: true,
    label: '模拟县级批复',
    recordId: input.id,
    indicators,
    project: projectId ? findProject(ctx.read, book.id, projectId) : null,
    draft: input.action === '一下' || input.action === '二下' || input.action === '退回预算' ? getDraft(ctx.read, book.id, year) : null,
  };
}
