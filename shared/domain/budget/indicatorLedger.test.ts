import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { balanceOf, balanceProblems, checkAvailable, movementAmountProblem, movementDeltas } from './indicatorLedger';
import type { MovementKind } from './types';

describe('indicator ledger arithmetic', () => {
  it('derives 可执行, 冻结, 已支付 and 可用 from movements', () => {
    const b = balanceOf([
      movementDeltas('下达', 1_000_000),
      movementDeltas('调整', 200_000),
      movementDeltas('调剂', -50_000),
      movementDeltas('冻结', 300_000),
      movementDeltas('解冻', 100_000),
      movementDeltas('支付', 400_000),
      movementDeltas('退回', 30_000),
    ]);
    expect(b).toEqual({ executable: 1_150_000, frozen: 200_000, paid: 370_000, available: 580_000 });
    expect(balanceProblems(b)).toEqual([]);
  });

  it('names every broken invariant', () => {
    expect(balanceProblems({ executable: 100, frozen: -1, paid: 200, available: -99 })).toEqual([
      '冻结金额为负（-0.01）',
      '可用余额为负（-0.99）',
    ]);
  });

  it('checks the sign of each movement kind', () => {
    expect(movementAmountProblem('下达', 0)).toBe('下达金额必须大于零');
    expect(movementAmountProblem('支付', -1)).toBe('支付金额必须大于零');
    expect(movementAmountProblem('调剂', 0)).toBe('调剂金额不能为零');
    expect(movementAmountProblem('调整', -5)).toBeNull();
    expect(movementAmountProblem('冻结', 1.5)).toBe('金额必须是以“分”为单位的整数');
  });

  it('refuses a spend over the available balance, naming available and shortfall', () => {
    const b = balanceOf([movementDeltas('下达', 500_000), movementDeltas('支付', 120_050)]);
    expect(checkAvailable(b, 379_950, '“财预〔2026〕1号”')).toBeNull();
    expect(checkAvailable(b, 400_000, '“财预〔2026〕1号”')).toEqual({
      message: '指标“财预〔2026〕1号”可用余额不足：可用 3,799.50 元，本次支付 4,000.00 元，差额 200.50 元',
      available: 379_950,
      requested: 400_000,
      shortfall: 20_050,
    });
  });

  it('keeps available = executable − paid − frozen for any sequence that passes the checks', () => {
    const kinds: MovementKind[] = ['下达', '调整', '冻结', '解冻', '支付', '退回'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...kinds), fc.integer({ min: 1, max: 1_000_000 })), { maxLength: 60 }), (steps) => {
        const accepted = [];
        for (const [kind, raw] of steps) {
          const amount = kind === '调整' && raw % 2 === 0 ? -raw : raw;
          const candidate = [...accepted, movementDeltas(kind, amount)];
          if (balanceProblems(balanceOf(candidate)).length === 0) accepted.push(movementDeltas(kind, amount));
        }
        const b = balanceOf(accepted);
        expect(b.available).toBe(b.executable - b.paid - b.frozen);
        expect(b.available).toBeGreaterThanOrEqual(0);
        expect(b.paid).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
