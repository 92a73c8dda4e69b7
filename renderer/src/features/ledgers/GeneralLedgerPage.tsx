import { useMemo } from 'react';
import { Select, Table, Typography, type TableColumnsType } from 'antd';
import type { Book, GeneralLedgerRow } from '../../../../shared/api';
import { useCommand } from '../../api/useCommand';
import { ErrorResult } from '../../components/ErrorResult';
import { Money } from '../../components/Money';
import { ExportExcelButton } from '../../components/export/ExportExcelButton';
import { PrintButton } from '../../components/export/PrintButton';
import { ReportTitle } from '../../components/ReportTitle';
import { AccountSelect } from './AccountSelect';
import { sideOf } from './detailColumns';
import { LedgerHeader } from './LedgerHeader';
import { goGeneralLedger, goLedgerDetail } from './ledgerRoutes';
import { useLedgerKeys } from './useLedgerKeys';

type Row = GeneralLedgerRow & { key: string };

/** 总账: an account (with its sub-accounts) by month — 年初余额, 本月合计, 本年累计, 余额. A month opens its 明细账. */
export function GeneralLedgerPage({ book, accountCode, year, years }: { book: Book; accountCode: string; year: number; years: number[] }) {
  const data = useCommand('ledger.general', { bookId: book.id, accountCode, year });
  const last = data.status === 'ok' ? (data.data.rows[data.data.rows.length - 1]?.month ?? 1) : 1;
  const place = { accountCode, year, month: Math.max(last, 1) };
  useLedgerKeys(book, 'general', place);
  const normal = data.status === 'ok' ? data.data.normalBalance : 'debit';
  const rows: Row[] = useMemo(() => (data.status === 'ok' ? data.data.rows.map((r) => ({ ...r, key: String(r.month) })) : []), [data]);
  const open = (r: Row) => r.month > 0 && goLedgerDetail(book.id, accountCode, year, r.month, r.month);

  const columns: TableColumnsType<Row> = [
    { title: '月份', key: 'month', width: 70, align: 'center', className: 'xc-num', render: (_, r) => (r.month === 0 ? '' : `${r.month}月`) },
    {
      title: '摘要',
      dataIndex: 'label',
      render: (label: string, r) =>
        r.month === 0 ? (
          <Typography.Text strong>{label}</Typography.Text>
        ) : (
          <Typography.Link onClick={() => open(r)} title="查看本月明细账" data-testid={`general-month-${r.month}`}>
            {label}
          </Typography.Link>
        ),
    },
    { title: '借方', dataIndex: 'debit', width: 130, align: 'right', render: (fen: number, r) => (r.month === 0 ? null : <Money fen={fen} />) },
    { title: '贷方', dataIndex: 'credit', width: 130, align: 'right', render: (fen: number, r) => (r.month === 0 ? null : <Money fen={fen} />) },
    { title: '本年累计借方', dataIndex: 'ytdDebit', width: 140, align: 'right', render: (fen: number, r) => (r.month === 0 ? null : <Money fen={fen} />) },
    { title: '本年累计贷方', dataIndex: 'ytdCredit', width: 140, align: 'right', render: (fen: number, r) => (r.month === 0 ? null : <Money fen={fen} />) },
    { title: '方向', key: 'side', width: 52, align: 'center', render: (_, r) => sideOf(r.balance, normal) },
    { title: '余额', dataIndex: 'balance', width: 140, align: 'right', render: (fen: number) => <Money fen={Math.abs(fen)} /> },
  ];

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', background: '#fff', padding: 8 }}>
      <LedgerHeader
        book={book}
        view="general"
        place={place}
        extra={
          <>
            <ExportExcelButton command="export.generalLedger" input={{ bookId: book.id, accountCode, year }} disabled={data.status !== 'ok'} />
            <PrintButton request={{ document: 'generalLedger', bookId: book.id, accountCode, year }} disabled={data.status !== 'ok'} />
          </>
        }
      >
        <AccountSelect book={book} value={accountCode} onChange={(code) => goGeneralLedger(book.id, code, year)} testId="general-account" />
        <Select size="small" value={year} options={years.map((y) => ({ value: y, label: `${y}年` }))} onChange={(y) => goGeneralLedger(book.id, accountCode, y)} style={{ width: 90 }} data-testid="general-year" />
      </LedgerHeader>
      {data.status === 'error' ? (
        <ErrorResult title="无法读取总账" error={data.error} onRetry={data.reload} />
      ) : (
        <>
          <ReportTitle title={`总账：${data.status === 'ok' ? `${data.data.accountCode} ${data.data.accountName}` : accountCode}`} unit={book.name} period={`${year}年`} />
          <Table<Row>
            data-testid="general-ledger"
            size="small"
            bordered
            rowKey="key"
            loading={data.status === 'loading'}
            columns={columns}
            dataSource={rows}
            pagination={false}
            onRow={(r) => ({ onDoubleClick: () => open(r), 'data-testid': `general-row-${r.month}` }) as object}
            locale={{ emptyText: `${year}年还没有已记账的凭证` }}
          />
        </>
      )}
    </div>
  );
}
