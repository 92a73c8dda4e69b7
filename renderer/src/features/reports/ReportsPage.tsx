import { useState } from 'react';
import { Alert, Flex, InputNumber, Segmented, Select, Table, Tag, Typography } from 'antd';
import type { Book, StatementData } from '../../../../shared/api';
import { formatFen } from '../../../../shared/domain/money';
import { formatPeriod } from '../../../../shared/domain/period';
import { useCommand } from '../../api/useCommand';
import { ErrorResult } from '../../components/ErrorResult';
import { ExportExcelButton } from '../../components/export/ExportExcelButton';
import { PrintButton } from '../../components/export/PrintButton';
import { LoadingBlock } from '../../components/LoadingBlock';
import { PageHeader } from '../../components/PageHeader';
import { STATEMENTS, type StatementId } from './statementList';

type Line = StatementData['lines'][number] & { row: number };

const amount = (fen: number) => (
  <span className="xc-num" style={{ color: fen < 0 ? '#cf1322' : undefined }}>
    {formatFen(fen)}
  </span>
);

/** 报表: computed by the core from the posted books for any period, never typed in. */
export function ReportsPage({ book }: { book: Book }) {
  const [id, setId] = useState<StatementId>('balanceSheet');
  const [year, setYear] = useState(book.startYear);
  const [month, setMonth] = useState(book.startMonth);
  const statement = useCommand('statement.get', { bookId: book.id, id, year, month });
  const meta = STATEMENTS.find((s) => s.id === id)!;

  const lines: Line[] = statement.status === 'ok' ? statement.data.lines.filter((l) => !l.hidden).map((l, i) => ({ ...l, row: i + 1 })) : [];
  const columns = [
    {
      title: '项目',
      dataIndex: 'label',
      render: (label: string, line: Line) => <span style={{ paddingLeft: line.indent * 16 }}>{label}</span>,
    },
    { title: '行次', dataIndex: 'row', width: 56, align: 'center' as const },
    meta.stock
      ? { title: '期末余额', dataIndex: 'value', width: 160, align: 'right' as const, render: amount }
      : { title: '本月数', dataIndex: 'value', width: 160, align: 'right' as const, render: amount },
    ...(meta.stock ? [] : [{ title: '本年累计数', dataIndex: 'ytdValue', width: 160, align: 'right' as const, render: amount }]),
  ];

  return (
    <Flex vertical style={{ height: '100%', minHeight: 0 }}>
      <PageHeader title="报表">
        <Select<StatementId>
          data-testid="statement-select"
          value={id}
          onChange={setId}
          style={{ width: 220 }}
          options={STATEMENTS.map((s) => ({ value: s.id, label: s.label }))}
        />
        <InputNumber data-testid="statement-year" min={2000} max={2099} value={year} onChange={(v) => v && setYear(v)} suffix="年" style={{ width: 100 }} />
        <Segmented
          size="small"
          value={month}
          onChange={(v) => setMonth(Number(v))}
          options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1}月` }))}
        />
        <ExportExcelButton command="export.statement" input={{ bookId: book.id, id, year, month }} disabled={statement.status !== 'ok'} />
        <ExportExcelButton command="export.statement" input={{ bookId: book.id, year, month }} disabled={statement.status !== 'ok'} label="导出全部报表" testId="export-all-statements" />
        <PrintButton request={{ document: 'statement', bookId: book.id, id, year, month }} disabled={statement.status !== 'ok'} />
      </PageHeader>
      {statement.status === 'loading' ? <LoadingBlock text="正在计算报表…" /> : null}
      {statement.status === 'error' ? <ErrorResult title="无法计算报表" error={statement.error} onRetry={statement.reload} /> : null}
      {statement.status === 'ok' ? (
        <>
          <Flex vertical align="center" style={{ marginBottom: 6 }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="statement-title">
              {statement.data.title}
            </Typography.Title>
            <Flex justify="space-between" style={{ width: '100%' }}>
              <Typography.Text type="secondary">编制单位：{book.name}</Typography.Text>
              <Typography.Text type="secondary">{formatPeriod({ year, month })}</Typography.Text>
              <Typography.Text type="secondary">
                {statement.data.code}　单位：元
              </Typography.Text>
            </Flex>
          </Flex>
          <Table<Line>
            size="small"
            rowKey="key"
            columns={columns}
            dataSource={lines}
            pagination={false}
            bordered
            scroll={{ y: 'calc(100vh - 260px)' }}
          />
          <Flex gap={8} wrap style={{ marginTop: 6 }} data-testid="statement-checks">
            {statement.data.checks.map((c) =>
              c.pass ? (
                <Tag key={c.label} color="success">
                  ✓ {c.label}
                </Tag>
              ) : (
                <Alert
                  key={c.label}
                  type="error"
                  showIcon
                  message={`${c.label}不成立：${formatFen(c.left)} ≠ ${formatFen(c.right)}，差额 ${formatFen(c.difference)}`}
                />
              ),
            )}
          </Flex>
        </>
      ) : null}
    </Flex>
  );
}
