import { Typography, type TableColumnsType } from 'antd';
import type { LedgerDetailRow } from '../../../../shared/api';
import { DIMENSION_LABELS, type DimensionKey } from '../../../../shared/domain/ledger';
import { Money } from '../../components/Money';

export interface DetailLine extends LedgerDetailRow {
  key: string;
  opening?: boolean;
}

/** 借 / 贷 / 平 of a balance signed towards the account's normal side. */
export function sideOf(balance: number, normal: 'debit' | 'credit'): string {
  if (balance === 0) return '平';
  const debitSide = (normal === 'debit') === balance > 0;
  return debitSide ? '借' : '贷';
}

function dimsText(row: LedgerDetailRow): string {
  return (Object.entries(row.dims) as [DimensionKey, string][]).map(([key, value]) => `${DIMENSION_LABELS[key]}:${value}`).join(' ');
}

export function detailColumns(normal: 'debit' | 'credit', showAccount: boolean, openVoucher: (id: string) => void): TableColumnsType<DetailLine> {
  return [
    { title: '日期', dataIndex: 'date', width: 96, className: 'xc-num' },
    {
      title: '凭证字号',
      dataIndex: 'voucherLabel',
      width: 90,
      render: (label: string, row) =>
        row.opening ? null : (
          <Typography.Link className="xc-num" onClick={() => openVoucher(row.voucherId)}>
            {label}
          </Typography.Link>
        ),
    },
    ...(showAccount ? [{ title: '科目', dataIndex: 'accountCode', width: 90, className: 'xc-num' }] : []),
    { title: '摘要', dataIndex: 'summary', ellipsis: true, render: (text: string, row) => (row.opening ? <Typography.Text strong>{text}</Typography.Text> : text) },
    { title: '辅助核算', key: 'dims', width: 220, ellipsis: true, render: (_, row) => dimsText(row) },
    { title: '借方', dataIndex: 'debit', width: 120, align: 'right', render: (fen: number, row) => (row.opening ? null : <Money fen={fen} blankZero />) },
    { title: '贷方', dataIndex: 'credit', width: 120, align: 'right', render: (fen: number, row) => (row.opening ? null : <Money fen={fen} blankZero />) },
    { title: '方向', key: 'side', width: 48, align: 'center', render: (_, row) => sideOf(row.balance, normal) },
    { title: '余额', dataIndex: 'balance', width: 130, align: 'right', render: (fen: number) => <Money fen={Math.abs(fen)} /> },
  ];
}
