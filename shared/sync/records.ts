/**
 * The content of every record kind as it travels (schema version SYNC_SCHEMA_VERSION): the
 * whole record with its children (a voucher with its lines is ONE record), keys in camelCase,
 * money in integer fen, times as ISO text. Both sides check every record against these before
 * doing anything with it.
 */
import { z } from 'zod';
import { ADJUSTMENT_KINDS, EXPENSE_KINDS, FUND_NATURES, PAYMENT_STATUSES, PAY_METHODS, PROJECT_CLASSES, PROJECT_STATUSES } from '../domain/budget/types';
import type { CountyKind, TownshipKind } from './kinds';

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().max(max);
const optional = (max: number) => z.string().max(max).nullable();
const int = z.number().int().refine(Number.isSafeInteger, '整数超出范围');
const fen = int;
const year = z.number().int().min(2000).max(2099);
const month = z.number().int().min(1).max(12);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const stamp = z.string().min(10).max(40);
const bool01 = z.union([z.literal(0), z.literal(1)]);

export const bookContentSchema = z.strictObject({
  id,
  name: text(100),
  regionCode: z.string().regex(/^\d{6,12}$/),
  unitType: text(20),
  startYear: year,
  startMonth: month,
  supervisor: text(40),
  createdAt: stamp,
  settings: z.array(z.strictObject({ key: text(100), value: text(20_000) })).max(200),
});

export const operatorContentSchema = z.strictObject({
  id,
  username: text(64),
  displayName: text(64),
  enabled: bool01,
  roles: z.array(text(20)).max(10),
});

export const accountContentSchema = z.strictObject({
  bookId: id,
  code: z.string().regex(/^\d{4,12}$/),
  name: text(100),
  parentCode: z.string().nullable(),
  level: z.number().int().min(1).max(6),
  track: z.enum(['financial', 'budget']),
  category: text(20),
  normalBalance: z.enum(['debit', 'credit']),
  contra: bool01,
  enabled: bool01,
  dimensions: z.array(text(20)).max(10),
});

/** 科目余额表 figures as `trialBalanceFigures` lists them, and their digest. */
export const trialBalanceDigestSchema = z.strictObject({
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  rows: z.array(z.tuple([z.string(), z.enum(['financial', 'budget']), fen, fen, fen, fen, fen, fen, fen, fen])).max(20_000),
});

export const periodContentSchema = z.strictObject({
  bookId: id,
  year,
  month,
  status: z.enum(['open', 'closed']),
  closedAt: stamp.nullable(),
  closedBy: id.nullable(),
  /** Sent with a close: the township's 科目余额表 of the period, for the county to check. */
  trialBalance: trialBalanceDigestSchema.nullable(),
});

export const voucherLineContentSchema = z.strictObject({
  lineNo: z.number().int().min(1).max(10_000),
  summary: text(200),
  accountCode: z.string().max(20),
  track: z.enum(['financial', 'budget']),
  debit: fen,
  credit: fen,
  func: optional(20),
  econDep: optional(20),
  econGov: optional(20),
  project: optional(64),
  fund: optional(40),
  counterparty: optional(100),
  dept: optional(100),
});

export const voucherContentSchema = z.strictObject({
  id,
  bookId: id,
  year,
  month,
  word: z.enum(['记', '收', '付', '转']),
  number: z.number().int().min(1),
  date,
  attachments: z.number().int().min(0),
  status: z.enum(['draft', 'reviewed', 'posted']),
  kind: z.enum(['normal', 'reversal', 'closing']),
  reversesId: id.nullable(),
  parallelReason: optional(500),
  preparedBy: id,
  reviewedBy: id.nullable(),
  reviewedAt: stamp.nullable(),
  postedBy: id.nullable(),
  postedAt: stamp.nullable(),
  createdAt: stamp,
  updatedAt: stamp,
  lines: z.array(voucherLineContentSchema).max(10_000),
});

export const projectContentSchema = z.strictObject({
  id,
  bookId: id,
  code: text(40),
  name: text(200),
  class: z.enum(PROJECT_CLASSES),
  funcCode: text(7),
  fundNature: z.enum(FUND_NATURES),
  startDate: date,
  endDate: date,
  description: text(5000),
  status: z.enum(PROJECT_STATUSES),
  returnReason: optional(500),
  createdBy: id,
  createdAt: stamp,
  updatedAt: stamp,
  amounts: z.array(z.strictObject({ year, amount: fen })).max(100),
  targets: z
    .array(z.strictObject({ id, position: z.number().int().min(1), name: text(200), type: text(20), unit: text(40), targetValue: text(40), direction: text(4) }))
    .max(200),
  /** 绩效运行监控 (the latest progress per target and year) and 绩效自评; absent when there is none. */
  progress: z
    .array(
      z.strictObject({
        targetId: id,
        year,
        asOf: date,
        actualValue: text(40),
        deviationReason: optional(500),
        correctiveAction: optional(500),
        recordedBy: id,
        recordedAt: stamp,
      }),
    )
    .max(2000)
    .optional(),
  evaluations: z.array(z.strictObject({ year, scoreTenths: z.number().int().min(0).max(1000), summary: text(2000), evaluatedBy: id, evaluatedAt: stamp })).max(100).optional(),
});

export const submissionContentSchema = z.strictObject({
  id,
  bookId: id,
  year,
  stage: z.enum(['一上', '二上']),
  seq: z.number().int().min(1),
  expenditureTotal: fen,
  revenueTotal: fen,
  submittedBy: id,
  submittedAt: stamp,
  lines: z
    .array(
      z.strictObject({
        lineNo: z.number().int().min(1),
        section: text(20),
        funcCode: optional(20),
        econCode: optional(20),
        projectId: id.nullable(),
        projectCode: optional(40),
        projectName: optional(200),
        revenueCode: optional(20),
        fundNature: z.enum(FUND_NATURES),
        amount: fen,
        label: text(400),
      }),
    )
    .max(10_000),
});

/** 二上二下 progress of one book's budget year (the township's own view, moved by its reports and the county's answers). */
export const budgetCycleContentSchema = z.strictObject({
  bookId: id,
  year,
  state: z.enum(['编制中', '一上已报送', '一下已下达', '二上已报送', '二下已批复']),
  updatedAt: stamp,
  /** 人员名册 and 支出标准 the 基本支出 is computed from, and the draft being prepared. */
  staffing: z.array(z.strictObject({ category: text(40), headcount: z.number().int().min(0) })).max(200),
  standards: z
    .array(z.strictObject({ kind: z.enum(['人员经费', '日常公用经费']), category: text(40), econCode: text(20), funcCode: text(20), perCapita: fen }))
    .max(2000),
  draftLines: z
    .array(
      z.strictObject({
        id,
        section: z.enum(['人员经费', '日常公用经费', '项目支出', '收入']),
        funcCode: optional(20),
        econCode: optional(20),
        projectId: id.nullable(),
        revenueCode: optional(20),
        fundNature: z.enum(FUND_NATURES),
        amount: fen,
        origin: z.enum(['computed', 'entered']),
        updatedAt: stamp,
      }),
    )
    .max(10_000),
});

export const paymentContentSchema = z.strictObject({
  id,
  bookId: id,
  indicatorId: id,
  amount: fen,
  payeeName: text(200),
  payeeAccount: text(100),
  payeeBank: text(200),
  purpose: text(400),
  status: z.enum(PAYMENT_STATUSES),
  appliedDate: date,
  appliedBy: id,
  appliedAt: stamp,
  reviewedBy: id.nullable(),
  reviewedAt: stamp.nullable(),
  returnedBy: id.nullable(),
  returnReason: optional(500),
  paidBy: id.nullable(),
  paidAt: stamp.nullable(),
  payDate: date.nullable(),
  voucherId: id.nullable(),
  refundDate: date.nullable(),
  refundReason: optional(500),
  refundVoucherId: id.nullable(),
});

export const adjustmentContentSchema = z.strictObject({
  id,
  bookId: id,
  year,
  kind: z.enum(ADJUSTMENT_KINDS),
  reason: text(500),
  docNo: optional(60),
  status: z.enum(['待审批', '已批准', '已驳回']),
  requestedBy: id,
  requestedAt: stamp,
  decidedBy: id.nullable(),
  decidedAt: stamp.nullable(),
  decisionNote: optional(500),
  effectiveDate: date.nullable(),
  lines: z.array(z.strictObject({ lineNo: z.number().int().min(1), indicatorId: id, delta: fen })).max(1000),
});

export const indicatorMovementContentSchema = z.strictObject({
  id,
  bookId: id,
  indicatorId: id,
  kind: z.enum(['下达', '调整', '调剂', '冻结', '解冻', '支付', '退回']),
  date,
  executableDelta: fen,
  frozenDelta: fen,
  paidDelta: fen,
  refKind: z.enum(['county', 'payment', 'adjustment', 'freeze']),
  refId: id,
  summary: text(400),
  userId: id,
  createdAt: stamp,
});

/** One step of the budget workspace's trail (budget_event): who moved a project, budget year, payment or request, and why. */
export const budgetEventContentSchema = z.strictObject({
  id,
  bookId: id,
  entity: z.enum(['project', 'cycle', 'payment', 'adjustment']),
  entityId: text(100),
  action: text(40),
  fromState: optional(20),
  toState: text(20),
  reason: optional(1000),
  userId: id,
  at: stamp,
});

/** One 结账 or 反结账 (period_event), with the reason a period was reopened. */
export const periodEventContentSchema = z.strictObject({
  id,
  bookId: id,
  year,
  month,
  action: z.enum(['close', 'reopen']),
  reason: optional(1000),
  userId: id,
  at: stamp,
});

export const townshipContentSchemas = {
  book: bookContentSchema,
  operator: operatorContentSchema,
  account: accountContentSchema,
  period: periodContentSchema,
  project: projectContentSchema,
  submission: submissionContentSchema,
  budgetCycle: budgetCycleContentSchema,
  voucher: voucherContentSchema,
  payment: paymentContentSchema,
  adjustment: adjustmentContentSchema,
  indicatorMovement: indicatorMovementContentSchema,
  budgetEvent: budgetEventContentSchema,
  periodEvent: periodEventContentSchema,
} satisfies Record<TownshipKind, z.ZodType>;

export type BookContent = z.infer<typeof bookContentSchema>;
export type OperatorContent = z.infer<typeof operatorContentSchema>;
export type AccountContent = z.infer<typeof accountContentSchema>;
export type PeriodContent = z.infer<typeof periodContentSchema>;
export type VoucherContent = z.infer<typeof voucherContentSchema>;
export type ProjectContent = z.infer<typeof projectContentSchema>;
export type SubmissionContent = z.infer<typeof submissionContentSchema>;
export type BudgetCycleContent = z.infer<typeof budgetCycleContentSchema>;
export type PaymentContent = z.infer<typeof paymentContentSchema>;
export type AdjustmentContent = z.infer<typeof adjustmentContentSchema>;
export type IndicatorMovementContent = z.infer<typeof indicatorMovementContentSchema>;
export type BudgetEventContent = z.infer<typeof budgetEventContentSchema>;
export type PeriodEventContent = z.infer<typeof periodEventContentSchema>;

// ---- County-owned ----

/** An indicator as the county issues it: the MOF elements, the amount, and the id it keeps everywhere. */
export const issuedIndicatorSchema = z.strictObject({
  id,
  year,
  funcCode: z.string().regex(/^\d{7}$/),
  econDepCode: z.string().regex(/^\d{5}$/),
  econGovCode: z.string().regex(/^\d{5}$/),
  fundNature: z.enum(FUND_NATURES),
  projectId: id.nullable(),
  docNo: text(60),
  supDocNo: optional(60),
  payMethod: z.enum(PAY_METHODS),
  directFund: z.boolean(),
  amount: fen.refine((n) => n > 0, '金额必须大于零'),
  submissionId: id.nullable(),
});
export type IssuedIndicator = z.infer<typeof issuedIndicatorSchema>;

const decisionBase = { id, bookId: id, date, decidedBy: text(64) };

/** What the county decides on a township's submission, or issues unasked (指标下达). */
export const countyDecisionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('项目入库'), ...decisionBase, projectId: id }),
  z.strictObject({ action: z.literal('项目退回'), ...decisionBase, projectId: id, reason: text(200) }),
  z.strictObject({
    action: z.literal('一下'),
    ...decisionBase,
    year,
    submissionId: id,
    docNo: text(60),
    figures: z.array(z.strictObject({ kind: z.enum(EXPENSE_KINDS), projectId: id.nullable(), amount: fen })).min(1).max(500),
  }),
  z.strictObject({ action: z.literal('退回预算'), ...decisionBase, year, submissionId: id, reason: text(200) }),
  z.strictObject({ action: z.literal('二下'), ...decisionBase, year, submissionId: id, docNo: text(60), indicators: z.array(issuedIndicatorSchema).min(1).max(5000) }),
  z.strictObject({ action: z.literal('指标下达'), ...decisionBase, indicator: issuedIndicatorSchema }),
  z.strictObject({ action: z.literal('调整批准'), ...decisionBase, adjustmentId: id, note: optional(200) }),
  z.strictObject({ action: z.literal('调整驳回'), ...decisionBase, adjustmentId: id, note: text(200) }),
]);
export type CountyDecision = z.infer<typeof countyDecisionSchema>;
export type CountyDecisionAction = CountyDecision['action'];

export const referenceDataSchema = z.strictObject({
  version: text(40),
  kind: z.enum(['classification', 'chart', 'econMapping']),
  note: text(500),
  items: z.array(z.record(z.string(), z.unknown())).max(50_000),
  publishedAt: stamp,
});

/** 执行监控 warning bands in basis points behind 序时进度 (500 = 5 个百分点). */
export const thresholdSchema = z.strictObject({
  yellowBp: z.number().int().min(0).max(10_000),
  redBp: z.number().int().min(0).max(10_000),
  publishedAt: stamp,
});

export const noticeSchema = z.strictObject({ id, title: text(100), body: text(5000), publishedAt: stamp });

export const periodCheckSchema = z.strictObject({
  bookId: id,
  year,
  month,
  status: z.enum(['已对账', '有差异', '已反结账']),
  townshipDigest: z.string().nullable(),
  countyDigest: z.string().nullable(),
  differences: z
    .array(z.strictObject({ code: z.string(), track: z.string(), field: z.string(), township: fen, county: fen }))
    .max(5000),
  checkedAt: stamp,
});
export type PeriodCheck = z.infer<typeof periodCheckSchema>;

export const countyContentSchemas = {
  countyDecision: countyDecisionSchema,
  referenceData: referenceDataSchema,
  threshold: thresholdSchema,
  notice: noticeSchema,
  periodCheck: periodCheckSchema,
} satisfies Record<CountyKind, z.ZodType>;
