import type { ExecutionGroup } from '../../../shared/api/budgetSchemas';
import type { PaymentStatus, ProjectStatus } from '../../../shared/domain/budget/types';
import type { Book } from '../../../shared/api/types';
import { BAND_LABELS, ratioBp } from '../../../shared/domain/budget/execution';
import { listIndicators } from '../budget/indicators';
import { executionReport } from '../budget/monitoring';
import { listPayments } from '../budget/payments';
import { listProjects } from '../budget/projects';
import type { ReadableDB } from '../db/handles';
import type { ColumnSpec, SheetData, SheetRow } from './workbook';

/** Budget lists (指标, 支付申请, 项目库, 执行监控) as sheets: the columns the screens show, with 合计. */

const money = (key: string, header: string): ColumnSpec => ({ key, header, width: 16, kind: 'money' });
const text = (key: string, header: string, width: number): ColumnSpec => ({ key, header, width, kind: 'text' });
const codeName = (code: string, name: string | null) => (name ? `${code} ${name}` : code);
const pick = <T extends { id: string }>(items: T[], ids?: string[]) => {
  if (!ids) return items;
  const chosen = new Set(ids);
  return items.filter((i) => chosen.has(i.id));
};

export function indicatorsSheet(db: ReadableDB, book: Book, input: { year: number; projectId?: string; ids?: string[] }): SheetData {
  const indicators = pick(listIndicators(db, book.id, input.year, input.projectId), input.ids);
  const columns: ColumnSpec[] = [
    text('docNo', '指标文号', 22),
    text('supDocNo', '上级指标文号', 20),
    text('func', '支出功能分类', 26),
    text('econDep', '部门经济分类', 22),
    text('econGov', '政府经济分类', 12),
    text('project', '项目', 24),
    text('expenseKind', '支出类型', 10),
    text('fundNature', '资金性质', 14),
    text('payMethod', '支付方式', 10),
    text('direct', '直达资金', 8),
    money('executable', '可执行'),
    money('paid', '已支付'),
    money('frozen', '冻结'),
    money('available', '可用'),
    { key: 'rate', header: '执行率', width: 9, kind: 'percent' },
  ];
  const total = { executable: 0, paid: 0, frozen: 0, available: 0 };
  const rows: SheetRow[] = indicators.map((i) => {
    total.executable += i.balance.executable;
    total.paid += i.balance.paid;
    total.frozen += i.balance.frozen;
    total.available += i.balance.available;
    return {
      values: {
        docNo: i.docNo,
        supDocNo: i.supDocNo ?? '',
        func: codeName(i.funcCode, i.funcName),
        econDep: codeName(i.econDepCode, i.econDepName),
        econGov: i.econGovCode,
        project: i.projectCode ? `${i.projectCode} ${i.projectName ?? ''}` : '',
        expenseKind: i.expenseKind,
        fundNature: i.fundNature,
        payMethod: i.payMethod,
        direct: i.directFund ? '是' : '否',
        ...i.balance,
        rate: ratioBp(i.balance.paid, i.balance.executable),
      },
    };
  });
  rows.push({ values: { docNo: `合计（${indicators.length} 条）`, ...total, rate: ratioBp(total.paid, total.executable) }, style: 'total' });
  return {
    spec: { name: '预算指标', title: '预算指标', unitName: book.name, period: `${input.year}年度`, columns, orientation: 'landscape' },
    pages: [rows],
  };
}

export function paymentsSheet(db: ReadableDB, book: Book, input: { year?: number; status?: PaymentStatus; indicatorId?: string; ids?: string[] }): SheetData {
  const payments = pick(listPayments(db, book.id, input), input.ids);
  const columns: ColumnSpec[] = [
    { key: 'appliedDate', header: '申请日期', width: 11, kind: 'date' },
    text('purpose', '用途', 28),
    text('payee', '收款人', 18),
    text('account', '收款账号', 22),
    text('bank', '开户银行', 20),
    text('indicator', '指标', 30),
    money('amount', '金额'),
    text('payMethod', '支付方式', 10),
    text('direct', '直达资金', 8),
    text('status', '状态', 8),
    text('appliedBy', '申请人', 9),
    text('reviewedBy', '审核人', 9),
    { key: 'payDate', header: '支付日期', width: 11, kind: 'date' },
    text('voucher', '凭证', 10),
    text('reason', '退回原因', 20),
  ];
  let total = 0;
  const rows: SheetRow[] = payments.map((p) => {
    total += p.amount;
    return {
      values: {
        appliedDate: p.appliedDate,
        purpose: p.purpose,
        payee: p.payee.name,
        account: p.payee.account,
        bank: p.payee.bank,
        indicator: p.indicatorLabel,
        amount: p.amount,
        payMethod: p.elements.payMethod,
        direct: p.elements.directFund ? '是' : '否',
        status: p.status,
        appliedBy: p.appliedBy.displayName,
        reviewedBy: p.reviewedBy?.displayName ?? '',
        payDate: p.payDate ?? '',
        voucher: p.voucherLabel ?? '',
        reason: p.returnReason ?? p.refundReason ?? '',
      },
    };
  });
  rows.push({ values: { purpose: `合计（${payments.length} 笔）`, amount: total }, style: 'total' });
  return {
    spec: { name: '支付申请', title: '支付申请', unitName: book.name, period: input.year ? `${input.year}年度` : '全部年度', columns, orientation: 'landscape' },
    pages: [rows],
  };
}

export function projectsSheet(db: ReadableDB, book: Book, input: { year: number; status?: ProjectStatus; ids?: string[] }): SheetData {
  const projects = pick(listProjects(db, book.id, input.status), input.ids);
  const requestedIn = (amounts: { year: number; amount: number }[]) => amounts.find((a) => a.year === input.year)?.amount ?? 0;
  const columns: ColumnSpec[] = [
    text('code', '项目编码', 16),
    text('name', '项目名称', 30),
    text('class', '类别', 10),
    text('func', '支出功能分类', 26),
    text('fundNature', '资金性质', 14),
    { key: 'startDate', header: '开始日期', width: 11, kind: 'date' },
    { key: 'endDate', header: '结束日期', width: 11, kind: 'date' },
    money('yearAmount', `${input.year}年申报金额`),
    money('total', '申报金额合计'),
    { key: 'targets', header: '绩效指标数', width: 10, kind: 'int' },
    text('status', '状态', 8),
    text('reason', '退回原因', 20),
  ];
  const sums = { yearAmount: 0, total: 0 };
  const rows: SheetRow[] = projects.map((p) => {
    const yearAmount = requestedIn(p.amounts);
    sums.yearAmount += yearAmount;
    sums.total += p.totalRequested;
    return {
      values: {
        code: p.code,
        name: p.name,
        class: p.class,
        func: codeName(p.funcCode, p.funcName),
        fundNature: p.fundNature,
        startDate: p.startDate,
        endDate: p.endDate,
        yearAmount,
        total: p.totalRequested,
        targets: p.targets.length,
        status: p.status,
        reason: p.returnReason ?? '',
      },
    };
  });
  rows.push({ values: { name: `合计（${projects.length} 个项目）`, ...sums }, style: 'total' });
  return {
    spec: { name: '项目库', title: '项目库', unitName: book.name, period: `${input.year}年度`, columns, orientation: 'landscape' },
    pages: [rows],
  };
}

const groupLabels: Record<ExecutionGroup, string> = { indicator: '指标', project: '项目', function: '功能分类', fundNature: '资金性质' };

export function executionSheet(
  db: ReadableDB,
  book: Book,
  input: { year: number; asOf?: string; by: ExecutionGroup; funcLevel: number },
  now: Date,
): SheetData {
  const report = executionReport(db, book.id, input, now);
  const label = groupLabels[input.by];
  const columns: ColumnSpec[] = [
    text('label', label, 36),
    money('executable', '可执行'),
    money('paid', '已支付'),
    money('frozen', '在途冻结'),
    money('available', '可用'),
    { key: 'rate', header: '执行率', width: 9, kind: 'percent' },
    { key: 'schedule', header: '序时进度', width: 9, kind: 'percent' },
    { key: 'gap', header: '与序时进度（百分点）', width: 12, kind: 'percent' },
    text('band', '预警', 10),
    text('description', '说明', 40),
  ];
  const toRow = (r: (typeof report.rows)[number], style?: SheetRow['style']): SheetRow => ({
    values: {
      label: r.label,
      executable: r.executable,
      paid: r.paid,
      frozen: r.frozen,
      available: r.available,
      rate: r.rateBp,
      schedule: r.scheduleBp,
      gap: r.gapBp,
      band: BAND_LABELS[r.band],
      description: r.description,
    },
    style,
  });
  const rows = [...report.rows.map((r) => toRow(r)), toRow({ ...report.total, label: '合计' }, 'total')];
  return {
    spec: {
      name: '预算执行情况',
      title: `预算执行情况（按${label}）`,
      unitName: book.name,
      period: `截至 ${report.asOf}`,
      columns,
      orientation: 'landscape',
    },
    pages: [rows],
  };
}
