/**
 * The per-device change chain. Each change has a content hash (SHA-256 of its canonical JSON:
 * the idempotency check compares it) and a chain hash, SHA-256(previous chain hash + content
 * hash), starting from GENESIS_HASH. A gap, a reordering or a rewritten change breaks the chain
 * at the first place it happens.
 */
import { canonicalJson, GENESIS_HASH, type Sha256Hex } from './canonical';
import type { TownshipChange } from './messages';

export { GENESIS_HASH };

export function changeText(change: TownshipChange): string {
  return canonicalJson({ seq: change.seq, kind: change.kind, key: change.key, book: change.book, op: change.op, schema: change.schema, data: change.data ?? null });
}

export const contentHash = (sha256: Sha256Hex, change: TownshipChange): string => sha256(changeText(change));

export const chainHash = (sha256: Sha256Hex, prevHash: string, content: string): string => sha256(prevHash + content);

/** The chain hash after a run of changes that starts right after `prevHash`. */
export function chainOver(sha256: Sha256Hex, prevHash: string, changes: readonly TownshipChange[]): string {
  let head = prevHash;
  for (const change of changes) head = chainHash(sha256, head, contentHash(sha256, change));
  return head;
}
