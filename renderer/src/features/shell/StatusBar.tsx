import type { ReactNode } from 'react';
import { Button, Flex, Layout, Typography } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import type { Book } from '../../../../shared/api';
import { navigate } from '../../app/routes';
import { regionLabel, startPeriodLabel } from '../books/bookLabels';
import { SyncIndicator } from '../sync/SyncIndicator';
import { UserBadge } from './UserBadge';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <span data-testid={testId} style={{ whiteSpace: 'nowrap' }}>
      <span style={{ color: 'rgba(255,255,255,0.65)' }}>{label}：</span>
      <span style={{ color: '#fff' }}>{children}</span>
    </span>
  );
}

/** Always-visible status: which 账套 is open, its period and type, and the sync state. */
export function StatusBar({ book }: { book: Book }) {
  return (
    <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 20, lineHeight: '36px', fontSize: 13 }}>
      <Typography.Text strong style={{ color: '#fff', fontSize: 15, whiteSpace: 'nowrap' }}>
        乡财通
      </Typography.Text>
      <Flex gap={20} style={{ flex: 1, minWidth: 0, overflow: 'hidden' }}>
        <span
          data-testid="status-book"
          title={book.name}
          style={{ color: '#fff', fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
        >
          {book.name}
        </span>
        <Field label="启用期间" testId="status-period">
          {startPeriodLabel(book)}
        </Field>
        <Field label="单位类型">{book.unitType}</Field>
        <Field label="财政区划">{regionLabel(book.regionCode)}</Field>
        <SyncIndicator bookId={book.id} />
      </Flex>
      <UserBadge />
      <Button size="small" ghost icon={<SwapOutlined />} onClick={() => navigate({ name: 'start' })}>
        切换账套
      </Button>
    </Layout.Header>
  );
}
