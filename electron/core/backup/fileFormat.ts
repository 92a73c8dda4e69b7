import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { AppError } from '../../../shared/api/errors';

/**
 * The encrypted backup file (.xcbak): AES-256-GCM over the SQLite file, the key derived from
 * the backup password with scrypt. Everything before the ciphertext is authenticated as
 * associated data, so a changed header fails like a changed byte of data.
 *
 *   offset  size  field
 *        0     8  magic "XCBACKUP"
 *        8     2  format version (1), big-endian
 *       10     1  key derivation: 1 = scrypt
 *       11     1  scrypt log2(N)
 *       12     4  scrypt r
 *       16     4  scrypt p
 *       20    16  salt
 *       36    12  nonce (random per file)
 *       48    16  key check: HMAC-SHA256(key, "xiangcai backup key check"), first 16 bytes
 *       64     8  plaintext length
 *       72     4  metadata length M
 *       76     M  metadata, UTF-8 JSON (created at, reason, schema version, app version)
 *   76 + M     …  ciphertext (plaintext length bytes)
 *    end-16    16  GCM tag
 *
 * The key check tells a wrong password (refused at once) from a damaged file (the tag fails).
 */
export const MAGIC = Buffer.from('XCBACKUP', 'ascii');
export const FORMAT_VERSION = 1;
const FIXED_HEADER = 76;
const TAG_BYTES = 16;
const CHUNK = 1 << 20;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'ascii');

export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { log2N: 15, r: 8, p: 1 };

export interface BackupKey {
  key: Buffer;
  salt: Buffer;
  params: ScryptParams;
}

export interface BackupMeta {
  createdAt: string;
  reason: string;
  schemaVersion: number;
  appVersion: string;
  installationId: string | null;
}

export interface BackupHeader {
  version: number;
  params: ScryptParams;
  salt: Buffer;
  nonce: Buffer;
  keyCheck: Buffer;
  plaintextBytes: number;
  meta: BackupMeta;
  headerBytes: number;
}

/** Refusals of a backup file, each with the reason in `details.reason` and a message the accountant can act on. */
export function refuse(reason: string, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('RULE_VIOLATION', message, { reason, ...extra });
}

export function deriveBackupKey(password: string, salt: Buffer = randomBytes(16), params: ScryptParams = DEFAULT_SCRYPT): BackupKey {
  const N = 2 ** params.log2N;
  const key = scryptSync(password.normalize('NFKC'), salt, 32, { N, r: params.r, p: params.p, maxmem: 256 * N * params.r });
  return { key, salt, params };
}

function keyCheckOf(key: Buffer): Buffer {
  return createHmac('sha256', key).update('xiangcai backup key check').digest().subarray(0, 16);
}

function buildHeader(key: BackupKey, nonce: Buffer, plaintextBytes: number, meta: BackupMeta): Buffer {
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const header = Buffer.alloc(FIXED_HEADER + metaBytes.length);
  MAGIC.copy(header, 0);
  header.writeUInt16BE(FORMAT_VERSION, 8);
  header.writeUInt8(1, 10);
  header.writeUInt8(key.params.log2N, 11);
  header.writeUInt32BE(key.params.r, 12);
  header.writeUInt32BE(key.params.p, 16);
  key.salt.copy(header, 20);
  nonce.copy(header, 36);
  keyCheckOf(key.key).copy(header, 48);
  header.writeBigUInt64BE(BigInt(plaintextBytes), 64);
  header.writeUInt32BE(metaBytes.length, 72);
  metaBytes.copy(header, FIXED_HEADER);
  return header;
}

/** Encrypts `source` (a SQLite file) into `target`, via `target.partial`, synced before the rename. */
export function encryptFile(source: string, target: string, key: BackupKey, meta: BackupMeta): void {
  const partial = `${target}.partial`;
  const input = openSync(source, 'r');
  let output: number | null = null;
  try {
    const size = fstatSync(input).size;
    const nonce = randomBytes(12);
    const header = buildHeader(key, nonce, size, meta);
    const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
    cipher.setAAD(header);
    output = openSync(partial, 'w');
    writeSync(output, header);
    const buffer = Buffer.alloc(CHUNK);
    for (let position = 0; position < size; ) {
      const n = readSync(input, buffer, 0, CHUNK, position);
      if (n === 0) break;
      position += n;
      writeSync(output, cipher.update(buffer.subarray(0, n)));
    }
    const tail = cipher.final();
    if (tail.length > 0) writeSync(output, tail);
    writeSync(output, cipher.getAuthTag());
    fsyncSync(output);
    closeSync(output);
    output = null;
    renameSync(partial, target);
  } catch (error) {
    if (output !== null) closeSync(output);
    rmSync(partial, { force: true });
    throw error;
  } finally {
    closeSync(input);
  }
}

export type BackupFileKind = 'encrypted' | 'sqlite' | 'unknown';

export function fileKind(path: string): BackupFileKind {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    if (n >= 8 && head.subarray(0, 8).equals(MAGIC)) return 'encrypted';
    if (n === 16 && head.equals(SQLITE_MAGIC)) return 'sqlite';
    return 'unknown';
  } finally {
    closeSync(fd);
  }
}

const truncated = () => refuse('truncated', '备份文件不完整（可能在复制或写入时中断），已拒绝使用。请换一个备份文件。');

/** The authenticated-later header, read without the password (for listing and the first checks). */
export function readHeader(path: string): BackupHeader {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const fixed = Buffer.alloc(FIXED_HEADER);
    if (readSync(fd, fixed, 0, FIXED_HEADER, 0) < FIXED_HEADER) throw truncated();
    if (!fixed.subarray(0, 8).equals(MAGIC)) throw refuse('notBackup', '所选文件不是乡财通的备份文件。');
    const version = fixed.readUInt16BE(8);
    if (version > FORMAT_VERSION) {
      throw refuse('newerFormat', `该备份由更新版本的乡财通制作（备份格式 ${version}，本程序只支持到 ${FORMAT_VERSION}），请先升级乡财通。`);
    }
    if (fixed.readUInt8(10) !== 1) throw refuse('tampered', '备份文件的加密参数无法识别：文件已被改动或损坏。');
    const metaBytes = fixed.readUInt32BE(72);
    if (metaBytes > 64 * 1024) throw refuse('tampered', '备份文件头已被改动或损坏。');
    const meta = Buffer.alloc(metaBytes);
    if (readSync(fd, meta, 0, metaBytes, FIXED_HEADER) < metaBytes) throw truncated();
    const plaintextBytes = Number(fixed.readBigUInt64BE(64));
    const headerBytes = FIXED_HEADER + metaBytes;
    if (size < headerBytes + plaintextBytes + TAG_BYTES) throw truncated();
    if (size > headerBytes + plaintextBytes + TAG_BYTES) throw refuse('tampered', '备份文件末尾多出了数据：文件已被改动或损坏，已拒绝使用。');
    let parsed: BackupMeta;
    try {
      parsed = JSON.parse(meta.toString('utf8')) as BackupMeta;
    } catch {
      throw refuse('tampered', '备份文件头已被改动或损坏。');
    }
    const params = { log2N: fixed.readUInt8(11), r: fixed.readUInt32BE(12), p: fixed.readUInt32BE(16) };
    if (params.log2N < 10 || params.log2N > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) {
      throw refuse('tampered', '备份文件的加密参数异常：文件已被改动或损坏。');
    }
    return {
      version,
      params,
      salt: Buffer.from(fixed.subarray(20, 36)),
      nonce: Buffer.from(fixed.subarray(36, 48)),
      keyCheck: Buffer.from(fixed.subarray(48, 64)),
      plaintextBytes,
      meta: parsed,
      headerBytes,
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * Decrypts `source` into `target` (a plain SQLite file), refusing a wrong password, a
 * truncated file and any changed byte (the GCM tag). On refusal nothing is left at `target`.
 * `knownKey`: this installation's own key, tried when no password is given.
 */
export function decryptFile(source: string, target: string, password: string | undefined, knownKey: BackupKey | null = null): BackupHeader {
  const header = readHeader(source);
  let key: Buffer;
  if (password) {
    key = deriveBackupKey(password, header.salt, header.params).key;
    if (!timingSafeEqual(keyCheckOf(key), header.keyCheck)) throw refuse('wrongPassword', '备份密码不正确，已拒绝使用该备份。');
  } else if (knownKey && timingSafeEqual(keyCheckOf(knownKey.key), header.keyCheck)) {
    key = knownKey.key;
  } else {
    throw refuse('passwordRequired', '该备份已加密，请输入制作备份时设置的备份密码。');
  }
  const fd = openSync(source, 'r');
  const output = openSync(target, 'w');
  let ok = false;
  try {
    const aad = Buffer.alloc(header.headerBytes);
    readSync(fd, aad, 0, header.headerBytes, 0);
    const tag = Buffer.alloc(TAG_BYTES);
    readSync(fd, tag, 0, TAG_BYTES, header.headerBytes + header.plaintextBytes);
    const decipher = createDecipheriv('aes-256-gcm', key, header.nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    const buffer = Buffer.alloc(CHUNK);
    const end = header.headerBytes + header.plaintextBytes;
    for (let position = header.headerBytes; position < end; ) {
      const n = readSync(fd, buffer, 0, Math.min(CHUNK, end - position), position);
      if (n === 0) throw truncated();
      position += n;
      writeSync(output, decipher.update(buffer.subarray(0, n)));
    }
    try {
      const tail = decipher.final();
      if (tail.length > 0) writeSync(output, tail);
    } catch {
      throw refuse('tampered', '备份文件内容已被改动或损坏（加密校验未通过），已拒绝使用。请换一个备份文件。');
    }
    ok = true;
    return header;
  } finally {
    closeSync(fd);
    closeSync(output);
    if (!ok) rmSync(target, { force: true });
  }
}
