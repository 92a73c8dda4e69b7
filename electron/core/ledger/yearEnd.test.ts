import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrialBalance } from '../../../shared/api/types';
import { bookInput } from '../../../test/helpers/books';
import { caller } from '../../../test/helpers/core';
import { scenarioSaveInput, scenarioVouchers } from '../../../test/helpers/ledger';
import { tempDir } from '../../../test/helpers/tmp';
import { uuidv7 } from '../../../shared/domain/id';
import { openCore, type Core } from '../index';

let dir: ReturnType<typeof tempDir>;
let core: Core;
beforeEach(() => {
  dir = tempDir();
  core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '1', log: () => {} });
});
afterEach(() => {
  core.close();
  dir.cleanup();
});

const net = (tb: TrialBalance, code: string) => {
  const row = tb.rows.find((r) => r.code === code);
  return row ? row.closingDebit - row.closingCredit : 0;
};

describe('年结 (closing December)', () => {
  it('closes the budget and financial tracks and opens the new year with the balances left', async () => {
    // A book started in December, so that December is the first period to close.
    const anon = caller(core);
    const book = await anon.ok('book.create', bookInput({ startMonth: 12 }));
    const wang = await anon.ok('auth.bootstrap', { id: uuidv7(), username: 'wang', displayName: '王会计', password: 'wang-password1', roles: ['accountant', 'admin'] });
    const accountant = caller(core, wang.token);
    await accountant.ok('user.create', { id: uuidv7(), username: 'li', displayName: '李所长', password: 'li-password1', roles: ['reviewer', 'supervisor'] });
    const reviewer = caller(core, (await anon.ok('auth.login', { username: 'li', password: 'li-password1' })).token);
    for (const code of ['400101', '400102', '100201', '100299']) await accountant.ok('account.setEnabled', { bookId: book.id, code, enabled: false });

    const ids = [];
    for (const v of scenarioVouchers) ids.push((await accountant.ok('voucher.save', scenarioSaveInput(book.id, { ...v, date: `2026-12-${v.date.slice(8)}` }))).voucher.id);
    await reviewer.ok('voucher.review', { bookId: book.id, ids });
    await accountant.ok('voucher.post', { bookId: book.id, ids });
    await accountant.ok('period.close', { bookId: book.id, year: 2026, month: 12 });

    const dec = await accountant.ok('ledger.trialBalance', { bookId: book.id, year: 2026, month: 12 });
    for (const code of ['4001', '4601', '5001', '6001', '6601', '7101', '3301', '3302']) expect(net(dec, code), code).toBe(0);
    expect(net(dec, '3001')).toBe(-13770000);
    expect(net(dec, '810107')).toBe(-8180000); // 财政拨款 17,100,000 − 8,920,000
    expect(net(dec, '820105')).toBe(-5000000); // 非财政专项 5,000,000
    // Budget-side invariant after year end: 8001 = 8101 + 8102 + 8201 + 8202.
    expect(net(dec, '8001')).toBe(-(net(dec, '8101') + net(dec, '8102') + net(dec, '8201') + net(dec, '8202')));
    for (const track of ['financial', 'budget'] as const) expect(dec.totals[track].closingDebit).toBe(dec.totals[track].closingCredit);

    // The new year opens with exactly those balances.
    const jan = await accountant.ok('ledger.trialBalance', { bookId: book.id, year: 2027, month: 1 });
    for (const row of dec.rows.filter((r) => r.closingDebit || r.closingCredit)) {
      const next = jan.rows.find((r) => r.code === row.code)!;
      expect([next.openingDebit, next.openingCredit], row.code).toEqual([row.closingDebit, row.closingCredit]);
    }
    expect(jan.rows.find((r) => r.code === '6001')).toBeUndefined();
    const sheet = await accountant.ok('statement.get', { bookId: book.id, id: 'balanceSheet', year: 2027, month: 1 });
    expect(sheet.allChecksPass).toBe(true);
  });
});
