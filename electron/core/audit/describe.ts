import { commands, isCommandName } from '../../../shared/api/commands';
import { formatFen } from '../../../shared/domain/money';

/**
 * Words for the accountant: audit times in 北京时间 (the offices are all in UTC+8, whatever
 * the PC's own time zone says), commands by their Chinese name.
 */
export function formatAt(iso: string | null | undefined): string {
  if (!iso) return '时间不明';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const local = new Date(time + 8 * 3600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
}

const systemActions: Record<string, string> = {
  'audit.start': '启用审计日志',
  'installation.create': '初始化本机',
  'system.write': '系统写入',
  'backup.restored': '从备份恢复',
  'backup.settingsCarriedOver': '沿用恢复前的备份设置',
};

/** `voucher.save` → 保存凭证: the command's summary up to its first pause. */
export function actionLabel(action: string | null | undefined): string {
  if (!action) return '操作不明';
  if (systemActions[action]) return systemActions[action];
  if (isCommandName(action)) return commands[action].summary.split(/[：；（，:(]/)[0]!.trim() || action;
  return action;
}

/** 第 12 条（2026-01-10 09:30:00，保存凭证 voucher.save） */
export function entryName(seq: number, at: string | null | undefined, action: string | null | undefined): string {
  return `第 ${seq} 条审计记录（${formatAt(at)}，${actionLabel(action)}${action ? ` ${action}` : ''}）`;
}

export function yuan(fen: number): string {
  return `${formatFen(fen)} 元`;
}
