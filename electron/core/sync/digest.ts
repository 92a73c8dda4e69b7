import { createHash } from 'node:crypto';
import { trialBalanceFigures } from '../../../shared/domain/ledger/trialBalance';
import { canonicalJson } from '../../../shared/sync/canonical';
import type { PeriodContent } from '../../../shared/sync/records';
import type { ReadableDB } from '../db/handles';
import { trialBalance } from '../ledger/trialBalance';
import type { Reader } from './content';

export const sha256Hex = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/**
 * The period-close checkpoint the township sends: its 科目余额表 figures for the period (code,
 * track and the eight amounts per row, shared/domain/ledger/trialBalance.ts) and their digest,
 * SHA-256 of the canonical JSON. The county recomputes the same from what it received.
 */
export function periodDigest(db: Reader, bookId: string, year: number, month: number): NonNullable<PeriodContent['trialBalance']> {
  const rows = trialBalanceFigures(trialBalance(db as unknown as ReadableDB, bookId, year, month)) as NonNullable<PeriodContent['trialBalance']>['rows'];
  return { digest: sha256Hex(canonicalJson(rows)), rows };
}
