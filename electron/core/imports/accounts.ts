import { validateAccountRows } from '../../../shared/domain/imports/accounts';
import { DIMENSION_LABELS } from '../../../shared/domain/ledger/types';
import { sql } from '../db/sql';
import type { Planner } from './plan';
import { existingAccounts } from './views';

/**
 * 会计科目导入: sub-accounts with the same rules as 增加下级科目 (accounts/maintain.ts): the
 * child inherits track, category and normal side from its parent; a parent that is used on a
 * voucher (or in the opening balances) cannot get children. Required 辅助核算 given in the
 * file are set as with 设置辅助核算.
 */
export const planAccounts: Planner<'accounts'> = (db, p) => {
  const { book } = p;
  const result = validateAccountRows(p.rows, existingAccounts(db, book.id));
  const withDims = result.accounts.filter((a) => a.dims !== null);
  return {
    problems: result.problems,
    warnings: [],
    summary: [
      `增加 ${result.accounts.length} 个下级科目${result.accounts.length > 0 ? `（${result.accounts.slice(0, 5).map((a) => `${a.code} ${a.name}`).join('、')}${result.accounts.length > 5 ? '…' : ''}）` : ''}`,
      ...(withDims.length > 0 ? [`其中 ${withDims.length} 个设置必填辅助核算（如 ${withDims[0]!.code}：${withDims[0]!.dims!.map((d) => DIMENSION_LABELS[d]).join('、') || '无'}）`] : []),
    ],
    needsReason: false,
    apply(tx) {
      // Parents before children (the list is sorted by code length).
      for (const a of result.accounts) {
        const parent = tx.get<{ level: number; track: string; category: string; normal_balance: string; contra: number }>(
          sql`SELECT level, track, category, normal_balance, contra FROM account WHERE book_id = ${book.id} AND code = ${a.parentCode}`,
        )!;
        tx.run(sql`
          INSERT INTO account (book_id, code, name, parent_code, level, track, category, normal_balance, contra, enabled, pinyin_initials, notes)
          VALUES (${book.id}, ${a.code}, ${a.name}, ${a.parentCode}, ${parent.level + 1}, ${parent.track}, ${parent.category},
                  ${parent.normal_balance}, ${parent.contra}, 1, ${p.initials.get(a.name) ?? ''}, NULL)`);
        if (a.dims) {
          for (const dimension of a.dims) {
            tx.run(sql`INSERT INTO account_dimension (book_id, account_code, dimension) VALUES (${book.id}, ${a.code}, ${dimension})`);
          }
          tx.run(sql`INSERT INTO book_setting (book_id, key, value) VALUES (${book.id}, ${`dims:${a.code}`}, '1')
                     ON CONFLICT (book_id, key) DO UPDATE SET value = excluded.value`);
        }
      }
      return result.accounts.length;
    },
  };
};
