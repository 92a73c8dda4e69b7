import { describe, expect, it } from 'vitest';
import { ancestorCodes, firstLevelCode, inferTrack, isAccountCode, longestPrefixMatch, parentCode } from './accountCodes';
import { accumulate, addBalances, closingSide, firstLevelBalances, rollUp, signedBalance } from './balances';

describe('account codes (4-2-2)', () => {
  it('derives parents from the code', () => {
    expect(parentCode('60010101')).toBe('600101');
    expect(parentCode('6001')).toBeNull();
    expect(ancestorCodes('60010101')).toEqual(['6001', '600101']);
    expect(firstLevelCode('710101')).toBe('7101');
    expect(isAccountCode('600101')).toBe(true);
    expect(isAccountCode('60010')).toBe(false);
  });

  it('infers the track from the first digit', () => {
    expect(['1001', '5001', '6001', '8001', '9001', ''].map(inferTrack)).toEqual([
      'financial',
      'financial',
      'budget',
      'budget',
      null,
      null,
    ]);
  });

  it('longest prefix wins regardless of order', () => {
    const rules = [{ p: '6' }, { p: '6001' }, { p: '60' }];
    expect(longestPrefixMatch('60010101', rules, (r) => r.p)).toEqual({ p: '6001' });
    expect(longestPrefixMatch('7101', rules, (r) => r.p)).toBeUndefined();
  });
});

describe('balances', () => {
  it('signedBalance follows the normal side', () => {
    expect(signedBalance(500, 200, 'debit')).toBe(300);
    expect(signedBalance(500, 200, 'credit')).toBe(-300);
  });

  it('closingSide prints 借 / 贷 / 平', () => {
    expect(closingSide(500, 200)).toEqual({ side: '借', amount: 300 });
    expect(closingSide(200, 500)).toEqual({ side: '贷', amount: 300 });
    expect(closingSide(200, 200)).toEqual({ side: '平', amount: 0 });
  });

  it('accumulates postings, red-ink amounts reducing their side', () => {
    const m = accumulate([
      { accountCode: '5001', debit: 100, credit: 0 },
      { accountCode: '5001', debit: -40, credit: 0 },
      { accountCode: '1011', debit: 0, credit: 60 },
    ]);
    expect(Object.fromEntries(m)).toEqual({ '5001': { debit: 60, credit: 0 }, '1011': { debit: 0, credit: 60 } });
    expect(() => accumulate([{ accountCode: '5001', debit: 0.5, credit: 0 }])).toThrow(TypeError);
    expect(() =>
      accumulate([
        { accountCode: '5001', debit: Number.MAX_SAFE_INTEGER, credit: 0 },
        { accountCode: '5001', debit: 1, credit: 0 },
      ]),
    ).toThrow(RangeError);
  });

  it('rolls up to every ancestor', () => {
    const leaves = new Map([
      ['60010101', { debit: 0, credit: 100 }],
      ['60010102', { debit: 0, credit: 50 }],
      ['600102', { debit: 0, credit: 7 }],
    ]);
    const rolled = rollUp(leaves);
    expect(rolled.get('600101')).toEqual({ debit: 0, credit: 150 });
    expect(rolled.get('6001')).toEqual({ debit: 0, credit: 157 });
    expect(rolled.get('60010101')).toEqual({ debit: 0, credit: 100 });
    expect([...firstLevelBalances(leaves).keys()]).toEqual(['6001']);
    // With a chart that has no 600101 level, that ancestor is skipped.
    const chart = new Map([['6001', null], ['600102', null]]);
    expect(rollUp(leaves, chart).has('600101')).toBe(false);
    expect(rollUp(leaves, chart).get('6001')).toEqual({ debit: 0, credit: 157 });
  });

  it('adds balance maps', () => {
    const a = new Map([['1011', { debit: 10, credit: 0 }]]);
    const b = new Map([
      ['1011', { debit: 5, credit: 2 }],
      ['4001', { debit: 0, credit: 13 }],
    ]);
    expect(Object.fromEntries(addBalances(a, b))).toEqual({ '1011': { debit: 15, credit: 2 }, '4001': { debit: 0, credit: 13 } });
  });
});
