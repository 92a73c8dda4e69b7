import type { Account, ClassificationItem } from '../../../../../shared/api';
import { matchesAccountQuery } from '../../../../../shared/domain';
import { pathNames } from '../../accounts/accountTree';

export interface LookupOption {
  value: string;
  /** Shown in the cell once chosen, e.g. `1011 零余额账户用款额度`. */
  label: string;
  /** Small grey text after the label in the list. */
  note?: string;
}

export interface AccountChart {
  byCode: Map<string, Account>;
  paths: Map<string, string>;
  /** Enabled leaf accounts: the only ones a voucher line may use. */
  leaves: Account[];
  search(query: string): LookupOption[];
  label(code: string): string;
}

const LIMIT = 60;

/**
 * Account look-up for the voucher grid. A leaf is offered when the query matches it or any
 * of its parents (by code prefix, name or pinyin initials), so `1002` or `yhck` lists the
 * bank sub-accounts; exact code first, then by code.
 */
export function buildChart(accounts: readonly Account[]): AccountChart {
  const byCode = new Map(accounts.map((a) => [a.code, a]));
  const paths = pathNames(accounts);
  const leaves = accounts.filter((a) => a.isLeaf && a.enabled);
  const lineage = new Map(
    leaves.map((leaf) => {
      const chain: Account[] = [leaf];
      let parent = leaf.parentCode ? byCode.get(leaf.parentCode) : undefined;
      while (parent && chain.length < 8) {
        chain.push(parent);
        parent = parent.parentCode ? byCode.get(parent.parentCode) : undefined;
      }
      return [leaf.code, chain];
    }),
  );
  const label = (code: string) => {
    const path = paths.get(code);
    return path ? `${code} ${path}` : code;
  };
  const toOption = (a: Account): LookupOption => ({
    value: a.code,
    label: label(a.code),
    note: a.track === 'budget' ? '预算' : '财务',
  });
  return {
    byCode,
    paths,
    leaves,
    label,
    search(query) {
      const q = query.trim();
      if (q === '') return leaves.slice(0, LIMIT).map(toOption);
      const exact = leaves.filter((a) => a.code === q);
      const rest = leaves.filter((a) => a.code !== q && (lineage.get(a.code) ?? [a]).some((x) => matchesAccountQuery(x, q)));
      return [...exact, ...rest].slice(0, LIMIT).map(toOption);
    },
  };
}

export interface ClassificationLookup {
  search(query: string): LookupOption[];
  label(code: string): string;
}

/**
 * 功能分类 (项级, 7 digits) or 经济分类 (款级, 5 digits) codes, searched by code prefix or by
 * the name of the item or of its 类/款 (so `人大` lists the 项 under 人大事务).
 */
export function buildClassificationLookup(items: readonly ClassificationItem[], codeLength: number): ClassificationLookup {
  const names = new Map(items.map((item) => [item.code, item.name]));
  const usable = items
    .filter((item) => item.code.length === codeLength)
    .map((item) => {
      const parents = [3, 5].filter((n) => n < item.code.length).map((n) => names.get(item.code.slice(0, n)) ?? '');
      return { item, haystack: [item.name, ...parents].join(' '), note: parents.filter(Boolean).join('-') };
    });
  return {
    label: (code) => (names.has(code) ? `${code} ${names.get(code)}` : code),
    search(query) {
      const q = query.trim();
      const hits = q === '' ? usable : usable.filter((u) => u.item.code.startsWith(q) || u.haystack.includes(q));
      return hits.slice(0, LIMIT).map((u) => ({ value: u.item.code, label: `${u.item.code} ${u.item.name}`, note: u.note }));
    },
  };
}
