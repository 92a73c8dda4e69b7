import { useMemo, useState } from 'react';
import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { LockOutlined, UnlockOutlined } from '@ant-design/icons';
import type { Book, User } from '../../../../shared/api';
import { formatPeriod, type Period } from '../../../../shared/domain';
import { hasRole } from '../../api/session';
import { useCommand } from '../../api/useCommand';
import { goBook } from '../../app/routes';
import { ErrorResult } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { periodRows, type PeriodRow } from './periodRows';
import { ReopenModal } from './ReopenModal';
import { usePeriodActions } from './usePeriodActions';

/**
 * 期末结账: months close in order. The core checks that every voucher is posted, each track
 * balances and numbers are continuous, then writes the closing voucher and locks the month.
 */
export function PeriodClosePage({ book, user }: { book: Book; user: User }) {
  const periods = useCommand('period.list', { bookId: book.id });
  const actions = usePeriodActions(book, periods.reload);
  const [reopening, setReopening] = useState<Period | null>(null);
  const rows = useMemo(() => (periods.status === 'ok' ? periodRows(book, periods.data) : []), [periods, book]);
  // Months the core has never been written to need no closing of their own; offer 结账 on
  // the first open month and on every month that holds vouchers.
  const known = new Set(periods.status === 'ok' ? periods.data.map((p) => `${p.year}-${p.month}`) : []);
  const firstOpen = rows.find((r) => r.status === 'open');
  const lastClosed = [...rows].reverse().find((r) => r.status === 'closed');
  const canClose = hasRole(user, 'accountant', 'supervisor');
  const isSupervisor = hasRole(user, 'supervisor');

  if (periods.status === 'error') return <ErrorResult title="无法读取会计期间" error={periods.error} onRetry={periods.reload} />;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', background: '#fff', padding: 8 }}>
      <PageHeader title="期末结账" />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 8 }}
        title="结账前请确认：本期凭证已全部审核、记账，凭证号连续（可在凭证列表“断号整理”）。结账将自动生成收入费用结转凭证；12月结账同时完成年终结转。"
      />
      <Table<PeriodRow>
        size="small"
        rowKey="key"
        loading={periods.status === 'loading'}
        dataSource={rows}
        pagination={false}
        scroll={{ y: 'calc(100vh - 230px)' }}
        onRow={(row) => ({ 'data-testid': `period-row-${row.year}-${String(row.month).padStart(2, '0')}` }) as object}
        columns={[
          { title: '会计期间', key: 'period', width: 120, render: (_, row) => formatPeriod(row) },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (status: PeriodRow['status']) => (status === 'closed' ? <Tag color="green">已结账</Tag> : <Tag>未结账</Tag>),
          },
          { title: '凭证张数', dataIndex: 'voucherCount', width: 90, align: 'right', className: 'xc-num' },
          { title: '已记账', dataIndex: 'postedCount', width: 90, align: 'right', className: 'xc-num' },
          {
            title: '未记账',
            key: 'unposted',
            width: 90,
            align: 'right',
            render: (_, row) => {
              const n = row.voucherCount - row.postedCount;
              return n > 0 ? (
                <Typography.Link type="danger" onClick={() => goBook(book.id, 'vouchers', 'list')}>
                  {n}
                </Typography.Link>
              ) : (
                <span className="xc-num">0</span>
              );
            },
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, row) => (
              <Space size={4}>
                {row.status === 'open' && (row === firstOpen || known.has(row.key)) && (
                  <Button
                    data-testid={row === firstOpen ? 'period-close' : undefined}
                    size="small"
                    type={row === firstOpen ? 'primary' : 'default'}
                    icon={<LockOutlined />}
                    disabled={!canClose}
                    loading={actions.busy === `close-${row.year}-${row.month}`}
                    onClick={() => actions.close(row)}
                  >
                    结账
                  </Button>
                )}
                {row.status === 'closed' && row === lastClosed && (
                  <Button
                    data-testid="period-reopen"
                    size="small"
                    danger
                    icon={<UnlockOutlined />}
                    disabled={!isSupervisor}
                    title={isSupervisor ? undefined : '只有会计主管可以反结账'}
                    onClick={() => setReopening({ year: row.year, month: row.month })}
                  >
                    反结账
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ReopenModal period={reopening} onCancel={() => setReopening(null)} onSubmit={(reason) => actions.reopen(reopening!, reason)} />
    </div>
  );
}
