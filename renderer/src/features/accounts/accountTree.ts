import type { Account } from '../../../../shared/api';

export interface AccountRow extends Account {
  /** Names from the first-level account down, e.g. `银行存款-基本存款账户`. */
  pathName: string;
  children?: AccountRow[];
}

const PATH_SEPARATOR = '-';

/** Full path names for every account, following parentCode (accounts whose parent is missing start a path). */
export function pathNames(accounts: readonly Account[]): Map<string, string> {
  const byCode = new Map(accounts.map((a) => [a.code, a]));
  const names = new Map<string, string>();
  const resolve = (account: Account, depth: number): string => {
    const known = names.get(account.code);
    if (known !== undefined) return known;
    const parent = account.parentCode ? byCode.get(account.parentCode) : undefined;
    // depth guard: a cycle in bad data must not hang the page
    const name = parent && depth < 16 ? `${resolve(parent, depth + 1)}${PATH_SEPARATOR}${account.name}` : account.name;
    names.set(account.code, name);
    return name;
  };
  for (const account of accounts) resolve(account, 0);
  return names;
}

/** Flat rows (for search results), in the given order. */
export function toRows(accounts: readonly Account[], paths: Map<string, string>): AccountRow[] {
  return accounts.map((a) => ({ ...a, pathName: paths.get(a.code) ?? a.name }));
}

/** Tree rows for the table; leaves get no `children` so no expand icon is drawn for them. */
export function buildTree(accounts: readonly Account[], paths: Map<string, string>): AccountRow[] {
  const rows = new Map(toRows(accounts, paths).map((row) => [row.code, row]));
  const roots: AccountRow[] = [];
  for (const row of rows.values()) {
    const parent = row.parentCode ? rows.get(row.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(row);
    else roots.push(row);
  }
  return roots;
}

/** Codes of every row that has children (for 展开全部). */
export function expandableCodes(rows: readonly AccountRow[]): string[] {
  const codes: string[] = [];
  const walk = (list: readonly AccountRow[]) => {
    for (const row of list) {
      if (row.children) {
        codes.push(row.code);
        walk(row.children);
      }
    }
  };
  walk(rows);
  return codes;
}
