import { useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { Button, DatePicker, Empty, Flex, Progress, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { BudgetWarning, ExecutionRow } from '../../../../../shared/api';
import { formatFen } from '../../../../../shared/domain';
import { formatBp } from '../../../../../shared/domain/budget/execution';
import { hasRole } from '../../../api/session';
import { useCommand } from '../../../api/useCommand';
import { ErrorResult } from '../../../components/ErrorResult';
import { LoadingBlock } from '../../../components/LoadingBlock';
import { Money } from '../../../components/Money';
import type { BudgetPageProps } from '../BudgetArea';
import { goBudget } from '../budgetTabs';
import { outsideYear } from '../common/dates';
import { BAND_COLORS, BAND_FILL } from '../common/labels';
import { BandTag, GapCell, gapText, rateText } from '../common/rates';
import { functionBars, monthlyTrend } from './dashboardCharts';
import { EChart } from './EChart';
import { ExecutionDetail } from './ExecutionDetail';
import { SettingsModal } from './SettingsModal';

function Stat({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div style={{ padding: '2px 12px', borderInlineStart: '1px solid #e5e7eb', whiteSpace: 'nowrap' }} data-testid={testId}>
      <div style={{ fontSize: 12, color: '#6b7280' }}>{label}</div>
      <div style={{ fontSize: 16, fontWeight: 600 }}>{children}</div>
    </div>
  );
}

function Panel({ title, extra, children, style }: { title: string; extra?: ReactNode; children: ReactNode; style?: CSSProperties }) {
  return (
    <div style={{ border: '1px solid #e5e7eb', borderRadius: 3, padding: '4px 8px', minWidth: 0, ...style }}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 2 }}>
        <Typography.Text strong>{title}</Typography.Text>
        {extra}
      </Flex>
      {children}
    </div>
  );
}

const WARNING_KIND: Record<BudgetWarning['kind'], string> = { execution: '执行', performance: '绩效', direct: '直达' };

/** 执行监控: 执行率 against 序时进度 by 功能分类 and month, the most lagging projects, warnings and 直达资金. */
export default function DashboardPage({ book, user, year }: BudgetPageProps) {
  const [asOf, setAsOf] = useState<string | undefined>(undefined);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const board = useCommand('budget.dashboard', { bookId: book.id, year, asOf, topProjects: 8 });
  const data = board.status === 'ok' ? board.data : null;
  const bars = useMemo(() => (data ? functionBars(data.byFunction, data.scheduleBp) : null), [data]);
  const trend = useMemo(() => (data ? monthlyTrend(data.monthly) : null), [data]);

  if (board.status === 'error') return <ErrorResult title="无法计算执行监控" error={board.error} onRetry={board.reload} />;
  if (!data || !bars || !trend) return <LoadingBlock text="正在计算执行情况…" />;
  const t = data.total;

  const lagColumns: TableColumnsType<ExecutionRow> = [
    { title: '项目', dataIndex: 'label', ellipsis: { showTitle: true } },
    { title: '可执行', dataIndex: 'executable', width: 100, align: 'right', render: (f: number, r) => <Tooltip title={<>已支付 {formatFen(r.paid)} 元</>}><Money fen={f} /></Tooltip> },
    { title: '执行率', dataIndex: 'rateBp', width: 60, align: 'right', render: (bp: number | null) => <span className="xc-num">{rateText(bp)}</span> },
    { title: '与序时进度', key: 'gap', width: 120, render: (_, r) => <GapCell row={r} /> },
  ];

  return (
    <div style={{ flex: 1, minHeight: 0, overflow: 'auto', paddingInlineEnd: 4 }} data-testid="dashboard">
      <Flex align="center" wrap style={{ marginBottom: 6, rowGap: 4 }}>
        <Flex vertical style={{ paddingInlineEnd: 12 }}>
          <span style={{ fontSize: 12, color: '#6b7280' }}>截止日期</span>
          <DatePicker
            data-testid="dashboard-asof"
            size="small"
            allowClear={false}
            format="YYYY-MM-DD"
            value={dayjs(data.asOf)}
            disabledDate={outsideYear(year)}
            onChange={(d) => d && setAsOf(d.format('YYYY-MM-DD'))}
            style={{ width: 124 }}
          />
        </Flex>
        <Stat label="可执行指标（元）" testId="dash-executable">
          <Money fen={t.executable} />
        </Stat>
        <Stat label="已支付（元）" testId="dash-paid">
          <Money fen={t.paid} />
        </Stat>
        <Stat label="执行率" testId="dash-rate">
          <span style={{ color: BAND_FILL[t.band] }}>{rateText(t.rateBp)}</span>
        </Stat>
        <Stat label={`序时进度（${data.settings.scheduleMethod === 'month' ? '按月' : '按日'}）`} testId="dash-schedule">
          {formatBp(data.scheduleBp)}
        </Stat>
        <Stat label="与序时进度" testId="dash-gap">
          <Tooltip title={t.description}>
            <span style={{ color: t.band === 'normal' ? undefined : BAND_FILL[t.band] }}>{gapText(t.gapBp)}</span>
          </Tooltip>
        </Stat>
        <Stat label="在途支付 / 待审批调整">
          <Typography.Link onClick={() => goBudget(book.id, 'payments')}>{data.counts.pendingPayments}</Typography.Link>
          {' / '}
          <Typography.Link onClick={() => goBudget(book.id, 'adjustments')}>{data.counts.pendingAdjustments}</Typography.Link>
        </Stat>
        <Stat label="指标 / 执行中项目">
          {data.counts.indicators} / {data.counts.projects}
        </Stat>
        {hasRole(user, 'supervisor', 'admin') && (
          <Button size="small" icon={<SettingOutlined />} style={{ marginInlineStart: 'auto' }} onClick={() => setSettingsOpen(true)}>
            预警设置
          </Button>
        )}
      </Flex>

      {data.counts.indicators === 0 ? (
        <Empty
          style={{ marginTop: 40 }}
          description={
            <span>
              {year}年还没有预算指标，执行监控无数据。先在<Typography.Link onClick={() => goBudget(book.id, 'projects')}>项目库</Typography.Link>申报项目、在
              <Typography.Link onClick={() => goBudget(book.id, 'preparation')}>预算编制</Typography.Link>完成二上二下，批复后生成指标。
            </span>
          }
        />
      ) : (
        <>
          <Flex gap={8} style={{ marginBottom: 8 }}>
            <Panel title="按功能分类执行率（类）" style={{ flex: 1 }}>
              <EChart option={bars} height={Math.max(160, Math.min(230, 40 + data.byFunction.length * 30))} testId="chart-function" />
            </Panel>
            <Panel title="月度执行趋势" style={{ flex: 1 }}>
              <EChart option={trend} height={Math.max(160, Math.min(230, 40 + data.byFunction.length * 30))} testId="chart-monthly" />
            </Panel>
          </Flex>
          <Flex gap={8} align="stretch">
            <Panel title="执行最滞后的项目" style={{ flex: 5 }}>
              <Table<ExecutionRow>
                data-testid="lagging-projects"
                size="small"
                rowKey="key"
                columns={lagColumns}
                dataSource={data.laggingProjects}
                pagination={false}
                locale={{ emptyText: '没有项目支出指标' }}
                rowClassName={(r) => (r.band === 'red' ? 'xc-row-red' : '')}
              />
            </Panel>
            <Panel title={`预警（${data.warnings.length}）`} style={{ flex: 4 }}>
              <div data-testid="warnings" style={{ maxHeight: 200, overflow: 'auto' }}>
                {data.warnings.length === 0 ? (
                  <Typography.Text type="success">没有预警：执行进度都在序时进度允许范围内</Typography.Text>
                ) : (
                  data.warnings.map((w, i) => (
                    <Flex key={`${w.subjectId}-${i}`} gap={6} align="start" style={{ padding: '3px 0', borderBottom: '1px dashed #eee' }}>
                      <Tag color={BAND_COLORS[w.level]} style={{ marginInlineEnd: 0, flex: 'none' }}>
                        {w.level === 'red' ? '红' : '黄'}·{WARNING_KIND[w.kind]}
                      </Tag>
                      <span style={{ fontSize: 12 }}>{w.message}</span>
                    </Flex>
                  ))
                )}
              </div>
            </Panel>
            <Panel title="直达资金进度" style={{ flex: 3 }}>
              {data.direct.executable === 0 ? (
                <Typography.Text type="secondary">没有直达资金指标</Typography.Text>
              ) : (
                <div data-testid="direct-progress">
                  <Progress
                    percent={Math.min(100, (data.direct.rateBp ?? 0) / 100)}
                    format={() => rateText(data.direct.rateBp)}
                    strokeColor={BAND_FILL[data.direct.band]}
                    size="small"
                  />
                  <div style={{ fontSize: 12, lineHeight: '20px' }}>
                    <div>
                      可执行 <Money fen={data.direct.executable} />，已支付 <Money fen={data.direct.paid} />
                    </div>
                    <div>序时进度 {formatBp(data.scheduleBp)}，{gapText(data.direct.gapBp)}</div>
                    <BandTag band={data.direct.band} />
                  </div>
                </div>
              )}
            </Panel>
          </Flex>
          <ExecutionDetail book={book} year={year} asOf={asOf} />
        </>
      )}
      <SettingsModal book={book} settings={data.settings} open={settingsOpen} onClose={() => setSettingsOpen(false)} onSaved={board.reload} />
    </div>
  );
}
