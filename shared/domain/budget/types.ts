/**
 * Vocabulary of the budget workspace (项目库, 预算编制, 预算指标, 支付, 调整调剂, 执行监控).
 * The values are the Chinese terms themselves: they are stored as-is, shown as-is, and
 * checked by the database (CHECK constraints list the same strings).
 */

export const PROJECT_CLASSES = ['人员类', '运转类', '特定目标类'] as const;
export type ProjectClass = (typeof PROJECT_CLASSES)[number];

export const PROJECT_STATUSES = ['储备', '申报', '入库', '退回', '执行中', '已结束'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/**
 * 资金性质. The three government budgets a township unit spends from; codes of the MOF
 * standard (FUND_TYPE_CODE) are unverified, so the label is the stored value.
 */
export const FUND_NATURES = ['一般公共预算', '政府性基金预算', '国有资本经营预算'] as const;
export type FundNature = (typeof FUND_NATURES)[number];

export const PAY_METHODS = ['直接支付', '授权支付'] as const;
export type PayMethod = (typeof PAY_METHODS)[number];

export const TARGET_TYPES = ['产出', '效益', '满意度'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

/** How the actual value is judged against the target: at least, at most, exactly. */
export const TARGET_DIRECTIONS = ['≥', '≤', '='] as const;
export type TargetDirection = (typeof TARGET_DIRECTIONS)[number];

/** 基本支出 (人员经费 + 日常公用经费) and 项目支出: the three spending kinds of a budget line and an indicator. */
export const EXPENSE_KINDS = ['人员经费', '日常公用经费', '项目支出'] as const;
export type ExpenseKind = (typeof EXPENSE_KINDS)[number];

/** Sections of a budget draft: the spending kinds, and 收入 (the revenue budget). */
export const DRAFT_SECTIONS = [...EXPENSE_KINDS, '收入'] as const;
export type DraftSection = (typeof DRAFT_SECTIONS)[number];

/** 二上二下 as explicit states of one unit's budget for one year. */
export const CYCLE_STATES = ['编制中', '一上已报送', '一下已下达', '二上已报送', '二下已批复'] as const;
export type CycleState = (typeof CYCLE_STATES)[number];

export const SUBMISSION_STAGES = ['一上', '二上'] as const;
export type SubmissionStage = (typeof SUBMISSION_STAGES)[number];

/**
 * Indicator ledger movements. Each moves exactly one of three balances:
 * 下达/调整/调剂 → 可执行; 冻结/解冻 → 冻结 (incl. 在途 payments); 支付/退回 → 已支付.
 */
export const MOVEMENT_KINDS = ['下达', '调整', '调剂', '冻结', '解冻', '支付', '退回'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** 申请 → 审核 → 已支付, or 退回 before payment; 已支付 → 已退款 when the money comes back. */
export const PAYMENT_STATUSES = ['申请', '审核', '已支付', '退回', '已退款'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const ADJUSTMENT_KINDS = ['调整', '调剂'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

export const ADJUSTMENT_STATUSES = ['待审批', '已批准', '已驳回'] as const;
export type AdjustmentStatus = (typeof ADJUSTMENT_STATUSES)[number];

/** Where a county-side record came from: the development simulation, or (later) sync. */
export const COUNTY_ORIGINS = ['simulated', 'county'] as const;
export type CountyOrigin = (typeof COUNTY_ORIGINS)[number];

/** Integer basis points: 10000 = 100%. Rates and 序时进度 are kept this way, never as floats. */
export type BasisPoints = number;
