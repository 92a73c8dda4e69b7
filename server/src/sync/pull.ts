import type { CountyKind } from '../../../shared/sync/kinds';
import type { CountyChange, PullRequest, PullResponse } from '../../../shared/sync/messages';
import type { ServerContext } from '../context';
import { one, type Queryable } from '../db/database';
import type { AuthedDevice } from './devices';
import { versionsOf } from './devices';
import { openIssues } from './push';

/**
 * County-owned changes for the device's township after its cursor, in feed order, up to about
 * `maxBytes` of JSON (at least one change). With them: the device's ack and open issues, so the
 * app's 同步异常 inbox is current even when it has nothing to push.
 *
 * The device names the change at its cursor (`cursorId`). When the county does not hold that
 * change there — its database was restored from an older backup and the number went to another
 * change, or the feed now ends before it — the feed the device followed is not this one: the page
 * starts from the beginning of the feed, `restarted`, and the device takes it again (applying a
 * county change twice is harmless; it skips the ones it has by their ids).
 */
export async function handlePull(ctx: ServerContext, device: AuthedDevice, body: PullRequest): Promise<PullResponse> {
  const restarted = body.cursor > 0 && body.cursorId !== undefined && !(await holdsAt(ctx.db, device.townshipCode, body.cursor, body.cursorId));
  const after = restarted ? 0 : body.cursor;
  const rows = await ctx.db.query<{ seq: number; id: string; kind: CountyKind; key: string; book_id: string | null; schema: number; data: string; created_at: Date }>(
    'SELECT seq, id, kind, key, book_id, schema, data, created_at FROM county_feed WHERE township_code = $1 AND seq > $2 ORDER BY seq LIMIT 2001',
    [device.townshipCode, after],
  );
  const changes: CountyChange[] = [];
  let bytes = 0;
  for (const r of rows.slice(0, 2000)) {
    if (changes.length > 0 && bytes + r.data.length > body.maxBytes) break;
    changes.push({ cursor: r.seq, id: r.id, kind: r.kind, key: r.key, book: r.book_id, schema: r.schema, data: JSON.parse(r.data), at: r.created_at.toISOString() });
    bytes += r.data.length + 100;
  }
  const device_ = (await one<{ ack_seq: number; head_hash: string }>(ctx.db, 'SELECT ack_seq, head_hash FROM device WHERE id = $1', [device.id]))!;
  return {
    changes,
    cursor: changes.length > 0 ? changes[changes.length - 1]!.cursor : after,
    more: changes.length < rows.length,
    restarted,
    ack: device_.ack_seq,
    ackHash: device_.head_hash,
    issues: await openIssues(ctx.db, device.id),
    versions: versionsOf(ctx),
  };
}

/** Whether the township's feed holds the change `id` at `seq` (null: the device does not know the id — not provably the same). */
async function holdsAt(db: Queryable, townshipCode: string, seq: number, id: string | null): Promise<boolean> {
  if (id === null) return false;
  return !!(await one(db, 'SELECT 1 FROM county_feed WHERE township_code = $1 AND seq = $2 AND id = $3', [townshipCode, seq, id]));
}
