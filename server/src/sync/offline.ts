import { randomBytes } from 'node:crypto';
import { brotliCompressSync, constants } from 'node:zlib';
import { canonicalJson } from '../../../shared/sync/canonical';
import { ServerError } from '../../../shared/sync/errors';
import type { CountyChange } from '../../../shared/sync/messages';
import {
  downPayloadSchema,
  packageEnvelopeSchema,
  packageMessage,
  PACKAGE_FORMAT,
  PACKAGE_VERSION,
  upPayloadSchema,
  type DownPayload,
  type PackageEnvelope,
} from '../../../shared/sync/package';
import type { Operator } from '../auth/operators';
import type { ServerContext } from '../context';
import { sha256Hex, verifyEd25519 } from '../crypto';
import { one } from '../db/database';
import { inflate } from '../http/deviceRoutes';
import { parseInput } from '../http/errors';
import { countyKey, signAsCounty } from './countyKey';
import { versionsOf, type AuthedDevice } from './devices';
import { handlePull } from './pull';
import { handlePush, openIssues } from './push';

function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ServerError('INVALID_INPUT', `${what}不是有效的乡财通离线包（内容无法读取）。`);
  }
}

/**
 * A township's 离线包, imported at the county (by an operator, from the USB stick): the same
 * checks as a signed request (device known and active, of the current epoch, signature over
 * the payload's hash; a nonce never seen, kept for good since a package may travel for weeks),
 * then exactly the online push (page by page, idempotent by (device, seq)) and pull. The answer
 * is the county's own signed package for the township to import.
 */
export async function importPackage(ctx: ServerContext, _operator: Operator, bytes: Buffer): Promise<{ fileName: string; bytes: Buffer; summary: { townshipCode: string; deviceId: string; ack: number; applied: number; duplicates: number; changesBack: number; error: { code: string; message: string } | null } }> {
  const envelope = parseInput(packageEnvelopeSchema, parseJsonText(inflate(bytes, 'br', ctx.config.inflatedLimit).toString('utf8'), '文件'));
  if (envelope.direction !== 'up') throw new ServerError('RULE_VIOLATION', '这是县级发给乡镇的离线包，应在乡镇的乡财通中导入。');
  const device = await one<{ id: string; township_code: string; epoch: number; public_key: string; status: string; township_epoch: number }>(
    ctx.db,
    `SELECT d.id, d.township_code, d.epoch, d.public_key, d.status, t.epoch AS township_epoch FROM device d JOIN township t ON t.code = d.township_code WHERE d.id = $1`,
    [envelope.deviceId],
  );
  if (!device || device.township_code !== envelope.townshipCode) throw new ServerError('UNKNOWN_DEVICE', '县级服务器没有这台电脑的登记记录，离线包未导入。');
  if (sha256Hex(envelope.payload) !== envelope.payloadHash || !verifyEd25519(device.public_key, packageMessage(envelope), envelope.signature)) {
    throw new ServerError('BAD_SIGNATURE', '离线包的签名不正确（文件被改动或不是这台电脑生成的），未导入。');
  }
  if (device.status === 'retired') throw new ServerError('DEVICE_RETIRED', '生成这个离线包的电脑已被停用，离线包未导入。');
  if (envelope.epoch !== device.epoch || device.epoch < device.township_epoch) {
    throw new ServerError('DEVICE_FENCED', '生成这个离线包的电脑已被该乡镇新登记的电脑取代，离线包未导入。');
  }
  const fresh = await ctx.db.query('INSERT INTO package_nonce (device_id, nonce, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1', [device.id, envelope.nonce, ctx.now()]);
  if (fresh.length === 0) throw new ServerError('REPLAYED', '这个离线包已经导入过。请让乡镇重新导出离线包。');
  const payload = parseInput(upPayloadSchema, parseJsonText(envelope.payload, '离线包内容'));
  const authed: AuthedDevice = { id: device.id, townshipCode: device.township_code, epoch: device.epoch };

  let applied = 0;
  let duplicates = 0;
  let error: { code: string; message: string } | null = null;
  for (const page of payload.pushes) {
    try {
      const answer = await handlePush(ctx, authed, page);
      applied += answer.applied;
      duplicates += answer.duplicates;
    } catch (failure) {
      if (!(failure instanceof ServerError)) throw failure;
      error = { code: failure.code, message: failure.message };
      break;
    }
  }
  // The pull as online, the package's cursor naming its change: a feed that is no longer the one
  // the township followed (a restored county database) is sent from its beginning, `restarted`.
  const changes: CountyChange[] = [];
  let cursor = payload.pullCursor;
  let cursorId = payload.pullCursorId;
  let restarted = false;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await handlePull(ctx, authed, { cursor, cursorId, maxBytes: 4 * 1024 * 1024 });
    changes.push(...page.changes);
    restarted ||= page.restarted === true;
    cursor = page.cursor;
    if (page.changes.length > 0) cursorId = page.changes[page.changes.length - 1]!.id;
    if (!page.more) break;
  }
  // An app that predates feed ids (no pullCursorId) reads the package with a schema that allows
  // no unknown field: its package keeps the old shape.
  const legacy = payload.pullCursorId === undefined;
  const state = (await one<{ ack_seq: number; head_hash: string }>(ctx.db, 'SELECT ack_seq, head_hash FROM device WHERE id = $1', [device.id]))!;
  const down: DownPayload = downPayloadSchema.parse({
    push: { ack: state.ack_seq, ackHash: state.head_hash, applied, duplicates, error },
    issues: await openIssues(ctx.db, device.id),
    changes: legacy ? changes.map(({ id: _id, ...rest }) => rest) : changes,
    cursor,
    fromCursor: payload.pullCursor,
    ...(legacy ? {} : { restarted }),
    versions: versionsOf(ctx),
  });
  const key = await countyKey(ctx.db);
  const payloadText = canonicalJson(down);
  const fields = {
    direction: 'down' as const,
    townshipCode: device.township_code,
    deviceId: device.id,
    epoch: device.epoch,
    createdAt: ctx.now().toISOString(),
    nonce: randomBytes(18).toString('base64url'),
    payloadHash: sha256Hex(payloadText),
  };
  const answer: PackageEnvelope = { format: PACKAGE_FORMAT, version: PACKAGE_VERSION, ...fields, payload: payloadText, signature: signAsCounty(key, packageMessage(fields)) };
  const file = brotliCompressSync(Buffer.from(JSON.stringify(answer)), { params: { [constants.BROTLI_PARAM_QUALITY]: 6 } });
  const stamp = fields.createdAt.replace(/[-:]/g, '').slice(0, 15);
  return {
    fileName: `县级回执-${device.township_code}-${stamp}.xcsync`,
    bytes: file,
    summary: { townshipCode: device.township_code, deviceId: device.id, ack: state.ack_seq, applied, duplicates, changesBack: changes.length, error },
  };
}
