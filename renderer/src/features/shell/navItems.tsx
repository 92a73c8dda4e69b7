import type { ReactNode } from 'react';
import {
  AccountBookOutlined,
  BarChartOutlined,
  BookOutlined,
  FileTextOutlined,
  FundOutlined,
  InfoCircleOutlined,
  SettingOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import type { Area } from '../../app/routes';

export interface NavItem {
  area: Area;
  label: string;
  icon: ReactNode;
}

/** Left navigation, in the order township accountants work through a month. */
export const NAV_ITEMS: readonly NavItem[] = [
  { area: 'accounts', label: '会计科目', icon: <AccountBookOutlined /> },
  { area: 'vouchers', label: '凭证', icon: <FileTextOutlined /> },
  { area: 'ledgers', label: '账簿', icon: <BookOutlined /> },
  { area: 'reports', label: '报表', icon: <BarChartOutlined /> },
  { area: 'budget', label: '预算', icon: <FundOutlined /> },
  { area: 'sync', label: '同步', icon: <SyncOutlined /> },
  { area: 'settings', label: '设置', icon: <SettingOutlined /> },
  { area: 'about', label: '关于', icon: <InfoCircleOutlined /> },
];
