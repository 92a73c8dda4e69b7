import { Typography, type TableColumnsType } from 'antd';
import type { LedgerDetailRow } from '../../../../shared/api';
import { DIMENSION_LABELS, type DimensionKey } from '../../../../shared/domain/ledger';
import { Money } from '../../components/Money';

export interface DetailLine extends LedgerDetailRow {
  key: string;
  opening?: boolean;
  /** Not fetched yet: shown as “…” until its page arrives. */
  pending?: boolean;
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

const plain = (row: DetailLine) => !row.opening && !row.pending;

export function detailColumns(normal: 'debit' | 'credit', showAccount: boolean, openVoucher: (id: string) => void): TableColumnsType<DetailLine> {
  return [
    { title: '日期', dataIndex: 'date', width: 96, className: 'xc-num' },
    {
      title: '凭证字号',
      dataIndex: 'voucherLabel',
      width: 90,
      render: (label: string, row) =>
        plain(row) ? (
          <Typography.Link className="xc-num" onClick={() => openVoucher(row.voucherId)}>
            {label}
          </Typography.Link>
        ) : null,
    },
    ...(showAccount ? [{ title: '科目', key: 'account', dataIndex: 'accountCode', width: 90, className: 'xc-num' }] : []),
    {
      title: '摘要',
      dataIndex: 'summary',
      ellipsis: true,
      render: (text: string, row) => (row.opening ? <Typography.Text strong>{text}</Typography.Text> : row.pending ? <Typography.Text type="secondary">…</Typography.Text> : text),
    },
    { title: '辅助核算', key: 'dims', width: 220, ellipsis: true, render: (_, row) => dimsText(row) },
    { title: '借方', dataIndex: 'debit', width: 120, align: 'right', render: (fen: number, row) => (plain(row) ? <Money fen={fen} blankZero /> : null) },
    { title: '贷方', dataIndex: 'credit', width: 120, align: 'right', render: (fen: number, row) => (plain(row) ? <Money fen={fen} blankZero /> : null) },
    { title: '方向', key: 'side', width: 48, align: 'center', render: (_, row) => (row.pending ? null : sideOf(row.balance, normal)) },
    { title: '余额', dataIndex: 'balance', width: 130, align: 'right', render: (fen: number, row) => (row.pending ? null : <Money fen={Math.abs(fen)} />) },
  ];
}
