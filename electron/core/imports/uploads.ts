import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/api/errors';
import type { ImportUploadInput, ImportUploadStatus } from '../../../shared/api/importCommands';
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_PART_BYTES } from '../../../shared/api/importCommands';

/**
 * Files on their way in. A file comes in pages of base64 through the ordinary command (so
 * Electron IPC and the browser-mode host carry it the same way, each page well inside the
 * host's 1 MiB body limit), and waits here, in memory, for preview and apply. Bounded: 20 MiB
 * a file, 64 MiB in all, 30 minutes; only the user who sent it can use it.
 */

interface Upload {
  userId: string;
  fileName: string;
  size: number;
  parts: (Buffer | undefined)[];
  received: number;
  bytes: Buffer | null;
  sha256: string | null;
  touched: number;
}

export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
  sha256: string;
}

const TTL_MS = 30 * 60 * 1000;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
const uploads = new Map<string, Upload>();

function heldBytes(): number {
  let total = 0;
  for (const u of uploads.values()) total += u.bytes?.length ?? u.parts.reduce((n, p) => n + (p?.length ?? 0), 0);
  return total;
}

function sweep(now: number) {
  for (const [id, u] of uploads) if (now - u.touched > TTL_MS) uploads.delete(id);
  // Oldest first, until what is held fits.
  const byAge = [...uploads.entries()].sort((a, b) => a[1].touched - b[1].touched);
  while (heldBytes() > MAX_TOTAL_BYTES && byAge.length > 0) uploads.delete(byAge.shift()![0]);
}

export function receivePart(input: ImportUploadInput, userId: string, now: Date): ImportUploadStatus {
  const at = now.getTime();
  sweep(at);
  const data = Buffer.from(input.data, 'base64');
  if (data.length === 0 || data.length > MAX_UPLOAD_PART_BYTES) {
    throw new AppError('RULE_VIOLATION', `文件分段大小不正确（每段最多 ${MAX_UPLOAD_PART_BYTES / 1024} KB），请重新选择文件`);
  }
  if (input.part >= input.parts) throw new AppError('RULE_VIOLATION', '文件分段序号超出分段数，请重新选择文件');
  let upload = uploads.get(input.uploadId);
  if (upload && (upload.userId !== userId || upload.size !== input.size || upload.parts.length !== input.parts || upload.fileName !== input.fileName)) {
    throw new AppError('CONFLICT', '上传标识与已收到的文件不一致，请重新选择文件');
  }
  if (!upload) {
    if (input.parts < Math.ceil(input.size / MAX_UPLOAD_PART_BYTES) || input.parts > input.size) {
      throw new AppError('RULE_VIOLATION', '文件分段数与文件大小不符，请重新选择文件');
    }
    upload = { userId, fileName: input.fileName, size: input.size, parts: Array.from({ length: input.parts }, () => undefined), received: 0, bytes: null, sha256: null, touched: at };
    uploads.set(input.uploadId, upload);
  }
  upload.touched = at;
  if (upload.bytes) return status(input.uploadId, upload);
  if (!upload.parts[input.part]) {
    upload.parts[input.part] = data;
    upload.received += data.length;
  }
  if (upload.received > upload.size) {
    uploads.delete(input.uploadId);
    throw new AppError('RULE_VIOLATION', '收到的数据比文件大小多，上传已作废，请重新选择文件');
  }
  // Pages may come in any order: complete when every one is here (not `every`, which skips holes).
  if (upload.parts.filter(Boolean).length === upload.parts.length) {
    const bytes = Buffer.concat(upload.parts as Buffer[]);
    if (bytes.length !== upload.size) {
      uploads.delete(input.uploadId);
      throw new AppError('RULE_VIOLATION', '收到的文件不完整（大小不符），请重新选择文件');
    }
    upload.bytes = bytes;
    upload.sha256 = createHash('sha256').update(bytes).digest('hex');
    upload.parts = [];
  }
  sweep(at);
  if (!uploads.has(input.uploadId)) throw new AppError('RULE_VIOLATION', '同时上传的文件过多，请稍后重试');
  return status(input.uploadId, upload);
}

function status(uploadId: string, u: Upload): ImportUploadStatus {
  return { uploadId, fileName: u.fileName, size: u.size, received: u.bytes ? u.size : u.received, complete: u.bytes !== null, sha256: u.sha256 };
}

/** The complete file, for the user who sent it. */
export function uploadedFile(uploadId: string, userId: string, now: Date): UploadedFile {
  sweep(now.getTime());
  const u = uploads.get(uploadId);
  if (!u || u.userId !== userId) throw new AppError('NOT_FOUND', '找不到上传的文件（可能已超过30分钟），请重新选择文件');
  if (!u.bytes || !u.sha256) throw new AppError('RULE_VIOLATION', `文件“${u.fileName}”还没有上传完，请稍候或重新选择文件`);
  u.touched = now.getTime();
  return { fileName: u.fileName, bytes: u.bytes, sha256: u.sha256 };
}

/** After a successful import: the same file is not applied twice by accident. */
export function forgetUpload(uploadId: string): void {
  uploads.delete(uploadId);
}

export { MAX_UPLOAD_BYTES };
