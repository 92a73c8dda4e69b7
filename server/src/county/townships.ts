import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { ServerError } from '../../../shared/sync/errors';
import type { CountyKind } from '../../../shared/sync/kinds';
import { SYNC_SCHEMA_VERSION } from '../../../shared/sync/version';
import type { Operator } from '../auth/operators';
import type { ServerContext } from '../context';
import { sha256Hex } from '../crypto';
import { one, type Queryable } from '../db/database';

export const townshipCreateSchema = z.object({
  code: z.string().trim().regex(/^\d{6,12}$/, '财政区划代码应为 6 至 12 位数字（乡镇一般为 9 位）'),
  name: z.string().trim().min(2, '请填写乡镇名称').max(60, '乡镇名称不超过 60 字'),
});

export interface Township {
  code: string;
  name: string;
  epoch: number;
  createdAt: string;
  devices: number;
}

export async function listTownships(db: Queryable): Promise<Township[]> {
  const rows = await db.query<{ code: string; name: string; epoch: number; created_at: Date; devices: number }>(
    `SELECT t.code, t.name, t.epoch, t.created_at, (SELECT count(*) FROM device d WHERE d.township_code = t.code AND d.status = 'active') AS devices
     FROM township t ORDER BY t.code`,
  );
  return rows.map((r) => ({ code: r.code, name: r.name, epoch: r.epoch, createdAt: r.created_at.toISOString(), devices: r.devices }));
}

export async function requireTownship(db: Queryable, code: string): Promise<{ code: string; name: string; epoch: number }> {
  const row = await one<{ code: string; name: string; epoch: number }>(db, 'SELECT code, name, epoch FROM township WHERE code = $1', [code]);
  if (!row) throw new ServerError('NOT_FOUND', `没有登记财政区划代码为 ${code} 的乡镇`);
  return row;
}

/**
 * Registers a township; what every township already received (the latest reference data and
 * thresholds) goes into its feed too, so it starts where the others are.
 */
export async function createTownship(ctx: ServerContext, operator: Operator, input: z.infer<typeof townshipCreateSchema>): Promise<Township> {
  return ctx.db.transaction(async (tx) => {
    if (await one(tx, 'SELECT 1 FROM township WHERE code = $1', [input.code])) throw new ServerError('CONFLICT', `财政区划代码 ${input.code} 已登记`);
    const now = ctx.now();
    await tx.query('INSERT INTO township (code, name, epoch, feed_seq, created_at, created_by) VALUES ($1, $2, 0, 0, $3, $4)', [input.code, input.name, now, operator.id]);
    const latest = await tx.query<{ kind: CountyKind; key: string; schema: number; data: string }>(
      `SELECT DISTINCT ON (kind, key) kind, key, schema, data FROM broadcast
       WHERE kind IN ('referenceData', 'threshold') ORDER BY kind, key, id DESC`,
    );
    for (const b of latest) await appendFeed(tx, input.code, { kind: b.kind, key: b.key, book: null, schema: b.schema, data: b.data }, now);
    return { code: input.code, name: input.name, epoch: 0, createdAt: now.toISOString(), devices: 0 };
  });
}

/**
 * One county change into a township's feed. The township row is locked while its sequence
 * moves, so feed entries commit in sequence order and a cursor never skips one.
 */
export async function appendFeed(
  tx: Queryable,
  townshipCode: string,
  entry: { kind: CountyKind; key: string; book: string | null; schema?: number; data: string },
  now: Date,
): Promise<number> {
  const row = await one<{ feed_seq: number }>(tx, 'UPDATE township SET feed_seq = feed_seq + 1 WHERE code = $1 RETURNING feed_seq', [townshipCode]);
  if (!row) throw new ServerError('NOT_FOUND', `没有登记财政区划代码为 ${townshipCode} 的乡镇`);
  await tx.query(
    'INSERT INTO county_feed (township_code, seq, kind, key, book_id, schema, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [townshipCode, row.feed_seq, entry.kind, entry.key, entry.book, entry.schema ?? SYNC_SCHEMA_VERSION, entry.data, now],
  );
  return row.feed_seq;
}

// Unambiguous characters only (no 0/O, 1/I/L): read aloud over the phone and typed by hand.
const codeAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export const normalizeEnrollmentCode = (code: string) => code.toUpperCase().replace(/[^0-9A-Z]/g, '');

/** A one-time enrollment code for a township: shown once, stored only as its hash. */
export async function issueEnrollmentCode(ctx: ServerContext, operator: Operator, townshipCode: string): Promise<{ code: string; townshipCode: string; expiresAt: string }> {
  await requireTownship(ctx.db, townshipCode);
  let raw = '';
  for (let i = 0; i < 12; i++) raw += codeAlphabet[randomInt(codeAlphabet.length)];
  const code = raw.match(/.{4}/g)!.join('-');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.enrollmentCodeHours * 3600_000);
  await ctx.db.query(
    'INSERT INTO enrollment_code (code_hash, township_code, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [sha256Hex(normalizeEnrollmentCode(code)), townshipCode, operator.id, now, expiresAt],
  );
  return { code, townshipCode, expiresAt: expiresAt.toISOString() };
}

export interface DeviceInfo {
  id: string;
  townshipCode: string;
  label: string;
  status: 'active' | 'retired';
  /** Active and of the township's current epoch: the one device that may sync. */
  current: boolean;
  epoch: number;
  appVersion: string;
  enrolledAt: string;
  retiredAt: string | null;
  lastSeenAt: string | null;
  ackSeq: number;
}

export async function listDevices(db: Queryable, townshipCode: string): Promise<DeviceInfo[]> {
  const township = await requireTownship(db, townshipCode);
  const rows = await db.query<{
    id: string; township_code: string; label: string; status: 'active' | 'retired'; epoch: number; app_version: string;
    enrolled_at: Date; retired_at: Date | null; last_seen_at: Date | null; ack_seq: number;
  }>('SELECT * FROM device WHERE township_code = $1 ORDER BY enrolled_at', [townshipCode]);
  return rows.map((r) => ({
    id: r.id,
    townshipCode: r.township_code,
    label: r.label,
    status: r.status,
    current: r.status === 'active' && r.epoch === township.epoch,
    epoch: r.epoch,
    appVersion: r.app_version,
    enrolledAt: r.enrolled_at.toISOString(),
    retiredAt: r.retired_at?.toISOString() ?? null,
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    ackSeq: r.ack_seq,
  }));
}

export async function retireDevice(ctx: ServerContext, operator: Operator, deviceId: string): Promise<{ retired: true }> {
  const row = await one<{ status: string }>(ctx.db, 'SELECT status FROM device WHERE id = $1', [deviceId]);
  if (!row) throw new ServerError('NOT_FOUND', '没有这台登记的电脑');
  if (row.status === 'retired') throw new ServerError('CONFLICT', '这台电脑已经停用');
  await ctx.db.query(`UPDATE device SET status = 'retired', retired_at = $2, retired_by = $3 WHERE id = $1`, [deviceId, ctx.now(), operator.id]);
  return { retired: true };
}
