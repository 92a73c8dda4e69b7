import { useEffect, useState } from 'react';
import { Button, Empty, Flex, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Book, BudgetDraft, SubmissionSummary } from '../../../../../shared/api';
import { formatFen } from '../../../../../shared/domain';
import type { ChangeKind, SnapshotDiffRow } from '../../../../../shared/domain/budget/snapshots';
import type { DraftSection } from '../../../../../shared/domain/budget/types';
import { useCommand } from '../../../api/useCommand';
import { ErrorResult } from '../../../components/ErrorResult';
import { ExportTableButton } from '../../../components/export/ExportTableButton';
import { Money } from '../../../components/Money';
import { stampText } from '../common/dates';

const CHANGE_COLORS: Record<ChangeKind, string> = { 新增: 'green', 删除: 'red', 增加: 'blue', 减少: 'orange', 未变: 'default' };
const SECTIONS: DraftSection[] = ['人员经费', '日常公用经费', '项目支出', '收入'];

const nameOf = (s: SubmissionSummary) => `${s.stage}（第${s.seq}次，${stampText(s.submittedAt).slice(0, 10)}）`;

/** Every frozen submission, and the differences between any two of them (一上 vs 二上 by default). */
export function SubmissionsTab({ book, draft, height }: { book: Book; draft: BudgetDraft; height: number }) {
  const submissions = draft.submissions;
  const last = submissions.at(-1);
  const [toId, setToId] = useState<string | undefined>(last?.id);
  const [fromId, setFromId] = useState<string | undefined>(submissions.at(-2)?.id);
  useEffect(() => {
    setToId(submissions.at(-1)?.id);
    setFromId(submissions.at(-2)?.id);
  }, [submissions.length]); // eslint-disable-line react-hooks/exhaustive-deps

  const columns: TableColumnsType<SubmissionSummary> = [
    { title: '序号', dataIndex: 'seq', width: 44, align: 'center' },
    { title: '阶段', dataIndex: 'stage', width: 50 },
    { title: '支出合计', dataIndex: 'expenditureTotal', width: 112, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: '收入合计', dataIndex: 'revenueTotal', width: 112, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: '报送人', key: 'by', width: 64, render: (_, s) => s.submittedBy.displayName },
    { title: '报送时间', dataIndex: 'submittedAt', render: (at: string) => <span className="xc-num">{stampText(at)}</span> },
  ];

  return (
    <Flex gap={12} style={{ flex: 1, minHeight: 0 }}>
      <div style={{ width: 470, flex: 'none' }}>
        <Typography.Text strong>报送快照（报送后冻结，不再改变）</Typography.Text>
        <Table<SubmissionSummary>
          data-testid="submission-table"
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={submissions}
          pagination={false}
          locale={{ emptyText: '还没有报送过' }}
          rowClassName={(s) => (s.id === toId || s.id === fromId ? 'xc-row-group' : '')}
        />
      </div>
      <Flex vertical style={{ flex: 1, minWidth: 0 }}>
        <Flex gap={6} align="center" wrap style={{ marginBottom: 6 }}>
          <Typography.Text strong>快照比较：</Typography.Text>
          <Select data-testid="compare-from" size="small" style={{ width: 200 }} placeholder="基准快照" value={fromId} onChange={setFromId} options={submissions.map((s) => ({ value: s.id, label: nameOf(s) }))} />
          <span>→</span>
          <Select data-testid="compare-to" size="small" style={{ width: 200 }} placeholder="比较快照" value={toId} onChange={setToId} options={submissions.map((s) => ({ value: s.id, label: nameOf(s) }))} />
        </Flex>
        {toId ? <Comparison book={book} toId={toId} fromId={fromId} height={height} /> : <Empty description="报送两次以上后可以比较" />}
      </Flex>
    </Flex>
  );
}

function Comparison({ book, toId, fromId, height }: { book: Book; toId: string; fromId: string | undefined; height: number }) {
  const compared = useCommand('budget.submissionCompare', { bookId: book.id, id: toId, againstId: fromId && fromId !== toId ? fromId : undefined });
  const [onlyChanged, setOnlyChanged] = useState(true);
  if (compared.status === 'error') return <ErrorResult title="无法比较快照" error={compared.error} onRetry={compared.reload} />;
  const data = compared.status === 'ok' ? compared.data : null;
  const rows = (data?.diff.rows ?? []).filter((r) => !onlyChanged || r.change !== '未变');
  const columns: TableColumnsType<SnapshotDiffRow> = [
    { title: '类型', dataIndex: 'section', width: 84 },
    { title: '内容', dataIndex: 'label', ellipsis: true },
    { title: data?.from ? `${data.from.stage}第${data.from.seq}次` : '前次', dataIndex: 'before', width: 104, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: data ? `${data.to.stage}第${data.to.seq}次` : '本次', dataIndex: 'after', width: 104, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: '增减', dataIndex: 'delta', width: 104, align: 'right', sorter: (a, b) => a.delta - b.delta, render: (fen: number) => <Money fen={fen} blankZero /> },
    { title: '变化', dataIndex: 'change', width: 60, render: (c: ChangeKind) => <Tag color={CHANGE_COLORS[c]}>{c}</Tag> },
  ];
  return (
    <>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 6 }} data-testid="compare-totals">
        {data &&
          SECTIONS.map((s) => {
            const t = data.diff.totals[s];
            return (
              <span key={s} style={{ whiteSpace: 'nowrap' }}>
                {s}：{formatFen(t.before)} → {formatFen(t.after)}
                {t.delta !== 0 && <span style={{ color: t.delta < 0 ? '#cf1322' : '#389e0d' }}>（{t.delta > 0 ? '+' : ''}{formatFen(t.delta)}）</span>}
              </span>
            );
          })}
        <Button size="small" type="link" onClick={() => setOnlyChanged(!onlyChanged)}>
          {onlyChanged ? '显示全部行' : '只看有变化的行'}
        </Button>
        <ExportTableButton
          bookId={book.id}
          title="预算快照比较"
          period={data ? `${data.to.year}年` : ''}
          columns={[{ header: '类型', kind: 'text', width: 10 }, { header: '内容', kind: 'text', width: 36 }, { header: '前次', kind: 'money', width: 16 }, { header: '本次', kind: 'money', width: 16 }, { header: '增减', kind: 'money', width: 16 }, { header: '变化', kind: 'text', width: 10 }]}
          rows={data ? data.diff.rows.map((r) => [r.section, r.label, r.before, r.after, r.delta, r.change]) : []}
          disabled={!data}
        />
      </Flex>
      {data && !data.from && <Typography.Text type="secondary">这是第一次报送，没有可比较的前次快照。</Typography.Text>}
      <Table<SnapshotDiffRow>
        data-testid="compare-table"
        size="small"
        rowKey="key"
        loading={compared.status === 'loading'}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ y: Math.max(height - 360, 160) }}
        locale={{ emptyText: '两次快照没有差异' }}
      />
    </>
  );
}
