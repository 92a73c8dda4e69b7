import { Tag, Typography, type TableColumnsType } from 'antd';
import type { Voucher } from '../../../../../shared/api';
import { Money } from '../../../components/Money';
import { STATUS_COLORS, STATUS_LABELS } from '../voucherLabels';

/** 金额 of a voucher in lists: its 财务会计 debit total (the budget one for a budget-only voucher). */
export function voucherAmount(voucher: Voucher): number {
  return voucher.totals.financial.debit !== 0 || voucher.totals.financial.credit !== 0 ? voucher.totals.financial.debit : voucher.totals.budget.debit;
}

export function firstSummary(voucher: Voucher): string {
  return voucher.lines.find((line) => line.summary.trim() !== '')?.summary ?? '';
}

export function voucherColumns(open: (voucher: Voucher) => void): TableColumnsType<Voucher> {
  return [
    {
      title: '凭证字号',
      dataIndex: 'label',
      width: 130,
      render: (label: string, voucher) => (
        <>
          <Typography.Link className="xc-num" onClick={() => open(voucher)}>
            {label}
          </Typography.Link>
          {voucher.kind === 'reversal' && (
            <Tag color="red" style={{ marginInlineStart: 4 }}>
              红冲
            </Tag>
          )}
          {voucher.kind === 'closing' && (
            <Tag color="purple" style={{ marginInlineStart: 4 }}>
              结转
            </Tag>
          )}
        </>
      ),
    },
    { title: '日期', dataIndex: 'date', width: 96, className: 'xc-num' },
    { title: '摘要', key: 'summary', ellipsis: true, render: (_, voucher) => firstSummary(voucher) },
    {
      title: '金额',
      key: 'amount',
      width: 130,
      align: 'right',
      render: (_, voucher) => <Money fen={voucherAmount(voucher)} />,
    },
    { title: '附单据', dataIndex: 'attachments', width: 60, align: 'center', className: 'xc-num' },
    {
      title: '状态',
      dataIndex: 'status',
      width: 116,
      render: (status: Voucher['status'], voucher) => (
        <>
          <Tag color={STATUS_COLORS[status]}>{STATUS_LABELS[status]}</Tag>
          {voucher.reversedById && (
            <Tag color="red" style={{ marginInlineEnd: 0 }}>
              已冲销
            </Tag>
          )}
        </>
      ),
    },
    { title: '制单', key: 'preparedBy', width: 76, render: (_, v) => v.preparedBy.displayName },
    { title: '审核', key: 'reviewedBy', width: 76, render: (_, v) => v.reviewedBy?.displayName ?? '' },
    { title: '记账', key: 'postedBy', width: 76, render: (_, v) => v.postedBy?.displayName ?? '' },
  ];
}
