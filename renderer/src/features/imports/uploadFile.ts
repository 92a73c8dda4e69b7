import { MAX_UPLOAD_BYTES, MAX_UPLOAD_PART_BYTES } from '../../../../shared/api/importCommands';
import { uuidv7 } from '../../../../shared/domain';
import { api } from '../../api/transport';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Sends a chosen file to the core in pages of 512 KB through `imports.upload` — the same
 * command in Electron and in browser mode, each page well inside the host's request limit.
 * Returns the upload id that preview and apply name.
 */
export async function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<string> {
  if (file.size === 0) throw new Error('文件是空的');
  if (file.size > MAX_UPLOAD_BYTES) throw new Error(`文件过大（${(file.size / 1024 / 1024).toFixed(1)} MB），一次最多导入 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const uploadId = uuidv7();
  const parts = Math.ceil(bytes.length / MAX_UPLOAD_PART_BYTES);
  for (let part = 0; part < parts; part++) {
    const data = toBase64(bytes.subarray(part * MAX_UPLOAD_PART_BYTES, (part + 1) * MAX_UPLOAD_PART_BYTES));
    await api.send('imports.upload', { uploadId, fileName: file.name, size: bytes.length, part, parts, data });
    onProgress((part + 1) / parts);
  }
  return uploadId;
}
