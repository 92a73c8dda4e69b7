import { AppError } from '../../../shared/api/errors';
import type { Account } from '../../../shared/api/types';
import type { CoreContext } from '../context';
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
