import type { AuditValue } from '../db/handles';
import { rawSql, type SqlQuery } from '../db/sql';
import { sha256Hex } from './canonical';

/** What the audit code needs of a connection: reads only (ReadableDB and WritableDB both fit). */
export interface Reader {
  all<T>(query: SqlQuery): T[];
  get<T>(query: SqlQuery): T | undefined;
}

interface ChildTable {
  table: string;
  /** Columns of the child that hold the parent's key, in the order of the parent's keyColumns. */
  parentColumns: string[];
  orderBy: string[];
  columns: string[];
}

/**
 * A kind of business record whose content the audit log vouches for. Each audit entry carries
 * the digest of every such record the transaction touched; verification recomputes the digest
 * of every record in the file and compares it with the latest entry that touched it.
 *
 * HAZARD: the column lists are fixed on purpose. A later migration that adds a column leaves
 * the digests as they are (the new column is not covered until a new digest version is added);
 * a migration that rewrites covered columns must append a system entry with the new digests
 * (see `appendSystemEntry` and migration 007).
 */
export interface TrackedKind {
  kind: string;
  /** Chinese name, for messages. */
  label: string;
  table: string;
  keyColumns: string[];
  columns: string[];
  children: ChildTable[];
  /** SQL over the record `t`: a JSON object naming it to the accountant (凭证 记-0003, 2026年01月, amounts). */
  info: string;
}

const periodSql = `t.year || '年' || printf('%02d', t.month) || '月'`;

export const trackedKinds: readonly TrackedKind[] = [
  {
    kind: 'voucher',
    label: '凭证',
    table: 'voucher',
    keyColumns: ['id'],
    columns: ['id', 'book_id', 'year', 'month', 'word', 'number', 'date', 'attachments', 'status', 'kind', 'reverses_id', 'parallel_reason',
      'prepared_by', 'reviewed_by', 'reviewed_at', 'posted_by', 'posted_at', 'created_at', 'updated_at'],
    children: [{
      table: 'voucher_line',
      parentColumns: ['voucher_id'],
      orderBy: ['line_no'],
      columns: ['line_no', 'book_id', 'summary', 'account_code', 'track', 'debit', 'credit', 'func', 'econ_dep', 'econ_gov', 'project', 'fund', 'counterparty', 'dept'],
    }],
    // Both tracks' debits: the amount an accountant would look for.
    info: `json_object('label', t.word || '-' || printf('%04d', t.number), 'period', ${periodSql}, 'status', t.status,
             'lines', (SELECT count(*) FROM voucher_line l WHERE l.voucher_id = t.id),
             'debit', (SELECT coalesce(sum(l.debit), 0) FROM voucher_line l WHERE l.voucher_id = t.id))`,
  },
  {
    kind: 'period',
    label: '会计期间',
    table: 'period',
    keyColumns: ['book_id', 'year', 'month'],
    columns: ['book_id', 'year', 'month', 'status', 'closed_at', 'closed_by'],
    children: [],
    info: `json_object('label', ${periodSql}, 'status', t.status)`,
  },
  {
    kind: 'account',
    label: '会计科目',
    table: 'account',
    keyColumns: ['book_id', 'code'],
    columns: ['book_id', 'code', 'name', 'parent_code', 'level', 'track', 'category', 'normal_balance', 'contra', 'enabled'],
    children: [{ table: 'account_dimension', parentColumns: ['book_id', 'account_code'], orderBy: ['dimension'], columns: ['dimension'] }],
    info: `json_object('label', t.code || ' ' || t.name)`,
  },
  {
    kind: 'book',
    label: '账套',
    table: 'book',
    keyColumns: ['id'],
    columns: ['id', 'name', 'region_code', 'unit_type', 'start_year', 'start_month', 'supervisor', 'created_at'],
    children: [{ table: 'book_setting', parentColumns: ['book_id'], orderBy: ['key'], columns: ['key', 'value'] }],
    info: `json_object('label', t.name)`,
  },
  {
    kind: 'user',
    label: '用户',
    table: 'app_user',
    keyColumns: ['id'],
    columns: ['id', 'username', 'display_name', 'password_hash', 'enabled', 'created_at'],
    children: [{ table: 'user_role', parentColumns: ['user_id'], orderBy: ['role'], columns: ['role'] }],
    info: `json_object('label', t.username || '（' || t.display_name || '）',
             'roles', (SELECT group_concat(r.role, ',') FROM (SELECT role FROM user_role WHERE user_id = t.id ORDER BY role) r))`,
  },
  {
    kind: 'indicator',
    label: '预算指标',
    table: 'budget_indicator',
    keyColumns: ['id'],
    columns: ['id', 'book_id', 'year', 'region_code', 'func_code', 'econ_gov_code', 'econ_dep_code', 'fund_nature', 'project_id', 'doc_no',
      'sup_doc_no', 'pay_method', 'direct_fund', 'expense_kind', 'origin', 'record_id', 'submission_id', 'created_at'],
    children: [],
    info: `json_object('label', t.doc_no || ' ' || t.func_code || '/' || t.econ_dep_code)`,
  },
  {
    kind: 'indicatorMovement',
    label: '指标台账',
    table: 'budget_indicator_movement',
    keyColumns: ['id'],
    columns: ['id', 'book_id', 'indicator_id', 'kind', 'date', 'executable_delta', 'frozen_delta', 'paid_delta', 'ref_kind', 'ref_id', 'summary',
      'user_id', 'created_at'],
    children: [],
    info: `json_object('label', t.date || ' ' || t.kind, 'amount', t.executable_delta + t.frozen_delta + t.paid_delta)`,
  },
  {
    kind: 'payment',
    label: '支付申请',
    table: 'budget_payment',
    keyColumns: ['id'],
    columns: ['id', 'book_id', 'indicator_id', 'amount', 'payee_name', 'payee_account', 'payee_bank', 'purpose', 'status', 'applied_date',
      'applied_by', 'applied_at', 'reviewed_by', 'reviewed_at', 'returned_by', 'return_reason', 'paid_by', 'paid_at', 'pay_date', 'voucher_id',
      'refund_date', 'refund_reason', 'refund_voucher_id'],
    children: [],
    info: `json_object('label', t.applied_date || ' ' || t.payee_name, 'status', t.status, 'amount', t.amount)`,
  },
  {
    kind: 'quotaVoucher',
    label: '额度到账凭证关联',
    table: 'budget_quota_voucher',
    keyColumns: ['voucher_id'],
    columns: ['voucher_id', 'book_id', 'indicator_id', 'amount', 'ref_kind', 'ref_id', 'created_at'],
    children: [],
    info: `json_object('label', (SELECT v.word || '-' || printf('%04d', v.number) FROM voucher v WHERE v.id = t.voucher_id), 'amount', t.amount)`,
  },
];

export const kindByName = new Map(trackedKinds.map((k) => [k.kind, k]));

/** SQL text of a record's key over a table's own columns (`book_id || '|' || year || …`). */
export function keySql(columns: readonly string[], prefix = ''): string {
  return columns.map((c) => `${prefix}${c}`).join(` || '|' || `);
}

export interface RecordDigest {
  kind: string;
  key: string;
  /** null: the record no longer exists. */
  digest: string | null;
  info: Record<string, AuditValue>;
}

interface RecordRow {
  k: string;
  /** The covered columns, as a JSON array. */
  r: string;
  /** Per child table, its rows as a JSON array of arrays (c0, c1…). */
  [child: `c${number}`]: string;
  /** The `info` JSON object. */
  i: string;
}

/**
 * One SELECT that yields, per record, its key, its covered columns and its children's rows as
 * JSON text made by SQLite (in C: a bulk import of a million lines makes no JS object per line),
 * and its info.
 */
function recordSelect(kind: TrackedKind): string {
  const parts = [`${keySql(kind.keyColumns, 't.')} AS k`, `json_array(${kind.columns.map((c) => `t.${c}`).join(', ')}) AS r`];
  kind.children.forEach((child, i) => {
    const join = child.parentColumns.map((column, j) => `c.${column} = t.${kind.keyColumns[j]}`).join(' AND ');
    const order = child.orderBy.map((column) => `c.${column}`).join(', ');
    parts.push(`(SELECT json_group_array(json_array(${child.columns.map((c) => `c.${c}`).join(', ')}) ORDER BY ${order}) FROM ${child.table} c WHERE ${join}) AS c${i}`);
  });
  parts.push(`${kind.info} AS i`);
  return `SELECT ${parts.join(', ')} FROM ${kind.table} t`;
}

/**
 * The digest of one record: SHA-256 of the canonical JSON `{"children":[…],"row":[…],"t":"voucher"}`,
 * keys in sorted order, no whitespace. The arrays are SQLite's own minified JSON of strings,
 * integers and nulls, which is canonical JSON (canonical.test.ts checks that SQLite and
 * `canonicalJson` write the same text, escapes included).
 */
function digestOf(kind: TrackedKind, row: RecordRow): string {
  const children = kind.children.map((_, i) => row[`c${i}`] ?? '[]');
  return sha256Hex(`{"children":[${children.join(',')}],"row":${row.r},"t":${JSON.stringify(kind.kind)}}`);
}

function toDigest(kind: TrackedKind, row: RecordRow): RecordDigest {
  return { kind: kind.kind, key: String(row.k), digest: digestOf(kind, row), info: JSON.parse(row.i) as Record<string, AuditValue> };
}

/** A stored value as an audit digest covers it: text, an integer, or NULL. */
export type StoredScalar = string | number | null;

/**
 * Digests of records made from the values a writer is inserting, without reading them back:
 * the same text `digestOf` hashes. The writer names its columns once; they must be the kind's
 * covered columns in the kind's order (checked here, so a schema change cannot slip by). Each
 * call then takes the row and, per child table, its rows in the child's `orderBy` order, with
 * the values exactly as stored. For arrays of text, integers and nulls JSON.stringify writes
 * canonical JSON, the text SQLite's json_array writes (canonical.test.ts checks the escapes).
 */
export function recordDigester(
  kindName: string,
  rowColumns: readonly string[],
  childColumns: readonly (readonly string[])[],
): (row: readonly StoredScalar[], children: readonly (readonly (readonly StoredScalar[])[])[], info: Record<string, AuditValue>) => RecordDigest & { digest: string } {
  const kind = kindByName.get(kindName);
  if (!kind) throw new Error(`recordDigester: unknown kind ${kindName}`);
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c, i) => c === b[i]);
  if (!same(rowColumns, kind.columns)) throw new Error(`recordDigester: ${kindName} covers columns ${kind.columns.join(', ')}`);
  if (childColumns.length !== kind.children.length || kind.children.some((child, i) => !same(childColumns[i]!, child.columns))) {
    throw new Error(`recordDigester: ${kindName}'s child tables cover ${kind.children.map((c) => `${c.table} (${c.columns.join(', ')})`).join('; ')}`);
  }
  const keyIndexes = kind.keyColumns.map((c) => kind.columns.indexOf(c));
  const suffix = `,"t":${JSON.stringify(kind.kind)}}`;
  return (row, children, info) => {
    const text = `{"children":[${children.map((rows) => JSON.stringify(rows)).join(',')}],"row":${JSON.stringify(row)}${suffix}`;
    return { kind: kind.kind, key: keyIndexes.map((i) => String(row[i])).join('|'), digest: sha256Hex(text), info };
  };
}

const CHUNK = 500;

/** Digests of the given records as they are now (deleted ones get digest null). */
export function digestRecords(db: Reader, kind: TrackedKind, keys: readonly string[]): RecordDigest[] {
  const where = kind.keyColumns.length === 1 ? `t.${kind.keyColumns[0]}` : `(${keySql(kind.keyColumns, 't.')})`;
  const text = `${recordSelect(kind)} WHERE ${where} IN (SELECT value FROM json_each(?))`;
  const found = new Map<string, RecordDigest>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    for (const row of db.all<RecordRow>(rawSql(text, [JSON.stringify(keys.slice(i, i + CHUNK))]))) found.set(String(row.k), toDigest(kind, row));
  }
  return keys.map((key) => found.get(key) ?? { kind: kind.kind, key, digest: null, info: {} });
}

/**
 * Every record of a kind, in key order, a page at a time (a ten-year book has a million
 * voucher lines: never all in memory at once).
 */
export function* scanRecords(db: Reader, kind: TrackedKind, pageSize = 1000): Generator<RecordDigest> {
  const key = kind.keyColumns.length === 1 ? `t.${kind.keyColumns[0]}` : `(${keySql(kind.keyColumns, 't.')})`;
  const select = recordSelect(kind);
  let after: string | null = null;
  for (;;) {
    const rows: RecordRow[] = db.all<RecordRow>(
      after === null
        ? rawSql(`${select} ORDER BY ${key} LIMIT ?`, [pageSize])
        : rawSql(`${select} WHERE ${key} > ? ORDER BY ${key} LIMIT ?`, [after, pageSize]),
    );
    if (rows.length === 0) return;
    for (const row of rows) yield toDigest(kind, row);
    after = String(rows[rows.length - 1]!.k);
  }
}

/** Whether the tables of a kind exist in this file (an old schema may not have the budget tables). */
export function kindAvailable(db: Reader, kind: TrackedKind): boolean {
  const tables = [kind.table, ...kind.children.map((c) => c.table)];
  const n = db.get<{ n: number }>(rawSql(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name IN (SELECT value FROM json_each(?))`, [JSON.stringify(tables)]))!.n;
  return n === tables.length;
}
