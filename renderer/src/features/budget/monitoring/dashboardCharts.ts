import type { ExecutionRow, MonthlyExecution } from '../../../../../shared/api';
import { formatFen } from '../../../../../shared/domain';
import { formatBp } from '../../../../../shared/domain/budget/execution';
import { BAND_FILL } from '../common/labels';
import type { ChartOption } from './echarts';

// Chart values are for drawing only: basis points become percent numbers and fen become 万元
// on the axis. Every figure a person reads (tooltips, labels) is formatted from the integers.

const percent = (bp: number | null) => (bp === null ? 0 : bp / 100);

/** 万元 for an axis label. */
function wan(fen: number): string {
  const yuan = Math.round(fen / 100);
  return Math.abs(yuan) >= 10000 ? `${Math.round(yuan / 1000) / 10}万` : String(yuan);
}

/** 执行率 by 功能分类 (类), one bar each, coloured by warning band, against 序时进度. */
export function functionBars(rows: ExecutionRow[], scheduleBp: number): ChartOption {
  const shown = [...rows].reverse(); // first row on top
  return {
    grid: { left: 8, right: 48, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const index = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const r = shown[index];
        return r ? `${r.label}<br/>可执行 ${formatFen(r.executable)} 元<br/>已支付 ${formatFen(r.paid)} 元<br/>${r.description}` : '';
      },
    },
    xAxis: { type: 'value', max: (v: { max: number }) => Math.max(100, Math.ceil(v.max / 10) * 10), axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: shown.map((r) => r.label), axisLabel: { width: 150, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        name: '执行率',
        barMaxWidth: 18,
        data: shown.map((r) => ({ value: percent(r.rateBp), itemStyle: { color: BAND_FILL[r.band] } })),
        label: { show: true, position: 'right', formatter: (p: unknown) => formatBp(shown[(p as { dataIndex: number }).dataIndex]?.rateBp ?? 0) },
        markLine: {
          symbol: 'none',
          lineStyle: { color: '#cf1322', type: 'dashed' },
          label: { formatter: `序时进度 ${formatBp(scheduleBp)}`, position: 'end' },
          data: [{ xAxis: percent(scheduleBp) }],
        },
      },
    ],
  };
}

/** Cumulative 执行率 by month against 序时进度, with each month's payments as bars. */
export function monthlyTrend(months: MonthlyExecution[]): ChartOption {
  return {
    grid: { left: 8, right: 8, top: 30, bottom: 4, containLabel: true },
    legend: { top: 0, itemHeight: 8, textStyle: { fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const index = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const m = months[index];
        if (!m) return '';
        return `${m.month}月<br/>当月支付 ${formatFen(m.paid)} 元<br/>累计支付 ${formatFen(m.cumulativePaid)} 元<br/>累计执行率 ${m.rateBp === null ? '—' : formatBp(m.rateBp)}<br/>序时进度 ${formatBp(m.scheduleBp)}`;
      },
    },
    xAxis: { type: 'category', data: months.map((m) => `${m.month}月`) },
    yAxis: [
      { type: 'value', name: '%', max: 100, axisLabel: { formatter: '{value}%' } },
      { type: 'value', name: '当月支付', min: 0, max: (v: { max: number }) => Math.max(v.max, 1_000_000), splitLine: { show: false }, axisLabel: { formatter: (v: number) => wan(v) } },
    ],
    series: [
      { type: 'bar', name: '当月支付', yAxisIndex: 1, barMaxWidth: 16, itemStyle: { color: '#c6d8f0' }, data: months.map((m) => m.paid) },
      { type: 'line', name: '累计执行率', smooth: false, symbolSize: 6, itemStyle: { color: '#1f5fbf' }, data: months.map((m) => percent(m.rateBp)) },
      { type: 'line', name: '序时进度', symbol: 'none', lineStyle: { type: 'dashed', color: '#cf1322' }, itemStyle: { color: '#cf1322' }, data: months.map((m) => percent(m.scheduleBp)) },
    ],
  };
}
