import { Result } from 'antd';
import type { Area } from '../../app/routes';

type PendingArea = Exclude<Area, 'accounts' | 'about'>;

/** Honest placeholders: what is missing and where it will come, with nothing to click. */
const PENDING: Record<PendingArea, { title: string; detail: string }> = {
  vouchers: {
    title: '凭证录入尚未开放：将在“政府会计账务”版本中提供。',
    detail: '包括记账凭证的录入、审核、记账与打印。',
  },
  ledgers: {
    title: '账簿查询尚未开放：将在后续版本中提供。',
    detail: '包括总账、明细账、日记账和科目余额表；需要先有已记账的凭证。',
  },
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
  settings: {
    title: '设置尚未开放：将在后续版本中提供。',
    detail: '账套参数、用户与权限、打印格式等将在这里设置。',
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
