import { useMemo } from 'react';
import { Select, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { Book, DimensionBalanceRow } from '../../../../shared/api';
import { DIMENSION_KEYS, DIMENSION_LABELS, type DimensionKey } from '../../../../shared/domain/ledger';
import { useCommand } from '../../api/useCommand';
import { ErrorResult } from '../../components/ErrorResult';
import { Money } from '../../components/Money';
import { ExportExcelButton } from '../../components/export/ExportExcelButton';
import { ReportTitle } from '../../components/ReportTitle';
import { useViewportHeight } from '../../components/useViewportHeight';
import { AccountSelect } from './AccountSelect';
import { LedgerHeader } from './LedgerHeader';
import { MONTH_OPTIONS, goDimensionBalance, goLedgerDetail } from './ledgerRoutes';
import { useLedgerKeys } from './useLedgerKeys';

type Row = DimensionBalanceRow & { key: string };

/** Net balances shown on their side, as the 科目余额表 does. */
function net(fen: number, side: 'debit' | 'credit') {
  const value = side === 'debit' ? Math.max(fen, 0) : Math.max(-fen, 0);
  return <Money fen={value} blankZero />;
}

/**
 * 辅助余额表: an account (and its sub-accounts) summed by up to three dimensions, e.g. 行政支出
 * by 功能分类 and 经济分类. A row opens the 明细账 of exactly those dimension values.
 */
export function DimensionBalancePage({ book, accountCode, year, fromMonth, toMonth, by }: { book: Book; accountCode: string; year: number; fromMonth: number; toMonth: number; by: DimensionKey[] }) {
  const data = useCommand('ledger.dimensionBalance', { bookId: book.id, accountCode, year, fromMonth, toMonth, by });
  const height = useViewportHeight();
  useLedgerKeys(book, 'dims', { accountCode, year, month: toMonth });
  const go = (next: Partial<{ code: string; from: number; to: number; by: DimensionKey[] }>) =>
    goDimensionBalance(book.id, next.code ?? accountCode, year, next.from ?? fromMonth, next.to ?? toMonth, next.by ?? by);
  const rows: Row[] = useMemo(() => (data.status === 'ok' ? data.data.map((r, i) => ({ ...r, key: `${r.accountCode}-${i}` })) : []), [data]);
  const open = (r: Row) => goLedgerDetail(book.id, r.accountCode, year, fromMonth, toMonth, r.values);

  const columns: TableColumnsType<Row> = [
    {
      title: '科目',
      key: 'account',
      width: 170,
      ellipsis: true,
      render: (_, r) => (
        <Typography.Link onClick={() => open(r)} title="查看这些辅助核算值的明细账" className="xc-num">
          {r.accountCode} {r.accountName}
        </Typography.Link>
      ),
    },
    ...by.map((key) => ({
      title: DIMENSION_LABELS[key],
      key,
      ellipsis: true,
      render: (_: unknown, r: Row) => {
        const value = r.values[key];
        if (!value) return <Tooltip title="凭证行没有填写该辅助核算；明细账将显示该科目其余条件下的全部行"><Typography.Text type="secondary">（未填）</Typography.Text></Tooltip>;
        return (
          <span>
            <span className="xc-num">{value}</span> {r.labels[key] !== value ? r.labels[key] : ''}
          </span>
        );
      },
    })),
    { title: '期初借方', key: 'od', width: 118, align: 'right' as const, render: (_: unknown, r: Row) => net(r.openingNet, 'debit') },
    { title: '期初贷方', key: 'oc', width: 118, align: 'right' as const, render: (_: unknown, r: Row) => net(r.openingNet, 'credit') },
    { title: '本期借方', dataIndex: 'periodDebit', width: 118, align: 'right' as const, render: (fen: number) => <Money fen={fen} blankZero /> },
    { title: '本期贷方', dataIndex: 'periodCredit', width: 118, align: 'right' as const, render: (fen: number) => <Money fen={fen} blankZero /> },
    { title: '期末借方', key: 'cd', width: 118, align: 'right' as const, render: (_: unknown, r: Row) => net(r.closingNet, 'debit') },
    { title: '期末贷方', key: 'cc', width: 118, align: 'right' as const, render: (_: unknown, r: Row) => net(r.closingNet, 'credit') },
  ];
  const sum = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', background: '#fff', padding: 8 }}>
      <LedgerHeader
        book={book}
        view="dims"
        place={{ accountCode, year, month: toMonth }}
        extra={<ExportExcelButton command="export.dimensionBalance" input={{ bookId: book.id, accountCode, year, fromMonth, toMonth, by }} disabled={data.status !== 'ok'} />}
      >
        <AccountSelect book={book} value={accountCode} onChange={(code) => go({ code })} testId="dims-account" width={220} />
        <span>{year}年</span>
        <Select size="small" value={fromMonth} options={MONTH_OPTIONS} onChange={(m) => go({ from: m, to: Math.max(m, toMonth) })} style={{ width: 76 }} />
        <span>至</span>
        <Select size="small" value={toMonth} options={MONTH_OPTIONS.filter((m) => m.value >= fromMonth)} onChange={(m) => go({ to: m })} style={{ width: 76 }} />
        <Select<DimensionKey[]>
          data-testid="dims-by"
          size="small"
          mode="multiple"
          maxCount={3}
          value={by}
          options={DIMENSION_KEYS.map((k) => ({ value: k, label: DIMENSION_LABELS[k] }))}
          onChange={(next) => next.length > 0 && go({ by: next })}
          style={{ minWidth: 220 }}
          placeholder="按哪些辅助核算汇总（最多三个）"
        />
      </LedgerHeader>
      {data.status === 'error' ? (
        <ErrorResult title="无法读取辅助余额表" error={data.error} onRetry={data.reload} />
      ) : (
        <>
          <ReportTitle title={`辅助余额表：${accountCode}（按${by.map((k) => DIMENSION_LABELS[k]).join('、')}）`} unit={book.name} period={`${year}年${fromMonth}月至${toMonth}月`} />
          <Table<Row>
            data-testid="dimension-balance"
            size="small"
            bordered
            virtual
            rowKey="key"
            loading={data.status === 'loading'}
            columns={columns}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 1100, y: Math.max(height - 300, 200) }}
            onRow={(r) => ({ onDoubleClick: () => open(r), 'data-testid': `dims-row-${r.accountCode}-${by.map((k) => r.values[k] ?? '').join('-')}` }) as object}
            locale={{ emptyText: '所选期间没有发生额或余额' }}
            summary={() =>
              rows.length > 0 ? (
                <Table.Summary fixed>
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0} colSpan={1 + by.length}>
                      <Typography.Text strong>合计</Typography.Text>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">{net(sum((r) => Math.max(r.openingNet, 0)), 'debit')}</Table.Summary.Cell>
                    <Table.Summary.Cell index={2} align="right">{net(-sum((r) => Math.max(-r.openingNet, 0)), 'credit')}</Table.Summary.Cell>
                    <Table.Summary.Cell index={3} align="right"><Money fen={sum((r) => r.periodDebit)} strong /></Table.Summary.Cell>
                    <Table.Summary.Cell index={4} align="right"><Money fen={sum((r) => r.periodCredit)} strong /></Table.Summary.Cell>
                    <Table.Summary.Cell index={5} align="right">{net(sum((r) => Math.max(r.closingNet, 0)), 'debit')}</Table.Summary.Cell>
                    <Table.Summary.Cell index={6} align="right">{net(-sum((r) => Math.max(-r.closingNet, 0)), 'credit')}</Table.Summary.Cell>
                  </Table.Summary.Row>
                </Table.Summary>
              ) : null
            }
          />
        </>
      )}
    </div>
  );
}
