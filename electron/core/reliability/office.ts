import type { Indicator } from '../../../shared/api/budgetTypes';
import type { CommandInput, CommandName, CommandOutput } from '../../../shared/api/commands';
import type { AppErrorData, Result } from '../../../shared/api/errors';
import { uuidv7 } from '../../../shared/domain/id';
import type { Core } from '../index';

/** A typed caller over a core, as the renderer's client is (kept here: core code does not import test helpers). */
export function callerOf(core: Core, session: () => string | null) {
  async function call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>> {
    return (await core.invoke(name, input, session())) as Result<CommandOutput<K>>;
  }
  return {
    call,
    async ok<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
      const result = await call(name, input);
      if (!result.ok) throw new CommandFailed(name, result.error);
      return result.value;
    },
  };
}
export type Caller = ReturnType<typeof callerOf>;

export class CommandFailed extends Error {
  constructor(
    readonly command: string,
    readonly error: AppErrorData,
  ) {
    super(`${command} failed: ${error.code} ${error.message}`);
  }
}

export interface OfficeUsers {
  wang: { username: string; password: string };
  li: { username: string; password: string };
}

/** 王会计 (会计 + 出纳 + 管理员) prepares and pays; 李所长 (审核 + 主管) reviews and reopens. */
export const officeUsers: OfficeUsers = {
  wang: { username: 'wang', password: 'wang-password-1' },
  li: { username: 'li', password: 'li-password-2' },
};

export interface Sessions {
  wang: string;
  li: string;
}

/** Accounts the ledger fixtures post to at first level: their customary sub-accounts are switched off. */
export const fixtureSubAccounts = ['400101', '400102', '100201', '100299'];

/** The business year of the stream: the seeded book starts in January of it. */
export const streamYear = 2026;

export function bookCreateInput(name: string) {
  return { id: uuidv7(), name, regionCode: '420102', unitType: '行政单位' as const, startYear: streamYear, startMonth: 1, supervisor: '王会计' };
}

/**
 * A fresh installation: the first book, 王 and 李, and a large 日常公用经费 indicator for
 * payments. Runs in the parent, before any kill, on the campaign's data directory.
 */
export async function setUpOffice(core: Core): Promise<{ bookId: string; sessions: Sessions }> {
  const anon = callerOf(core, () => null);
  const book = await anon.ok('book.create', bookCreateInput('青山镇人民政府'));
  const wang = await anon.ok('auth.bootstrap', { id: uuidv7(), username: officeUsers.wang.username, displayName: '王会计', password: officeUsers.wang.password, roles: ['accountant', 'cashier', 'admin'] });
  const accountant = callerOf(core, () => wang.token);
  await accountant.ok('user.create', { id: uuidv7(), username: officeUsers.li.username, displayName: '李所长', password: officeUsers.li.password, roles: ['reviewer', 'supervisor'] });
  const li = await anon.ok('auth.login', { username: officeUsers.li.username, password: officeUsers.li.password });
  await prepareBook(accountant, book.id);
  return { bookId: book.id, sessions: { wang: wang.token, li: li.token } };
}

/** What a book needs before the stream can use it; each step is skipped when already done. */
export async function prepareBook(wang: Caller, bookId: string): Promise<Indicator> {
  const accounts = await wang.ok('account.list', { bookId });
  for (const code of fixtureSubAccounts) {
    if (accounts.find((a) => a.code === code)?.enabled) await wang.ok('account.setEnabled', { bookId, code, enabled: false });
  }
  const existing = await wang.ok('budget.indicatorList', { bookId, year: streamYear });
  if (existing[0]) return existing[0];
  const issued = await wang.ok('budget.simulateCountyApproval', {
    action: '指标下达',
    bookId,
    id: uuidv7(),
    date: `${streamYear}-01-02`,
    indicatorId: uuidv7(),
    year: streamYear,
    funcCode: '2010301',
    econDepCode: '30201',
    fundNature: '一般公共预算',
    docNo: `青财预〔${streamYear}〕1号`,
    payMethod: '直接支付',
    directFund: false,
    // 10 亿元: the stream never runs it dry, so refusals come from rules, not from the balance.
    amount: 100_000_000_000,
  });
  return issued.indicators[0]!;
}
