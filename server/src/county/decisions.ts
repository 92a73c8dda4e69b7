import { z } from 'zod';
import { approvedGroups } from '../../../shared/domain/budget/approval';
import { governmentEconFor, type EconMappingEntry } from '../../../shared/domain/budget/econMapping';
import { balanceOf, checkAvailable } from '../../../shared/domain/budget/indicatorLedger';
import { EXPENSE_KINDS, FUND_NATURES, PAY_METHODS } from '../../../shared/domain/budget/types';
import { uuidv7 } from '../../../shared/domain/id';
import { formatFen } from '../../../shared/domain/money';
import { canonicalJson } from '../../../shared/sync/canonical';
import { ServerError } from '../../../shared/sync/errors';
import type { TownshipKind } from '../../../shared/sync/kinds';
import type { AdjustmentContent, CountyDecision, IssuedIndicator, ProjectContent, SubmissionContent } from '../../../shared/sync/records';
import { countyDecisionSchema } from '../../../shared/sync/records';
import type { Operator } from '../auth/operators';
import type { ServerContext } from '../context';
import { one, type Queryable } from '../db/database';
import { appendFeed } from './townships';

const id = z.string().trim().min(1, '请填写标识').max(64);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const year = z.number().int().min(2000).max(2099);
const fen = z.number({ error: '金额必须是以分为单位的整数' }).int('金额必须是以“分”为单位的整数').positive('金额必须大于零').refine(Number.isSafeInteger, '金额超出允许范围');
const text = (label: string, max: number) => z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不超过${max}字`);
const reason = (label: string) => z.string({ error: `请填写${label}` }).trim().min(2, `请填写${label}（至少2个字）`).max(200);

export const indicatorIssueSchema = z.object({
  bookId: id,
  date,
  year,
  funcCode: z.string().trim().regex(/^\d{7}$/, '支出功能分类须细化到项级（7位代码）'),
  econDepCode: z.string().trim().regex(/^\d{5}$/, '部门经济分类须细化到款级（5位代码）'),
  econGovCode: z.string().trim().regex(/^\d{5}$/, '政府经济分类须细化到款级（5位代码）').optional(),
  fundNature: z.enum(FUND_NATURES, { error: `资金性质只能是 ${FUND_NATURES.join('、')} 之一` }),
  projectId: id.nullable().default(null),
  docNo: text('指标文号', 60),
  supDocNo: z.string().trim().max(60).optional(),
  payMethod: z.enum(PAY_METHODS, { error: `支付方式只能是 ${PAY_METHODS.join('、')} 之一` }),
  directFund: z.boolean().default(false),
  amount: fen,
});

const base = { bookId: id, date };
export const decisionInputSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('项目入库'), ...base, projectId: id }),
    z.object({ action: z.literal('项目退回'), ...base, projectId: id, reason: reason('退回原因') }),
    z.object({
      action: z.literal('一下'),
      ...base,
      submissionId: id,
      docNo: text('控制数文号', 60),
      figures: z
        .array(z.object({ kind: z.enum(EXPENSE_KINDS), projectId: id.nullable().default(null), amount: z.number().int().min(0).refine(Number.isSafeInteger) }))
        .min(1, '请至少下达一项控制数')
        .max(500),
    }),
    z.object({ action: z.literal('退回预算'), ...base, submissionId: id, reason: reason('退回原因') }),
    z.object({
      action: z.literal('二下'),
      ...base,
      submissionId: id,
      docNo: text('指标文号', 60),
      supDocNo: z.string().trim().max(60).optional(),
      defaultPayMethod: z.enum(PAY_METHODS).default('直接支付'),
      lines: z
        .array(z.object({ lineNo: z.number().int().min(1), payMethod: z.enum(PAY_METHODS).optional(), directFund: z.boolean().optional(), supDocNo: z.string().trim().max(60).optional(), econGovCode: z.string().regex(/^\d{5}$/).optional() }))
        .max(1000)
        .default([]),
    }),
    z.object({ action: z.literal('调整批准'), ...base, adjustmentId: id, note: z.string().trim().max(200).optional() }),
    z.object({ action: z.literal('调整驳回'), ...base, adjustmentId: id, note: reason('驳回理由') }),
  ],
  { error: '批复类型只能是 项目入库、项目退回、一下、退回预算、二下、调整批准、调整驳回 之一' },
);
export type DecisionInput = z.infer<typeof decisionInputSchema>;

async function replica<T>(tx: Queryable, townshipCode: string, kind: TownshipKind, key: string): Promise<T | null> {
  const row = await one<{ data: string }>(tx, 'SELECT data FROM township_record WHERE township_code = $1 AND kind = $2 AND key = $3', [townshipCode, kind, key]);
  return row ? (JSON.parse(row.data) as T) : null;
}

async function requireOwnBook(tx: Queryable, townshipCode: string, bookId: string): Promise<{ name: string; regionCode: string }> {
  const book = await replica<{ name: string; regionCode: string }>(tx, townshipCode, 'book', bookId);
  if (!book) throw new ServerError('NOT_FOUND', '该乡镇没有这个账套（或账套尚未同步到县级）');
  return book;
}

/** The 部门 → 政府经济分类 table the county published (reference data kind econMapping), if any. */
async function econMapping(tx: Queryable): Promise<EconMappingEntry[]> {
  const row = await one<{ data: string }>(tx, `SELECT data FROM broadcast WHERE kind = 'referenceData' AND key = 'econMapping' ORDER BY id DESC LIMIT 1`);
  if (!row) return [];
  const items = (JSON.parse(row.data) as { items: unknown[] }).items;
  return items.filter((i): i is EconMappingEntry => typeof (i as EconMappingEntry).gov === 'string' && Array.isArray((i as EconMappingEntry).dep));
}

function governmentEcon(table: readonly EconMappingEntry[], dep: string, given: string | undefined, where: string): string {
  if (given) return given;
  const gov = governmentEconFor(dep, table);
  if (!gov) throw new ServerError('RULE_VIOLATION', `${where}的部门经济分类 ${dep} 没有对应的政府经济分类，请填写政府经济分类`);
  return gov;
}

async function projectForIndicator(tx: Queryable, townshipCode: string, bookId: string, projectId: string, funcCode: string, fundNature: string): Promise<void> {
  const project = await replica<ProjectContent>(tx, townshipCode, 'project', projectId);
  if (!project || project.bookId !== bookId) throw new ServerError('NOT_FOUND', '该账套没有这个项目（或项目尚未同步到县级）');
  if (project.status !== '入库' && project.status !== '执行中') throw new ServerError('RULE_VIOLATION', `项目“${project.name}”当前状态为“${project.status}”，未入库的项目不能下达指标`);
  if (project.funcCode !== funcCode) throw new ServerError('RULE_VIOLATION', `指标的支出功能分类 ${funcCode} 与项目“${project.name}”的 ${project.funcCode} 不一致`);
  if (project.fundNature !== fundNature) throw new ServerError('RULE_VIOLATION', `指标的资金性质“${fundNature}”与项目“${project.name}”的“${project.fundNature}”不一致`);
}

async function recordIndicators(tx: Queryable, townshipCode: string, bookId: string, operator: Operator, decisionId: string, indicators: readonly IssuedIndicator[], now: Date): Promise<void> {
  for (const i of indicators) {
    await tx.query('INSERT INTO indicator (id, township_code, book_id, year, data, issued_by, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [i.id, townshipCode, bookId, i.year, canonicalJson(i), operator.id, now]);
    await tx.query(
      `INSERT INTO indicator_movement (township_code, id, indicator_id, source, kind, executable_delta) VALUES ($1, $2, $3, 'county', '下达', $4)`,
      [townshipCode, `${decisionId}:${i.id}`, i.id, i.amount],
    );
  }
}

async function publishDecision(tx: Queryable, townshipCode: string, operator: Operator, decision: CountyDecision, targetKind: string, targetId: string, now: Date): Promise<CountyDecision> {
  const checked = countyDecisionSchema.parse(decision);
  const text = canonicalJson(checked);
  await tx.query(
    'INSERT INTO decision (id, township_code, book_id, action, target_kind, target_id, payload, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
    [checked.id, townshipCode, checked.bookId, checked.action, targetKind, targetId, text, operator.id, now],
  );
  await appendFeed(tx, townshipCode, { kind: 'countyDecision', key: checked.id, book: checked.bookId, data: text }, now);
  return checked;
}

async function lockTownship(tx: Queryable, townshipCode: string): Promise<void> {
  if (!(await one(tx, 'SELECT 1 FROM township WHERE code = $1 FOR UPDATE', [townshipCode]))) throw new ServerError('NOT_FOUND', `没有登记财政区划代码为 ${townshipCode} 的乡镇`);
}

/** 指标下达 to a township's book: recorded at the county (for its overspending check) and sent in the township's feed. */
export async function issueIndicator(ctx: ServerContext, operator: Operator, townshipCode: string, input: z.infer<typeof indicatorIssueSchema>): Promise<CountyDecision> {
  if (Number(input.date.slice(0, 4)) !== input.year) throw new ServerError('RULE_VIOLATION', `下达日期 ${input.date} 不在 ${input.year} 年度内`);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await lockTownship(tx, townshipCode);
    await requireOwnBook(tx, townshipCode, input.bookId);
    if (input.projectId) await projectForIndicator(tx, townshipCode, input.bookId, input.projectId, input.funcCode, input.fundNature);
    const econGovCode = governmentEcon(await econMapping(tx), input.econDepCode, input.econGovCode, '该指标');
    const indicator: IssuedIndicator = {
      id: uuidv7(),
      year: input.year,
      funcCode: input.funcCode,
      econDepCode: input.econDepCode,
      econGovCode,
      fundNature: input.fundNature,
      projectId: input.projectId,
      docNo: input.docNo,
      supDocNo: input.supDocNo || null,
      payMethod: input.payMethod,
      directFund: input.directFund,
      amount: input.amount,
      submissionId: null,
    };
    const decisionId = uuidv7();
    await recordIndicators(tx, townshipCode, input.bookId, operator, decisionId, [indicator], now);
    return publishDecision(tx, townshipCode, operator, { action: '指标下达', id: decisionId, bookId: input.bookId, date: input.date, decidedBy: operator.displayName, indicator }, 'indicator', indicator.id, now);
  });
}

async function alreadyDecided(tx: Queryable, townshipCode: string, targetKind: string, targetId: string, since?: string): Promise<boolean> {
  const row = await one<{ decided_at: Date }>(tx, 'SELECT decided_at FROM decision WHERE township_code = $1 AND target_kind = $2 AND target_id = $3 ORDER BY decided_at DESC LIMIT 1', [townshipCode, targetKind, targetId]);
  return !!row && (!since || row.decided_at.toISOString() >= since);
}

async function requireLatestSubmission(tx: Queryable, townshipCode: string, bookId: string, submissionId: string, stages: readonly string[]): Promise<SubmissionContent> {
  const submission = await replica<SubmissionContent>(tx, townshipCode, 'submission', submissionId);
  if (!submission || submission.bookId !== bookId) throw new ServerError('NOT_FOUND', '该账套没有这次预算报送（或尚未同步到县级）');
  const later = await one(tx, `SELECT 1 FROM township_record WHERE township_code = $1 AND kind = 'submission' AND book_id = $2 AND (data::jsonb ->> 'year')::int = $3 AND (data::jsonb ->> 'seq')::int > $4`, [townshipCode, bookId, submission.year, submission.seq]);
  if (later) throw new ServerError('CONFLICT', `${submission.year}年已有更新的报送，请对最新一次报送作出批复`);
  if (!stages.includes(submission.stage)) throw new ServerError('RULE_VIOLATION', `这次报送是${submission.stage}，不能作此批复`);
  if (await alreadyDecided(tx, townshipCode, 'submission', submissionId)) throw new ServerError('CONFLICT', '这次报送已经批复过');
  return submission;
}

/** The county's decision on a township's submission, recorded and sent in the township's feed. */
export async function decide(ctx: ServerContext, operator: Operator, townshipCode: string, input: DecisionInput): Promise<CountyDecision> {
  const now = ctx.now();
  const decisionId = uuidv7();
  const common = { id: decisionId, bookId: input.bookId, date: input.date, decidedBy: operator.displayName };
  return ctx.db.transaction(async (tx) => {
    await lockTownship(tx, townshipCode);
    await requireOwnBook(tx, townshipCode, input.bookId);
    switch (input.action) {
      case '项目入库':
      case '项目退回': {
        const project = await replica<ProjectContent>(tx, townshipCode, 'project', input.projectId);
        if (!project || project.bookId !== input.bookId) throw new ServerError('NOT_FOUND', '该账套没有这个项目（或项目尚未同步到县级）');
        if (project.status !== '申报') throw new ServerError('RULE_VIOLATION', `项目“${project.name}”当前状态为“${project.status}”，只有申报中的项目可以入库或退回`);
        if (await alreadyDecided(tx, townshipCode, 'project', project.id, project.updatedAt)) throw new ServerError('CONFLICT', `项目“${project.name}”的这次申报已经批复过`);
        const decision: CountyDecision = input.action === '项目入库'
          ? { action: '项目入库', ...common, projectId: project.id }
          : { action: '项目退回', ...common, projectId: project.id, reason: input.reason };
        return publishDecision(tx, townshipCode, operator, decision, 'project', project.id, now);
      }
      case '一下': {
        const submission = await requireLatestSubmission(tx, townshipCode, input.bookId, input.submissionId, ['一上']);
        for (const f of input.figures) {
          if (f.projectId && f.kind !== '项目支出') throw new ServerError('RULE_VIOLATION', '只有项目支出的控制数可以指定项目');
          if (f.projectId && !(await replica(tx, townshipCode, 'project', f.projectId))) throw new ServerError('NOT_FOUND', '控制数中的项目不在该账套的项目库中');
        }
        return publishDecision(tx, townshipCode, operator, { action: '一下', ...common, year: submission.year, submissionId: submission.id, docNo: input.docNo, figures: input.figures }, 'submission', submission.id, now);
      }
      case '退回预算': {
        const submission = await requireLatestSubmission(tx, townshipCode, input.bookId, input.submissionId, ['一上', '二上']);
        return publishDecision(tx, townshipCode, operator, { action: '退回预算', ...common, year: submission.year, submissionId: submission.id, reason: input.reason }, 'submission', submission.id, now);
      }
      case '二下': {
        const submission = await requireLatestSubmission(tx, townshipCode, input.bookId, input.submissionId, ['二上']);
        if (Number(input.date.slice(0, 4)) !== submission.year) throw new ServerError('RULE_VIOLATION', `批复日期 ${input.date} 不在 ${submission.year} 年度内`);
        for (const o of input.lines) {
          if (!submission.lines.some((l) => l.lineNo === o.lineNo && l.section !== '收入')) throw new ServerError('RULE_VIOLATION', `二上快照中没有第${o.lineNo}行支出`);
        }
        const table = await econMapping(tx);
        const groups = approvedGroups(
          submission.lines.map((l) => ({ lineNo: l.lineNo, section: l.section, funcCode: l.funcCode, econCode: l.econCode, projectId: l.projectId, fundNature: l.fundNature, amount: l.amount })),
          { defaultPayMethod: input.defaultPayMethod, supDocNo: input.supDocNo, overrides: input.lines },
          (dep, given) => governmentEcon(table, dep, given, '二上快照'),
        );
        const indicators: IssuedIndicator[] = groups.map((g) => ({
          id: uuidv7(),
          year: submission.year,
          funcCode: g.funcCode,
          econDepCode: g.econDepCode,
          econGovCode: g.econGovCode,
          fundNature: g.fundNature,
          projectId: g.projectId,
          docNo: input.docNo,
          supDocNo: g.supDocNo,
          payMethod: g.payMethod,
          directFund: g.directFund,
          amount: g.amount,
          submissionId: submission.id,
        }));
        await recordIndicators(tx, townshipCode, input.bookId, operator, decisionId, indicators, now);
        return publishDecision(tx, townshipCode, operator, { action: '二下', ...common, year: submission.year, submissionId: submission.id, docNo: input.docNo, indicators }, 'submission', submission.id, now);
      }
      case '调整批准':
      case '调整驳回': {
        const adjustment = await replica<AdjustmentContent>(tx, townshipCode, 'adjustment', input.adjustmentId);
        if (!adjustment || adjustment.bookId !== input.bookId) throw new ServerError('NOT_FOUND', '该账套没有这份调整调剂申请（或尚未同步到县级）');
        if (await alreadyDecided(tx, townshipCode, 'adjustment', adjustment.id)) throw new ServerError('CONFLICT', '这份申请县级已经审批过');
        // Not decided here, yet no longer 待审批: the township decided it itself (its 调整 by the 乡镇人大, 调剂 under the finance rules).
        if (adjustment.status !== '待审批') throw new ServerError('RULE_VIOLATION', `这份${adjustment.kind}申请乡镇已自行审批（当前状态为“${adjustment.status}”），县级不能再审批`);
        if (input.action === '调整驳回') {
          return publishDecision(tx, townshipCode, operator, { action: '调整驳回', ...common, adjustmentId: adjustment.id, note: input.note }, 'adjustment', adjustment.id, now);
        }
        if (Number(input.date.slice(0, 4)) !== adjustment.year) throw new ServerError('RULE_VIOLATION', `生效日期 ${input.date} 不在 ${adjustment.year} 年度内`);
        // Decreases first, each against what the county sees as available now.
        for (const line of [...adjustment.lines].sort((a, b) => a.delta - b.delta)) {
          const indicator = await one<{ id: string }>(tx, 'SELECT id FROM indicator WHERE township_code = $1 AND id = $2', [townshipCode, line.indicatorId]);
          if (!indicator) throw new ServerError('RULE_VIOLATION', `申请第${line.lineNo}行的指标不是县级下达的指标，不能审批`);
          if (line.delta < 0) {
            const sums = (await one<{ e: number; f: number; p: number }>(tx, 'SELECT coalesce(sum(executable_delta), 0) AS e, coalesce(sum(frozen_delta), 0) AS f, coalesce(sum(paid_delta), 0) AS p FROM indicator_movement WHERE township_code = $1 AND indicator_id = $2', [townshipCode, line.indicatorId]))!;
            const refusal = checkAvailable(balanceOf([{ executable: sums.e, frozen: sums.f, paid: sums.p }]), -line.delta, `（第${line.lineNo}行）`, adjustment.kind === '调剂' ? '调出' : '调减');
            if (refusal) throw new ServerError('RULE_VIOLATION', refusal.message);
          }
          await tx.query(
            'INSERT INTO indicator_movement (township_code, id, indicator_id, source, kind, executable_delta) VALUES ($1, $2, $3, $4, $5, $6)',
            [townshipCode, `${decisionId}:${line.lineNo}`, line.indicatorId, 'county', adjustment.kind, line.delta],
          );
        }
        return publishDecision(tx, townshipCode, operator, { action: '调整批准', ...common, adjustmentId: adjustment.id, note: input.note ?? null }, 'adjustment', adjustment.id, now);
      }
    }
  });
}

/** What waits for the county's decision: projects 申报, the latest unanswered 一上/二上 per year, adjustments 待审批. */
export async function pendingSubmissions(db: Queryable, townshipCode: string) {
  const records = async <T>(kind: TownshipKind) => (await db.query<{ data: string }>('SELECT data FROM township_record WHERE township_code = $1 AND kind = $2', [townshipCode, kind])).map((r) => JSON.parse(r.data) as T);
  const decided = new Set((await db.query<{ target_id: string }>('SELECT DISTINCT target_id FROM decision WHERE township_code = $1', [townshipCode])).map((r) => r.target_id));
  const projects = (await records<ProjectContent>('project')).filter((p) => p.status === '申报');
  const submissions = await records<SubmissionContent>('submission');
  const latest = new Map<string, SubmissionContent>();
  for (const s of submissions) {
    const key = `${s.bookId}|${s.year}`;
    if (!latest.has(key) || latest.get(key)!.seq < s.seq) latest.set(key, s);
  }
  const adjustments = (await records<AdjustmentContent>('adjustment')).filter((a) => a.status === '待审批' && !decided.has(a.id));
  return {
    projects: projects.map((p) => ({ id: p.id, bookId: p.bookId, code: p.code, name: p.name, class: p.class, funcCode: p.funcCode, fundNature: p.fundNature, amounts: p.amounts, updatedAt: p.updatedAt })),
    submissions: [...latest.values()]
      .filter((s) => !decided.has(s.id))
      .map((s) => ({ id: s.id, bookId: s.bookId, year: s.year, stage: s.stage, seq: s.seq, expenditureTotal: s.expenditureTotal, expenditureTotalText: formatFen(s.expenditureTotal), revenueTotal: s.revenueTotal, submittedAt: s.submittedAt, lines: s.lines })),
    adjustments: adjustments.map((a) => ({ id: a.id, bookId: a.bookId, year: a.year, kind: a.kind, reason: a.reason, lines: a.lines, requestedAt: a.requestedAt })),
  };
}
