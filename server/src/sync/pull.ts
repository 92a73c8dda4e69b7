import type { CountyKind } from '../../../shared/sync/kinds';
import type { CountyChange, PullRequest, PullResponse } from '../../../shared/sync/messages';
import type { ServerContext } from '../context';
import { one } from '../db/database';
import type { AuthedDevice } from './devices';
import { versionsOf } from './devices';
import { openIssues } from './push';

/**
 * County-owned changes for the device's township after its cursor, in feed order, up to about
 * `maxBytes` of JSON (at least one change). With them: the device's ack and open issues, so the
 * app's 同步异常 inbox is current even when it has nothing to push.
 */
export async function handlePull(ctx: ServerContext, device: AuthedDevice, body: PullRequest): Promise<PullResponse> {
  const rows = await ctx.db.query<{ seq: number; kind: CountyKind; key: string; book_id: string | null; schema: number; data: string; created_at: Date }>(
    'SELECT seq, kind, key, book_id, schema, data, created_at FROM county_feed WHERE township_code = $1 AND seq > $2 ORDER BY seq LIMIT 2001',
    [device.townshipCode, body.cursor],
  );
  const changes: CountyChange[] = [];
  let bytes = 0;
  for (const r of rows.slice(0, 2000)) {
    if (changes.length > 0 && bytes + r.data.length > body.maxBytes) break;
    changes.push({ cursor: r.seq, kind: r.kind, key: r.key, book: r.book_id, schema: r.schema, data: JSON.parse(r.data), at: r.created_at.toISOString() });
    bytes += r.data.length + 100;
  }
  const device_ = (await one<{ ack_seq: number; head_hash: string }>(ctx.db, 'SELECT ack_seq, head_hash FROM device WHERE id = $1', [device.id]))!;
  return {
    changes,
    cursor: changes.length > 0 ? changes[changes.length - 1]!.cursor : body.cursor,
    more: changes.length < rows.length,
    ack: device_.ack_seq,
    ackHash: device_.head_hash,
    issues: await openIssues(ctx.db, device.id),
    versions: versionsOf(ctx),
  };
}
