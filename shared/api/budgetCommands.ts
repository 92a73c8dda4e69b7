import { command } from './command';
import {
  adjustmentApproveSchema,
  adjustmentCreateSchema,
  adjustmentRejectSchema,
  budgetEntityRefSchema,
  budgetYearRefSchema,
  dashboardSchema,
  draftProjectLineSchema,
  draftRevenueLineSchema,
  executionReportSchema,
  indicatorFreezeSchema,
  indicatorListSchema,
  indicatorUnfreezeSchema,
  monitoringSettingsSchema,
  paymentConfirmSchema,
  paymentCreateSchema,
  paymentListSchema,
  paymentRefundSchema,
  paymentReturnSchema,
  projectWithdrawSchema,
  quotaRegisterSchema,
  submissionWithdrawSchema,
  performanceEvaluateSchema,
  performanceGetSchema,
  performanceRecordSchema,
  projectListSchema,
  projectSaveSchema,
  simulateCountyApprovalSchema,
  staffingSetSchema,
  submissionCompareSchema,
  submitSchema,
} from './budgetSchemas';
import type {
  Adjustment,
  BudgetDashboard,
  BudgetDraft,
  BudgetProject,
  BudgetSubmission,
  CountyApprovalResult,
  ExecutionReport,
  Indicator,
  IndicatorDetail,
  MonitoringSettings,
  Payment,
  ProjectFinishResult,
  ProjectPerformance,
  Staffing,
  SubmissionComparison,
  SubmissionSummary,
} from './budgetTypes';
import { bookRefSchema } from './schemas';

const preparers = ['accountant', 'supervisor'] as const;

/**
 * Commands of the budget workspace (项目库, 预算编制, 指标, 支付, 调整调剂, 执行监控).
 * Spread into the command map in commands.ts.
 */
export const budgetCommands = {
  // ---- 项目库 ----
  'budget.projectSave': command<BudgetProject>()({
    summary: '项目库：新建或修改项目（储备或退回状态可改），含分年度申报金额与绩效目标',
    access: preparers,
    input: projectSaveSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'CONFLICT'],
  }),
  'budget.projectDeclare': command<BudgetProject>()({
    summary: '项目申报：储备或退回的项目报送审核；没有绩效目标的项目不能申报',
    access: preparers,
    input: budgetEntityRefSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'budget.projectWithdraw': command<BudgetProject>()({
    summary: '撤回申报：县级尚未审核的项目收回为储备，可再修改后重新申报',
    access: preparers,
    input: projectWithdrawSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'budget.projectFinish': command<ProjectFinishResult>()({
    summary: '项目结束：执行中的项目结束并计算结余；有在途支付时不能结束',
    access: ['supervisor'],
    input: budgetEntityRefSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'budget.projectGet': command<BudgetProject>()({
    summary: '一个项目（含绩效目标与状态记录）',
    access: 'session',
    input: budgetEntityRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'budget.projectList': command<BudgetProject[]>()({
    summary: '项目库（可按状态筛选）',
    access: 'session',
    input: projectListSchema,
    errors: ['NOT_FOUND'],
  }),

  // ---- 预算编制 ----
  'budget.staffingSet': command<Staffing>()({
    summary: '人员名册与基本支出标准（人员经费、公用经费定额）：整年替换',
    access: preparers,
    input: staffingSetSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'budget.staffingGet': command<Staffing>()({
    summary: '人员名册、标准与据此计算的基本支出',
    access: 'session',
    input: budgetYearRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'budget.draftComputeBasic': command<BudgetDraft>()({
    summary: '按人员名册与标准重新计算预算草案中的基本支出',
    access: preparers,
    input: budgetYearRefSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'budget.draftSetProjectLine': command<BudgetDraft>()({
    summary: '从项目库选入项目支出（只能选已入库的项目）',
    access: preparers,
    input: draftProjectLineSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'CONFLICT'],
  }),
  'budget.draftSetRevenueLine': command<BudgetDraft>()({
    summary: '按收入分类编列收入预算',
    access: preparers,
    input: draftRevenueLineSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'CONFLICT'],
  }),
  'budget.draftRemoveLine': command<BudgetDraft>()({
    summary: '从预算草案中删除一行',
    access: preparers,
    input: budgetEntityRefSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'budget.draftGet': command<BudgetDraft>()({
    summary: '年度预算草案、二上二下状态、控制数与报送记录',
    access: 'session',
    input: budgetYearRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'budget.submit': command<BudgetSubmission>()({
    summary: '报送一上或二上：冻结为快照；二上超出一下控制数的不能报送',
    access: ['supervisor'],
    input: submitSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'CONFLICT'],
  }),
  'budget.submissionWithdraw': command<BudgetDraft>()({
    summary: '撤回报送：县级尚未答复的一上或二上收回，预算草案可再修改（已报送的快照保留）',
    access: ['supervisor'],
    input: submissionWithdrawSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'budget.submissionList': command<SubmissionSummary[]>()({
    summary: '某年度的全部报送快照',
    access: 'session',
    input: budgetYearRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'budget.submissionGet': command<BudgetSubmission>()({
    summary: '一次报送的快照明细',
    access: 'session',
    input: budgetEntityRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'budget.submissionCompare': command<SubmissionComparison>()({
    summary: '与上一次（或指定的）报送快照比较',
    access: 'session',
    input: submissionCompareSchema,
    errors: ['NOT_FOUND'],
  }),
  'budget.simulateCountyApproval': command<CountyApprovalResult>()({
    summary: '模拟县级批复（开发用，仅管理员）：项目入库/退回、一下控制数、退回预算、二下批复生成指标、指标下达',
    access: ['admin'],
    input: simulateCountyApprovalSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'CONFLICT'],
  }),

  // ---- 预算指标 ----
  'budget.indicatorList': command<Indicator[]>()({
    summary: '预算指标及其可执行、冻结、已支付、可用余额',
    access: 'session',
    input: indicatorListSchema,
    errors: ['NOT_FOUND'],
  }),
  'budget.indicatorGet': command<IndicatorDetail>()({
    summary: '一个指标及其指标台账（逐笔变动与余额）',
    access: 'session',
    input: budgetEntityRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'budget.quotaRegister': command<IndicatorDetail>()({
    summary: '登记额度到账：授权支付指标尚未入账的零余额账户用款额度生成额度到账凭证（借1011/贷4001，借8001/贷6001）',
    access: preparers,
    input: quotaRegisterSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'PERIOD_CLOSED', 'CONFLICT'],
  }),
  'budget.indicatorFreeze': command<IndicatorDetail>()({
    summary: '冻结指标的一部分（不超过可用余额）',
    access: ['supervisor'],
    input: indicatorFreezeSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'CONFLICT'],
  }),
  'budget.indicatorUnfreeze': command<IndicatorDetail>()({
    summary: '解除一笔冻结',
    access: ['supervisor'],
    input: indicatorUnfreezeSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),

  // ---- 支付申请 ----
  'budget.paymentCreate': command<Payment>()({
    summary: '支付申请：要素须与指标一致，金额不超过可用余额，申请即冻结（在途）',
    access: preparers,
    input: paymentCreateSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'CONFLICT'],
  }),
  'budget.paymentReview': command<Payment>()({
    summary: '审核支付申请（申请人不能审核自己的申请）',
    access: ['reviewer', 'supervisor'],
    input: budgetEntityRefSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'FORBIDDEN'],
  }),
  'budget.paymentReturn': command<Payment>()({
    summary: '退回支付申请（须填原因），解除冻结',
    access: ['reviewer', 'supervisor'],
    input: paymentReturnSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'budget.paymentConfirm': command<Payment>()({
    summary: '确认支付（出纳）：记入指标台账并在同一事务中生成财务与预算两套分录的记账凭证；审核人不能确认',
    access: ['cashier'],
    input: paymentConfirmSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'FORBIDDEN', 'PERIOD_CLOSED', 'CONFLICT'],
  }),
  'budget.paymentRefund': command<Payment>()({
    summary: '登记资金退回：已支付的款项退回，恢复指标并生成红字冲销凭证',
    access: ['cashier', 'accountant'],
    input: paymentRefundSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'PERIOD_CLOSED', 'CONFLICT'],
  }),
  'budget.paymentGet': command<Payment>()({
    summary: '一笔支付申请',
    access: 'session',
    input: budgetEntityRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'budget.paymentList': command<Payment[]>()({
    summary: '支付申请列表',
    access: 'session',
    input: paymentListSchema,
    errors: ['NOT_FOUND'],
  }),

  // ---- 调整与调剂 ----
  'budget.adjustmentCreate': command<Adjustment>()({
    summary: '预算调整或调剂申请（批准前不影响指标余额）',
    access: preparers,
    input: adjustmentCreateSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'CONFLICT'],
  }),
  'budget.adjustmentApprove': command<Adjustment>()({
    summary: '批准调整调剂：记入指标台账；调减不能超过可用余额',
    access: ['supervisor'],
    input: adjustmentApproveSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'FORBIDDEN'],
  }),
  'budget.adjustmentReject': command<Adjustment>()({
    summary: '驳回调整调剂申请（不影响指标余额）',
    access: ['supervisor'],
    input: adjustmentRejectSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'FORBIDDEN'],
  }),
  'budget.adjustmentList': command<Adjustment[]>()({
    summary: '调整调剂申请',
    access: 'session',
    input: budgetYearRefSchema,
    errors: ['NOT_FOUND'],
  }),

  // ---- 执行监控 ----
  'budget.executionReport': command<ExecutionReport>()({
    summary: '预算执行率（按指标、项目、功能分类或资金性质），对照序时进度',
    access: 'session',
    input: executionReportSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'budget.dashboard': command<BudgetDashboard>()({
    summary: '预算执行看板：按功能分类执行、月度趋势、最滞后项目、直达资金进度、预警',
    access: 'session',
    input: dashboardSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'budget.settingsGet': command<MonitoringSettings>()({
    summary: '执行监控设置：预警档位与序时进度口径',
    access: 'session',
    input: bookRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'budget.settingsSet': command<MonitoringSettings>()({
    summary: '设置执行监控预警档位（例如落后5个、10个百分点）',
    access: ['supervisor', 'admin'],
    input: monitoringSettingsSchema,
    errors: ['NOT_FOUND'],
  }),

  // ---- 绩效运行监控 ----
  'budget.performanceRecord': command<ProjectPerformance>()({
    summary: '绩效运行监控：填报各绩效指标的完成值；进度落后的须说明偏差原因和纠偏措施',
    access: preparers,
    input: performanceRecordSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'budget.performanceEvaluate': command<ProjectPerformance>()({
    summary: '年度绩效自评得分',
    access: preparers,
    input: performanceEvaluateSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'budget.performanceGet': command<ProjectPerformance>()({
    summary: '项目的绩效目标完成情况、执行率与自评',
    access: 'session',
    input: performanceGetSchema,
    errors: ['NOT_FOUND'],
  }),
} as const;
