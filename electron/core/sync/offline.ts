import { randomBytes, verify as verifySignature, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { AppError } from '../../../shared/api/errors';
import { canonicalJson } from '../../../shared/sync/canonical';
import {
  downPayloadSchema,
  packageEnvelopeSchema,
  packageMessage,
  PACKAGE_EXTENSION,
  PACKAGE_FORMAT,
  PACKAGE_VERSION,
  type DownPayload,
  type PackageEnvelope,
  type UpPayload,
} from '../../../shared/sync/package';
import type { Identity } from './client';
import { sha256Hex } from './digest';
import { signWith } from './keys';

/**
 * 离线包 at the township (shared/sync/package.ts for the format): the up package is written in
 * `<data dir>/离线包/` for the user to copy to a USB stick; the county's answer is read from any
 * path the user names, and accepted only when the county's key signed it for this very device.
 */

export const packageDirOf = (dataDir: string) => join(dataDir, '离线包');

const MAX_PACKAGE_BYTES = 64 * 1024 * 1024;

interface Who {
  device_id: string;
  township_code: string;
  township_name: string;
  epoch: number;
  county_key: string | null;
}

export function buildUpPackage(id: Identity, who: Who, payload: UpPayload, now: Date): { fileName: string; bytes: Buffer } {
  const payloadText = canonicalJson(payload);
  const fields = {
    direction: 'up' as const,
    townshipCode: who.township_code,
    deviceId: id.deviceId,
    epoch: id.epoch,
    createdAt: now.toISOString(),
    nonce: randomBytes(18).toString('base64url'),
    payloadHash: sha256Hex(payloadText),
  };
  const envelope: PackageEnvelope = { format: PACKAGE_FORMAT, version: PACKAGE_VERSION, ...fields, payload: payloadText, signature: signWith(id.key, packageMessage(fields)) };
  const stamp = fields.createdAt.replace(/[-:]/g, '').slice(0, 15);
  return {
    fileName: `乡财通离线包-${who.township_name}-${stamp}${PACKAGE_EXTENSION}`,
    bytes: brotliCompressSync(Buffer.from(JSON.stringify(envelope)), { params: { [constants.BROTLI_PARAM_QUALITY]: 6 } }),
  };
}

export function writePackage(dataDir: string, fileName: string, bytes: Buffer): string {
  const dir = packageDirOf(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, fileName);
  writeFileSync(`${path}.part`, bytes);
  renameSync(`${path}.part`, path);
  return path;
}

const refuse = (message: string) => new AppError('SYNC_ERROR', message);

/** The county's answer, checked: a 离线包, from the county (its key), for this device, intact. */
export function readDownPackage(file: string, who: Who): DownPayload {
  if (!existsSync(file) || !statSync(file).isFile()) throw refuse(`找不到离线包文件：${file}`);
  if (statSync(file).size > MAX_PACKAGE_BYTES) throw refuse('文件过大，不是乡财通的离线包。');
  let envelope: PackageEnvelope;
  try {
    const text = brotliDecompressSync(readFileSync(file), { maxOutputLength: 8 * MAX_PACKAGE_BYTES }).toString('utf8');
    const parsed = packageEnvelopeSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error('shape');
    envelope = parsed.data;
  } catch {
    throw refuse('这个文件不是乡财通的离线包，或已损坏。');
  }
  if (envelope.direction !== 'down') throw refuse('这是本乡镇导出给县级的离线包，应交县财政局导入；请导入县财政局发回的回执离线包。');
  if (envelope.deviceId !== who.device_id || envelope.townshipCode !== who.township_code) throw refuse('这个离线包是县级发给另一台电脑或另一个乡镇的，未导入。');
  if (!who.county_key) throw refuse('本机还没有县级服务器的公钥（旧版本登记），无法核验离线包。请联网同步一次，或重新登记。');
  const intact =
    sha256Hex(envelope.payload) === envelope.payloadHash &&
    verifySignature(null, Buffer.from(packageMessage(envelope), 'utf8'), createPublicKey({ key: Buffer.from(who.county_key, 'base64'), format: 'der', type: 'spki' }), Buffer.from(envelope.signature, 'base64'));
  if (!intact) throw refuse('离线包的签名核验未通过（文件被改动，或不是本县级服务器发出的），未导入。');
  const payload = downPayloadSchema.safeParse(JSON.parse(envelope.payload));
  if (!payload.success) throw refuse('离线包内容格式不正确，请升级乡财通后再导入。');
  return payload.data;
}
