import { useCallback, useMemo } from 'react';
import type { Account, Book, JournalRow } from '../../../../shared/api';
import { formatPeriod } from '../../../../shared/domain';
import { goBook } from '../../app/routes';
import { useCommand } from '../../api/useCommand';
import { ErrorResult } from '../../components/ErrorResult';
import { LoadingBlock } from '../../components/LoadingBlock';
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
import { VirtualRows, type VirtualColumn } from './VirtualRows';

const cashAccount = (a: Account) => /^(1001|1002|1021)/.test(a.code);
const total = (r: JournalRow) => r.kind === 'day' || r.kind === 'month';

/**
 * 现金/银行日记账 for one month: every posted line with its counter-accounts and the running
 * balance, a 本日合计 after each day and the 本月合计 (日清月结). A line opens its voucher. A busy
 * bank account's month can hold thousands of lines: only the rows in view are drawn.
 */
export function JournalPage({ book, accountCode, year, month }: { book: Book; accountCode: string; year: number; month: number }) {
  const data = useCommand('ledger.journal', { bookId: book.id, accountCode, year, month });
  const height = useViewportHeight();
  useLedgerKeys(book, 'journal', { accountCode, year, month });
  const rows = useMemo(() => (data.status === 'ok' ? data.data.rows : []), [data]);
  const open = useCallback((r: JournalRow) => r.voucherId && goBook(book.id, 'vouchers', r.voucherId), [book.id]);

  const columns = useMemo<VirtualColumn<JournalRow>[]>(
    () => [
      { key: 'date', title: '日期', width: 96, className: 'xc-num', render: (r) => (r.kind === 'line' || r.kind === 'opening' ? r.date : '') },
      {
        key: 'voucher',
        title: '凭证字号',
        width: 90,
        render: (r) =>
          r.voucherLabel ? (
            <a className="xc-link xc-num" onClick={() => open(r)}>
              {r.voucherLabel}
            </a>
          ) : null,
      },
      { key: 'summary', title: '摘要', render: (r) => (r.kind === 'line' ? r.summary : <strong>{r.summary}</strong>) },
      { key: 'counter', title: '对方科目', width: 150, className: 'xc-num', render: (r) => r.counterAccounts },
      { key: 'debit', title: '收入（借方）', width: 130, align: 'right', render: (r) => (r.kind === 'opening' ? null : <Money fen={r.debit} blankZero={r.kind === 'line'} strong={total(r)} />) },
      { key: 'credit', title: '支出（贷方）', width: 130, align: 'right', render: (r) => (r.kind === 'opening' ? null : <Money fen={r.credit} blankZero={r.kind === 'line'} strong={total(r)} />) },
      { key: 'balance', title: '余额', width: 140, align: 'right', render: (r) => <Money fen={r.balance} strong={r.kind !== 'line'} /> },
    ],
    [open],
  );
  const rowAt = useCallback((i: number) => rows[i]!, [rows]);
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
          {data.status === 'loading' ? (
            <LoadingBlock text="正在读取日记账…" />
          ) : (
            <VirtualRows<JournalRow>
              testId="journal"
              columns={columns}
              count={rows.length}
              rowAt={rowAt}
              rowKey={(_r, i) => String(i)}
              height={Math.max(height - 280, 200)}
              minWidth={900}
              rowClassName={(r) => (r.kind === 'day' ? 'xc-vt-subtotal' : r.kind === 'month' ? 'xc-vt-total' : '')}
              rowTestId={(r) => (r.kind === 'line' ? undefined : `journal-${r.kind}-${r.date}`)}
              onRowDoubleClick={open}
            />
          )}
        </>
      )}
    </div>
  );
}
