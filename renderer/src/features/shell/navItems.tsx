import type { ReactNode } from 'react';
import {
  AccountBookOutlined,
  AuditOutlined,
  ImportOutlined,
  BarChartOutlined,
  BookOutlined,
  EditOutlined,
  FundOutlined,
  InfoCircleOutlined,
  LockOutlined,
  SettingOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import type { Area } from '../../app/routes';

export interface NavItem {
  key: string;
  area: Area;
  sub: readonly string[];
  label: string;
  icon: ReactNode;
}

/** Left navigation, in the order township accountants work through a month. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'accounts', area: 'accounts', sub: [], label: '会计科目', icon: <AccountBookOutlined /> },
  { key: 'voucher-entry', area: 'vouchers', sub: [], label: '填制凭证', icon: <EditOutlined /> },
  { key: 'voucher-list', area: 'vouchers', sub: ['list'], label: '凭证列表', icon: <AuditOutlined /> },
  { key: 'ledgers', area: 'ledgers', sub: [], label: '账簿查询', icon: <BookOutlined /> },
  { key: 'periods', area: 'ledgers', sub: ['periods'], label: '期末结账', icon: <LockOutlined /> },
  { key: 'reports', area: 'reports', sub: [], label: '报表', icon: <BarChartOutlined /> },
  { key: 'budget', area: 'budget', sub: [], label: '预算', icon: <FundOutlined /> },
  { key: 'sync', area: 'sync', sub: [], label: '同步', icon: <SyncOutlined /> },
  { key: 'imports', area: 'settings', sub: ['imports'], label: '数据导入', icon: <ImportOutlined /> },
  { key: 'settings', area: 'settings', sub: [], label: '设置', icon: <SettingOutlined /> },
  { key: 'about', area: 'about', sub: [], label: '关于', icon: <InfoCircleOutlined /> },
];

/** Which item is lit for a route: an opened voucher belongs to the list, a 明细账 to 账簿查询. */
export function navKeyOf(area: Area, sub: readonly string[]): string {
  if (area === 'vouchers') return sub.length === 0 || sub[0] === 'new' ? 'voucher-entry' : 'voucher-list';
  if (area === 'ledgers') return sub[0] === 'periods' ? 'periods' : 'ledgers';
  if (area === 'settings' && sub[0] === 'imports') return 'imports';
  return area;
}
