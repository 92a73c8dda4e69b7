import type { FastifyRequest } from 'fastify';
import { uuidv7 } from '../../../shared/domain/id';
import { GENESIS_HASH } from '../../../shared/sync/canonical';
import { ServerError } from '../../../shared/sync/errors';
import type { EnrollRequest, EnrollResponse, Versions } from '../../../shared/sync/messages';
import { enrollmentMessage, NONCE_PATTERN, stringToSign } from '../../../shared/sync/signing';
import { compareVersions, SYNC_PROTOCOL_VERSION, SYNC_SCHEMA_VERSION, syncHeaders } from '../../../shared/sync/version';
import type { ServerContext } from '../context';
import { parseDevicePublicKey, sha256Hex, verifyEd25519 } from '../crypto';
import { one } from '../db/database';
import { normalizeEnrollmentCode } from '../county/townships';
import { countyKey } from './countyKey';

export function versionsOf(ctx: ServerContext): Versions {
  return { protocol: SYNC_PROTOCOL_VERSION, schema: SYNC_SCHEMA_VERSION, minAppVersion: ctx.config.minAppVersion, serverTime: ctx.now().toISOString() };
}

/** Protocol and app version of any device request, enroll included. */
export function checkVersions(ctx: ServerContext, protocol: string | undefined, appVersion: string | undefined): void {
  if (protocol !== undefined && Number(protocol) !== SYNC_PROTOCOL_VERSION) {
    throw new ServerError('PROTOCOL_MISMATCH', `同步协议版本不一致（本机 ${protocol}，县级 ${SYNC_PROTOCOL_VERSION}）。请把乡财通升级到县级要求的版本。`, versionsOf(ctx));
  }
  if (appVersion !== undefined && compareVersions(appVersion, ctx.config.minAppVersion) < 0) {
    throw new ServerError('APP_TOO_OLD', `乡财通版本过旧（本机 ${appVersion}），县级要求 ${ctx.config.minAppVersion} 或更高版本。请从县级服务器下载升级（/updates/）后再同步。`, versionsOf(ctx));
  }
}

/**
 * Enrollment with a one-time code: the township's epoch goes up by one and the new device gets
 * it, which fences every earlier device of the township (a replaced PC can no longer push).
 */
export async function enroll(ctx: ServerContext, input: EnrollRequest): Promise<EnrollResponse> {
  try {
    parseDevicePublicKey(input.publicKey);
  } catch {
    throw new ServerError('INVALID_INPUT', '设备公钥不是有效的 Ed25519 公钥。');
  }
  if (!verifyEd25519(input.publicKey, enrollmentMessage(input), input.proof)) {
    throw new ServerError('BAD_SIGNATURE', '登记请求的签名不正确，已拒绝。');
  }
  const codeHash = sha256Hex(normalizeEnrollmentCode(input.code));
  const now = ctx.now();
  const county = await countyKey(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const code = await one<{ township_code: string; expires_at: Date; used_at: Date | null }>(
      tx,
      'SELECT township_code, expires_at, used_at FROM enrollment_code WHERE code_hash = $1 FOR UPDATE',
      [codeHash],
    );
    if (!code || code.used_at || code.expires_at <= now) {
      throw new ServerError('ENROLLMENT_CODE_INVALID', '登记码无效、已使用或已过期。请向县财政局申请新的登记码（每个登记码只能用一次）。');
    }
    if (await one(tx, 'SELECT 1 FROM device WHERE public_key = $1', [input.publicKey])) {
      throw new ServerError('CONFLICT', '这把设备密钥已经登记过。');
    }
    const township = (await one<{ epoch: number; name: string }>(tx, 'UPDATE township SET epoch = epoch + 1 WHERE code = $1 RETURNING epoch, name', [code.township_code]))!;
    const deviceId = uuidv7();
    await tx.query(
      `INSERT INTO device (id, township_code, epoch, public_key, status, label, app_version, installation_id, enrolled_at, ack_seq, head_hash)
       VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8, 0, $9)`,
      [deviceId, code.township_code, township.epoch, input.publicKey, input.label, input.appVersion, input.installationId, now, GENESIS_HASH],
    );
    await tx.query('UPDATE enrollment_code SET used_at = $2, device_id = $3 WHERE code_hash = $1', [codeHash, now, deviceId]);
    return { deviceId, townshipCode: code.township_code, townshipName: township.name, epoch: township.epoch, countyPublicKey: county.publicKey, versions: versionsOf(ctx) };
  });
}

export interface AuthedDevice {
  id: string;
  townshipCode: string;
  epoch: number;
}

interface DeviceRow {
  id: string;
  township_code: string;
  epoch: number;
  public_key: string;
  status: 'active' | 'retired';
  township_epoch: number;
  retired_at: Date | null;
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

let nonceWrites = 0;

/**
 * Checks a signed device request: all fields present, body hash and Ed25519 signature, time
 * within the window (else the server's time comes back for the device to correct its offset),
 * device known, active and of the township's current epoch, nonce never seen. Refusals are typed.
 */
export async function authenticateDevice(ctx: ServerContext, request: FastifyRequest, body: Buffer): Promise<AuthedDevice> {
  const deviceId = header(request, syncHeaders.device);
  const epochText = header(request, syncHeaders.epoch);
  const timeText = header(request, syncHeaders.time);
  const nonce = header(request, syncHeaders.nonce);
  const bodyHash = header(request, syncHeaders.bodyHash);
  const signature = header(request, syncHeaders.signature);
  if (!deviceId || !epochText || !timeText || !nonce || !bodyHash || !signature) {
    throw new ServerError('UNSIGNED', '请求没有签名，已拒绝。本机须先用登记码登记到县级服务器。');
  }
  checkVersions(ctx, header(request, syncHeaders.protocol) ?? '', header(request, syncHeaders.appVersion) ?? '0.0.0');
  if (!NONCE_PATTERN.test(nonce) || !/^\d{1,16}$/.test(timeText) || !/^\d{1,9}$/.test(epochText)) {
    throw new ServerError('BAD_SIGNATURE', '请求的签名字段格式不正确，已拒绝。');
  }
  const device = await one<DeviceRow>(
    ctx.db,
    `SELECT d.id, d.township_code, d.epoch, d.public_key, d.status, d.retired_at, t.epoch AS township_epoch
     FROM device d JOIN township t ON t.code = d.township_code WHERE d.id = $1`,
    [deviceId],
  );
  if (!device) throw new ServerError('UNKNOWN_DEVICE', '县级服务器没有这台电脑的登记记录。请向县财政局申请登记码重新登记。');
  if (sha256Hex(body) !== bodyHash) throw new ServerError('BAD_SIGNATURE', '请求内容与签名不符（传输中被改动），已拒绝。');
  const path = request.url.split('?')[0]!;
  const fields = { method: request.method, path, deviceId, epoch: Number(epochText), time: Number(timeText), nonce, bodyHash };
  if (!verifyEd25519(device.public_key, stringToSign(fields), signature)) {
    throw new ServerError('BAD_SIGNATURE', '请求签名不正确，已拒绝。');
  }
  // Signed by the device's own key from here on: what follows may name the device's situation.
  const now = ctx.now().getTime();
  if (Math.abs(fields.time - now) > ctx.config.clockWindowMs) {
    throw new ServerError('CLOCK_SKEW', '本机时间与县级服务器相差过大，请求已拒绝（本机将按服务器时间自动校正后重试）。', versionsOf(ctx));
  }
  if (device.status === 'retired') {
    throw new ServerError('DEVICE_RETIRED', `这台电脑已被县财政局停用（${device.retired_at?.toISOString().slice(0, 10) ?? ''}），不能再与县级同步。本机数据仍可查看；如需继续同步，请向县财政局申请新的登记码重新登记。`);
  }
  if (fields.epoch !== device.epoch || device.epoch < device.township_epoch) {
    throw new ServerError('DEVICE_FENCED', '本乡镇已在县级登记了另一台电脑（例如更换了电脑），这台电脑已被取代，不能再向县级同步。本机数据仍可查看；如需继续在本机记账，请向县财政局申请新的登记码重新登记。');
  }
  // The nonce and the device's last contact in one statement (one round trip, one commit per request):
  // last_seen_at moves only when the nonce is new.
  const inserted = await ctx.db.query<{ n: number }>(
    `WITH fresh AS (INSERT INTO device_nonce (device_id, nonce, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1),
          seen AS (UPDATE device SET last_seen_at = $3 WHERE id = $1 AND EXISTS (SELECT 1 FROM fresh) RETURNING 1)
     SELECT (SELECT count(*) FROM fresh)::int AS n`,
    [deviceId, nonce, new Date(now)],
  );
  if (inserted[0]?.n !== 1) throw new ServerError('REPLAYED', '重复的请求（可能是重放攻击），已拒绝。');
  if (++nonceWrites % 500 === 0) {
    await ctx.db.query('DELETE FROM device_nonce WHERE at < $1', [new Date(now - 2 * ctx.config.clockWindowMs)]);
  }
  return { id: device.id, townshipCode: device.township_code, epoch: device.epoch };
}
