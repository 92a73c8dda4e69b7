/**
 * The budget workspace's state machines as data: each action names the states it may start
 * from and the state it leads to. `transition` answers the next state or a Chinese message
 * saying what the current state is and which states would allow the action.
 */
import type { AdjustmentStatus, CycleState, PaymentStatus, ProjectStatus } from './types';

export interface Transition<S extends string> {
  from: readonly S[];
  to: S;
  /** The action as the accountant says it: 申报, 入库, 确认支付 … */
  label: string;
}

export interface Machine<S extends string, A extends string> {
  /** What the state belongs to, for messages: 项目, 支付申请 … */
  subject: string;
  transitions: Readonly<Record<A, Transition<S>>>;
}

export type TransitionResult<S extends string> = { ok: true; to: S } | { ok: false; message: string };

export function transition<S extends string, A extends string>(
  machine: Machine<S, A>,
  from: S,
  action: A,
  name?: string,
): TransitionResult<S> {
  const step = machine.transitions[action];
  if (step.from.includes(from)) return { ok: true, to: step.to };
  const who = name ? `${machine.subject}“${name}”` : machine.subject;
  const allowed = step.from.map((s) => `“${s}”`).join('、');
  return { ok: false, message: `${who}当前状态为“${from}”，不能${step.label}（只有${allowed}状态可以${step.label}）` };
}

/** Which actions the state allows (for buttons). */
export function allowedActions<S extends string, A extends string>(machine: Machine<S, A>, from: S): A[] {
  return (Object.keys(machine.transitions) as A[]).filter((a) => machine.transitions[a].from.includes(from));
}

export type ProjectAction = 'declare' | 'withdraw' | 'approve' | 'return' | 'start' | 'finish';

/**
 * 项目库: 储备 → 申报 → 入库 (or 退回 with a reason, then revised and declared again) → 执行中 → 已结束.
 * The unit may 撤回申报 while the county has not decided yet: back to 储备, editable again.
 */
export const projectMachine: Machine<ProjectStatus, ProjectAction> = {
  subject: '项目',
  transitions: {
    declare: { from: ['储备', '退回'], to: '申报', label: '申报' },
    withdraw: { from: ['申报'], to: '储备', label: '撤回申报' },
    approve: { from: ['申报'], to: '入库', label: '审核入库' },
    return: { from: ['申报'], to: '退回', label: '退回' },
    start: { from: ['入库'], to: '执行中', label: '开始执行' },
    finish: { from: ['执行中'], to: '已结束', label: '结束' },
  },
};

/** A project's content may change only before it is declared, or after it was sent back. */
export const PROJECT_EDITABLE: readonly ProjectStatus[] = ['储备', '退回'];
/** A 项目支出 budget line needs a project that passed review into the library. */
export const PROJECT_BUDGETABLE: readonly ProjectStatus[] = ['入库', '执行中'];

export type CycleAction = 'submitFirst' | 'withdrawFirst' | 'issueControl' | 'returnFirst' | 'submitSecond' | 'withdrawSecond' | 'approve' | 'returnSecond';

/**
 * 二上二下: 一上 (draft) → 一下 (control figures) → 二上 (detailed, within them) → 二下 (approved).
 * Before the county answers, the unit may withdraw (撤回) its 一上 or 二上: the snapshot stays, the
 * draft becomes editable again, and the next 报送 is a new snapshot.
 */
export const cycleMachine: Machine<CycleState, CycleAction> = {
  subject: '年度预算',
  transitions: {
    submitFirst: { from: ['编制中'], to: '一上已报送', label: '报送一上' },
    withdrawFirst: { from: ['一上已报送'], to: '编制中', label: '撤回一上' },
    issueControl: { from: ['一上已报送'], to: '一下已下达', label: '下达一下控制数' },
    returnFirst: { from: ['一上已报送'], to: '编制中', label: '退回一上' },
    submitSecond: { from: ['一下已下达'], to: '二上已报送', label: '报送二上' },
    withdrawSecond: { from: ['二上已报送'], to: '一下已下达', label: '撤回二上' },
    approve: { from: ['二上已报送'], to: '二下已批复', label: '二下批复' },
    returnSecond: { from: ['二上已报送'], to: '一下已下达', label: '退回二上' },
  },
};

/** The draft may be edited while the unit holds it: before 一上 and between 一下 and 二上. */
export const CYCLE_EDITABLE: readonly CycleState[] = ['编制中', '一下已下达'];

export type PaymentAction = 'review' | 'return' | 'pay' | 'refund';

/** 支付申请: 申请 → 审核 → 已支付, or 退回 before payment; a paid one may come back (已退款). */
export const paymentMachine: Machine<PaymentStatus, PaymentAction> = {
  subject: '支付申请',
  transitions: {
    review: { from: ['申请'], to: '审核', label: '审核' },
    return: { from: ['申请', '审核'], to: '退回', label: '退回' },
    pay: { from: ['审核'], to: '已支付', label: '确认支付' },
    refund: { from: ['已支付'], to: '已退款', label: '登记资金退回' },
  },
};

export type AdjustmentAction = 'approve' | 'reject';

export const adjustmentMachine: Machine<AdjustmentStatus, AdjustmentAction> = {
  subject: '调整调剂申请',
  transitions: {
    approve: { from: ['待审批'], to: '已批准', label: '批准' },
    reject: { from: ['待审批'], to: '已驳回', label: '驳回' },
  },
};
