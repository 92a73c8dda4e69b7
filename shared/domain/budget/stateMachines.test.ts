import { describe, expect, it } from 'vitest';
import { adjustmentMachine, allowedActions, cycleMachine, paymentMachine, projectMachine, transition } from './stateMachines';
import { CYCLE_STATES, PAYMENT_STATUSES, PROJECT_STATUSES } from './types';

describe('state machines', () => {
  it('walks the project lifecycle and refuses skipping 申报', () => {
    expect(transition(projectMachine, '储备', 'declare')).toEqual({ ok: true, to: '申报' });
    expect(transition(projectMachine, '申报', 'approve')).toEqual({ ok: true, to: '入库' });
    expect(transition(projectMachine, '申报', 'return')).toEqual({ ok: true, to: '退回' });
    expect(transition(projectMachine, '退回', 'declare')).toEqual({ ok: true, to: '申报' });
    expect(transition(projectMachine, '入库', 'start')).toEqual({ ok: true, to: '执行中' });
    expect(transition(projectMachine, '执行中', 'finish')).toEqual({ ok: true, to: '已结束' });
    expect(transition(projectMachine, '储备', 'approve', '乡村道路养护')).toEqual({
      ok: false,
      message: '项目“乡村道路养护”当前状态为“储备”，不能审核入库（只有“申报”状态可以审核入库）',
    });
    expect(transition(projectMachine, '已结束', 'declare')).toMatchObject({ ok: false, message: expect.stringContaining('只有“储备”、“退回”状态可以申报') });
  });

  it('allows every transition only from its listed states', () => {
    const cases = [
      [projectMachine, PROJECT_STATUSES],
      [cycleMachine, CYCLE_STATES],
      [paymentMachine, PAYMENT_STATUSES],
    ] as const;
    for (const [machine, states] of cases) {
      for (const state of states) {
        for (const [action, step] of Object.entries(machine.transitions) as [string, { from: readonly string[]; to: string }][]) {
          const result = transition(machine as never, state as never, action as never);
          expect(result.ok).toBe(step.from.includes(state));
        }
      }
    }
  });

  it('lets the unit withdraw a declaration or a submission only while the county has not decided', () => {
    expect(transition(projectMachine, '申报', 'withdraw')).toEqual({ ok: true, to: '储备' });
    for (const decided of ['入库', '退回', '执行中', '已结束'] as const) {
      expect(transition(projectMachine, decided, 'withdraw', '乡村道路养护')).toEqual({
        ok: false,
        message: `项目“乡村道路养护”当前状态为“${decided}”，不能撤回申报（只有“申报”状态可以撤回申报）`,
      });
    }
    expect(transition(cycleMachine, '一上已报送', 'withdrawFirst')).toEqual({ ok: true, to: '编制中' });
    expect(transition(cycleMachine, '二上已报送', 'withdrawSecond')).toEqual({ ok: true, to: '一下已下达' });
    expect(transition(cycleMachine, '一下已下达', 'withdrawFirst', '2026年')).toMatchObject({ ok: false, message: '年度预算“2026年”当前状态为“一下已下达”，不能撤回一上（只有“一上已报送”状态可以撤回一上）' });
    expect(transition(cycleMachine, '二下已批复', 'withdrawSecond').ok).toBe(false);
  });

  it('orders 二上二下 and lets the county send a submission back', () => {
    expect(allowedActions(cycleMachine, '编制中')).toEqual(['submitFirst']);
    expect(allowedActions(cycleMachine, '一上已报送')).toEqual(['withdrawFirst', 'issueControl', 'returnFirst']);
    expect(allowedActions(cycleMachine, '二上已报送')).toEqual(['withdrawSecond', 'approve', 'returnSecond']);
    expect(transition(cycleMachine, '编制中', 'submitSecond')).toMatchObject({ ok: false, message: '年度预算当前状态为“编制中”，不能报送二上（只有“一下已下达”状态可以报送二上）' });
    expect(allowedActions(cycleMachine, '二下已批复')).toEqual([]);
  });

  it('never pays a returned or unreviewed payment', () => {
    expect(transition(paymentMachine, '申请', 'pay').ok).toBe(false);
    expect(transition(paymentMachine, '退回', 'pay').ok).toBe(false);
    expect(transition(paymentMachine, '已支付', 'return')).toMatchObject({ ok: false, message: expect.stringContaining('不能退回') });
    expect(transition(adjustmentMachine, '已驳回', 'approve')).toMatchObject({ ok: false, message: '调整调剂申请当前状态为“已驳回”，不能批准（只有“待审批”状态可以批准）' });
  });
});
