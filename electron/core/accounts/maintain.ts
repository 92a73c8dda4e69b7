import { AppError } from '../../../shared/api/errors';
import type { Account } from '../../../shared/api/types';
import type { CoreContext } from '../context';
import type { ReadableDB, WritableDB } from '../db/handles';
import { nextChildCode as nextFreeCode } from '../../../shared/domain/ledger/accountCodes';
import { pinyinInitialsOf } from '../seed/pinyin';
import { sql } from '../db/sql';
import { listAccounts } from './queries';

/**
 * 停用/启用 a sub-account. A disabled child no longer makes its parent a non-leaf, so a
 * township that does not use, say, 400102 政府性基金预算财政拨款 posts to 4001 directly.
 * Refused while the account (or a descendant) holds a balance or sits on an unposted voucher.
 */
export function setAccountEnabled(ctx: CoreContext, bookId: string, code: string, enabled: boolean): Account {
  return ctx.write.transaction((db) => {
    const account = db.get<{ code: string; name: string }>(sql`SELECT code, name FROM account WHERE book_id = ${bookId} AND code = ${code}`);
    if (!account) throw new AppError('NOT_FOUND', `找不到科目 ${code}`);
    if (!enabled) {
      const like = `${code}%`;
      const balance = db.get<{ n: number }>(
        sql`SELECT count(*) AS n FROM (SELECT 1 FROM period_movement WHERE book_id = ${bookId} AND account_code LIKE ${like} GROUP BY account_code HAVING sum(debit) <> sum(credit))`,
      )!.n;
      if (balance > 0) throw new AppError('RULE_VIOLATION', `科目 ${code} ${account.name} 有余额，不能停用`);
      const pending = db.get<{ n: number }>(sql`
        SELECT count(*) AS n FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
        WHERE l.book_id = ${bookId} AND l.account_code LIKE ${like} AND v.status <> 'posted'`)!.n;
      if (pending > 0) throw new AppError('RULE_VIOLATION', `科目 ${code} ${account.name} 上有未记账的凭证，不能停用`);
    } else {
      const parent = db.get<{ enabled: number; code: string }>(sql`
        SELECT p.enabled, p.code FROM account a JOIN account p ON p.book_id = a.book_id AND p.code = a.parent_code
        WHERE a.book_id = ${bookId} AND a.code = ${code}`);
      if (parent && parent.enabled === 0) throw new AppError('RULE_VIOLATION', `上级科目 ${parent.code} 已停用，请先启用上级科目`);
    }
    db.run(sql`UPDATE account SET enabled = ${enabled ? 1 : 0} WHERE book_id = ${bookId} AND (code = ${code} OR (${enabled ? 0 : 1} = 1 AND code LIKE ${`${code}%`}))`);
    return listAccounts(db, bookId).find((a) => a.code === code)!;
  });
}

function requireAccount(db: WritableDB, bookId: string, code: string) {
  const account = db.get<{ code: string; name: string; level: number; track: string; category: string; normal_balance: string; contra: number; enabled: number }>(
    sql`SELECT * FROM account WHERE book_id = ${bookId} AND code = ${code}`,
  );
  if (!account) throw new AppError('NOT_FOUND', `找不到科目 ${code}`);
  return account;
}

const used = (db: WritableDB, bookId: string, code: string) =>
  !!db.get(sql`SELECT 1 FROM voucher_line WHERE book_id = ${bookId} AND account_code = ${code} LIMIT 1`);

/**
 * 增加下级科目: the code is the parent's plus two digits (4-2-2-2). An account already used on
 * vouchers cannot get children: its postings would sit on a non-leaf account.
 */
export async function createAccount(ctx: CoreContext, bookId: string, parentCode: string, code: string, name: string): Promise<Account> {
  const [initials] = await pinyinInitialsOf([name]);
  return ctx.write.transaction((db) => {
    insertSubAccount(db, bookId, parentCode, code, name, initials ?? '');
    return listAccounts(db, bookId).find((a) => a.code === code)!;
  });
}

function insertSubAccount(db: WritableDB, bookId: string, parentCode: string, code: string, name: string, initials: string): void {
  const parent = requireAccount(db, bookId, parentCode);
  if (code.length !== parentCode.length + 2 || !code.startsWith(parentCode) || code.endsWith('00')) {
    throw new AppError('RULE_VIOLATION', `下级科目编码应为上级编码 ${parentCode} 加两位数字（01–99），如 ${parentCode}01`, { issues: [{ path: ['code'], message: '编码不符合 4-2-2 规则' }] });
  }
  if (parent.enabled === 0) throw new AppError('RULE_VIOLATION', `上级科目 ${parentCode} 已停用`);
  if (used(db, bookId, parentCode)) {
    throw new AppError('RULE_VIOLATION', `科目 ${parentCode} ${parent.name} 已用于凭证，不能再增加下级科目`);
  }
  if (db.get(sql`SELECT 1 FROM account WHERE book_id = ${bookId} AND code = ${code}`)) {
    throw new AppError('CONFLICT', `科目编码 ${code} 已存在`, { issues: [{ path: ['code'], message: '编码已存在' }] });
  }
  db.run(sql`
    INSERT INTO account (book_id, code, name, parent_code, level, track, category, normal_balance, contra, enabled, pinyin_initials, notes)
    VALUES (${bookId}, ${code}, ${name}, ${parentCode}, ${parent.level + 1}, ${parent.track}, ${parent.category},
            ${parent.normal_balance}, ${parent.contra}, 1, ${initials}, NULL)`);
}

/** The next free 4-2-2 code under a parent (…01 to …99), or null when all 99 are taken. */
export function nextChildCode(db: ReadableDB | WritableDB, bookId: string, parentCode: string): string | null {
  return nextFreeCode(parentCode, db.all<{ code: string }>(sql`SELECT code FROM account WHERE book_id = ${bookId} AND parent_code = ${parentCode}`).map((r) => r.code));
}

// Sub-accounts the core opens on its own inside a business transaction (a 4001 sub-account for
// a fund nature the chart lacks): their pinyin initials are made beforehand, outside it.
const preparedInitials = new Map<string, string>();

/** Makes the pinyin initials of names `openSubAccount` may need (call before the transaction). */
export async function prepareSubAccountNames(names: readonly string[]): Promise<void> {
  const missing = names.filter((n) => !preparedInitials.has(n));
  if (missing.length === 0) return;
  const initials = await pinyinInitialsOf(missing);
  missing.forEach((n, i) => preparedInitials.set(n, initials[i] ?? ''));
}

/**
 * Opens a sub-account with the next free code inside the caller's transaction (recorded in its
 * audit entry like any chart change). Its name must have been prepared.
 */
export function openSubAccount(db: WritableDB, bookId: string, parentCode: string, name: string): string {
  const initials = preparedInitials.get(name);
  if (initials === undefined) throw new Error(`openSubAccount: pinyin of “${name}” not prepared`);
  const code = nextChildCode(db, bookId, parentCode);
  if (!code) throw new AppError('RULE_VIOLATION', `科目 ${parentCode} 的下级科目已满（01–99），无法增加“${name}”`);
  insertSubAccount(db, bookId, parentCode, code, name, initials);
  return code;
}

export async function renameAccount(ctx: CoreContext, bookId: string, code: string, name: string): Promise<Account> {
  const [initials] = await pinyinInitialsOf([name]);
  return ctx.write.transaction((db) => {
    requireAccount(db, bookId, code);
    db.run(sql`UPDATE account SET name = ${name}, pinyin_initials = ${initials ?? ''} WHERE book_id = ${bookId} AND code = ${code}`);
    return listAccounts(db, bookId).find((a) => a.code === code)!;
  });
}

export function deleteAccount(ctx: CoreContext, bookId: string, code: string): { deleted: true } {
  ctx.write.transaction((db) => {
    const account = requireAccount(db, bookId, code);
    if (account.level === 1) throw new AppError('RULE_VIOLATION', `一级科目 ${code} ${account.name} 由《政府会计制度》规定，不能删除；不用时可以停用`);
    if (db.get(sql`SELECT 1 FROM account WHERE book_id = ${bookId} AND parent_code = ${code}`)) {
      throw new AppError('RULE_VIOLATION', `科目 ${code} ${account.name} 有下级科目，请先删除下级科目`);
    }
    if (used(db, bookId, code)) throw new AppError('RULE_VIOLATION', `科目 ${code} ${account.name} 已用于凭证，不能删除；不再使用时可以停用`);
    db.run(sql`DELETE FROM account_dimension WHERE book_id = ${bookId} AND account_code = ${code}`);
    db.run(sql`DELETE FROM book_setting WHERE book_id = ${bookId} AND key = ${`dims:${code}`}`);
    db.run(sql`DELETE FROM account WHERE book_id = ${bookId} AND code = ${code}`);
  });
  return { deleted: true };
}

/** Which auxiliary dimensions a line on this account must carry (overrides the defaults). */
export function setAccountDimensions(ctx: CoreContext, bookId: string, code: string, dimensions: readonly string[]): Account {
  return ctx.write.transaction((db) => {
    requireAccount(db, bookId, code);
    db.run(sql`DELETE FROM account_dimension WHERE book_id = ${bookId} AND account_code = ${code}`);
    for (const dimension of new Set(dimensions)) {
      db.run(sql`INSERT INTO account_dimension (book_id, account_code, dimension) VALUES (${bookId}, ${code}, ${dimension})`);
    }
    db.run(sql`INSERT INTO book_setting (book_id, key, value) VALUES (${bookId}, ${`dims:${code}`}, '1')
               ON CONFLICT (book_id, key) DO UPDATE SET value = excluded.value`);
    return listAccounts(db, bookId).find((a) => a.code === code)!;
  });
}
