import type { Band, ScheduleMethod } from '../domain/budget/execution';
import type { BasicLine } from '../domain/budget/basicExpenditure';
import type { ControlExcess } from '../domain/budget/controlFigures';
import type { SnapshotDiff } from '../domain/budget/snapshots';
import type {
  AdjustmentKind,
  AdjustmentStatus,
  CountyOrigin,
  CycleState,
  DraftSection,
  ExpenseKind,
  FundNature,
  MovementKind,
  PayMethod,
  PaymentStatus,
  ProjectClass,
  ProjectStatus,
  SubmissionStage,
  TargetDirection,
  TargetType,
} from '../domain/budget/types';
import type { PersonRef } from './types';

/** Shapes returned by the budget commands. Money is integer fen; rates are basis points (10000 = 100%). */

export interface BudgetEvent {
  action: string;
  fromState: string | null;
  toState: string;
  reason: string | null;
  by: PersonRef;
  at: string;
}

export interface PerformanceTarget {
  id: string;
  position: number;
  name: string;
  type: TargetType;
  unit: string;
  targetValue: string;
  direction: TargetDirection;
}

export interface BudgetProject {
  id: string;
  bookId: string;
  code: string;
  name: string;
  class: ProjectClass;
  funcCode: string;
  funcName: string | null;
  fundNature: FundNature;
  startDate: string;
  endDate: string;
  description: string;
  status: ProjectStatus;
  returnReason: string | null;
  amounts: { year: number; amount: number }[];
  totalRequested: number;
  targets: PerformanceTarget[];
  /** Actions the current state allows: declare, approve, return, start, finish. */
  allowedActions: string[];
  createdAt: string;
  updatedAt: string;
  events: BudgetEvent[];
}

export interface ProjectFinishResult {
  project: BudgetProject;
  /** 结余: what is left on the project's indicators, for recovery by the finance office. */
  leftover: number;
}

export interface Staffing {
  year: number;
  roster: { category: string; headcount: number }[];
  standards: { kind: '人员经费' | '日常公用经费'; category: string; econCode: string; funcCode: string; perCapita: number }[];
  /** 基本支出 as computed from roster × standards. */
  basic: BasicLine[];
  basicTotal: number;
}

export interface DraftLine {
  id: string;
  section: DraftSection;
  funcCode: string | null;
  funcName: string | null;
  econCode: string | null;
  econName: string | null;
  projectId: string | null;
  projectCode: string | null;
  projectName: string | null;
  revenueCode: string | null;
  revenueName: string | null;
  fundNature: FundNature;
  amount: number;
  /** computed = from roster × standards; entered = picked or typed. */
  origin: 'computed' | 'entered';
}

export interface ControlFigureData {
  kind: ExpenseKind;
  projectId: string | null;
  projectName: string | null;
  amount: number;
  docNo: string | null;
}

export interface SubmissionSummary {
  id: string;
  year: number;
  stage: SubmissionStage;
  seq: number;
  expenditureTotal: number;
  revenueTotal: number;
  submittedBy: PersonRef;
  submittedAt: string;
}

export interface BudgetDraft {
  bookId: string;
  year: number;
  state: CycleState;
  editable: boolean;
  /** The next step the unit can take: 一上, 二上, or none while the county holds it. */
  nextSubmission: SubmissionStage | null;
  lines: DraftLine[];
  totals: Record<DraftSection, number> & { expenditure: number };
  controlFigures: ControlFigureData[];
  /** Where the draft exceeds 一下 control figures (empty before 一下). */
  controlExcess: ControlExcess[];
  submissions: SubmissionSummary[];
  events: BudgetEvent[];
}

export interface SubmissionLine {
  lineNo: number;
  section: DraftSection;
  funcCode: string | null;
  econCode: string | null;
  projectId: string | null;
  projectCode: string | null;
  projectName: string | null;
  revenueCode: string | null;
  fundNature: FundNature;
  amount: number;
  label: string;
}

export interface BudgetSubmission extends SubmissionSummary {
  lines: SubmissionLine[];
}

export interface SubmissionComparison {
  from: SubmissionSummary | null;
  to: SubmissionSummary;
  diff: SnapshotDiff;
}

export interface CountyApprovalResult {
  action: string;
  /** Always true here: these records are the development stand-in for the county's sync. */
  simulated: true;
  label: '模拟县级批复';
  recordId: string;
  indicators: Indicator[];
  project: BudgetProject | null;
  draft: BudgetDraft | null;
}

export interface IndicatorBalanceData {
  /** 可执行 = 下达 + 调整 + 调剂 */
  executable: number;
  /** 冻结, including payments in transit (申请/审核) */
  frozen: number;
  paid: number;
  /** 可用 = 可执行 − 已支付 − 冻结 */
  available: number;
}

export interface Indicator {
  id: string;
  bookId: string;
  year: number;
  regionCode: string;
  agencyName: string;
  funcCode: string;
  funcName: string | null;
  econGovCode: string;
  econDepCode: string;
  econDepName: string | null;
  fundNature: FundNature;
  projectId: string | null;
  projectCode: string | null;
  projectName: string | null;
  docNo: string;
  supDocNo: string | null;
  payMethod: PayMethod;
  directFund: boolean;
  expenseKind: ExpenseKind;
  origin: CountyOrigin;
  /** “青财预〔2026〕1号”（2010301 / 30201）: how messages name it. */
  label: string;
  balance: IndicatorBalanceData;
  /**
   * 授权支付 only (else null): the quota booked to 1011 by 额度到账 vouchers, and what is still to
   * book (可执行 − booked; not zero when the 下达 fell in a closed month, or quotas are booked with payments).
   */
  quota: { booked: number; outstanding: number } | null;
  createdAt: string;
}

export interface QuotaVoucherRef {
  voucherId: string;
  voucherLabel: string;
  date: string;
  /** Signed: + arrival, − reduction. */
  amount: number;
  refKind: 'county' | 'adjustment' | 'manual';
}

export interface IndicatorMovement {
  id: string;
  kind: MovementKind;
  date: string;
  executableDelta: number;
  frozenDelta: number;
  paidDelta: number;
  refKind: 'county' | 'payment' | 'adjustment' | 'freeze';
  refId: string;
  summary: string;
  by: PersonRef;
  createdAt: string;
  /** Running balance after this movement. */
  balance: IndicatorBalanceData;
}

export interface IndicatorDetail extends Indicator {
  movements: IndicatorMovement[];
  quotaVouchers: QuotaVoucherRef[];
}

export interface Payment {
  id: string;
  bookId: string;
  indicatorId: string;
  indicatorLabel: string;
  amount: number;
  elements: {
    regionCode: string;
    year: number;
    funcCode: string;
    econGovCode: string;
    econDepCode: string;
    fundNature: FundNature;
    projectCode: string | null;
    docNo: string;
    supDocNo: string | null;
    payMethod: PayMethod;
    directFund: boolean;
  };
  payee: { name: string; account: string; bank: string };
  purpose: string;
  status: PaymentStatus;
  allowedActions: string[];
  appliedDate: string;
  appliedBy: PersonRef;
  appliedAt: string;
  reviewedBy: PersonRef | null;
  reviewedAt: string | null;
  returnReason: string | null;
  paidBy: PersonRef | null;
  payDate: string | null;
  voucherId: string | null;
  voucherLabel: string | null;
  refundDate: string | null;
  refundReason: string | null;
  refundVoucherId: string | null;
  events: BudgetEvent[];
}

export interface Adjustment {
  id: string;
  bookId: string;
  year: number;
  kind: AdjustmentKind;
  reason: string;
  docNo: string | null;
  status: AdjustmentStatus;
  lines: { lineNo: number; indicatorId: string; indicatorLabel: string; delta: number }[];
  /** Net change of the total (zero for 调剂). */
  netChange: number;
  requestedBy: PersonRef;
  requestedAt: string;
  decidedBy: PersonRef | null;
  decidedAt: string | null;
  decisionNote: string | null;
  effectiveDate: string | null;
}

export interface ExecutionRow {
  key: string;
  label: string;
  executable: number;
  paid: number;
  frozen: number;
  available: number;
  rateBp: number | null;
  scheduleBp: number;
  gapBp: number | null;
  band: Band;
  /** “执行率56.47%，低于序时进度1.53个百分点” */
  description: string;
}

export interface ExecutionReport {
  year: number;
  asOf: string;
  scheduleBp: number;
  scheduleMethod: ScheduleMethod;
  by: 'indicator' | 'project' | 'function' | 'fundNature';
  rows: ExecutionRow[];
  total: ExecutionRow;
}

export interface MonthlyExecution {
  month: number;
  /** Paid within the month (net of 退回). */
  paid: number;
  cumulativePaid: number;
  /** 可执行 at the month's end. */
  executable: number;
  rateBp: number | null;
  scheduleBp: number;
}

export interface BudgetWarning {
  level: 'yellow' | 'red';
  kind: 'execution' | 'performance' | 'direct';
  subjectId: string;
  subject: string;
  message: string;
}

export interface MonitoringSettings {
  yellowBp: number;
  redBp: number;
  scheduleMethod: ScheduleMethod;
  /**
   * 授权支付额度: `onIssue` books the quota's arrival voucher (Dr 1011 / Cr 4001, Dr 8001 / Cr 6001)
   * when the indicator is 下达 or changed by an approved 调整/调剂; `withPayment` (regions that no
   * longer pre-issue quotas, unverified) books it inside each payment's voucher instead.
   */
  quotaArrival: QuotaArrival;
}

export type QuotaArrival = 'onIssue' | 'withPayment';

export interface BudgetDashboard {
  year: number;
  asOf: string;
  scheduleBp: number;
  settings: MonitoringSettings;
  total: ExecutionRow;
  byFunction: ExecutionRow[];
  byFundNature: ExecutionRow[];
  monthly: MonthlyExecution[];
  laggingProjects: ExecutionRow[];
  direct: ExecutionRow;
  warnings: BudgetWarning[];
  counts: { indicators: number; projects: number; pendingPayments: number; pendingAdjustments: number };
}

export interface TargetProgress {
  target: PerformanceTarget;
  asOf: string | null;
  actualValue: string | null;
  deviationReason: string | null;
  correctiveAction: string | null;
  completionBp: number | null;
  expectedBp: number;
  gapBp: number | null;
  band: Band;
}

export interface ProjectPerformance {
  projectId: string;
  projectName: string;
  year: number;
  scheduleBp: number;
  execution: ExecutionRow;
  targets: TargetProgress[];
  evaluation: { score: string; grade: '优' | '良' | '中' | '差'; summary: string; by: PersonRef; at: string } | null;
}
