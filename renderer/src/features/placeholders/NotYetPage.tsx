import { Result } from 'antd';
import type { Area } from '../../app/routes';

type PendingArea = Extract<Area, 'reports' | 'budget' | 'sync'>;

/** Honest placeholders: what is missing and where it will come, with nothing to click. */
const PENDING: Record<PendingArea, { title: string; detail: string }> = {
  reports: {
    title: '报表尚未开放：将在后续版本中提供。',
    detail: '包括资产负债表、收入费用表、预算收入支出表等政府会计报表。',
  },
  budget: {
    title: '预算管理尚未开放：将在后续版本中提供。',
    detail: '包括预算指标的登记、执行控制与序时进度。',
  },
  sync: {
    title: '同步尚未开放：将在后续版本中提供。',
    detail: '目前所有数据只保存在本机，不会上传到任何地方。',
  },
};

export function NotYetPage({ area }: { area: PendingArea }) {
  const pending = PENDING[area];
  return (
    <div style={{ background: '#fff', height: '100%', overflow: 'auto' }}>
      <Result status="info" title={pending.title} subTitle={pending.detail} />
    </div>
  );
}
