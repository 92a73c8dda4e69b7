import type { LedgerDetailRow } from '../../../../shared/api';
import { DIMENSION_LABELS, type DimensionKey } from '../../../../shared/domain/ledger';
import { Money } from '../../components/Money';
import type { VirtualColumn } from './VirtualRows';

/** A 明细账 row: the opening line, a posted line, or a line whose page has not arrived yet. */
export type DetailLine = { kind: 'opening'; summary: string; balance: number } | ({ kind: 'line' } & LedgerDetailRow) | { kind: 'pending' };

/** 借 / 贷 / 平 of a balance signed towards the account's normal side. */
export function sideOf(balance: number, normal: 'debit' | 'credit'): string {
  if (balance === 0) return '平';
  const debitSide = (normal === 'debit') === balance > 0;
  return debitSide ? '借' : '贷';
}

function dimsText(row: LedgerDetailRow): string {
  return (Object.entries(row.dims) as [DimensionKey, string][]).map(([key, value]) => `${DIMENSION_LABELS[key]}:${value}`).join(' ');
}

export function detailColumns(normal: 'debit' | 'credit', showAccount: boolean, openVoucher: (id: string) => void): VirtualColumn<DetailLine>[] {
  const line = <T,>(render: (row: Extract<DetailLine, { kind: 'line' }>) => T) => (row: DetailLine) => (row.kind === 'line' ? render(row) : null);
  return [
    { key: 'date', title: '日期', width: 96, className: 'xc-num', render: line((r) => r.date) },
    {
      key: 'voucher',
      title: '凭证字号',
      width: 90,
      // Plain elements in the rows of long books: a frame draws dozens of them while scrolling.
      render: line((r) => (
        <a className="xc-link xc-num" onClick={() => openVoucher(r.voucherId)}>
          {r.voucherLabel}
        </a>
      )),
    },
    ...(showAccount ? [{ key: 'account', title: '科目', width: 90, className: 'xc-num', render: line((r) => r.accountCode) }] : []),
    {
      key: 'summary',
      title: '摘要',
      render: (row) => (row.kind === 'opening' ? <strong>{row.summary}</strong> : row.kind === 'pending' ? '…' : row.summary),
    },
    { key: 'dims', title: '辅助核算', width: 200, render: line((r) => dimsText(r)) },
    { key: 'debit', title: '借方', width: 120, align: 'right', render: line((r) => <Money fen={r.debit} blankZero />) },
    { key: 'credit', title: '贷方', width: 120, align: 'right', render: line((r) => <Money fen={r.credit} blankZero />) },
    { key: 'side', title: '方向', width: 48, align: 'center', render: (row) => (row.kind === 'pending' ? null : sideOf(row.balance, normal)) },
    { key: 'balance', title: '余额', width: 130, align: 'right', render: (row) => (row.kind === 'pending' ? null : <Money fen={Math.abs(row.balance)} />) },
  ];
}
