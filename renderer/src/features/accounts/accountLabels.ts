import type { Account, Track } from '../../../../shared/api';

export const TRACK_LABELS: Record<Track, string> = { financial: '财务会计', budget: '预算会计' };
export const TRACK_COLORS: Record<Track, string> = { financial: 'blue', budget: 'green' };

export function balanceLabel(side: Account['normalBalance']): string {
  return side === 'debit' ? '借' : '贷';
}

export function statusLabel(enabled: boolean): string {
  return enabled ? '启用' : '停用';
}
