import { z } from 'zod';
import { command, empty } from './command';
import { newPasswordSchema } from './schemas';
import type { Session } from './types';

/**
 * 同步: this installation ↔ the county server (shared/sync for the protocol). Spread into the
 * command map. The sync itself runs in the core (a background timer while the server answers,
 * and 立即同步); these commands configure it and show where it stands.
 */

// ---- Types ----

export interface SyncStatus {
  /** Enrolled with a county server. */
  configured: boolean;
  serverUrl: string | null;
  township: { code: string; name: string } | null;
  deviceId: string | null;
  deviceLabel: string | null;
  enrolledAt: string | null;
  /** Change records written locally and not yet acknowledged by the county. */
  pending: number;
  /** Highest sequence the county has acknowledged, and the highest written. */
  acknowledged: number;
  written: number;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  /** The last failure (Chinese, says what to do), cleared by the next success. */
  lastError: { code: string; message: string } | null;
  /** null: not tried since start. */
  reachable: boolean | null;
  running: boolean;
  /** Open entries of the 同步异常 inbox. */
  openIssues: number;
  /** Refused for good by the county (retired or replaced): the background sync has stopped. */
  stopped: boolean;
  /** Local time minus the county's, as last measured (ms). */
  clockOffsetMs: number;
  versions: { protocol: number; schema: number; minAppVersion: string | null };
}

export interface SyncIssue {
  id: string;
  /** push: the county's answer to a change; pull: a county record that could not be applied here; check: a period close that does not match. */
  source: 'push' | 'pull' | 'check';
  kind: string;
  kindLabel: string;
  key: string;
  status: 'rejected' | 'held' | 'failed' | 'difference';
  statusLabel: string;
  reason: string;
  message: string;
  /** What to do, in the accountant's words. */
  action: string;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
}

export interface SyncPeriodCheck {
  bookId: string;
  year: number;
  month: number;
  status: string;
  differences: { code: string; track: string; field: string; township: number; county: number }[];
  checkedAt: string;
}

export interface SyncNotice {
  id: string;
  title: string;
  body: string;
  publishedAt: string;
}

export interface SyncIssues {
  issues: SyncIssue[];
  periodChecks: SyncPeriodCheck[];
  notices: SyncNotice[];
}

export interface SyncRunResult {
  /** Changes the county acknowledged in this run, and county records received. */
  pushed: number;
  pulled: number;
  applied: number;
  status: SyncStatus;
}

export interface SyncPackageExport {
  /** Where the file was written (in the data directory's 离线包 folder), to copy to a USB stick. */
  path: string;
  fileName: string;
  bytes: number;
  /** Changes in it (everything the county has not acknowledged). */
  changes: number;
  pullCursor: number;
}

/** 从县级恢复账套: what came back, and the administrator now logged in. */
export interface SyncRestoreResult {
  session: Session;
  books: number;
  vouchers: number;
  /** Township records restored (all kinds), county records received. */
  records: number;
  countyChanges: number;
  /** Closed periods whose 科目余额表 was checked against the county's. */
  checkedPeriods: number;
  /** Other restored operators: each needs a new password from the administrator before logging in. */
  operatorsWithoutPassword: string[];
}

// ---- Inputs ----

export const syncConfigureSchema = z.object({
  serverUrl: z
    .string({ error: '请填写县级服务器地址' })
    .trim()
    .regex(/^https?:\/\/[^\s/]+(:\d+)?(\/.*)?$/i, '县级服务器地址应以 http:// 或 https:// 开头，例如 http://192.168.1.10:8780'),
  code: z.string({ error: '请填写登记码' }).trim().min(6, '登记码不完整').max(64, '登记码过长'),
  label: z.string().trim().max(60, '电脑名称不超过 60 字').optional(),
});
export type SyncConfigureInput = z.infer<typeof syncConfigureSchema>;

export const syncRestoreSchema = z.object({
  serverUrl: syncConfigureSchema.shape.serverUrl,
  /** Not needed again when an earlier attempt enrolled this PC and was then interrupted. */
  code: z.string().trim().max(64, '登记码过长').optional(),
  label: syncConfigureSchema.shape.label,
  username: z.string({ error: '请填写登录名' }).trim().min(1, '请填写原账套管理员的登录名').max(32, '登录名不能超过32个字符'),
  password: newPasswordSchema,
});
export type SyncRestoreInput = z.infer<typeof syncRestoreSchema>;

export const syncIssuesInputSchema = z.object({ includeResolved: z.boolean().default(false) });

export const syncPackageImportSchema = z.object({
  path: z.string({ error: '请填写离线包文件的位置' }).trim().min(1, '请填写离线包文件的位置').max(1000, '文件路径过长'),
});

export const syncCommands = {
  'sync.status': command<SyncStatus>()({
    summary: '同步状态：上次成功时间、待上传条数、错误、县级服务器是否可达',
    access: 'session',
    input: empty,
  }),
  'sync.configure': command<SyncStatus>()({
    summary: '同步设置：填写县级服务器地址，用登记码把本机登记到县级（登记后上传全部账务数据）',
    access: ['admin'],
    input: syncConfigureSchema,
    errors: ['SYNC_ERROR', 'CONFLICT'],
  }),
  'sync.restore': command<SyncRestoreResult>()({
    summary: '从县级恢复账套：新电脑（或重装后）用县财政局发放的登记码登记，取回本乡镇在县级的全部账务和预算数据，核对摘要无误后一次写入，并为原管理员设置新密码',
    access: 'public',
    input: syncRestoreSchema,
    errors: ['SYNC_ERROR', 'CONFLICT', 'INVALID_INPUT'],
  }),
  'sync.now': command<SyncRunResult>()({
    summary: '立即同步：上传本机的变更，取回县级下发的指标、批复和对账结果',
    access: 'session',
    input: empty,
    errors: ['SYNC_ERROR'],
  }),
  'sync.packageExport': command<SyncPackageExport>()({
    summary: '导出离线包：没有网络时，把未上传的变更写成签名的压缩文件，用U盘交县财政局导入',
    access: ['accountant', 'supervisor', 'admin'],
    input: empty,
    errors: ['SYNC_ERROR'],
  }),
  'sync.packageImport': command<SyncRunResult>()({
    summary: '导入离线包：县财政局导入本机离线包后发回的回执（县级确认、批复和指标），核验签名后应用',
    access: ['accountant', 'supervisor', 'admin'],
    input: syncPackageImportSchema,
    errors: ['SYNC_ERROR'],
  }),
  'sync.issues': command<SyncIssues>()({
    summary: '同步异常：县级拒收或暂存的记录、未能应用的县级记录、对账差异，各附处理办法',
    access: 'session',
    input: syncIssuesInputSchema,
  }),
} as const;
