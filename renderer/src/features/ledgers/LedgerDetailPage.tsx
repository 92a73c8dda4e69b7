import { useCallback, useMemo, useRef } from 'react';
import { Flex, Select, Tag, Typography } from 'antd';
import type { Book, LedgerDetailRow } from '../../../../shared/api';
import { DIMENSION_LABELS, type DimensionKey } from '../../../../shared/domain/ledger';
import { useCommand } from '../../api/useCommand';
import { goBook } from '../../app/routes';
import { ErrorResult } from '../../components/ErrorResult';
import { LoadingBlock } from '../../components/LoadingBlock';
import { Money } from '../../components/Money';
import { ExportExcelButton } from '../../components/export/ExportExcelButton';
import { PrintButton } from '../../components/export/PrintButton';
import { useViewportHeight } from '../../components/useViewportHeight';
import { AccountSelect } from './AccountSelect';
import { detailColumns, sideOf, type DetailLine } from './detailColumns';
import { LedgerHeader } from './LedgerHeader';
import { MONTH_OPTIONS, goLedgerDetail, monthOf, parseDims, yearOf } from './ledgerRoutes';
import { useDetailRows } from './useDetailRows';
import { useLedgerKeys } from './useLedgerKeys';
import { VirtualRows } from './VirtualRows';

const PENDING: DetailLine = { kind: 'pending' };

/**
 * 明细账: posted lines of one account (and its sub-accounts, optionally of some dimension values)
 * with the running balance. One virtual list over the whole range, however long: only the rows in
 * view exist in the page, and the core is asked for the pages under them as the list scrolls; rows
 * not fetched yet show as “…”. The totals are the whole range's, from the first answer.
 */
export function LedgerDetailPage({ book, accountCode, query }: { book: Book; accountCode: string; query: readonly string[] }) {
  const year = yearOf(query[0], book.startYear);
  const fromMonth = monthOf(query[1], 1);
  const toMonth = Math.max(monthOf(query[2], 12), fromMonth);
  const dims = useMemo(() => parseDims(query[3]), [query]);
  const filter = Object.keys(dims).length > 0 ? dims : undefined;
  const { state, show, reload } = useDetailRows({ bookId: book.id, accountCode, year, fromMonth, toMonth, dims: filter });
  const height = useViewportHeight();
  const place = { accountCode, year, month: toMonth };
  useLedgerKeys(book, 'detail', place);
  const go = (code: string, from = fromMonth, to = toMonth) => goLedgerDetail(book.id, code, year, from, to, filter);
  // The 科目 column only where the account has sub-accounts whose lines it sums.
  const accounts = useCommand('account.list', { bookId: book.id });
  const showAccount = accounts.status === 'ok' && accounts.data.some((a) => a.parentCode === accountCode);

  const data = state.status === 'ok' ? state.head : null;
  const openingBalance = data?.opening ?? 0;
  const rowAt = state.status === 'ok' ? state.rowAt : null;
  const opening: DetailLine = useMemo(
    () => ({ kind: 'opening', summary: fromMonth === 1 && year > book.startYear ? '上年结转' : '期初余额', balance: openingBalance }),
    [fromMonth, year, book.startYear, openingBalance],
  );
  // Row 0 is the opening line: book line i is row i + 1. The same object for the same line every
  // time, so a row that stays in view is not drawn again while scrolling.
  const lines = useRef(new WeakMap<LedgerDetailRow, DetailLine>());
  const lineAt = useCallback(
    (index: number): DetailLine => {
      if (index === 0) return opening;
      const row = rowAt?.(index - 1);
      if (!row) return PENDING;
      let line = lines.current.get(row);
      if (!line) lines.current.set(row, (line = { kind: 'line', ...row }));
      return line;
    },
    [opening, rowAt],
  );
  const onRange = useCallback((first: number, last: number) => show(Math.max(0, first - 1), Math.max(0, last - 1)), [show]);
  const columns = useMemo(() => detailColumns(data?.normalBalance ?? 'debit', showAccount, (id) => goBook(book.id, 'vouchers', id)), [data?.normalBalance, showAccount, book.id]);

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', background: '#fff', padding: 8 }}>
      <LedgerHeader
        book={book}
        view="detail"
        place={place}
        extra={
          <>
            <ExportExcelButton command="export.ledgerDetail" input={{ bookId: book.id, accountCode, year, fromMonth, toMonth, dims: filter }} disabled={state.status !== 'ok'} />
            <PrintButton request={{ document: 'ledgerDetail', bookId: book.id, accountCode, year, fromMonth, toMonth }} disabled={state.status !== 'ok'} />
          </>
        }
      >
        <AccountSelect book={book} value={accountCode} onChange={(code) => go(code)} testId="detail-account" width={280} />
        <span>{year}年</span>
        <Select size="small" value={fromMonth} options={MONTH_OPTIONS} onChange={(m) => go(accountCode, m, Math.max(m, toMonth))} style={{ width: 76 }} />
        <span>至</span>
        <Select size="small" value={toMonth} options={MONTH_OPTIONS.filter((m) => m.value >= fromMonth)} onChange={(m) => go(accountCode, fromMonth, m)} style={{ width: 76 }} />
      </LedgerHeader>
      {state.status === 'error' ? (
        <ErrorResult title="无法读取明细账" error={state.error} onRetry={reload} />
      ) : (
        <>
          <Flex gap={8} align="center" style={{ marginBottom: 4 }}>
            <Typography.Text>{data ? `${data.accountCode} ${data.accountName}（余额方向：${data.normalBalance === 'debit' ? '借' : '贷'}）` : ''}</Typography.Text>
            {filter &&
              (Object.entries(filter) as [DimensionKey, string][]).map(([k, v]) => (
                <Tag key={k} closable onClose={() => goLedgerDetail(book.id, accountCode, year, fromMonth, toMonth)} data-testid={`detail-filter-${k}`}>
                  {DIMENSION_LABELS[k]}：{v}
                </Tag>
              ))}
          </Flex>
          {state.status === 'loading' ? (
            <LoadingBlock text="正在读取明细账…" />
          ) : (
            <VirtualRows<DetailLine>
              testId="ledger-detail"
              columns={columns}
              count={(data?.total ?? 0) + 1}
              rowAt={lineAt}
              rowKey={(_row, i) => String(i)}
              version={state.version}
              height={Math.max(height - 270, 200)}
              minWidth={1000}
              onRange={onRange}
              rowClassName={(row) => (row.kind === 'pending' ? 'xc-row-pending' : '')}
              onRowDoubleClick={(row) => row.kind === 'line' && goBook(book.id, 'vouchers', row.voucherId)}
            />
          )}
          <Flex justify="space-between" align="center" style={{ marginTop: 6 }}>
            <span data-testid="detail-totals">
              合计：借 <Money fen={data?.totalDebit ?? 0} /> 贷 <Money fen={data?.totalCredit ?? 0} />，期末余额 {sideOf(data?.closing ?? 0, data?.normalBalance ?? 'debit')}{' '}
              <Money fen={Math.abs(data?.closing ?? 0)} />
            </span>
            <Typography.Text type="secondary" className="xc-num" data-testid="detail-count">
              共 {data?.total ?? 0} 笔
            </Typography.Text>
          </Flex>
        </>
      )}
    </div>
  );
}
