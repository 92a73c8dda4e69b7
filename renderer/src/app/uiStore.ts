import Dexie, { type EntityTable } from 'dexie';

/**
 * Browser-side store for UI state and unsaved drafts only (e.g. a half-filled 建账 form).
 * Ledger data never goes here: the core's SQLite database is the only book of record.
 * Every call swallows storage failures, because losing a draft must never block work.
 */

export interface DraftRecord {
  key: string;
  value: unknown;
  updatedAt: number;
}

export const DRAFT_KEYS = {
  bookWizard: 'book-wizard',
} as const;

const db = new Dexie('xiangcai-ui') as Dexie & { drafts: EntityTable<DraftRecord, 'key'> };
db.version(1).stores({ drafts: 'key, updatedAt' });

export interface StoredDraft<T> {
  value: T;
  updatedAt: number;
}

export async function loadDraft<T>(key: string): Promise<StoredDraft<T> | undefined> {
  try {
    const record = await db.drafts.get(key);
    return record ? { value: record.value as T, updatedAt: record.updatedAt } : undefined;
  } catch (error) {
    console.warn('读取草稿失败', error);
    return undefined;
  }
}

export async function saveDraft<T>(key: string, value: T): Promise<void> {
  try {
    await db.drafts.put({ key, value, updatedAt: Date.now() });
  } catch (error) {
    console.warn('保存草稿失败', error);
  }
}

export async function clearDraft(key: string): Promise<void> {
  try {
    await db.drafts.delete(key);
  } catch (error) {
    console.warn('清除草稿失败', error);
  }
}
