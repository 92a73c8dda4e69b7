import { useMemo, useState, type HTMLAttributes } from 'react';
import { App, Button, Input, Segmented, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Payment } from '../../../../../shared/api';
import { formatFen } from '../../../../../shared/domain';
import { PAYMENT_STATUSES, type PaymentStatus } from '../../../../../shared/domain/budget/types';
import { hasRole } from '../../../api/session';
import { useCommand } from '../../../api/useCommand';
import { ErrorResult } from '../../../components/ErrorResult';
import { ExportExcelButton } from '../../../components/export/ExportExcelButton';
import { Money } from '../../../components/Money';
import type { BudgetPageProps } from '../BudgetArea';
import { goBudget } from '../budgetTabs';
import { PAYMENT_STATUS_COLORS } from '../common/labels';
import { PaymentCreateModal } from './PaymentCreateModal';
import { PaymentDetailDrawer, VoucherLink } from './PaymentDetailDrawer';
import { usePaymentActions } from './usePaymentActions';
import { ListTable, ListToolbar, TotalRow } from '../common/ListTable';

type StatusFilter = 'all' | 'pending' | PaymentStatus;

/** 支付申请: 申请 → 审核 → 确认支付 (voucher) with 退回 and 资金退回; filtered by status, searchable, exportable. */
export function PaymentsPage({ book, user, year, rest }: BudgetPageProps) {
  const { message } = App.useApp();
  const list = useCommand('budget.paymentList', { bookId: book.id, year });
  const indicators = useCommand('budget.indicatorList', { bookId: book.id, year });
  const [status, setStatus] = useState<StatusFilter>('all');
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const canApply = hasRole(user, 'accountant', 'supervisor');
  const presetIndicator = rest[0] === 'new' ? (rest[1] ?? null) : null;
  const openId = rest[0] && rest[0] !== 'new' ? rest[0] : null;

  const actions = usePaymentActions(book, user, () => {
    list.reload();
    indicators.reload();
  });

  const all = useMemo(() => (list.status === 'ok' ? list.data : []), [list]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return all.filter(
      (p) =>
        (status === 'all' || (status === 'pending' ? p.status === '申请' || p.status === '审核' : p.status === status)) &&
        (!q || [p.purpose, p.payee.name, p.elements.docNo, p.elements.funcCode, p.elements.econDepCode, p.elements.projectCode ?? '', p.voucherLabel ?? ''].some((t) => t.toLowerCase().includes(q))),
    );
  }, [all, status, query]);
  const opened = openId ? (all.find((p) => p.id === openId) ?? null) : null;

  const columns: TableColumnsType<Payment> = [
    { title: '申请日期', dataIndex: 'appliedDate', width: 92, sorter: (a, b) => a.appliedDate.localeCompare(b.appliedDate), render: (d: string) => <span className="xc-num">{d}</span> },
    { title: '用途', dataIndex: 'purpose', ellipsis: true, render: (purpose: string, p) => <Typography.Link onClick={() => goBudget(book.id, 'payments', p.id)}>{purpose}</Typography.Link> },
    { title: '收款人', key: 'payee', width: 140, ellipsis: true, render: (_, p) => p.payee.name },
    { title: '指标', dataIndex: 'indicatorLabel', width: 220, ellipsis: true },
    { title: '金额', dataIndex: 'amount', width: 112, align: 'right', sorter: (a, b) => a.amount - b.amount, render: (fen: number) => <Money fen={fen} /> },
    { title: '支付方式', key: 'pay', width: 76, render: (_, p) => p.elements.payMethod },
    {
      title: '状态',
      dataIndex: 'status',
      width: 66,
      sorter: (a, b) => PAYMENT_STATUSES.indexOf(a.status) - PAYMENT_STATUSES.indexOf(b.status),
      render: (s: PaymentStatus, p) => (
        <Tooltip title={p.returnReason ? `退回原因：${p.returnReason}` : p.refundReason ? `资金退回：${p.refundReason}` : undefined}>
          <Tag color={PAYMENT_STATUS_COLORS[s]} style={{ marginInlineEnd: 0 }}>
            {s === '审核' ? '已审核' : s}
          </Tag>
        </Tooltip>
      ),
    },
    { title: '申请人', key: 'applied', width: 64, render: (_, p) => p.appliedBy.displayName },
    { title: '审核人', key: 'reviewed', width: 64, render: (_, p) => p.reviewedBy?.displayName ?? '' },
    { title: '凭证', key: 'voucher', width: 76, render: (_, p) => <VoucherLink book={book} id={p.voucherId} label={p.voucherLabel} testId={`payment-voucher-${p.purpose}`} /> },
    { title: '操作', key: 'ops', width: 130, fixed: 'right', render: (_, p) => actions.buttons(p) },
  ];

  if (list.status === 'error') return <ErrorResult title="无法读取支付申请" error={list.error} onRetry={list.reload} />;
  const count = (s: PaymentStatus) => all.filter((p) => p.status === s).length;
  const total = shown.reduce((s, p) => s + p.amount, 0);

  return (
    <>
      <ListToolbar
        extra={
          <>
            <Tooltip title={canApply ? undefined : '需要“会计”或“主管”岗位'}>
              <Button size="small" type="primary" icon={<PlusOutlined />} disabled={!canApply} onClick={() => setCreating(true)} data-testid="payment-new">
                新建支付申请
              </Button>
            </Tooltip>
            <ExportExcelButton command="export.payments" input={{ bookId: book.id, year, ids: shown.length === all.length ? undefined : shown.map((p) => p.id) }} disabled={shown.length === 0} />
          </>
        }
      >
        <Segmented<StatusFilter>
          data-testid="payment-status-filter"
          size="small"
          value={status}
          onChange={setStatus}
          options={[
            { value: 'all', label: `全部 ${all.length}` },
            { value: 'pending', label: `在途 ${count('申请') + count('审核')}` },
            ...PAYMENT_STATUSES.map((s) => ({ value: s, label: `${s === '审核' ? '已审核' : s} ${count(s)}` })),
          ]}
        />
        <Input.Search size="small" allowClear placeholder="用途、收款人、文号、凭证号" value={query} onChange={(e) => setQuery(e.target.value)} style={{ width: 200 }} />
      </ListToolbar>
      <ListTable<Payment>
        data-testid="payment-table"
        loading={list.status === 'loading'}
        columns={columns}
        dataSource={shown}
        scrollX={1180}
        onRow={(p) => ({ 'data-testid': `payment-row-${p.purpose}`, onDoubleClick: () => goBudget(book.id, 'payments', p.id) }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: all.length === 0 ? `${year}年还没有支付申请：在“预算指标”中点“支付”，或点“新建支付申请”` : '没有符合筛选条件的申请' }}
        summary={() => (shown.length > 0 ? <TotalRow label={<>合计（{shown.length} 笔）</>} span={4} cells={[<Money fen={total} strong />]} rest={6} /> : null)}
      />
      <PaymentCreateModal
        book={book}
        year={year}
        indicators={indicators.status === 'ok' ? indicators.data : []}
        presetIndicatorId={presetIndicator}
        open={creating || presetIndicator !== null}
        onClose={() => {
          setCreating(false);
          if (presetIndicator) goBudget(book.id, 'payments');
        }}
        onCreated={(p) => {
          message.success(`已提交支付申请：${p.purpose}（${formatFen(p.amount)} 元），金额已冻结，等待审核`);
          list.reload();
          indicators.reload();
        }}
      />
      <PaymentDetailDrawer book={book} payment={opened} actions={opened ? actions.buttons(opened, 'default') : null} onClose={() => goBudget(book.id, 'payments')} />
      {actions.modal}
    </>
  );
}
