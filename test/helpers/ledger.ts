import { uuidv7 } from '../../shared/domain/id';
import type { Core } from '../../electron/core';
import scenario from '../fixtures/township-basic.json';
import { bookInput } from './books';
import { caller } from './core';

export type Caller = ReturnType<typeof caller>;

/**
 * A 行政单位 book with a two-person office: 王会计 (会计 + 出纳 + 管理员) prepares,
 * 李所长 (审核 + 主管) reviews; the scenario's 4001/1002 are used without sub-accounts.
 */
export async function twoPersonOffice(core: Core) {
  const anon = caller(core);
  const book = await anon.ok('book.create', bookInput());
  const wang = await anon.ok('auth.bootstrap', { id: uuidv7(), username: 'wang', displayName: '王会计', password: 'wang-password1', roles: ['accountant', 'cashier', 'admin'] });
  const accountant = caller(core, wang.token);
  await accountant.ok('user.create', { id: uuidv7(), username: 'li', displayName: '李所长', password: 'li-password1', roles: ['reviewer', 'supervisor'] });
  const li = await anon.ok('auth.login', { username: 'li', password: 'li-password1' });
  const reviewer = caller(core, li.token);
  for (const code of ['400101', '400102', '100201', '100299']) await accountant.ok('account.setEnabled', { bookId: book.id, code, enabled: false });
  return { book, accountant, reviewer, wangId: wang.user.id, liId: li.user.id };
}

interface ScenarioLine {
  account: string;
  debit?: number;
  credit?: number;
  dims?: { func?: string; econ_dep?: string; project?: string };
}

export const scenarioVouchers = scenario.vouchers as { date: string; summary: string; lines: ScenarioLine[] }[];
export const scenarioExpected = scenario.expected;

export function scenarioSaveInput(bookId: string, v: (typeof scenarioVouchers)[number], attachments = 1) {
  return {
    bookId,
    id: uuidv7(),
    word: '记' as const,
    date: v.date,
    attachments,
    lines: v.lines.map((l) => ({ summary: v.summary, accountCode: l.account, debit: l.debit ?? 0, credit: l.credit ?? 0, dims: l.dims })),
  };
}
