import type { SyncIssue, SyncIssues, SyncNotice, SyncPeriodCheck } from '../../../shared/api/syncCommands';
import { isCountyKind, isTownshipKind, kindLabels } from '../../../shared/sync/kinds';
import type { ChangeIssue } from '../../../shared/sync/messages';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql } from '../db/sql';

/**
 * The 同步异常 inbox: the county's rejections and holds of this device's changes (as the county
 * reports them in every answer), county records that could not be applied here, and period
 * closes that do not match the county's books. Nothing disappears silently: an entry is marked
 * resolved when the county applies a later change of the record, or the record applies here.
 */

export interface IssueInput {
  id: string;
  source: 'push' | 'pull' | 'check';
  ref: string;
  kind: string;
  key: string;
  status: 'rejected' | 'held' | 'failed' | 'difference';
  reason: string;
  message: string;
  action: string;
}

export function recordIssue(db: WritableDB, issue: IssueInput, at: string): void {
  db.run(sql`
    INSERT INTO sync_issue (id, source, ref, kind, key, status, reason, message, action, first_seen_at, last_seen_at, resolved_at)
    VALUES (${issue.id}, ${issue.source}, ${issue.ref}, ${issue.kind}, ${issue.key}, ${issue.status}, ${issue.reason}, ${issue.message}, ${issue.action}, ${at}, ${at}, NULL)
    ON CONFLICT (id) DO UPDATE SET status = excluded.status, reason = excluded.reason, message = excluded.message, action = excluded.action,
      last_seen_at = excluded.last_seen_at, resolved_at = NULL,
      first_seen_at = CASE WHEN sync_issue.resolved_at IS NULL THEN sync_issue.first_seen_at ELSE excluded.first_seen_at END`);
}

export function resolveIssue(db: WritableDB, id: string, at: string): void {
  db.run(sql`UPDATE sync_issue SET resolved_at = ${at} WHERE id = ${id} AND resolved_at IS NULL`);
}

/** The county's current list of this device's unapplied changes replaces the push entries. */
export function syncPushIssues(db: WritableDB, issues: readonly ChangeIssue[], at: string): void {
  const current = new Set<string>();
  for (const i of issues) {
    const id = `push:${i.seq}`;
    current.add(id);
    recordIssue(db, { id, source: 'push', ref: String(i.seq), kind: i.kind, key: i.key, status: i.status, reason: i.reason, message: i.message, action: i.action }, at);
  }
  // 'push:chain' (the device's history conflicts with the county's) is not in the county's list: it ends with a push that goes through.
  for (const open of db.all<{ id: string }>(sql`SELECT id FROM sync_issue WHERE source = 'push' AND resolved_at IS NULL AND id <> 'push:chain'`)) {
    if (!current.has(open.id)) resolveIssue(db, open.id, at);
  }
}

const statusLabels: Record<SyncIssue['status'], string> = { rejected: '县级拒收', held: '暂存待处理', failed: '本机未能应用', difference: '对账差异' };

export function listIssues(db: ReadableDB, includeResolved: boolean): SyncIssues {
  const rows = db.all<{
    id: string; source: SyncIssue['source']; kind: string; key: string; status: SyncIssue['status']; reason: string; message: string; action: string;
    first_seen_at: string; last_seen_at: string; resolved_at: string | null;
  }>(
    includeResolved
      ? sql`SELECT * FROM sync_issue ORDER BY resolved_at IS NOT NULL, first_seen_at DESC LIMIT 500`
      : sql`SELECT * FROM sync_issue WHERE resolved_at IS NULL ORDER BY first_seen_at DESC LIMIT 500`,
  );
  const issues: SyncIssue[] = rows.map((r) => ({
    id: r.id,
    source: r.source,
    kind: r.kind,
    kindLabel: isTownshipKind(r.kind) || isCountyKind(r.kind) ? kindLabels[r.kind] : r.kind,
    key: r.key,
    status: r.status,
    statusLabel: statusLabels[r.status],
    reason: r.reason,
    message: r.message,
    action: r.action,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    resolvedAt: r.resolved_at,
  }));
  const periodChecks: SyncPeriodCheck[] = db
    .all<{ book_id: string; year: number; month: number; status: string; differences: string; checked_at: string }>(sql`SELECT * FROM sync_period_check ORDER BY year DESC, month DESC LIMIT 120`)
    .map((r) => ({ bookId: r.book_id, year: r.year, month: r.month, status: r.status, differences: JSON.parse(r.differences) as SyncPeriodCheck['differences'], checkedAt: r.checked_at }));
  const notices: SyncNotice[] = db
    .all<{ id: string; title: string; body: string; published_at: string }>(sql`SELECT id, title, body, published_at FROM sync_notice ORDER BY published_at DESC LIMIT 50`)
    .map((r) => ({ id: r.id, title: r.title, body: r.body, publishedAt: r.published_at }));
  return { issues, periodChecks, notices };
}

export const openIssueCount = (db: ReadableDB): number => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM sync_issue WHERE resolved_at IS NULL`)!.n;
