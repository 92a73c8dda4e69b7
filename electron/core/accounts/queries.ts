import type { ClassificationKind, Track } from '../../../shared/api/schemas';
import type { Account, ClassificationItem } from '../../../shared/api/types';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { loadLedgerChart } from '../ledger/chart';

interface AccountRow {
  code: string;
  name: string;
  parent_code: string | null;
  level: number;
  track: Track;
  category: string;
  normal_balance: 'debit' | 'credit';
  contra: number;
  enabled: number;
  pinyin_initials: string;
  notes: string | null;
  is_leaf: number;
}

export function listAccounts(db: ReadableDB | WritableDB, bookId: string): Account[] {
  const chart = loadLedgerChart(db, bookId);
  return db
    .all<AccountRow>(sql`
      SELECT a.*, NOT EXISTS (SELECT 1 FROM account c WHERE c.book_id = a.book_id AND c.parent_code = a.code AND c.enabled = 1) AS is_leaf
      FROM account a WHERE a.book_id = ${bookId} ORDER BY a.code`)
    .map((row) => ({
      code: row.code,
      name: row.name,
      parentCode: row.parent_code,
      level: row.level,
      track: row.track,
      category: row.category,
      normalBalance: row.normal_balance,
      contra: row.contra === 1,
      enabled: row.enabled === 1,
      pinyinInitials: row.pinyin_initials,
      notes: row.notes,
      isLeaf: row.is_leaf === 1,
      requiredDims: chart.get(row.code)?.requiredDims ?? [],
    }));
}

interface ClassificationRow {
  kind: ClassificationKind;
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  verified: number;
}

export function listClassifications(db: ReadableDB, bookId: string, kind?: ClassificationKind): ClassificationItem[] {
  const query = kind
    ? sql`SELECT * FROM classification WHERE book_id = ${bookId} AND kind = ${kind} ORDER BY kind, code`
    : sql`SELECT * FROM classification WHERE book_id = ${bookId} ORDER BY kind, code`;
  return db.all<ClassificationRow>(query).map((row) => ({
    kind: row.kind,
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    verified: row.verified === 1,
  }));
}
