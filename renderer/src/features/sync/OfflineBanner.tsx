import { useState } from 'react';
import { Alert } from 'antd';
import { useSyncStatus } from './useSyncStatus';

/**
 * Shown while the county server cannot be reached. It only informs: work goes on, everything is
 * kept here and sent when the connection returns. It can be closed and does not come back until
 * the server has been reachable again in between.
 */
export function OfflineBanner() {
  const { status } = useSyncStatus();
  const [closedAt, setClosedAt] = useState<string | null>(null);
  if (!status?.configured || status.reachable !== false || status.stopped) return null;
  if (closedAt !== null && closedAt === (status.lastSuccessAt ?? '')) return null;
  return (
    <Alert
      data-testid="offline-banner"
      type="warning"
      banner
      closable
      onClose={() => setClosedAt(status.lastSuccessAt ?? '')}
      style={{ marginBottom: 8 }}
      message={`县级服务器暂时连不上，本机记账照常进行${status.pending > 0 ? `（${status.pending} 条变更待上传）` : ''}；网络恢复后会自动同步。`}
    />
  );
}
