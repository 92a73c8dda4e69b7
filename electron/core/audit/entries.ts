import type { AuditEntrySummary } from '../../../shared/api/systemCommands';
import type { ReadableDB } from '../db/handles';
import { sql } from '../db/sql';
import { actionLabel } from './describe';
import { kindByName } from './records';

interface Payload {
  actor?: { username?: string; displayName?: string } | null;
  input?: { username?: unknown } | null;
  records?: { t: string; k: string; d: string | null; i?: { label?: unknown; period?: unknown } }[];
}

/** The latest entries, newest first, in words (for 设置 → 审计记录). */
export function listAuditEntries(db: ReadableDB, limit: number, beforeSeq?: number): AuditEntrySummary[] {
  const rows = db.all<{ seq: number; at: string; kind: 'command' | 'system'; action: string; payload: string; hash: string }>(
    beforeSeq === undefined
      ? sql`SELECT seq, at, kind, action, payload, hash FROM audit_log ORDER BY seq DESC LIMIT ${limit}`
      : sql`SELECT seq, at, kind, action, payload, hash FROM audit_log WHERE seq < ${beforeSeq} ORDER BY seq DESC LIMIT ${limit}`,
  );
  return rows.map((row) => {
    let payload: Payload = {};
    try {
      payload = JSON.parse(row.payload) as Payload;
    } catch {
      // Shown as it is; 审计校验 names the problem.
    }
    const records = payload.records ?? [];
    return {
      seq: row.seq,
      at: row.at,
      kind: row.kind,
      action: row.action,
      actionLabel: actionLabel(row.action),
      // Before a login there is no user yet: name the login name that was tried.
      actor: payload.actor
        ? `${payload.actor.displayName ?? ''}（${payload.actor.username ?? ''}）`
        : typeof payload.input?.username === 'string'
          ? `登录名 ${payload.input.username}`
          : null,
      records: records.slice(0, 5).map((r) => {
        const label = kindByName.get(r.t)?.label ?? r.t;
        const name = typeof r.i?.label === 'string' ? r.i.label : r.k;
        const period = typeof r.i?.period === 'string' ? `（${r.i.period}）` : '';
        return `${label} ${name}${period}${r.d === null ? ' 已删除' : ''}`;
      }),
      recordCount: records.length,
      hash: row.hash,
    };
  });
}
