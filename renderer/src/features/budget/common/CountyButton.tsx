import type { ReactNode } from 'react';
import { Alert, Button, Dropdown, type MenuProps } from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import type { User } from '../../../../../shared/api';
import { hasRole } from '../../../api/session';

/** The one label every simulated county action carries, so nobody takes it for the county's answer. */
export const COUNTY_LABEL = '模拟县级批复（开发用）';

/**
 * The development stand-in for the county's answers (budget.simulateCountyApproval). Shown only
 * to 管理员 — the core refuses anyone else — and always under the same explicit label.
 */
export function CountyButton({ user, items, onPick, testId = 'county-menu' }: { user: User; items: NonNullable<MenuProps['items']>; onPick: (key: string) => void; testId?: string }) {
  if (!hasRole(user, 'admin')) return null;
  return (
    <Dropdown trigger={['click']} menu={{ items, onClick: ({ key }) => onPick(key) }}>
      <Button size="small" icon={<ExperimentOutlined />} data-testid={testId} style={{ borderStyle: 'dashed', color: '#ad4e00', borderColor: '#ffbb96' }}>
        {COUNTY_LABEL}
      </Button>
    </Dropdown>
  );
}

export function CountyNotice({ children }: { children?: ReactNode }) {
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 8 }}
      title="开发用：模拟县级财政的批复"
      description={children ?? '正式使用时，县级批复由同步接收；这里记下的批复都标为“模拟”，日后可被真实批复取代。'}
    />
  );
}
