import { useEffect, useMemo, useRef } from 'react';
import { Flex, Select, Table, Tag, Typography, type TableProps } from 'antd';
import type { Book } from '../../../../shared/api';
import { DIMENSION_LABELS, type DimensionKey } from '../../../../shared/domain/ledger';
import { goBook } from '../../app/routes';
import { ErrorResult } from '../../components/ErrorResult';
import { Money } from '../../components/Money';
import { ExportExcelButton } from '../../components/export/ExportExcelButton';
import { PrintButton } from '../../components/export/PrintButton';
import { useViewportHeight } from '../../components/useViewportHeight';
import { AccountSelect } from './AccountSelect';
import { detailColumns, sideOf, type DetailLine } from './detailColumns';
import { LedgerHeader } from './LedgerHeader';
import { MONTH_OPTIONS, goLedgerDetail, monthOf, parseDims, yearOf } from './ledgerRoutes';
import { useDetailRows, type DetailSlot } from './useDetailRows';
import { useLedgerKeys } from './useLedgerKeys';

/** How long the view must rest before the pages under it are fetched (a fling fetches nothing on the way). */
const SETTLE_MS = 90;

/**
 * 明细账: posted lines of one account (and its sub-accounts, optionally of some dimension values)
 * with the running balance. One virtual list over the whole range, however long: the core is
 * asked for the pages under the rows on screen as the list scrolls; rows not fetched yet show
 * as “…”. The totals are the whole range's, from the first answer.
 */
export function LedgerDetailPage({ book, accountCode, query }: { book: Book; accountCode: string; query: readonly string[] }) {
  const year = yearOf(query[0], book.startYear);
  const fromMonth = monthOf(query[1], 1);
  const toMonth = Math.max(monthOf(query[2], 12), fromMonth);
  const dims = useMemo(() => parseDims(query[3]), [query]);
  const filter = Object.keys(dims).length > 0 ? dims : undefined;
  const { state, show, reload } = useDetailRows({ bookId: book.id, accountCode, year, fromMonth, toMonth, dims: filter });
  const height = useViewportHeight();
  const settle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const place = { accountCode, year, month: toMonth };
  useLedgerKeys(book, 'detail', place);
  const go = (code: string, from = fromMonth, to = toMonth) => goLedgerDetail(book.id, code, year, from, to, filter);

  const data = state.status === 'ok' ? state.head : null;
  const lines: DetailLine[] = useMemo(() => {
    if (state.status !== 'ok') return [];
    const opening: DetailLine = {
      key: 'opening',
      opening: true,
      date: '',
      voucherId: '',
      voucherLabel: '',
      summary: fromMonth === 1 && year > book.startYear ? '上年结转' : '期初余额',
      accountCode,
      debit: 0,
      credit: 0,
      balance: state.head.opening,
      dims: {},
    };
    return [opening, ...state.slots.map(asLine)];
  }, [state, fromMonth, accountCode, year, book.startYear]);
  const showAccount = !!data && lines.some((l) => !l.opening && !l.pending && l.accountCode !== accountCode);
  const columns = useMemo(() => detailColumns(data?.normalBalance ?? 'debit', true, (id) => goBook(book.id, 'vouchers', id)), [data?.normalBalance, book.id]);

  useEffect(() => () => {
    if (settle.current) clearTimeout(settle.current);
  }, []);

  const onScroll: TableProps<DetailLine>['onScroll'] = (event) => {
    const holder = event.currentTarget as HTMLElement | null;
    if (!holder || lines.length === 0) return;
    const { scrollTop, clientHeight, scrollHeight } = holder;
    if (settle.current) clearTimeout(settle.current);
    settle.current = setTimeout(() => {
      const perRow = scrollHeight / lines.length;
      // Row 0 is the opening line: book row i is list row i + 1.
      show(Math.max(0, Math.floor(scrollTop / perRow) - 1), Math.ceil((scrollTop + clientHeight) / perRow));
    }, SETTLE_MS);
  };

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
          <Table<DetailLine>
            data-testid="ledger-detail"
            size="small"
            bordered
            virtual
            rowKey="key"
            loading={state.status === 'loading'}
            columns={showAccount ? columns : columns.filter((c) => c.key !== 'account')}
            dataSource={lines}
            pagination={false}
            scroll={{ x: 1000, y: Math.max(height - 270, 200) }}
            onScroll={onScroll}
            rowClassName={(row) => (row.pending ? 'xc-row-pending' : '')}
            onRow={(row) => (row.opening || row.pending ? {} : ({ onDoubleClick: () => goBook(book.id, 'vouchers', row.voucherId) } as object))}
          />
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

function asLine(slot: DetailSlot): DetailLine {
  if (!slot.pending) return slot;
  return { key: slot.key, pending: true, date: '', voucherId: '', voucherLabel: '', summary: '…', accountCode: '', debit: 0, credit: 0, balance: 0, dims: {} };
}
