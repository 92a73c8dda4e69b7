import { z } from 'zod';
import { command, empty } from './command';
import { newPasswordSchema } from './schemas';

/**
 * The installation's own safety commands: 审计校验 of the hash-chained audit log, and
 * backups (automatic and manual) with verified restore. Spread into the command map.
 */

// ---- Types ----

export interface AuditProblem {
  /** chain: the audit log itself; record: a business record vs. the log; movement: 期间发生额 vs. posted lines; anchor: the head kept beside the file. */
  kind: 'chain' | 'record' | 'movement' | 'anchor';
  /** The audit entry named: the broken one, or the latest that touched the record. */
  seq: number | null;
  at: string | null;
  action: string | null;
  message: string;
}

export interface AuditReport {
  ok: boolean;
  entries: number;
  head: { seq: number; at: string; hash: string } | null;
  /** Business records compared with the log, per kind (凭证, 指标台账…). */
  checked: { kind: string; label: string; count: number }[];
  /** 期间发生额 rows recomputed from posted voucher lines. */
  movementsChecked: number;
  /** The head kept beside the database file: present and matching, absent, or contradicting it. */
  anchor: 'match' | 'missing' | 'mismatch';
  problems: AuditProblem[];
  /** Problems beyond those listed (the list stops at 200). */
  moreProblems: number;
  /** One Chinese sentence: all well, or the first broken entry (序号, 时间, 操作). */
  summary: string;
  checkedAt: string;
}

export interface AuditEntrySummary {
  seq: number;
  at: string;
  kind: 'command' | 'system';
  action: string;
  /** Chinese name of the command or system action. */
  actionLabel: string;
  actor: string | null;
  /** Records touched, as “凭证 记-0003（2026年01月）”. */
  records: string[];
  recordCount: number;
  hash: string;
}

export interface BackupFileInfo {
  name: string;
  path: string;
  createdAt: string;
  /** daily, manual, preclose-2026-12, premigrate-v6… */
  reason: string;
  reasonLabel: string;
  encrypted: boolean;
  bytes: number;
  /** Kept by the 7/4/12 rotation (manual backups are never rotated away). */
  rotated: boolean;
}

export interface BackupStatus {
  folder: string;
  defaultFolder: string;
  /** A folder chosen by the user (another disk, a USB stick), as opposed to the one in the data directory. */
  customFolder: boolean;
  encrypted: boolean;
  files: BackupFileInfo[];
  /** The folder is missing or cannot be written (a USB stick not plugged in). */
  folderProblem: string | null;
  lastResult: { at: string; ok: boolean; message: string; file: string | null } | null;
  policy: { daily: number; weekly: number; monthly: number };
}

export interface BackupCheck {
  file: string;
  encrypted: boolean;
  schemaVersion: number;
  createdAt: string | null;
  books: number;
  periods: number;
  vouchers: number;
  auditEntries: number;
  /** Chinese list of what was checked. */
  checks: string[];
}

export interface RestoreResult extends BackupCheck {
  /** Where the database that was replaced now lies. */
  previousDatabase: string;
  /** Every login ends with a restore: the user logs in again on the restored data. */
  loggedOut: true;
}

// ---- Schemas ----

const filePathSchema = z
  .string({ error: '请填写备份文件的位置' })
  .trim()
  .min(1, '请填写备份文件的位置')
  .max(1000, '文件路径过长');

export const backupFileInputSchema = z.object({
  file: filePathSchema,
  /** The backup password, for an encrypted (.xcbak) file. */
  password: z.string().max(128, '密码不能超过128位').optional(),
});

export const backupConfigureSchema = z.object({
  /** null: back to the default folder in the data directory. */
  folder: z.string().trim().min(1, '请填写备份文件夹').max(1000, '文件夹路径过长').nullable(),
  /** A new backup password (required the first time a folder of one's own is set). Omit to keep the current one. */
  password: newPasswordSchema.optional(),
});

export const auditListSchema = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  beforeSeq: z.number().int().min(1).optional(),
});

// ---- Commands ----

export const systemCommands = {
  'audit.verify': command<AuditReport>()({
    summary: '审计校验：核对审计记录哈希链，并用它核对凭证、期间发生额、指标台账等数据是否在程序之外被改动',
    access: ['admin', 'supervisor'],
    input: empty,
  }),
  'audit.list': command<AuditEntrySummary[]>()({
    summary: '最近的审计记录（谁、何时、做了什么）',
    access: ['admin', 'supervisor'],
    input: auditListSchema,
  }),
  'backup.status': command<BackupStatus>()({
    summary: '备份设置与备份文件列表',
    access: ['admin', 'supervisor', 'accountant'],
    input: empty,
  }),
  'backup.configure': command<BackupStatus>()({
    summary: '设置备份位置（可指向另一块硬盘或U盘）与备份密码',
    access: ['admin'],
    input: backupConfigureSchema,
    errors: ['RULE_VIOLATION'],
  }),
  'backup.create': command<BackupFileInfo>()({
    summary: '立即备份',
    access: ['admin', 'supervisor', 'accountant'],
    input: empty,
    errors: ['STORAGE_ERROR', 'RULE_VIOLATION'],
  }),
  'backup.verify': command<BackupCheck>()({
    summary: '检查备份文件：解密、完整性检查、审计校验、科目余额表平衡',
    access: ['admin'],
    input: backupFileInputSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'DB_NEWER_VERSION'],
  }),
  'backup.restore': command<RestoreResult>()({
    summary: '从备份恢复：先检查备份，通过后把当前数据库改名保留，再换上备份',
    access: ['admin'],
    input: backupFileInputSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'DB_NEWER_VERSION', 'CONFLICT', 'STORAGE_ERROR'],
  }),
} as const;
