import type { AuditProblem, AuditReport } from '../../../shared/api/systemCommands';
import { sql } from '../db/sql';
import { entryHash, GENESIS_HASH } from './canonical';
import { actionLabel, entryName, formatAt, yuan } from './describe';
import { kindAvailable, scanRecords, trackedKinds, type Reader } from './records';
import type { AuditHead } from './recorder';

const MAX_LISTED = 200;
const PAGE = 1000;

interface LogRow {
  seq: number;
  at: string;
  kind: string;
  action: string;
  user_id: string | null;
  payload: string;
  prev_hash: string;
  hash: string;
}

interface EntryPayload {
  v?: number;
  seq?: number;
  at?: string;
  kind?: string;
  action?: string;
  actor?: { id?: string } | null;
  records?: { t: string; k: string; d: string | null; i?: Record<string, unknown> }[];
}

interface Witness {
  digest: string | null;
  seq: number;
  at: string;
  action: string;
  info: Record<string, unknown>;
}

export interface VerifyOptions {
  /** The head kept beside the file (audit-head.json), when there is one. */
  anchor?: AuditHead | null;
  now?: Date;
}

/**
 * 审计校验. An independent pass over the file (TigerBeetle's auditor): it trusts nothing the
 * app keeps in memory and uses no code that writes.
 *
 * 1. The chain: sequence numbers run 1, 2, 3… without gaps; each entry's prev_hash is the hash
 *    of the one before; each hash is SHA-256(prev_hash + payload); the columns agree with the payload.
 * 2. The records: every voucher (with its lines), period, account, book, user, indicator,
 *    indicator movement and payment in the file has the digest the latest entry that touched
 *    it recorded; none is missing; none exists that no entry recorded.
 * 3. 期间发生额 (period_movement), recomputed from posted voucher lines.
 * 4. The head file beside the database, when present: the log was not cut back.
 *
 * Limit: a person who knows this algorithm and rewrites the whole chain after editing is not
 * caught by the file alone; the head file, the backups and (later) the county's copy are the
 * witnesses outside it.
 */
export function verifyAudit(db: Reader, options: VerifyOptions = {}): AuditReport {
  const problems: AuditProblem[] = [];
  let total = 0;
  const add = (problem: AuditProblem) => {
    total++;
    if (problems.length < MAX_LISTED) problems.push(problem);
  };

  // ---- 1. The chain ----
  const latest = new Map<string, Witness>();
  let prevHash = GENESIS_HASH;
  let expected = 1;
  let entries = 0;
  let last: LogRow | null = null;
  for (let after = 0; ; ) {
    const page = db.all<LogRow>(sql`SELECT seq, at, kind, action, user_id, payload, prev_hash, hash FROM audit_log WHERE seq > ${after} ORDER BY seq LIMIT ${PAGE}`);
    if (page.length === 0) break;
    for (const row of page) {
      entries++;
      const name = entryName(row.seq, row.at, row.action);
      const where = { seq: row.seq, at: row.at, action: row.action };
      if (row.seq !== expected) {
        const missing = row.seq - 1 === expected ? `第 ${expected} 条` : `第 ${expected} 至 ${row.seq - 1} 条`;
        add({ kind: 'chain', ...where, message: `${missing}审计记录缺失（在${name}之前）：审计记录被删除。` });
      } else if (row.prev_hash !== prevHash) {
        add({ kind: 'chain', ...where, message: `${name}与前一条审计记录的链接断开：它前面的记录被删除、插入或改动过。` });
      }
      if (entryHash(row.prev_hash, row.payload) !== row.hash) {
        add({ kind: 'chain', ...where, message: `${name}的内容与其哈希值不符：该记录在程序之外被改动。` });
      }
      let payload: EntryPayload | null = null;
      try {
        payload = JSON.parse(row.payload) as EntryPayload;
      } catch {
        add({ kind: 'chain', ...where, message: `${name}的内容无法读取：该记录在程序之外被改动。` });
      }
      if (payload) {
        const columnsAgree =
          payload.seq === row.seq && payload.at === row.at && payload.kind === row.kind && payload.action === row.action &&
          (payload.actor?.id ?? null) === row.user_id;
        if (!columnsAgree) add({ kind: 'chain', ...where, message: `${name}的序号、时间、操作或操作人与其内容不符：该记录在程序之外被改动。` });
        for (const r of payload.records ?? []) {
          latest.set(`${r.t}\u0000${r.k}`, { digest: r.d, seq: row.seq, at: row.at, action: row.action, info: r.i ?? {} });
        }
      }
      prevHash = row.hash;
      expected = row.seq + 1;
      last = row;
    }
    after = page[page.length - 1]!.seq;
  }
  if (entries === 0) add({ kind: 'chain', seq: null, at: null, action: null, message: '没有任何审计记录：审计日志被清空，或该数据库不是由乡财通写入的。' });

  // ---- 4. The head kept beside the file ----
  let anchor: AuditReport['anchor'] = 'missing';
  if (options.anchor) {
    const kept = options.anchor;
    const row = db.get<{ hash: string }>(sql`SELECT hash FROM audit_log WHERE seq = ${kept.seq}`);
    if (!row && (last?.seq ?? 0) < kept.seq) {
      anchor = 'mismatch';
      add({
        kind: 'anchor', seq: kept.seq, at: kept.at, action: null,
        message: `本机另存的校验值表明审计记录已有第 ${kept.seq} 条（${formatAt(kept.at)}），而数据库中只到第 ${last?.seq ?? 0} 条：末尾的审计记录被删除。`,
      });
    } else if (row && row.hash !== kept.hash) {
      anchor = 'mismatch';
      add({ kind: 'anchor', seq: kept.seq, at: kept.at, action: null, message: `第 ${kept.seq} 条审计记录与本机另存的校验值不符：审计记录被改写过。` });
    } else {
      anchor = row ? 'match' : 'missing';
    }
  }

  // ---- 2. The records ----
  const checked: AuditReport['checked'] = [];
  for (const kind of trackedKinds) {
    if (!kindAvailable(db, kind)) continue;
    let count = 0;
    for (const record of scanRecords(db, kind)) {
      count++;
      const key = `${kind.kind}\u0000${record.key}`;
      const witness = latest.get(key);
      latest.delete(key);
      const what = `${kind.label}“${recordName(record.info, record.key)}”`;
      if (!witness || witness.digest === null) {
        add({
          kind: 'record', seq: witness?.seq ?? null, at: witness?.at ?? null, action: witness?.action ?? null,
          message: witness
            ? `${what}已由${entryName(witness.seq, witness.at, witness.action)}删除，却又出现在数据库中：它是在程序之外写入的。`
            : `${what}没有任何审计记录：它是在程序之外写入的。`,
        });
      } else if (witness.digest !== record.digest) {
        add({
          kind: 'record', seq: witness.seq, at: witness.at, action: witness.action,
          message: `${what}的当前内容与最后一次记录它的${entryName(witness.seq, witness.at, witness.action)}不符：它在程序之外被修改。`,
        });
      }
    }
    checked.push({ kind: kind.kind, label: kind.label, count });
  }
  const labels = new Map(trackedKinds.map((k) => [k.kind, k.label]));
  for (const [key, witness] of latest) {
    if (witness.digest === null) continue;
    const [kind, recordKey] = key.split('\u0000') as [string, string];
    if (!checked.some((c) => c.kind === kind)) continue;
    add({
      kind: 'record', seq: witness.seq, at: witness.at, action: witness.action,
      message: `${labels.get(kind) ?? kind}“${recordName(witness.info, recordKey)}”（见${entryName(witness.seq, witness.at, witness.action)}）已不存在：它在程序之外被删除。`,
    });
  }

  // ---- 3. 期间发生额 vs. posted lines ----
  const movementsChecked = checkMovements(db, add);

  problems.sort((a, b) => order(a) - order(b));
  const first = problems[0];
  const firstEntry = problems.find((p) => p.seq !== null);
  const head = last ? { seq: last.seq, at: last.at, hash: last.hash } : null;
  const counts = checked.filter((c) => c.count > 0).map((c) => `${c.label} ${c.count} 条`).join('、');
  const summary = first
    ? `审计校验发现 ${total} 处问题。${firstEntry ? `最早出错的是${entryName(firstEntry.seq!, firstEntry.at, firstEntry.action)}。` : ''}第一处：${first.message}`
    : `审计记录完整：共 ${entries} 条，最后一条是${entryName(head!.seq, head!.at, last!.action)}；${counts || '账务数据'}及期间发生额 ${movementsChecked} 行均与审计记录一致。`;
  return {
    ok: total === 0,
    entries,
    head,
    checked,
    movementsChecked,
    anchor,
    problems,
    moreProblems: total - problems.length,
    summary,
    checkedAt: (options.now ?? new Date()).toISOString(),
  };
}

/** Chain problems first (in sequence order), then records and movements. */
function order(problem: AuditProblem): number {
  const rank = { chain: 0, anchor: 1, record: 2, movement: 3 }[problem.kind];
  return rank * 1e12 + (problem.seq ?? 1e11);
}

function recordName(info: Record<string, unknown>, key: string): string {
  const label = typeof info.label === 'string' ? info.label : key;
  return typeof info.period === 'string' ? `${label}，${info.period}` : label;
}

function checkMovements(db: Reader, add: (p: AuditProblem) => void): number {
  const present = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name IN ('period_movement', 'voucher_line', 'voucher')`)!.n;
  if (present < 3) return 0;
  const key = (r: { book_id: string; account_code: string; year: number; month: number }) => `${r.book_id}|${r.account_code}|${r.year}|${r.month}`;
  type Sum = { book_id: string; account_code: string; year: number; month: number; debit: number; credit: number };
  const stored = new Map(db.all<Sum>(sql`SELECT book_id, account_code, year, month, debit, credit FROM period_movement`).map((r) => [key(r), r]));
  const derived = db.all<Sum>(sql`
    SELECT l.book_id, l.account_code, v.year, v.month, sum(l.debit) AS debit, sum(l.credit) AS credit
    FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
    WHERE v.status = 'posted'
    GROUP BY l.book_id, l.account_code, v.year, v.month`);
  const checked = stored.size;
  const report = (r: Sum, s: { debit: number; credit: number }, d: { debit: number; credit: number }) =>
    add({
      kind: 'movement', seq: null, at: null, action: null,
      message: `科目 ${r.account_code} ${r.year}年${String(r.month).padStart(2, '0')}月的期间发生额（借 ${yuan(s.debit)}，贷 ${yuan(s.credit)}）与已记账凭证重新汇总的结果（借 ${yuan(d.debit)}，贷 ${yuan(d.credit)}）不符：账务数据在程序之外被修改。`,
    });
  for (const d of derived) {
    const s = stored.get(key(d));
    stored.delete(key(d));
    const have = s ?? { debit: 0, credit: 0 };
    if (have.debit !== d.debit || have.credit !== d.credit) report(d, have, d);
  }
  // What is left has no posted line behind it: it must be zero (a 反结账 leaves zero rows).
  for (const s of stored.values()) if (s.debit !== 0 || s.credit !== 0) report(s, s, { debit: 0, credit: 0 });
  return checked;
}

export { actionLabel };
