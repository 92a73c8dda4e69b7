import { useMemo, useState } from 'react';
import { Alert, Button, Flex, Popconfirm, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { CalculatorOutlined, PlusOutlined } from '@ant-design/icons';
import type { Book, BudgetDraft, DraftLine, User } from '../../../../../shared/api';
import { formatFen } from '../../../../../shared/domain';
import type { DraftSection } from '../../../../../shared/domain/budget/types';
import { hasRole } from '../../../api/session';
import { api } from '../../../api/transport';
import { ExportTableButton } from '../../../components/export/ExportTableButton';
import { Money } from '../../../components/Money';
import { codeName } from '../common/classifications';
import { useAction } from '../common/useAction';
import { ProjectLineModal, RevenueLineModal } from './DraftLineModals';

const SECTIONS: DraftSection[] = ['人员经费', '日常公用经费', '项目支出', '收入'];
const SECTION_TITLES: Record<DraftSection, string> = { 人员经费: '基本支出 · 人员经费', 日常公用经费: '基本支出 · 日常公用经费', 项目支出: '项目支出', 收入: '收入预算' };

type Row = { key: string; kind: 'group'; section: DraftSection; amount: number; count: number } | { key: string; kind: 'line'; line: DraftLine };

function classification(l: DraftLine): string {
  return l.section === '收入' ? codeName(l.revenueCode, l.revenueName) : codeName(l.funcCode, l.funcName);
}

/** The draft: 基本支出 from the roster, 项目支出 from the library, 收入 by classification, against 一下 control figures. */
export function DraftTab({ book, user, draft, onChange, height }: { book: Book; user: User; draft: BudgetDraft; onChange: (draft?: BudgetDraft) => void; height: number }) {
  const [projectLine, setProjectLine] = useState<{ line: DraftLine | null } | null>(null);
  const [revenueLine, setRevenueLine] = useState<{ line: DraftLine | null } | null>(null);
  const action = useAction();
  const canPrepare = hasRole(user, 'accountant', 'supervisor');
  const canEdit = canPrepare && draft.editable;
  const locked = !draft.editable ? `当前状态为“${draft.state}”，草案不能修改（编制中和一下已下达时可以修改）` : !canPrepare ? '需要“会计”或“主管”岗位' : undefined;

  const rows = useMemo(() => {
    const out: Row[] = [];
    for (const section of SECTIONS) {
      const lines = draft.lines.filter((l) => l.section === section);
      if (lines.length === 0) continue;
      out.push({ key: `group-${section}`, kind: 'group', section, amount: draft.totals[section], count: lines.length });
      for (const line of lines) out.push({ key: line.id, kind: 'line', line });
    }
    return out;
  }, [draft]);

  async function remove(line: DraftLine) {
    const next = await action.run(`remove-${line.id}`, () => api.send('budget.draftRemoveLine', { bookId: book.id, id: line.id }), () => '已删除该预算行', '不能删除该预算行');
    if (next) onChange(next);
  }

  async function computeBasic() {
    const next = await action.run('compute', () => api.send('budget.draftComputeBasic', { bookId: book.id, year: draft.year }), (d) => `已按人员名册计算基本支出：人员经费 ${formatFen(d.totals.人员经费)} 元，日常公用经费 ${formatFen(d.totals.日常公用经费)} 元`, '不能计算基本支出');
    if (next) onChange(next);
  }

  const columns: TableColumnsType<Row> = [
    {
      title: '功能分类 / 收入分类',
      key: 'class',
      ellipsis: true,
      render: (_, r) =>
        r.kind === 'group' ? (
          <Typography.Text strong>
            {SECTION_TITLES[r.section]}（{r.count} 行）
          </Typography.Text>
        ) : (
          classification(r.line)
        ),
      onCell: (r) => (r.kind === 'group' ? { colSpan: 4 } : {}),
    },
    { title: '经济分类', key: 'econ', width: 170, ellipsis: true, render: (_, r) => (r.kind === 'line' ? codeName(r.line.econCode, r.line.econName) : null), onCell: (r) => (r.kind === 'group' ? { colSpan: 0 } : {}) },
    { title: '项目', key: 'project', width: 170, ellipsis: true, render: (_, r) => (r.kind === 'line' && r.line.projectCode ? `${r.line.projectCode} ${r.line.projectName ?? ''}` : null), onCell: (r) => (r.kind === 'group' ? { colSpan: 0 } : {}) },
    { title: '资金性质', key: 'fund', width: 100, render: (_, r) => (r.kind === 'line' ? r.line.fundNature : null), onCell: (r) => (r.kind === 'group' ? { colSpan: 0 } : {}) },
    { title: '金额', key: 'amount', width: 130, align: 'right', render: (_, r) => (r.kind === 'group' ? <Money fen={r.amount} strong /> : <Money fen={r.line.amount} />) },
    {
      title: '来源',
      key: 'origin',
      width: 64,
      render: (_, r) => (r.kind === 'line' ? r.line.origin === 'computed' ? <Tag color="blue">按名册</Tag> : <Tag>录入</Tag> : null),
    },
    {
      title: '操作',
      key: 'ops',
      width: 96,
      render: (_, r) => {
        if (r.kind !== 'line') return null;
        const l = r.line;
        return (
          <Flex>
            {(l.section === '项目支出' || l.section === '收入') && (
              <Button size="small" type="link" disabled={!canEdit} onClick={() => (l.section === '收入' ? setRevenueLine({ line: l }) : setProjectLine({ line: l }))}>
                修改
              </Button>
            )}
            <Popconfirm title="删除这一行预算？" okText="删除" okButtonProps={{ danger: true }} onConfirm={() => remove(l)} disabled={!canEdit}>
              <Button size="small" type="link" danger disabled={!canEdit} loading={action.busy === `remove-${l.id}`}>
                删除
              </Button>
            </Popconfirm>
          </Flex>
        );
      },
    },
  ];

  return (
    <Flex gap={8} style={{ flex: 1, minHeight: 0 }}>
      <Flex vertical style={{ flex: 1, minWidth: 0 }}>
        <Flex gap={8} wrap style={{ marginBottom: 6 }}>
          <Tooltip title={locked ?? '人员经费、日常公用经费 = 在编人数 × 标准（在“人员名册与标准”中修改）'}>
            <Button size="small" icon={<CalculatorOutlined />} disabled={!canEdit} loading={action.busy === 'compute'} onClick={computeBasic} data-testid="draft-compute-basic">
              按人员名册计算基本支出
            </Button>
          </Tooltip>
          <Tooltip title={locked}>
            <Button size="small" icon={<PlusOutlined />} disabled={!canEdit} onClick={() => setProjectLine({ line: null })} data-testid="draft-add-project">
              选入项目支出
            </Button>
          </Tooltip>
          <Tooltip title={locked}>
            <Button size="small" icon={<PlusOutlined />} disabled={!canEdit} onClick={() => setRevenueLine({ line: null })} data-testid="draft-add-revenue">
              新增收入预算
            </Button>
          </Tooltip>
          <ExportTableButton
            bookId={book.id}
            title="预算草案"
            period={`${draft.year}年`}
            columns={[{ header: '类型', kind: 'text', width: 10 }, { header: '功能分类/收入分类', kind: 'text', width: 30 }, { header: '经济分类', kind: 'text', width: 22 }, { header: '项目', kind: 'text', width: 24 }, { header: '资金性质', kind: 'text', width: 14 }, { header: '金额', kind: 'money', width: 16 }, { header: '来源', kind: 'text', width: 10 }]}
            rows={draft.lines.map((l) => [l.section, classification(l), codeName(l.econCode, l.econName), l.projectCode ? `${l.projectCode} ${l.projectName ?? ''}` : '', l.fundNature, l.amount, l.origin === 'computed' ? '按名册计算' : '录入'])}
            totals={[['合计', '', '', '', '', draft.lines.reduce((s, l) => s + l.amount, 0), '']]}
          />
        </Flex>
        <Table<Row>
          data-testid="draft-table"
          size="small"
          rowKey="key"
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 860, y: Math.max(height - 330, 160) }}
          rowClassName={(r) => (r.kind === 'group' ? 'xc-row-group' : '')}
          onRow={(r) => (r.kind === 'line' ? ({ 'data-testid': `draft-line-${r.line.section}` } as object) : {})}
          locale={{ emptyText: `${draft.year}年预算草案还是空的：先在“人员名册与标准”中填好人数和标准，再计算基本支出、选入项目` }}
        />
      </Flex>
      <DraftSide draft={draft} />
      <ProjectLineModal book={book} draft={draft} open={projectLine !== null} line={projectLine?.line ?? null} onClose={() => setProjectLine(null)} onSaved={(d) => onChange(d)} />
      <RevenueLineModal book={book} year={draft.year} open={revenueLine !== null} line={revenueLine?.line ?? null} onClose={() => setRevenueLine(null)} onSaved={(d) => onChange(d)} />
    </Flex>
  );
}

function TotalLine({ label, fen, strong = false, testId }: { label: string; fen: number; strong?: boolean; testId?: string }) {
  return (
    <Flex justify="space-between" style={{ padding: '2px 0', borderBottom: '1px dashed #e5e7eb' }} data-testid={testId}>
      <Typography.Text strong={strong}>{label}</Typography.Text>
      <Money fen={fen} strong={strong} />
    </Flex>
  );
}

/** Totals by section, and after 一下 each control figure against what the draft now holds. */
function DraftSide({ draft }: { draft: BudgetDraft }) {
  const usedBy = (kind: DraftSection, projectId: string | null) =>
    draft.lines.filter((l) => l.section === kind && (projectId === null ? !draft.controlFigures.some((f) => f.projectId && f.projectId === l.projectId) : l.projectId === projectId)).reduce((s, l) => s + l.amount, 0);
  return (
    <div style={{ width: 290, flex: 'none', overflow: 'auto' }}>
      <Typography.Text strong>草案合计</Typography.Text>
      <TotalLine label="人员经费" fen={draft.totals.人员经费} />
      <TotalLine label="日常公用经费" fen={draft.totals.日常公用经费} />
      <TotalLine label="项目支出" fen={draft.totals.项目支出} />
      <TotalLine label="支出合计" fen={draft.totals.expenditure} strong testId="draft-total-expenditure" />
      <TotalLine label="收入合计" fen={draft.totals.收入} strong />
      {draft.controlFigures.length > 0 && (
        <>
          <Typography.Text strong style={{ display: 'block', marginTop: 10 }}>
            一下控制数（{draft.controlFigures[0]?.docNo ?? ''}）
          </Typography.Text>
          <Table
            size="small"
            rowKey={(f) => `${f.kind}-${f.projectId ?? ''}`}
            pagination={false}
            dataSource={draft.controlFigures}
            columns={[
              { title: '类型', key: 'kind', render: (_, f) => (f.projectName ? `${f.kind}：${f.projectName}` : f.kind), ellipsis: true },
              { title: '控制数', dataIndex: 'amount', align: 'right', width: 96, render: (fen: number) => <Money fen={fen} /> },
              {
                title: '草案',
                key: 'used',
                align: 'right',
                width: 96,
                render: (_, f) => {
                  const used = usedBy(f.kind, f.projectId);
                  return <span style={{ color: used > f.amount ? '#cf1322' : undefined }}>{formatFen(used)}</span>;
                },
              },
            ]}
          />
        </>
      )}
      {draft.controlExcess.length > 0 && (
        <Alert
          data-testid="control-excess"
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          title="超出一下控制数，二上不能报送"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 16 }}>
              {draft.controlExcess.map((e) => (
                <li key={e.label}>{e.message}</li>
              ))}
            </ul>
          }
        />
      )}
    </div>
  );
}
