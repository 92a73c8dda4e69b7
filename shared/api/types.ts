import type { ClassificationKind, Role, Track, UnitType } from './schemas';

/** Domain shapes returned by commands (not database rows). Money fields are integer fen. */

export interface Book {
  id: string;
  name: string;
  regionCode: string;
  unitType: UnitType;
  startYear: number;
  startMonth: number;
  supervisor: string;
  createdAt: string;
  accountCount: number;
}

export type AccountCategory = '资产' | '负债' | '净资产' | '收入' | '费用' | '预算收入' | '预算支出' | '预算结余';

export interface Account {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  track: Track;
  category: string;
  normalBalance: 'debit' | 'credit';
  isLeaf: boolean;
  enabled: boolean;
  /** One lowercase letter per Chinese character of `name`, for 拼音首字母 search. */
  pinyinInitials: string;
  contra: boolean;
  notes: string | null;
}

export interface ClassificationItem {
  kind: ClassificationKind;
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  verified: boolean;
}

export interface AppInfo {
  appName: string;
  version: string;
  dataDir: string;
  databaseFile: string;
  schemaVersion: number;
  sqliteVersion: string;
  mode: 'electron' | 'browser';
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  enabled: boolean;
}

export interface Session {
  /** Opaque; sent with every later command. Only its hash is stored. */
  token: string;
  user: User;
  expiresAt: string;
}

export interface AuthStatus {
  hasUsers: boolean;
  user: User | null;
}
