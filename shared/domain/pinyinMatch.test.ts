import { describe, expect, it } from 'vitest';
import { matchesAccountQuery } from './pinyinMatch';

const account = { code: '1011', name: '零余额账户用款额度', pinyinInitials: 'lyezhyked' };

describe('matchesAccountQuery', () => {
  it.each(['1011', '101', '1', '零余额', '用款', '额度', 'lyed', 'LYE', 'lye', 'zhyk', 'lyezhyked', 'LyEd', 'lk', '  101  ', ''])(
    'matches %j',
    (q) => {
      expect(matchesAccountQuery(account, q)).toBe(true);
    },
  );

  it.each(['2001', 'xyz', '011', '现金', 'yed', 'lyedx', 'lyezhykedd', '10111'])('does not match %j', (q) => {
    expect(matchesAccountQuery(account, q)).toBe(false);
  });

  it('matches the whole list on an empty or blank query', () => {
    expect(matchesAccountQuery({ code: '2001', name: '短期借款', pinyinInitials: 'dqjk' }, '   ')).toBe(true);
  });

  it('works for other accounts', () => {
    const cash = { code: '1001', name: '库存现金', pinyinInitials: 'kcxj' };
    expect(matchesAccountQuery(cash, 'kcxj')).toBe(true);
    expect(matchesAccountQuery(cash, 'kx')).toBe(true);
    expect(matchesAccountQuery(cash, 'xj')).toBe(true);
    expect(matchesAccountQuery(cash, 'cj')).toBe(false);
    expect(matchesAccountQuery(cash, '现金')).toBe(true);
  });
});
