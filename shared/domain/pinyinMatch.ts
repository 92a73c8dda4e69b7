/**
 * Account search used by account pickers (科目选择).
 *
 * `pinyinInitials` is computed by the core with one lower-case letter per Chinese
 * character (e.g. 零余额账户用款额度 → `lyezhyked`); other characters are kept as-is.
 *
 * Matching rule — with `q` = the trimmed query, compared case-insensitively:
 * 1. empty `q` matches everything;
 * 2. `q` is a prefix of the account code (`101` → 1011);
 * 3. `q` is a substring of the account name (`零余额`);
 * 4. `q` is a substring of the pinyin initials (`lye`, `zhyk`);
 * 5. `q` is a subsequence of the initials anchored at the first character: its first
 *    letter equals the first initial and the rest appear in order, gaps allowed
 *    (`lyed` → l·y·e·····d in `lyezhyked`). The anchor keeps the loose form from
 *    matching unrelated accounts.
 */

export interface AccountSearchFields {
  code: string;
  name: string;
  pinyinInitials: string;
}

function isAnchoredSubsequence(query: string, target: string): boolean {
  if (query.length === 0 || target.length === 0 || query[0] !== target[0]) return false;
  let j = 0;
  for (let i = 0; i < target.length && j < query.length; i++) {
    if (target[i] === query[j]) j++;
  }
  return j === query.length;
}

export function matchesAccountQuery(account: AccountSearchFields, query: string): boolean {
  const q = (query ?? '').trim().toLowerCase();
  if (q === '') return true;
  if (account.code.toLowerCase().startsWith(q)) return true;
  if (account.name.toLowerCase().includes(q)) return true;
  const initials = account.pinyinInitials.toLowerCase();
  if (initials.includes(q)) return true;
  return isAnchoredSubsequence(q, initials);
}
