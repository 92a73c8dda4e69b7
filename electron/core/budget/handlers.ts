import type { budgetCommands } from '../../../shared/api/budgetCommands';
import type { HandlersOf } from '../handlerTypes';
import { requireBook } from '../books/queries';
import { approveAdjustment, createAdjustment, listAdjustments, rejectAdjustment } from './adjustments';
import { simulateCountyApproval } from './county';
import { freezeIndicator, indicatorDetail, listIndicators, unfreezeIndicator } from './indicators';
import { dashboard, executionReport } from './monitoring';
import { confirmPayment, createPayment, listPayments, refundPayment, requirePayment, returnPayment, reviewPayment } from './payments';
import { evaluatePerformance, projectPerformance, recordPerformance } from './performance';
import { getDraft, getSubmission, listSubmissions } from './draft';
import { computeBasic, getStaffing, removeDraftLine, setProjectLine, setRevenueLine, setStaffing } from './preparation';
import { compareSubmission, submit, withdrawSubmission } from './submissions';
import { prepareFundAccounts, registerQuota } from './quota';
import { declareProject, finishProject, withdrawProject, listProjects, requireProject, saveProject } from './projects';
import { monitoringSettings, setMonitoringSettings } from './settings';

export const budgetHandlers: HandlersOf<typeof budgetCommands> = {
  'budget.projectSave': (input, ctx) => saveProject(ctx, requireBook(ctx.read, input.bookId), input),
  'budget.projectDeclare': (input, ctx) => declareProject(ctx, requireBook(ctx.read, input.bookId), input.id),
  'budget.projectWithdraw': (input, ctx) => withdrawProject(ctx, requireBook(ctx.read, input.bookId), input.id, input.reason ?? null),
  'budget.projectFinish': (input, ctx) => finishProject(ctx, requireBook(ctx.read, input.bookId), input.id),
  'budget.projectGet': (input, ctx) => requireProject(ctx.read, requireBook(ctx.read, input.bookId).id, input.id),
  'budget.projectList': (input, ctx) => listProjects(ctx.read, requireBook(ctx.read, input.bookId).id, input.status),

  'budget.staffingSet': (input, ctx) => setStaffing(ctx, requireBook(ctx.read, input.bookId), input),
  'budget.staffingGet': (input, ctx) => getStaffing(ctx.read, requireBook(ctx.read, input.bookId).id, input.year),
  'budget.draftComputeBasic': (input, ctx) => computeBasic(ctx, requireBook(ctx.read, input.bookId), input.year),
  'budget.draftSetProjectLine': (input, ctx) => setProjectLine(ctx, requireBook(ctx.read, input.bookId), input),
  'budget.draftSetRevenueLine': (input, ctx) => setRevenueLine(ctx, requireBook(ctx.read, input.bookId), input),
  'budget.draftRemoveLine': (input, ctx) => removeDraftLine(ctx, requireBook(ctx.read, input.bookId), input.id),
  'budget.draftGet': (input, ctx) => getDraft(ctx.read, requireBook(ctx.read, input.bookId).id, input.year),
  'budget.submit': (input, ctx) => submit(ctx, requireBook(ctx.read, input.bookId), input),
  'budget.submissionWithdraw': (input, ctx) => withdrawSubmission(ctx, requireBook(ctx.read, input.bookId), input),
  'budget.submissionList': (input, ctx) => listSubmissions(ctx.read, requireBook(ctx.read, input.bookId).id, input.year),
  'budget.submissionGet': (input, ctx) => getSubmission(ctx.read, requireBook(ctx.read, input.bookId).id, input.id),
  'budget.submissionCompare': (input, ctx) => compareSubmission(ctx.read, requireBook(ctx.read, input.bookId).id, input.id, input.againstId),
  // These may open a 4001 sub-account for a fund nature inside their transaction: its pinyin first.
  'budget.simulateCountyApproval': async (input, ctx) => {
    await prepareFundAccounts();
    return simulateCountyApproval(ctx, requireBook(ctx.read, input.bookId), input);
  },

  'budget.indicatorList': (input, ctx) => listIndicators(ctx.read, requireBook(ctx.read, input.bookId).id, input.year, input.projectId),
  'budget.indicatorGet': (input, ctx) => indicatorDetail(ctx.read, requireBook(ctx.read, input.bookId).id, input.id),
  'budget.quotaRegister': async (input, ctx) => {
    await prepareFundAccounts();
    return registerQuota(ctx, requireBook(ctx.read, input.bookId), input);
  },
  'budget.indicatorFreeze': (input, ctx) => freezeIndicator(ctx, requireBook(ctx.read, input.bookId), input),
  'budget.indicatorUnfreeze': (input, ctx) => unfreezeIndicator(ctx, requireBook(ctx.read, input.bookId), input),

  'budget.paymentCreate': (input, ctx) => createPayment(ctx, requireBook(ctx.read, input.bookId), input),
  'budget.paymentReview': (input, ctx) => reviewPayment(ctx, requireBook(ctx.read, input.bookId), input.id),
  'budget.paymentReturn': (input, ctx) => returnPayment(ctx, requireBook(ctx.read, input.bookId), input.id, input.reason, input.date),
  'budget.paymentConfirm': async (input, ctx) => {
    await prepareFundAccounts();
    return confirmPayment(ctx, requireBook(ctx.read, input.bookId), input);
  },
  'budget.paymentRefund': (input, ctx) => refundPayment(ctx, requireBook(ctx.read, input.bookId), input),
  'budget.paymentGet': (input, ctx) => requirePayment(ctx.read, requireBook(ctx.read, input.bookId).id, input.id),
  'budget.paymentList': (input, ctx) => listPayments(ctx.read, requireBook(ctx.read, input.bookId).id, input),

  'budget.adjustmentCreate': (input, ctx) => createAdjustment(ctx, requireBook(ctx.read, input.bookId), input),
  'budget.adjustmentApprove': async (input, ctx) => {
    await prepareFundAccounts();
    return approveAdjustment(ctx, requireBook(ctx.read, input.bookId), input);
  },
  'budget.adjustmentReject': (input, ctx) => rejectAdjustment(ctx, requireBook(ctx.read, input.bookId), input),
  'budget.adjustmentList': (input, ctx) => listAdjustments(ctx.read, requireBook(ctx.read, input.bookId).id, input.year),

  'budget.executionReport': (input, ctx) => executionReport(ctx.read, requireBook(ctx.read, input.bookId).id, input, ctx.now()),
  'budget.dashboard': (input, ctx) => dashboard(ctx.read, requireBook(ctx.read, input.bookId).id, input, ctx.now()),
  'budget.settingsGet': (input, ctx) => monitoringSettings(ctx.read, requireBook(ctx.read, input.bookId).id),
  'budget.settingsSet': (input, ctx) => setMonitoringSettings(ctx, requireBook(ctx.read, input.bookId).id, input),

  'budget.performanceRecord': (input, ctx) => recordPerformance(ctx, requireBook(ctx.read, input.bookId), input),
  'budget.performanceEvaluate': (input, ctx) => evaluatePerformance(ctx, requireBook(ctx.read, input.bookId), input),
  'budget.performanceGet': (input, ctx) => projectPerformance(ctx.read, requireBook(ctx.read, input.bookId).id, input.projectId, input.year, input.asOf, ctx.now()),
};
