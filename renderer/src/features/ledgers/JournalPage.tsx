import { useMemo } from 'react';
import { Table, Typography, type TableColumnsType } from 'antd';
import type { Account, Book, JournalRow } from '../../../../shared/api';
import { formatPeriod } from '../../../../shared/domain';
import { goBook } from '../../app/routes';
import { useCommand } from '../../api/useCommand';
import { ErrorResult } from '../../components/ErrorResult';
import { Money } from '../../components/Money';
import { ExportExcelButton } from '../../components/export/ExportExcelButton';
import { PrintButton } from '../../components/export/PrintButton';
import { PeriodPicker } from '../../components/PeriodPicker';
import { ReportTitle } from '../../components/ReportTitle';
import { useViewportHeight } from '../../components/useViewportHeight';
import { AccountSelect } from './AccountSelect';
import { LedgerHeader } from './LedgerHeader';
import { goJournal } from './ledgerRoutes';
import { useLedgerKeys } from './useLedgerKeys';

type Row = JournalRow & { key: string };

const cashAccount = (a: Account) => /^(1001|1002|1021)/.test(a.code);
const TOTAL_KINDS = new Set<JournalRow['kind']>(['day', 'month']);

/**
 * 现金/银行日记账 for one month: every posted line with its counter-accounts and the running
 * balance, a 本日合计 after each day and the 本月合计 (日清月结). A line opens its voucher.
 */
export function JournalPage({ book, accountCode, year, month }: { book: Book; accountCode: string; year: number; month: number }) {
  const data = useCommand('ledger.journal', { bookId: book.id, accountCode, year, month });
  const height = useViewportHeight();
  useLedgerKeys(book, 'journal', { accountCode, year, month });
  const rows: Row[] = useMemo(() => (data.status === 'ok' ? data.data.rows.map((r, i) => ({ ...r, key: `${r.kind}-${i}` })) : []), [data]);
  const open = (r: Row) => r.voucherId && goBook(book.id, 'vouchers', r.voucherId);

  const columns: TableColumnsType<Row> = [
    { title: '日期', dataIndex: 'date', width: 96, className: 'xc-num', render: (d: string, r) => (r.kind === 'line' || r.kind === 'opening' ? d : '') },
    {
      title: '凭证字号',
      dataIndex: 'voucherLabel',
      width: 90,
      render: (label: string | null, r) =>
        label ? (
          <Typography.Link className="xc-num" onClick={() => open(r)}>
            {label}
          </Typography.Link>
        ) : null,
    },
    { title: '摘要', dataIndex: 'summary', ellipsis: true, render: (s: string, r) => (r.kind === 'line' ? s : <Typography.Text strong>{s}</Typography.Text>) },
    { title: '对方科目', dataIndex: 'counterAccounts', width: 150, ellipsis: true, className: 'xc-num' },
    { title: '收入（借方）', dataIndex: 'debit', width: 130, align: 'right', render: (fen: number, r) => (r.kind === 'opening' ? null : <Money fen={fen} blankZero={r.kind === 'line'} strong={TOTAL_KINDS.has(r.kind)} />) },
    { title: '支出（贷方）', dataIndex: 'credit', width: 130, align: 'right', render: (fen: number, r) => (r.kind === 'opening' ? null : <Money fen={fen} blankZero={r.kind === 'line'} strong={TOTAL_KINDS.has(r.kind)} />) },
    { title: '余额', dataIndex: 'balance', width: 140, align: 'right', render: (fen: number, r) => <Money fen={fen} strong={r.kind !== 'line'} /> },
  ];
  const label = formatPeriod({ year, month });

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', background: '#fff', padding: 8 }}>
      <LedgerHeader
        book={book}
        view="journal"
        place={{ accountCode, year, month }}
        extra={
          <>
            <ExportExcelButton command="export.journal" input={{ bookId: book.id, accountCode, year, month }} disabled={data.status !== 'ok'} />
            <PrintButton request={{ document: 'journal', bookId: book.id, accountCode, year, month }} disabled={data.status !== 'ok'} />
          </>
        }
      >
        <AccountSelect book={book} value={accountCode} onChange={(code) => goJournal(book.id, code, year, month)} only={cashAccount} testId="journal-account" width={240} />
        <PeriodPicker value={{ year, month }} onChange={(p) => goJournal(book.id, accountCode, p.year, p.month)} testId="journal-period" />
      </LedgerHeader>
      {data.status === 'error' ? (
        <ErrorResult title="无法读取日记账" error={data.error} onRetry={data.reload} />
      ) : (
        <>
          <ReportTitle title={`${accountCode.startsWith('1001') ? '现金' : '银行'}日记账：${data.status === 'ok' ? `${data.data.accountCode} ${data.data.accountName}` : accountCode}`} unit={book.name} period={label} />
          <Table<Row>
            data-testid="journal"
            size="small"
            bordered
            virtual
            rowKey="key"
            loading={data.status === 'loading'}
            columns={columns}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 900, y: Math.max(height - 280, 200) }}
            rowClassName={(r) => (r.kind === 'day' ? 'xc-row-group' : r.kind === 'month' ? 'xc-row-total' : '')}
            onRow={(r) => ({ onDoubleClick: () => open(r), 'data-testid': r.kind === 'line' ? undefined : `journal-${r.kind}-${r.date}` }) as object}
          />
        </>
      )}
    </div>
  );
}
