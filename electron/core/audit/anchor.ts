import { closeSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditHead } from './recorder';

/**
 * A second witness of the audit log, outside the database file: the latest entry's sequence
 * number and hash, rewritten after every commit. Cutting entries off the end of the log (which
 * leaves an intact, shorter chain) then shows as the file disagreeing with its head.
 * Written after the commit, so after a crash it can lag behind the log, never run ahead of it;
 * a write torn by a crash leaves text that does not parse, which counts as no head file.
 */
export const ANCHOR_FILE = 'audit-head.json';

export function anchorPath(dataDir: string): string {
  return join(dataDir, ANCHOR_FILE);
}

export function readAnchor(dataDir: string): AuditHead | null {
  try {
    const value = JSON.parse(readFileSync(anchorPath(dataDir), 'utf8')) as Partial<AuditHead>;
    if (typeof value.seq === 'number' && typeof value.hash === 'string' && typeof value.at === 'string') return { seq: value.seq, hash: value.hash, at: value.at };
    return null;
  } catch {
    return null;
  }
}

export function writeAnchor(dataDir: string, head: AuditHead | null): void {
  const file = anchorPath(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(head ?? {}));
  renameSync(temporary, file);
}

/** Room for `{"seq":…,"hash":"<64 hex>","at":"<ISO>"}`, padded with spaces (JSON allows them). */
const RECORD_BYTES = 256;

/**
 * The head file kept open and overwritten in place after every commit: one write call, no
 * open/rename per commit (a rename per voucher doubled the cost of saving one on a slow disk).
 */
export function createAnchorWriter(dataDir: string): { write(head: AuditHead | null): void; close(): void } {
  let fd: number | null = null;
  return {
    write(head) {
      fd ??= openSync(anchorPath(dataDir), 'w');
      const record = Buffer.from(JSON.stringify(head ?? {}).padEnd(RECORD_BYTES, ' '), 'utf8');
      writeSync(fd, record, 0, record.length, 0);
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
