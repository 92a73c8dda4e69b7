import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, DatePicker, Descriptions, Empty, Flex, Form, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { BudgetProject, TargetProgress } from '../../../../../shared/api';
import { formatBp } from '../../../../../shared/domain/budget/execution';
import { errorMessage } from '../../../api/errorMessage';
import { hasRole } from '../../../api/session';
import { api } from '../../../api/transport';
import { useCommand } from '../../../api/useCommand';
import { ErrorResult } from '../../../components/ErrorResult';
import { ExportTableButton } from '../../../components/export/ExportTableButton';
import { LoadingBlock } from '../../../components/LoadingBlock';
import { Money } from '../../../components/Money';
import type { BudgetPageProps } from '../BudgetArea';
import { goBudget } from '../budgetTabs';
import { dateItemProps, outsideYear, stampText, todayIn } from '../common/dates';
import { BAND_TEXT } from '../common/labels';
import { BandTag, GapCell, rateText } from '../common/rates';

interface Entry {
  targetId: string;
  actualValue: string;
  deviationReason: string;
  correctiveAction: string;
}

interface RecordValues {
  asOf: string;
  entries: Entry[];
}

/** 绩效运行监控: per project, 完成值 / 偏差原因 / 纠偏措施 per 绩效目标, and the year-end self-evaluation. */
export function PerformancePage({ book, user, year, rest }: BudgetPageProps) {
  const projects = useCommand('budget.projectList', { bookId: book.id });
  const running = useMemo(() => (projects.status === 'ok' ? projects.data.filter((p) => p.status === '执行中' || p.status === '已结束') : []), [projects]);
  const projectId = rest[0] ?? running[0]?.id ?? null;

  if (projects.status === 'error') return <ErrorResult title="无法读取项目" error={projects.error} onRetry={projects.reload} />;
  if (projects.status === 'loading') return <LoadingBlock />;

  return (
    <div style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
      <Flex align="center" gap={8} style={{ marginBottom: 6 }}>
        <Typography.Text>项目：</Typography.Text>
        <Select
          data-testid="performance-project"
          size="small"
          style={{ width: 360 }}
          value={projectId}
          onChange={(id: string) => goBudget(book.id, 'performance', id)}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="只列出执行中和已结束的项目"
          options={running.map((p) => ({ value: p.id, label: `${p.code} ${p.name}（${p.status}）` }))}
        />
      </Flex>
      {projectId ? (
        <ProjectPerformanceView key={`${projectId}-${year}`} book={book} user={user} year={year} project={running.find((p) => p.id === projectId) ?? null} projectId={projectId} />
      ) : (
        <Empty description="还没有执行中的项目：项目下达指标后开始执行，才填报绩效运行监控" />
      )}
    </div>
  );
}

function ProjectPerformanceView({ book, user, year, projectId, project }: { book: BudgetPageProps['book']; user: BudgetPageProps['user']; year: number; projectId: string; project: BudgetProject | null }) {
  const { message } = App.useApp();
  const [asOf, setAsOf] = useState(todayIn(year));
  const perf = useCommand('budget.performanceGet', { bookId: book.id, projectId, year, asOf });
  const [form] = Form.useForm<RecordValues>();
  const [evalForm] = Form.useForm<{ score: string; summary: string }>();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [evalError, setEvalError] = useState<string | null>(null);
  const canRecord = hasRole(user, 'accountant', 'supervisor');
  const data = perf.status === 'ok' ? perf.data : null;

  useEffect(() => {
    if (!data) return;
    form.setFieldsValue({
      asOf,
      entries: data.targets.map((t) => ({ targetId: t.target.id, actualValue: t.actualValue ?? '', deviationReason: t.deviationReason ?? '', correctiveAction: t.correctiveAction ?? '' })),
    });
    if (data.evaluation) evalForm.setFieldsValue({ score: data.evaluation.score, summary: data.evaluation.summary });
  }, [data]); // eslint-disable-line react-hooks/exhaustive-deps

  if (perf.status === 'error') return <ErrorResult title="无法读取绩效监控" error={perf.error} onRetry={perf.reload} />;
  if (!data) return <LoadingBlock />;

  async function record() {
    let values: RecordValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const entries = values.entries
      .filter((e) => (e.actualValue ?? '').trim() !== '')
      .map((e) => ({ targetId: e.targetId, actualValue: e.actualValue.trim(), deviationReason: e.deviationReason?.trim() || undefined, correctiveAction: e.correctiveAction?.trim() || undefined }));
    if (entries.length === 0) {
      setError('请至少填写一个指标的完成值');
      return;
    }
    setBusy('record');
    setError(null);
    form.setFields(values.entries.map((_e, i) => ({ name: ['entries', i, 'deviationReason'], errors: [] })));
    try {
      await api.send('budget.performanceRecord', { bookId: book.id, projectId, year, asOf: values.asOf, entries });
      message.success('已保存绩效运行监控');
      setAsOf(values.asOf);
      perf.reload();
    } catch (failure) {
      const details = (failure as { details?: { targetId?: string } }).details;
      const index = details?.targetId ? values.entries.findIndex((e) => e.targetId === details.targetId) : -1;
      const text = errorMessage(failure);
      if (index >= 0) form.setFields([{ name: ['entries', index, 'deviationReason'], errors: [text] }]);
      else setError(text);
    } finally {
      setBusy(null);
    }
  }

  async function evaluate() {
    let values: { score: string; summary: string };
    try {
      values = await evalForm.validateFields();
    } catch {
      return;
    }
    setBusy('evaluate');
    setEvalError(null);
    try {
      await api.send('budget.performanceEvaluate', { bookId: book.id, projectId, year, score: values.score.trim(), summary: values.summary.trim() });
      message.success('已保存年度绩效自评');
      perf.reload();
    } catch (failure) {
      setEvalError(errorMessage(failure));
    } finally {
      setBusy(null);
    }
  }

  const columns: TableColumnsType<TargetProgress> = [
    { title: '绩效指标', key: 'name', width: 170, ellipsis: true, render: (_, t) => t.target.name },
    { title: '类型', key: 'type', width: 60, render: (_, t) => t.target.type },
    { title: '目标值', key: 'target', width: 110, render: (_, t) => <span className="xc-num">{`${t.target.direction} ${t.target.targetValue} ${t.target.unit}`}</span> },
    {
      title: '完成值',
      key: 'actual',
      width: 120,
      render: (_, t, i) => (
        <Form.Item name={['entries', i, 'actualValue']} style={{ margin: 0 }} rules={[{ pattern: /^\s*(\d+(\.\d{1,4})?)?\s*$/, message: '须为数字' }]}>
          <Input data-testid={`perf-actual-${i}`} size="small" className="xc-num" suffix={t.target.unit} />
        </Form.Item>
      ),
    },
    { title: '完成度', key: 'completion', width: 70, align: 'right', render: (_, t) => <span className="xc-num">{t.completionBp === null ? '—' : formatBp(t.completionBp)}</span> },
    { title: '应达', key: 'expected', width: 70, align: 'right', render: (_, t) => <span className="xc-num">{t.completionBp === null ? '—' : formatBp(t.expectedBp)}</span> },
    { title: '状态', key: 'band', width: 84, render: (_, t) => (t.completionBp === null ? <Tag>未填报</Tag> : <BandTag band={t.band} />) },
    {
      title: '偏差原因',
      key: 'reason',
      render: (_, _t, i) => (
        <Form.Item name={['entries', i, 'deviationReason']} style={{ margin: 0 }}>
          <Input data-testid={`perf-reason-${i}`} size="small" placeholder="进度落后时必填" maxLength={200} />
        </Form.Item>
      ),
    },
    {
      title: '纠偏措施',
      key: 'action',
      render: (_, _t, i) => (
        <Form.Item name={['entries', i, 'correctiveAction']} style={{ margin: 0 }}>
          <Input data-testid={`perf-action-${i}`} size="small" placeholder="进度落后时必填" maxLength={200} />
        </Form.Item>
      ),
    },
  ];

  const e = data.execution;
  return (
    <>
      <Descriptions
        size="small"
        bordered
        column={4}
        style={{ marginBottom: 8 }}
        items={[
          { label: '项目', span: 2, children: e.label },
          { label: '状态', children: project?.status ?? '' },
          { label: '监控日期', children: data.targets.find((t) => t.asOf)?.asOf ?? asOf },
          { label: '可执行指标', children: <Money fen={e.executable} /> },
          { label: '已支付', children: <Money fen={e.paid} /> },
          { label: '执行率', children: rateText(e.rateBp) },
          { label: '与序时进度', children: <GapCell row={e} /> },
        ]}
      />
      <Form<RecordValues> form={form} size="small" disabled={!canRecord}>
        <Flex align="center" gap={8} style={{ marginBottom: 4 }}>
          <Typography.Text strong>绩效运行监控（年中）</Typography.Text>
          <Form.Item name="asOf" label="监控日期" style={{ margin: 0 }} rules={[{ required: true, message: '请选择监控日期' }]} {...dateItemProps}>
            <DatePicker allowClear={false} format="YYYY-MM-DD" disabledDate={outsideYear(year)} />
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            产出指标按监控日期的序时进度判断；完成度低于应达的，须填写偏差原因和纠偏措施。
          </Typography.Text>
          <span style={{ marginInlineStart: 'auto' }}>
            <ExportTableButton
              bookId={book.id}
              title={`绩效运行监控（${e.label}）`}
              period={`${year}年`}
              columns={[{ header: '绩效指标', kind: 'text', width: 24 }, { header: '类型', kind: 'text', width: 8 }, { header: '目标值', kind: 'text', width: 14 }, { header: '完成值', kind: 'text', width: 12 }, { header: '完成度', kind: 'percent', width: 9 }, { header: '应达', kind: 'percent', width: 9 }, { header: '状态', kind: 'text', width: 10 }, { header: '偏差原因', kind: 'text', width: 24 }, { header: '纠偏措施', kind: 'text', width: 24 }, { header: '监控日期', kind: 'date', width: 11 }]}
              rows={data.targets.map((t) => [t.target.name, t.target.type, `${t.target.direction}${t.target.targetValue}${t.target.unit}`, t.actualValue ?? '', t.completionBp, t.completionBp === null ? null : t.expectedBp, t.completionBp === null ? '未填报' : BAND_TEXT[t.band], t.deviationReason ?? '', t.correctiveAction ?? '', t.asOf ?? ''])}
            />
          </span>
          <Button type="primary" loading={busy === 'record'} onClick={record} data-testid="perf-save">
            保存监控情况
          </Button>
        </Flex>
        {data.targets.map((t, i) => (
          <Form.Item key={t.target.id} name={['entries', i, 'targetId']} hidden>
            <Input />
          </Form.Item>
        ))}
        <Table<TargetProgress> data-testid="perf-table" size="small" rowKey={(t) => t.target.id} columns={columns} dataSource={data.targets} pagination={false} locale={{ emptyText: '该项目没有绩效目标' }} />
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 6 }} />}

      <Typography.Title level={5} style={{ margin: '12px 0 4px' }}>
        年度绩效自评
      </Typography.Title>
      {data.evaluation && (
        <Typography.Paragraph data-testid="perf-evaluation">
          已自评：<Typography.Text strong>{data.evaluation.score} 分（{data.evaluation.grade}）</Typography.Text>，{data.evaluation.by.displayName} {stampText(data.evaluation.at)}
        </Typography.Paragraph>
      )}
      <Form form={evalForm} size="small" layout="inline" disabled={!canRecord} style={{ rowGap: 6 }}>
        <Form.Item name="score" label="自评得分" rules={[{ required: true, whitespace: true, message: '请填写自评得分' }, { pattern: /^\s*(100(\.0)?|\d{1,2}(\.\d)?)\s*$/, message: '0到100之间，最多1位小数' }]}>
          <Input data-testid="perf-score" suffix="分" style={{ width: 100 }} className="xc-num" />
        </Form.Item>
        <Form.Item name="summary" label="自评结论" rules={[{ required: true, whitespace: true, message: '请填写自评结论' }]} style={{ flex: 1 }}>
          <Input.TextArea data-testid="perf-summary" rows={2} maxLength={500} placeholder="目标完成情况、资金使用效益、存在问题及改进措施" />
        </Form.Item>
        <Button loading={busy === 'evaluate'} onClick={evaluate} data-testid="perf-evaluate">
          保存自评
        </Button>
      </Form>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        评分等级：90分（含）以上为优，80–90分为良，60–80分为中，60分以下为差。
      </Typography.Text>
      {evalError && <Alert type="error" showIcon title={evalError} style={{ marginTop: 6 }} />}
    </>
  );
}
