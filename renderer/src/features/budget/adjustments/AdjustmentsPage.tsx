import { useMemo, useState } from 'react';
import { App, Button, Flex, Segmented, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Adjustment, Indicator } from '../../../../../shared/api';
import { formatFen } from '../../../../../shared/domain';
import { ADJUSTMENT_STATUSES, type AdjustmentKind, type AdjustmentStatus } from '../../../../../shared/domain/budget/types';
import { errorMessage } from '../../../api/errorMessage';
import { hasRole } from '../../../api/session';
import { api } from '../../../api/transport';
import { useCommand } from '../../../api/useCommand';
import { ErrorResult } from '../../../components/ErrorResult';
import { ExportTableButton } from '../../../components/export/ExportTableButton';
import { Money } from '../../../components/Money';
import type { BudgetPageProps } from '../BudgetArea';
import { stampText, todayIn } from '../common/dates';
import { ADJUSTMENT_STATUS_COLORS } from '../common/labels';
import { PromptModal } from '../common/PromptModal';
import { AdjustmentCreateModal } from './AdjustmentCreateModal';
import { ListTable, ListToolbar, TotalRow } from '../common/ListTable';

type Decision = { kind: 'approve' | 'reject'; adjustment: Adjustment };

const linesText = (a: Adjustment) => a.lines.map((l) => `${l.indicatorLabel} ${l.delta > 0 ? '+' : ''}${formatFen(l.delta)}`).join('；');

/** An indicator as a row names it: the 文号 is usually the same, so the classification and project tell them apart. */
function shortLabel(i: Indicator | undefined, fallback: string): string {
  if (!i) return fallback;
  return `${i.econDepCode} ${i.econDepName ?? ''}${i.projectName ? `（${i.projectName}）` : ''}`.trim();
}

/** 调整调剂: requests with reason, from/to indicators and amounts; 主管 approves (into the ledger) or rejects. */
export function AdjustmentsPage({ book, user, year }: BudgetPageProps) {
  const { message } = App.useApp();
  const list = useCommand('budget.adjustmentList', { bookId: book.id, year });
  const indicators = useCommand('budget.indicatorList', { bookId: book.id, year });
  const [status, setStatus] = useState<'all' | AdjustmentStatus>('all');
  const [kind, setKind] = useState<'all' | AdjustmentKind>('all');
  const [creating, setCreating] = useState(false);
  const [decision, setDecision] = useState<Decision | null>(null);
  const canRequest = hasRole(user, 'accountant', 'supervisor');
  const canDecide = hasRole(user, 'supervisor');

  const all = useMemo(() => (list.status === 'ok' ? list.data : []), [list]);
  const byId = useMemo(() => new Map((indicators.status === 'ok' ? indicators.data : []).map((i) => [i.id, i])), [indicators]);
  const shown = all.filter((a) => (status === 'all' || a.status === status) && (kind === 'all' || a.kind === kind));

  const columns: TableColumnsType<Adjustment> = [
    { title: '申请时间', dataIndex: 'requestedAt', width: 126, sorter: (a, b) => a.requestedAt.localeCompare(b.requestedAt), render: (at: string) => <span className="xc-num">{stampText(at)}</span> },
    { title: '类型', dataIndex: 'kind', width: 52 },
    { title: '理由', dataIndex: 'reason', width: 200, ellipsis: true },
    {
      title: '指标明细',
      key: 'lines',
      ellipsis: true,
      render: (_, a) => (
        <Tooltip title={<div>{a.lines.map((l) => <div key={l.lineNo}>{`${l.indicatorLabel} ${l.delta > 0 ? '调增' : '调减'} ${formatFen(Math.abs(l.delta))}`}</div>)}</div>}>
          {a.lines.map((l) => (
            <span key={l.lineNo} style={{ marginInlineEnd: 10 }}>
              {shortLabel(byId.get(l.indicatorId), l.indicatorLabel)} {l.delta > 0 ? '+' : ''}
              <Money fen={l.delta} />
            </span>
          ))}
        </Tooltip>
      ),
    },
    { title: '净变动', dataIndex: 'netChange', width: 104, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: '状态', dataIndex: 'status', width: 70, render: (s: AdjustmentStatus, a) => <Tooltip title={a.decisionNote ?? undefined}><Tag color={ADJUSTMENT_STATUS_COLORS[s]}>{s}</Tag></Tooltip> },
    { title: '申请人', key: 'by', width: 64, render: (_, a) => a.requestedBy.displayName },
    { title: '审批', key: 'decided', width: 130, render: (_, a) => (a.decidedBy ? `${a.decidedBy.displayName} ${a.effectiveDate ?? ''}` : '') },
    {
      title: '操作',
      key: 'ops',
      width: 96,
      render: (_, a) =>
        a.status === '待审批' && canDecide ? (
          <Flex>
            <Button size="small" type="link" style={{ paddingInline: 3 }} onClick={() => setDecision({ kind: 'approve', adjustment: a })} data-testid={`adjust-approve-${a.reason}`}>
              批准
            </Button>
            <Button size="small" type="link" danger style={{ paddingInline: 3 }} onClick={() => setDecision({ kind: 'reject', adjustment: a })}>
              驳回
            </Button>
          </Flex>
        ) : null,
    },
  ];

  if (list.status === 'error') return <ErrorResult title="无法读取调整调剂申请" error={list.error} onRetry={list.reload} />;
  const d = decision?.adjustment;

  return (
    <>
      <ListToolbar
        extra={
          <>
            <Button size="small" type="primary" icon={<PlusOutlined />} disabled={!canRequest} onClick={() => setCreating(true)} data-testid="adjust-new">
              新建申请
            </Button>
            <ExportTableButton
              bookId={book.id}
              title="调整调剂"
              period={`${year}年`}
              columns={[{ header: '申请时间', kind: 'text', width: 17 }, { header: '类型', kind: 'text', width: 6 }, { header: '文号', kind: 'text', width: 20 }, { header: '理由', kind: 'text', width: 26 }, { header: '指标明细', kind: 'text', width: 36 }, { header: '净变动', kind: 'money', width: 16 }, { header: '状态', kind: 'text', width: 8 }, { header: '申请人', kind: 'text', width: 9 }, { header: '审批人', kind: 'text', width: 9 }, { header: '审批意见', kind: 'text', width: 20 }, { header: '生效日期', kind: 'date', width: 11 }]}
              rows={shown.map((a) => [stampText(a.requestedAt), a.kind, a.docNo ?? '', a.reason, linesText(a), a.netChange, a.status, a.requestedBy.displayName, a.decidedBy?.displayName ?? '', a.decisionNote ?? '', a.effectiveDate ?? ''])}
            />
          </>
        }
      >
        <Segmented<'all' | AdjustmentStatus>
          size="small"
          value={status}
          onChange={setStatus}
          options={[{ value: 'all', label: `全部 ${all.length}` }, ...ADJUSTMENT_STATUSES.map((s) => ({ value: s, label: `${s} ${all.filter((a) => a.status === s).length}` }))]}
        />
        <Segmented<'all' | AdjustmentKind>
          size="small"
          value={kind}
          onChange={setKind}
          options={[
            { value: 'all', label: '调整与调剂' },
            { value: '调整', label: '调整' },
            { value: '调剂', label: '调剂' },
          ]}
        />
      </ListToolbar>
      <ListTable<Adjustment>
        data-testid="adjust-table"
        loading={list.status === 'loading'}
        columns={columns}
        dataSource={shown}
        scrollX={1100}
        locale={{ emptyText: `${year}年没有调整调剂申请` }}
      />
      <Typography.Text type="secondary" style={{ marginTop: 4, fontSize: 12 }}>
        申请提交后不影响指标余额；主管批准后按生效日期记入指标台账（申请人不能审批自己的申请）。
      </Typography.Text>
      <AdjustmentCreateModal
        book={book}
        year={year}
        indicators={indicators.status === 'ok' ? indicators.data : []}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(a) => {
          message.success(`已提交${a.kind}申请，等待主管审批`);
          list.reload();
        }}
      />
      <PromptModal
        open={decision !== null}
        title={decision?.kind === 'approve' ? `批准${d?.kind ?? ''}申请` : `驳回${d?.kind ?? ''}申请`}
        intro={d ? `${d.reason}：${linesText(d)}` : undefined}
        reasonLabel={decision?.kind === 'approve' ? '审批意见（可不填）' : '驳回理由'}
        reasonRequired={decision?.kind !== 'approve'}
        dateLabel={decision?.kind === 'approve' ? '生效日期' : undefined}
        defaultDate={todayIn(year)}
        year={year}
        okText={decision?.kind === 'approve' ? '批准' : '驳回'}
        danger={decision?.kind === 'reject'}
        testId={`adjust-${decision?.kind ?? 'decide'}`}
        onCancel={() => setDecision(null)}
        onSubmit={async ({ reason, date }) => {
          if (!decision) return null;
          try {
            if (decision.kind === 'approve') await api.send('budget.adjustmentApprove', { bookId: book.id, id: decision.adjustment.id, date, note: reason || undefined });
            else await api.send('budget.adjustmentReject', { bookId: book.id, id: decision.adjustment.id, note: reason });
            message.success(decision.kind === 'approve' ? '已批准，已记入指标台账' : '已驳回');
            list.reload();
            indicators.reload();
            return null;
          } catch (error) {
            return errorMessage(error);
          }
        }}
      />
    </>
  );
}
