import { useState } from 'react';
import { Flex, Segmented, Table, Typography, type TableColumnsType } from 'antd';
import type { Book, ExecutionRow } from '../../../../../shared/api';
import type { ExecutionGroup } from '../../../../../shared/api/budgetSchemas';
import { useCommand } from '../../../api/useCommand';
import { ErrorResult } from '../../../components/ErrorResult';
import { ExportExcelButton } from '../../../components/export/ExportExcelButton';
import { Money } from '../../../components/Money';
import { BandTag, GapCell, rateText } from '../common/rates';

const GROUPS: { value: string; label: string; by: ExecutionGroup; level: 3 | 5 | 7 }[] = [
  { value: 'f3', label: '功能分类（类）', by: 'function', level: 3 },
  { value: 'f5', label: '功能分类（款）', by: 'function', level: 5 },
  { value: 'f7', label: '功能分类（项）', by: 'function', level: 7 },
  { value: 'project', label: '项目', by: 'project', level: 3 },
  { value: 'fund', label: '资金性质', by: 'fundNature', level: 3 },
  { value: 'indicator', label: '指标', by: 'indicator', level: 3 },
];

/** 执行情况表 (budget.executionReport): any grouping, sortable, exportable. */
export function ExecutionDetail({ book, year, asOf }: { book: Book; year: number; asOf: string | undefined }) {
  const [group, setGroup] = useState('f3');
  const g = GROUPS.find((x) => x.value === group)!;
  const report = useCommand('budget.executionReport', { bookId: book.id, year, asOf, by: g.by, funcLevel: g.level });
  if (report.status === 'error') return <ErrorResult title="无法计算执行情况" error={report.error} onRetry={report.reload} />;
  const data = report.status === 'ok' ? report.data : null;
  const columns: TableColumnsType<ExecutionRow> = [
    { title: g.label, dataIndex: 'label', ellipsis: true, sorter: (a, b) => a.label.localeCompare(b.label) },
    { title: '可执行', dataIndex: 'executable', width: 120, align: 'right', sorter: (a, b) => a.executable - b.executable, render: (f: number) => <Money fen={f} /> },
    { title: '已支付', dataIndex: 'paid', width: 120, align: 'right', sorter: (a, b) => a.paid - b.paid, render: (f: number) => <Money fen={f} /> },
    { title: '在途/冻结', dataIndex: 'frozen', width: 110, align: 'right', render: (f: number) => <Money fen={f} blankZero /> },
    { title: '可用', dataIndex: 'available', width: 120, align: 'right', render: (f: number) => <Money fen={f} /> },
    { title: '执行率', dataIndex: 'rateBp', width: 76, align: 'right', sorter: (a, b) => (a.rateBp ?? -1) - (b.rateBp ?? -1), render: (bp: number | null) => <span className="xc-num">{rateText(bp)}</span> },
    { title: '与序时进度', key: 'gap', width: 130, sorter: (a, b) => (a.gapBp ?? 0) - (b.gapBp ?? 0), render: (_, r) => <GapCell row={r} /> },
    { title: '预警', dataIndex: 'band', width: 84, render: (b: ExecutionRow['band']) => <BandTag band={b} /> },
  ];
  return (
    <>
      <Flex align="center" gap={8} style={{ margin: '8px 0 4px' }}>
        <Typography.Text strong>执行情况表</Typography.Text>
        <Segmented size="small" value={group} onChange={(v) => setGroup(String(v))} options={GROUPS.map((x) => ({ value: x.value, label: x.label }))} />
        <span style={{ marginInlineStart: 'auto' }}>
          <ExportExcelButton command="export.execution" input={{ bookId: book.id, year, asOf, by: g.by, funcLevel: g.level }} disabled={!data} />
        </span>
      </Flex>
      <Table<ExecutionRow>
        data-testid="execution-table"
        size="small"
        rowKey="key"
        loading={report.status === 'loading'}
        columns={columns}
        dataSource={data?.rows ?? []}
        pagination={false}
        locale={{ emptyText: '没有预算指标' }}
        summary={() =>
          data && data.rows.length > 0 ? (
            <Table.Summary.Row className="xc-row-total">
              <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right"><Money fen={data.total.executable} strong /></Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right"><Money fen={data.total.paid} strong /></Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right"><Money fen={data.total.frozen} blankZero /></Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right"><Money fen={data.total.available} strong /></Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right"><span className="xc-num">{rateText(data.total.rateBp)}</span></Table.Summary.Cell>
              <Table.Summary.Cell index={6}><GapCell row={data.total} /></Table.Summary.Cell>
              <Table.Summary.Cell index={7}><BandTag band={data.total.band} /></Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </>
  );
}
