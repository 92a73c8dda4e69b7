import { useCallback, useEffect, useState } from 'react';
import type { SyncStatus } from '../../../../shared/api/syncCommands';
import { useSession } from '../../api/session';
import { api } from '../../api/transport';

/**
 * The sync status, kept current: read once, then from every `sync.status` event the core sends
 * (start and end of each background or manual sync), with a slow poll as a fallback.
 */
export function useSyncStatus(): { status: SyncStatus | null; reload: () => void } {
  const session = useSession();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const reload = useCallback(() => {
    if (!session) return;
    api.send('sync.status', {}).then(setStatus, () => undefined);
  }, [session]);
  useEffect(() => {
    if (!session) {
      setStatus(null);
      return;
    }
    reload();
    const unsubscribe = api.subscribe((event) => {
      if (event.name === 'sync.status') setStatus(event.payload as SyncStatus);
    });
    const timer = window.setInterval(reload, 60_000);
    return () => {
      unsubscribe();
      window.clearInterval(timer);
    };
  }, [session, reload]);
  return { status, reload };
}

/** 北京时间 “01-20 10:05” of an instant, short enough for the header. */
export function shortTime(iso: string | null): string {
  if (!iso) return '';
  const local = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${local.slice(5, 10)} ${local.slice(11, 16)}`;
}

/** One Chinese phrase for the header: where the sync stands. */
export function describeSync(s: SyncStatus | null): { text: string; tone: 'ok' | 'busy' | 'warn' | 'error' | 'off' } {
  if (!s) return { text: '同步：登录后可见', tone: 'off' };
  if (!s.configured) return { text: '同步：未设置', tone: 'off' };
  if (s.running) return { text: '同步中…', tone: 'busy' };
  if (s.stopped) return { text: '同步已停止', tone: 'error' };
  if (s.reachable === false) return { text: `离线${s.pending > 0 ? `，待上传 ${s.pending} 条` : ''}`, tone: 'warn' };
  if (s.openIssues > 0) return { text: `同步异常 ${s.openIssues} 条`, tone: 'error' };
  if (s.lastError) return { text: '同步未完成', tone: 'warn' };
  if (s.pending > 0) return { text: `待上传 ${s.pending} 条`, tone: 'warn' };
  return { text: s.lastSuccessAt ? `已同步 ${shortTime(s.lastSuccessAt)}` : '尚未同步', tone: s.lastSuccessAt ? 'ok' : 'warn' };
}
