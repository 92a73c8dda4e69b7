import { useState } from 'react';
import { App, Button, Tooltip } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api/errorMessage';
import { api } from '../../api/transport';
import { goBook } from '../../app/routes';
import { describeSync, shortTime, useSyncStatus } from './useSyncStatus';

const colors = { ok: '#95de64', busy: '#91caff', warn: '#ffd666', error: '#ff7875', off: 'rgba(255,255,255,0.85)' } as const;

/** The header's sync state (always visible) with 立即同步; a click on the text opens the 同步 page. */
export function SyncIndicator({ bookId }: { bookId: string }) {
  const { message } = App.useApp();
  const { status, reload } = useSyncStatus();
  const [busy, setBusy] = useState(false);
  const { text, tone } = describeSync(status);
  const detail = status?.configured
    ? [
        `县级服务器：${status.serverUrl}`,
        `上次成功：${status.lastSuccessAt ? shortTime(status.lastSuccessAt) : '尚无'}`,
        `待上传：${status.pending} 条`,
        status.lastError ? `最近错误：${status.lastError.message}` : null,
      ].filter(Boolean).join('\n')
    : '尚未登记到县级服务器：由管理员在“同步”页面填写服务器地址和登记码。';

  async function syncNow() {
    setBusy(true);
    try {
      const result = await api.send('sync.now', {});
      message.success(`同步完成：上传 ${result.pushed} 条，收到 ${result.pulled} 条`);
    } catch (error) {
      message.warning(errorMessage(error));
    } finally {
      setBusy(false);
      reload();
    }
  }

  return (
    <span data-testid="status-sync" style={{ whiteSpace: 'nowrap', display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{detail}</span>}>
        <a data-testid="status-sync-text" style={{ color: colors[tone] }} onClick={() => goBook(bookId, 'sync')}>
          {text}
        </a>
      </Tooltip>
      {status?.configured && !status.stopped && (
        <Button data-testid="status-sync-now" size="small" ghost icon={<SyncOutlined spin={busy || status.running} />} disabled={busy || status.running} onClick={() => void syncNow()}>
          立即同步
        </Button>
      )}
    </span>
  );
}
