import { z } from 'zod';
import { isDecimalText, parseScoreTenths } from '../domain/budget/performance';
import {
  ADJUSTMENT_KINDS,
  EXPENSE_KINDS,
  FUND_NATURES,
  PAYMENT_STATUSES,
  PAY_METHODS,
  PROJECT_CLASSES,
  PROJECT_STATUSES,
  TARGET_DIRECTIONS,
  TARGET_TYPES,
} from '../domain/budget/types';
import { dateSchema, uuidSchema, yearSchema } from './schemas';

/** Input schemas of the budget workspace's commands. Money is integer fen. */

const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过${max}个字`);
const optionalText = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过${max}个字`).optional();
const reason = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(2, `请填写${label}（至少2个字）`)
    .max(200, `${label}不能超过200字`);

const enumOf = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { error: `${label}只能是 ${values.join('、')} 之一` });

export const projectClassSchema = enumOf(PROJECT_CLASSES, '项目类别');
export const projectStatusSchema = enumOf(PROJECT_STATUSES, '项目状态');
export const fundNatureSchema = enumOf(FUND_NATURES, '资金性质');
export const payMethodSchema = enumOf(PAY_METHODS, '支付方式');
export const targetTypeSchema = enumOf(TARGET_TYPES, '绩效指标类型');
export const targetDirectionSchema = enumOf(TARGET_DIRECTIONS, '指标方向');
export const expenseKindSchema = enumOf(EXPENSE_KINDS, '支出类型');
export const paymentStatusSchema = enumOf(PAYMENT_STATUSES, '支付状态');
export const adjustmentKindSchema = enumOf(ADJUSTMENT_KINDS, '申请类型');

/** Whole 分, more than zero. */
export const positiveFenSchema = z
  .number({ error: '金额必须是数字（以分为单位）' })
  .int('金额必须是以“分”为单位的整数')
  .positive('金额必须大于零')
  .refine((n) => Number.isSafeInteger(n), '金额超出允许范围');
const nonNegativeFenSchema = z
  .number({ error: '金额必须是数字（以分为单位）' })
  .int('金额必须是以“分”为单位的整数')
  .min(0, '金额不能为负')
  .refine((n) => Number.isSafeInteger(n), '金额超出允许范围');

export const funcCodeSchema = z.string({ error: '请填写支出功能分类' }).trim().regex(/^\d{7}$/, '支出功能分类须细化到项级（7位代码）');
export const econCodeSchema = z.string({ error: '请填写经济分类' }).trim().regex(/^\d{5}$/, '经济分类须细化到款级（5位代码）');
export const revenueCodeSchema = z.string({ error: '请填写收入分类' }).trim().regex(/^\d{3,7}$/, '收入分类代码应为3至7位数字');
const docNoSchema = text('指标文号', 60);
const decimalText = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .refine(isDecimalText, `${label}须为数字（最多4位小数）`);

const bookRef = { bookId: uuidSchema };
export const budgetYearRefSchema = z.object({ ...bookRef, year: yearSchema });
export const budgetEntityRefSchema = z.object({ ...bookRef, id: uuidSchema });

// ---- 项目库 ----

export const performanceTargetInputSchema = z.object({
  id: uuidSchema,
  name: text('绩效指标名称', 60),
  type: targetTypeSchema,
  unit: text('计量单位', 20),
  targetValue: decimalText('目标值'),
  direction: targetDirectionSchema.default('≥'),
});

export const projectSaveSchema = z
  .object({
    ...bookRef,
    /** Made by the creating side: saving again with the same id revises the same project. */
    id: uuidSchema,
    code: z
      .string({ error: '请填写项目编码' })
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,30}$/, '项目编码只能包含字母、数字、减号和下划线，最多30位'),
    name: text('项目名称', 60),
    class: projectClassSchema,
    funcCode: funcCodeSchema,
    fundNature: fundNatureSchema,
    startDate: dateSchema,
    endDate: dateSchema,
    description: optionalText('项目概述', 500),
    amounts: z
      .array(z.object({ year: yearSchema, amount: positiveFenSchema }))
      .min(1, '请至少填写一个年度的申报金额')
      .max(10, '最多填写10个年度'),
    targets: z.array(performanceTargetInputSchema).max(50, '绩效指标最多50个').default([]),
  })
  .superRefine((p, ctx) => {
    if (p.endDate < p.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: '结束日期不能早于开始日期' });
    const years = new Set<number>();
    p.amounts.forEach((a, i) => {
      if (years.has(a.year)) ctx.addIssue({ code: 'custom', path: ['amounts', i, 'year'], message: `${a.year}年的申报金额重复` });
      years.add(a.year);
      const first = Number(p.startDate.slice(0, 4));
      const last = Number(p.endDate.slice(0, 4));
      if (a.year < first || a.year > last) {
        ctx.addIssue({ code: 'custom', path: ['amounts', i, 'year'], message: `${a.year}年不在项目起止期间（${first}–${last}年）内` });
      }
    });
    const ids = new Set<string>();
    p.targets.forEach((t, i) => {
      if (ids.has(t.id)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'id'], message: '绩效指标标识重复' });
      ids.add(t.id);
    });
  });
export type ProjectSaveInput = z.infer<typeof projectSaveSchema>;

export const projectListSchema = z.object({ ...bookRef, status: projectStatusSchema.optional() });

// ---- 预算编制 ----

export const staffingSetSchema = z.object({
  ...bookRef,
  year: yearSchema,
  roster: z
    .array(z.object({ category: text('人员类别', 20), headcount: z.number({ error: '人数必须是数字' }).int('人数必须是整数').min(0, '人数不能为负') }))
    .max(50),
  standards: z
    .array(
      z.object({
        kind: z.enum(['人员经费', '日常公用经费'], { error: '标准类型只能是 人员经费 或 日常公用经费' }),
        category: text('人员类别', 20),
        econCode: econCodeSchema,
        funcCode: funcCodeSchema,
        perCapita: nonNegativeFenSchema,
      }),
    )
    .max(500),
});
export type StaffingSetInput = z.infer<typeof staffingSetSchema>;

export const draftProjectLineSchema = z.object({
  ...bookRef,
  year: yearSchema,
  id: uuidSchema,
  projectId: uuidSchema,
  econCode: econCodeSchema,
  /** Defaults to the project's requested amount for the year. */
  amount: positiveFenSchema.optional(),
});

export const draftRevenueLineSchema = z.object({
  ...bookRef,
  year: yearSchema,
  id: uuidSchema,
  revenueCode: revenueCodeSchema,
  fundNature: fundNatureSchema.default('一般公共预算'),
  amount: positiveFenSchema,
});

/** 报送: the snapshot's id is made by the creating side. */
export const submitSchema = z.object({ ...bookRef, year: yearSchema, id: uuidSchema });

export const submissionCompareSchema = z.object({ ...bookRef, id: uuidSchema, againstId: uuidSchema.optional() });

// ---- 模拟县级批复 ----

const countyBase = { ...bookRef, id: uuidSchema, date: dateSchema };

export const simulateCountyApprovalSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('项目入库'), ...countyBase, projectId: uuidSchema }),
    z.object({ action: z.literal('项目退回'), ...countyBase, projectId: uuidSchema, reason: reason('退回原因') }),
    z.object({
      action: z.literal('一下'),
      ...countyBase,
      year: yearSchema,
      docNo: docNoSchema,
      figures: z
        .array(z.object({ kind: expenseKindSchema, projectId: uuidSchema.nullable().default(null), amount: nonNegativeFenSchema }))
        .min(1, '请至少下达一项控制数')
        .max(500),
    }),
    z.object({ action: z.literal('退回预算'), ...countyBase, year: yearSchema, reason: reason('退回原因') }),
    z.object({
      action: z.literal('二下'),
      ...countyBase,
      year: yearSchema,
      docNo: docNoSchema,
      supDocNo: optionalText('上级指标文号', 60),
      defaultPayMethod: payMethodSchema.default('直接支付'),
      /** Per line of the 二上 submission (by line number): how the approved indicator is paid. */
      lines: z
        .array(z.object({ lineNo: z.number().int().min(1), payMethod: payMethodSchema.optional(), directFund: z.boolean().optional(), supDocNo: optionalText('上级指标文号', 60) }))
        .max(1000)
        .default([]),
    }),
    z.object({
      action: z.literal('指标下达'),
      ...countyBase,
      indicatorId: uuidSchema,
      year: yearSchema,
      funcCode: funcCodeSchema,
      econDepCode: econCodeSchema,
      econGovCode: econCodeSchema.optional(),
      fundNature: fundNatureSchema,
      projectId: uuidSchema.nullable().default(null),
      docNo: docNoSchema,
      supDocNo: optionalText('上级指标文号', 60),
      payMethod: payMethodSchema,
      directFund: z.boolean().default(false),
      amount: positiveFenSchema,
    }),
  ],
  { error: '模拟县级批复的操作只能是 项目入库、项目退回、一下、退回预算、二下、指标下达 之一' },
);
export type SimulateCountyApprovalInput = z.infer<typeof simulateCountyApprovalSchema>;

// ---- 指标 ----

export const indicatorListSchema = z.object({ ...bookRef, year: yearSchema, projectId: uuidSchema.optional() });
/** 撤回申报 / 撤回报送: the reason is optional (kept in the state record). */
const withdrawReason = z.string({ error: '撤回原因必须是文字' }).trim().max(200, '撤回原因不能超过200字').optional();
export const projectWithdrawSchema = z.object({ ...bookRef, id: uuidSchema, reason: withdrawReason });
export const submissionWithdrawSchema = z.object({ ...bookRef, year: yearSchema, reason: withdrawReason });

/** 登记额度到账: books the 授权支付 quota still outstanding on an indicator. */
export const quotaRegisterSchema = z.object({
  ...bookRef,
  indicatorId: uuidSchema,
  /** Made by the caller: a retried request finds the voucher it already wrote. */
  voucherId: uuidSchema,
  date: dateSchema,
});

export const indicatorFreezeSchema = z.object({
  ...bookRef,
  /** The freeze's own id: the matching 解冻 refers to it. */
  id: uuidSchema,
  indicatorId: uuidSchema,
  amount: positiveFenSchema,
  date: dateSchema,
  reason: reason('冻结原因'),
});
export const indicatorUnfreezeSchema = z.object({ ...bookRef, freezeId: uuidSchema, date: dateSchema, reason: reason('解冻原因') });

// ---- 支付 ----

export const paymentElementsSchema = z.object({
  regionCode: z.string().trim().regex(/^\d{6}$/, '财政区划应为6位数字'),
  year: yearSchema,
  funcCode: funcCodeSchema,
  econGovCode: econCodeSchema,
  econDepCode: econCodeSchema,
  fundNature: fundNatureSchema,
  projectCode: z.string().trim().max(30).nullable(),
  docNo: docNoSchema,
  supDocNo: z.string().trim().max(60).nullable(),
  payMethod: payMethodSchema,
  directFund: z.boolean({ error: '请说明是否直达资金' }),
});

export const paymentCreateSchema = z.object({
  ...bookRef,
  id: uuidSchema,
  indicatorId: uuidSchema,
  amount: positiveFenSchema,
  elements: paymentElementsSchema,
  payee: z.object({ name: text('收款人', 60), account: text('收款账号', 40), bank: text('开户银行', 60) }),
  purpose: text('用途', 80),
  /** 申请日期 (business date of the request); defaults to today. The 在途 hold is dated by it. */
  date: dateSchema.optional(),
});
export type PaymentCreateInput = z.infer<typeof paymentCreateSchema>;

/** `date`: 退回日期, defaults to today; the hold is released on it. */
export const paymentReturnSchema = z.object({ ...bookRef, id: uuidSchema, reason: reason('退回原因'), date: dateSchema.optional() });
export const paymentConfirmSchema = z.object({
  ...bookRef,
  id: uuidSchema,
  /** The voucher's id, made by the creating side so that a retried confirmation is recognised. */
  voucherId: uuidSchema,
  date: dateSchema,
});
export const paymentRefundSchema = paymentConfirmSchema.extend({ reason: reason('退回原因') });
export const paymentListSchema = z.object({
  ...bookRef,
  year: yearSchema.optional(),
  status: paymentStatusSchema.optional(),
  indicatorId: uuidSchema.optional(),
});

// ---- 调整调剂 ----

const adjustmentPart = z.object({ indicatorId: uuidSchema, amount: positiveFenSchema });
export const adjustmentCreateSchema = z
  .object({
    ...bookRef,
    id: uuidSchema,
    year: yearSchema,
    kind: adjustmentKindSchema,
    reason: reason('申请理由'),
    docNo: optionalText('文号', 60),
    /** Indicators that give (调减). */
    from: z.array(adjustmentPart).max(50).default([]),
    /** Indicators that receive (调增). */
    to: z.array(adjustmentPart).max(50).default([]),
  })
  .superRefine((a, ctx) => {
    if (a.from.length + a.to.length === 0) ctx.addIssue({ code: 'custom', path: ['to'], message: '请至少填写一个调出或调入指标' });
    const seen = new Set<string>();
    for (const [side, parts] of [['from', a.from], ['to', a.to]] as const) {
      parts.forEach((p, i) => {
        if (seen.has(p.indicatorId)) ctx.addIssue({ code: 'custom', path: [side, i, 'indicatorId'], message: '同一指标不能重复出现' });
        seen.add(p.indicatorId);
      });
    }
    if (a.kind === '调剂') {
      const out = a.from.reduce((s, p) => s + p.amount, 0);
      const inn = a.to.reduce((s, p) => s + p.amount, 0);
      if (a.from.length === 0 || a.to.length === 0) ctx.addIssue({ code: 'custom', path: ['from'], message: '调剂须同时有调出和调入指标' });
      else if (out !== inn) ctx.addIssue({ code: 'custom', path: ['to'], message: '调剂不改变预算总额：调出合计须等于调入合计' });
    }
  });
export type AdjustmentCreateInput = z.infer<typeof adjustmentCreateSchema>;

export const adjustmentApproveSchema = z.object({ ...bookRef, id: uuidSchema, date: dateSchema, note: optionalText('审批意见', 200) });
export const adjustmentRejectSchema = z.object({ ...bookRef, id: uuidSchema, note: reason('驳回理由') });

// ---- 执行监控 ----

export const executionGroupSchema = z.enum(['indicator', 'project', 'function', 'fundNature'], { error: '汇总方式只能是 指标、项目、功能分类、资金性质 之一' });
export type ExecutionGroup = z.infer<typeof executionGroupSchema>;

export const executionReportSchema = z.object({
  ...bookRef,
  year: yearSchema,
  /** Defaults to today (or the year's last day for a past year). */
  asOf: dateSchema.optional(),
  by: executionGroupSchema,
  /** 功能分类 level: 3 = 类, 5 = 款, 7 = 项. */
  funcLevel: z.union([z.literal(3), z.literal(5), z.literal(7)]).default(3),
});

export const dashboardSchema = z.object({
  ...bookRef,
  year: yearSchema,
  asOf: dateSchema.optional(),
  topProjects: z.number().int().min(1).max(50).default(5),
});

export const monitoringSettingsSchema = z
  .object({
    ...bookRef,
    /** Basis points behind 序时进度: 500 = 5 个百分点. */
    yellowBp: z.number({ error: '黄色预警档位必须是数字' }).int('预警档位必须是整数（万分比）').min(1, '黄色预警档位必须大于零'),
    redBp: z.number({ error: '红色预警档位必须是数字' }).int('预警档位必须是整数（万分比）').max(10000, '红色预警档位不能超过100个百分点'),
    scheduleMethod: z.enum(['month', 'day'], { error: '序时进度口径只能是“按月”或“按日”' }),
    /** Left out: unchanged. */
    quotaArrival: z.enum(['onIssue', 'withPayment'], { error: '授权支付额度入账方式只能是“指标下达时”或“随支付”' }).optional(),
  })
  .refine((s) => s.redBp > s.yellowBp, { path: ['redBp'], message: '红色预警档位必须大于黄色预警档位' });

// ---- 绩效运行监控 ----

export const performanceRecordSchema = z.object({
  ...bookRef,
  projectId: uuidSchema,
  year: yearSchema,
  asOf: dateSchema,
  entries: z
    .array(
      z.object({
        targetId: uuidSchema,
        actualValue: decimalText('完成值'),
        deviationReason: optionalText('偏差原因', 200),
        correctiveAction: optionalText('纠偏措施', 200),
      }),
    )
    .min(1, '请至少填写一个指标的完成值'),
});

export const performanceEvaluateSchema = z.object({
  ...bookRef,
  projectId: uuidSchema,
  year: yearSchema,
  score: z
    .string({ error: '请填写自评得分' })
    .trim()
    .refine((s) => parseScoreTenths(s) !== null, '自评得分应为0到100之间的数，最多1位小数'),
  summary: text('自评结论', 500),
});

export const performanceGetSchema = z.object({ ...bookRef, projectId: uuidSchema, year: yearSchema, asOf: dateSchema.optional() });
