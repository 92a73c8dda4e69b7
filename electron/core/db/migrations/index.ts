import type Database from 'better-sqlite3';
import { m001Books } from './001-books';
import { m002Installation } from './002-installation';
import { m003Ledger } from './003-ledger';
import { m004LedgerIndexes } from './004-ledger-indexes';
import { m005Budget } from './005-budget';
import { m006BudgetIndexes } from './006-budget-indexes';
import { m007Audit } from './007-audit';
import { m008BudgetQuota } from './008-budget-quota';
import { m009Sync } from './009-sync';
import { m010SyncOffline } from './010-sync-offline';
import { m011SyncFeed } from './011-sync-feed';

/**
 * Numbered, append-only. Never edit a migration that has shipped: add the next one.
 * `PRAGMA user_version` holds the number of the last one applied.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const migrations: readonly Migration[] = [m001Books, m002Installation, m003Ledger, m004LedgerIndexes, m005Budget, m006BudgetIndexes, m007Audit, m008BudgetQuota, m009Sync, m010SyncOffline, m011SyncFeed];
