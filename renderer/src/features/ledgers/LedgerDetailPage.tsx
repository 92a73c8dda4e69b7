import { useMemo, useState } from 'react';
import { Button, Flex, Pagination, Select, Table, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { Book } from '../../../../shared/api';
import { formatFen, matchesAccountQuery } from '../../../../shared/domain';
import { useCommand } from '../../api/useCommand';
import { goBook } from '../../app/routes';
import { ErrorResult } from '../../components/ErrorResult';
import { Money } from '../../components/Money';
import { ExportExcelButton } from '../../components/export/ExportExcelButton';
import { PrintButton } from '../../components/export/PrintButton';
import { PageHeader } from '../../components/PageHeader';
import { useViewportHeight } from '../../components/useViewportHeight';
import { detailColumns, sideOf, type DetailLine } from './detailColumns';

const PAGE = 200;
const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${String(i + 1).padStart(2, '0')}月` }));

/** 明细账: posted lines of one account (and its sub-accounts) with the running balance. */
export function LedgerDetailPage({ book, accountCode, query }: { book: Book; accountCode: string; query: readonly string[] }) {
  const year = Number(query[0]) || book.startYear;
  const fromMonth = Number(query[1]) || 1;
  const toMonth = Math.max(Number(query[2]) || 12, fromMonth);
  const [page, setPage] = useState(1);
  const accounts = useCommand('account.list', { bookId: book.id });
  const detail = useCommand('ledger.detail', { bookId: book.id, accountCode, year, fromMonth, toMonth, offset: (page - 1) * PAGE, limit: PAGE });
  const height = useViewportHeight();
  const go = (code: string, from = fromMonth, to = toMonth) => {
    setPage(1);
    goBook(book.id, 'ledgers', 'detail', code, String(year), String(from), String(to));
  };

  const options = useMemo(
    () => (accounts.status === 'ok' ? accounts.data.map((a) => ({ value: a.code, label: `${a.code} ${a.name}`, account: a })) : []),
    [accounts],
  );
  const data = detail.status === 'ok' ? detail.data : null;
  const showAccount = options.some((o) => o.value.startsWith(accountCode) && o.value !== accountCode);
  const lines: DetailLine[] = useMemo(() => {
    if (!data) return [];
    const opening: DetailLine = {
      key: 'opening',
      opening: true,
      date: '',
      voucherId: '',
      voucherLabel: '',
      summary: page > 1 ? '承前页' : fromMonth === 1 && year > book.startYear ? '上年结转' : '期初余额',
      accountCode,
      debit: 0,
      credit: 0,
      balance: page === 1 ? data.opening : (data.rows[0] ? data.rows[0].balance - data.rows[0].debit * sign(data.normalBalance) + data.rows[0].credit * sign(data.normalBalance) : data.opening),
      dims: {},
    };
    return [opening, ...data.rows.map((row, i) => ({ ...row, key: `${page}-${i}` }))];
  }, [data, page, fromMonth, accountCode, year, book.startYear]);
  const columns = useMemo(
    () => detailColumns(data?.normalBalance ?? 'debit', showAccount, (id) => goBook(book.id, 'vouchers', id)),
    [data?.normalBalance, showAccount, book.id],
  );
  const debit = data?.rows.reduce((s, r) => s + r.debit, 0) ?? 0;
  const credit = data?.rows.reduce((s, r) => s + r.credit, 0) ?? 0;
  const last = data?.rows[data.rows.length - 1]?.balance ?? data?.opening ?? 0;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', background: '#fff', padding: 8 }}>
      <PageHeader title="账簿查询 · 明细账">
        <Button size="small" icon={<ArrowLeftOutlined />} onClick={() => goBook(book.id, 'ledgers')}>
          科目余额表
        </Button>
        <Select
          data-testid="detail-account"
          size="small"
          showSearch
          value={accountCode}
          options={options}
          filterOption={(input, option) => !!option && matchesAccountQuery(option.account, input)}
          onChange={(code) => go(code)}
          style={{ width: 280 }}
        />
        <span>{year}年</span>
        <Select size="small" value={fromMonth} options={MONTHS} onChange={(m) => go(accountCode, m, Math.max(m, toMonth))} style={{ width: 76 }} />
        <span>至</span>
        <Select size="small" value={toMonth} options={MONTHS.filter((m) => m.value >= fromMonth)} onChange={(m) => go(accountCode, fromMonth, m)} style={{ width: 76 }} />
        <ExportExcelButton command="export.ledgerDetail" input={{ bookId: book.id, accountCode, year, fromMonth, toMonth }} disabled={detail.status !== 'ok'} />
        <PrintButton request={{ document: 'ledgerDetail', bookId: book.id, accountCode, year, fromMonth, toMonth }} disabled={detail.status !== 'ok'} />
      </PageHeader>
      {detail.status === 'error' ? (
        <ErrorResult title="无法读取明细账" error={detail.error} onRetry={detail.reload} />
      ) : (
        <>
          <Typography.Text style={{ marginBottom: 4 }}>
            {data ? `${data.accountCode} ${data.accountName}（余额方向：${data.normalBalance === 'debit' ? '借' : '贷'}）` : ''}
          </Typography.Text>
          <Table<DetailLine>
            data-testid="ledger-detail"
            size="small"
            bordered
            virtual
            rowKey="key"
            loading={detail.status === 'loading'}
            columns={columns}
            dataSource={lines}
            pagination={false}
            scroll={{ x: 1000, y: Math.max(height - 270, 200) }}
            onRow={(row) => (row.opening ? {} : ({ onDoubleClick: () => goBook(book.id, 'vouchers', row.voucherId) } as object))}
          />
          <Flex justify="space-between" align="center" style={{ marginTop: 6 }}>
            <span data-testid="detail-totals">
              {(data?.total ?? 0) > PAGE ? '本页合计' : '合计'}：借 <Money fen={debit} /> 贷 <Money fen={credit} />，期末余额 {sideOf(last, data?.normalBalance ?? 'debit')}{' '}
              <Money fen={Math.abs(last)} />
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }} title={formatFen(last)}>
                共 {data?.total ?? 0} 笔
              </Typography.Text>
            </span>
            <Pagination size="small" current={page} pageSize={PAGE} total={data?.total ?? 0} onChange={setPage} showSizeChanger={false} hideOnSinglePage />
          </Flex>
        </>
      )}
    </div>
  );
}

function sign(normal: 'debit' | 'credit'): number {
  return normal === 'debit' ? 1 : -1;
}
