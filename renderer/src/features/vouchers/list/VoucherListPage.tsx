import { useMemo, useState, type HTMLAttributes, type Key } from 'react';
import { Button, Flex, Segmented, Table, Tooltip, Typography } from 'antd';
import { CheckOutlined, FileAddOutlined, OrderedListOutlined, UndoOutlined, BookOutlined } from '@ant-design/icons';
import type { Book, User, Voucher, VoucherStatus } from '../../../../../shared/api';
import { formatPeriod } from '../../../../../shared/domain';
import { hasRole } from '../../../api/session';
import { useCommand } from '../../../api/useCommand';
import { goBook } from '../../../app/routes';
import { ErrorResult } from '../../../components/ErrorResult';
import { ExportExcelButton } from '../../../components/export/ExportExcelButton';
import { PrintButton } from '../../../components/export/PrintButton';
import { Money } from '../../../components/Money';
import { PageHeader } from '../../../components/PageHeader';
import { PeriodPicker } from '../../../components/PeriodPicker';
import { useViewportHeight } from '../../../components/useViewportHeight';
import { useWorkingPeriod } from '../useWorkingPeriod';
import { STATUS_LABELS } from '../voucherLabels';
import { useBatchActions } from './useBatchActions';
import { voucherAmount, voucherColumns } from './voucherColumns';

type StatusFilter = 'all' | VoucherStatus;
const FILTERS: { label: string; value: StatusFilter }[] = [
  { label: '全部', value: 'all' },
  { label: '草稿', value: 'draft' },
  { label: '已审核', value: 'reviewed' },
  { label: '已记账', value: 'posted' },
];

/** 凭证列表: one period's vouchers; select several to 审核, 取消审核 or 记账 at once. */
export function VoucherListPage({ book, user }: { book: Book; user: User }) {
  const [period, setPeriod] = useWorkingPeriod(book);
  const [filter, setFilter] = useState<StatusFilter>('all');
  const [selected, setSelected] = useState<Key[]>([]);
  const height = useViewportHeight();
  const list = useCommand('voucher.list', { bookId: book.id, year: period.year, month: period.month });
  const batch = useBatchActions(book, () => {
    setSelected([]);
    list.reload();
  });

  const all = useMemo(() => (list.status === 'ok' ? list.data : []), [list]);
  const shown = useMemo(() => (filter === 'all' ? all : all.filter((v) => v.status === filter)), [all, filter]);
  const open = (voucher: Voucher) => goBook(book.id, 'vouchers', voucher.id);
  const columns = useMemo(() => voucherColumns(open), [book.id]); // eslint-disable-line react-hooks/exhaustive-deps
  const ids = selected.map(String);
  const canReview = hasRole(user, 'reviewer', 'supervisor');
  const canPost = hasRole(user, 'accountant', 'reviewer', 'supervisor');
  const canPrepare = hasRole(user, 'accountant', 'supervisor');
  const counts = (status: VoucherStatus) => all.filter((v) => v.status === status).length;
  const total = shown.reduce((sum, v) => sum + voucherAmount(v), 0);
  const periodLabel = formatPeriod(period);

  if (list.status === 'error') return <ErrorResult title="无法读取凭证" error={list.error} onRetry={list.reload} />;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', background: '#fff', padding: 8 }}>
      <PageHeader title="凭证列表">
        <PeriodPicker
          value={period}
          onChange={(next) => {
            setPeriod(next);
            setSelected([]);
          }}
        />
        <Segmented<StatusFilter> size="small" options={FILTERS} value={filter} onChange={setFilter} data-testid="status-filter" />
        <Button size="small" type="primary" icon={<FileAddOutlined />} disabled={!canPrepare} onClick={() => goBook(book.id, 'vouchers')}>
          填制凭证
        </Button>
      </PageHeader>
      <Flex align="center" gap={6} wrap style={{ marginBottom: 6 }}>
        <Tooltip title={canReview ? '审核勾选的凭证（不能审核自己填制的凭证）' : '需要“审核”或“主管”岗位'}>
          <Button data-testid="batch-review" size="small" icon={<CheckOutlined />} disabled={!canReview} loading={batch.busy === 'voucher.review'} onClick={() => batch.run('voucher.review', ids)}>
            审核
          </Button>
        </Tooltip>
        <Button data-testid="batch-unreview" size="small" icon={<UndoOutlined />} disabled={!canReview} loading={batch.busy === 'voucher.unreview'} onClick={() => batch.run('voucher.unreview', ids)}>
          取消审核
        </Button>
        <Tooltip title="只有已审核的凭证可以记账">
          <Button data-testid="batch-post" size="small" icon={<BookOutlined />} disabled={!canPost} loading={batch.busy === 'voucher.post'} onClick={() => batch.run('voucher.post', ids)}>
            记账
          </Button>
        </Tooltip>
        <Tooltip title="重新连续编号本期未记账的凭证">
          <Button data-testid="renumber" size="small" icon={<OrderedListOutlined />} disabled={!canPrepare} loading={batch.busy === 'voucher.renumber'} onClick={() => batch.renumber(period.year, period.month, periodLabel)}>
            断号整理
          </Button>
        </Tooltip>
        <ExportExcelButton
          command="export.vouchers"
          input={{ bookId: book.id, year: period.year, month: period.month, ids: shown.length === all.length ? undefined : shown.map((v) => v.id) }}
          disabled={shown.length === 0}
        />
        <PrintButton
          request={{
            document: 'vouchers',
            bookId: book.id,
            year: period.year,
            month: period.month,
            // The selected vouchers, else those listed (all of the period in 凭证字号 order).
            ids: selected.length > 0 ? selected.map(String) : shown.length === all.length ? undefined : shown.map((v) => v.id),
          }}
          disabled={shown.length === 0}
          label={selected.length > 0 ? `打印所选 ${selected.length} 张` : '打印凭证'}
          testId="vouchers-print"
        />
        <Typography.Text type="secondary" style={{ marginInlineStart: 'auto' }} data-testid="voucher-counts">
          {periodLabel}：共 {all.length} 张（草稿 {counts('draft')}，已审核 {counts('reviewed')}，已记账 {counts('posted')}）
          {selected.length > 0 && `，已选 ${selected.length} 张`}
        </Typography.Text>
      </Flex>
      <Table<Voucher>
        size="small"
        rowKey="id"
        loading={list.status === 'loading'}
        columns={columns}
        dataSource={shown}
        pagination={false}
        virtual
        scroll={{ x: 1000, y: Math.max(height - 215, 200) }}
        rowSelection={{ selectedRowKeys: selected, onChange: setSelected, columnWidth: 32 }}
        onRow={(voucher) => ({ 'data-testid': `voucher-row-${voucher.label}`, onDoubleClick: () => open(voucher) }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: `${periodLabel}${filter === 'all' ? '' : STATUS_LABELS[filter]}没有凭证` }}
        summary={() =>
          shown.length > 0 ? (
            <Table.Summary fixed>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={4}>
                  <Typography.Text strong>合计（{shown.length} 张）</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  <Money fen={total} strong />
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} colSpan={5} />
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
    </div>
  );
}
