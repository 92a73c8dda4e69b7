/**
 * 指标导入 in the column layout of the provincial 一体化 system's indicator export (domain.md
 * §3 elements). Each row becomes one indicator with a 下达 movement of its amount.
 */
import { FUND_NATURES, PAY_METHODS, type FundNature, type PayMethod } from '../budget/types';
import { PROJECT_BUDGETABLE } from '../budget/stateMachines';
import type { ProjectStatus } from '../budget/types';
import { cellText, halfWidth, leadingCode, parseAmount, parseFlag, parseWhole, shown, type CellValue } from './cells';
import { atRow, type ImportProblem, type MappedRow } from './sheet';

export interface IndicatorProjectView {
  id: string;
  name: string;
  status: ProjectStatus;
  funcCode: string;
  fundNature: FundNature;
}

export interface IndicatorImportView {
  regionCode: string;
  /** 预算单位 recorded by an earlier import (book setting), if any. */
  agency: string | null;
  /** 支出功能分类 code → level (类/款/项). */
  funcLevels: ReadonlyMap<string, string>;
  econDep: ReadonlySet<string>;
  econGov: ReadonlySet<string>;
  projects: ReadonlyMap<string, IndicatorProjectView>;
  /** `indicatorKey` of the indicators already in the book. */
  existing: ReadonlySet<string>;
}

export interface ImportedIndicator {
  row: number;
  year: number;
  agency: string;
  funcCode: string;
  econGovCode: string;
  econDepCode: string;
  fundNature: FundNature;
  projectId: string | null;
  projectCode: string | null;
  docNo: string;
  supDocNo: string | null;
  payMethod: PayMethod;
  directFund: boolean;
  amount: number;
  /** 指标类型, 预算级次, 资金管理处室 as the file gives them (kept in the import record). */
  extra: Record<string, string>;
}

export interface IndicatorImportResult {
  indicators: ImportedIndicator[];
  year: number | null;
  agency: string | null;
  problems: ImportProblem[];
}

/** The elements that make two indicators the same one. */
export function indicatorKey(i: {
  year: number;
  funcCode: string;
  econGovCode: string;
  econDepCode: string;
  fundNature: string;
  projectCode: string | null;
  docNo: string;
  supDocNo: string | null;
  payMethod: string;
  directFund: boolean;
}): string {
  return [i.year, i.funcCode, i.econGovCode, i.econDepCode, i.fundNature, i.projectCode ?? '', i.docNo, i.supDocNo ?? '', i.payMethod, i.directFund ? 1 : 0].join('|');
}

/** 资金性质 as the export may write it: the name, a longer name, or a code with the name. */
export function fundNatureOf(value: CellValue): FundNature | null {
  const text = halfWidth(cellText(value));
  if (text.includes('一般公共')) return '一般公共预算';
  if (text.includes('政府性基金')) return '政府性基金预算';
  if (text.includes('国有资本')) return '国有资本经营预算';
  return (FUND_NATURES as readonly string[]).includes(text) ? (text as FundNature) : null;
}

export function payMethodOf(value: CellValue): PayMethod | null {
  const text = halfWidth(cellText(value));
  if (text.includes('直接支付')) return '直接支付';
  if (text.includes('授权支付')) return '授权支付';
  return (PAY_METHODS as readonly string[]).includes(text) ? (text as PayMethod) : null;
}

const extraColumns: Record<string, string> = { bgtType: '指标类型', budgetLevel: '预算级次', mofDep: '资金管理处室' };

export function validateIndicatorRows(rows: readonly MappedRow[], view: IndicatorImportView): IndicatorImportResult {
  const problems: ImportProblem[] = [];
  const indicators: ImportedIndicator[] = [];
  const keys = new Map<string, number>();
  let year: { value: number; row: number } | null = null;
  let agency: { value: string; row: number } | null = view.agency ? { value: view.agency, row: 0 } : null;

  for (const row of rows) {
    const before = problems.length;
    const at = (message: string) => problems.push(atRow(row.row, message));
    const v = (key: string) => row.values[key] ?? null;

    const region = leadingCode(v('region'));
    if (region === '') at('请填写财政区划');
    else if (region !== view.regionCode) at(`财政区划 ${region} 与本账套的财政区划 ${view.regionCode} 不一致`);

    const yearCell = parseWhole(v('year'));
    let rowYear: number | null = null;
    if (!yearCell.ok || yearCell.value === null) at(yearCell.ok ? '请填写年度' : `年度${yearCell.message.replace(/^“/, ' “')}`);
    else if (yearCell.value < 2000 || yearCell.value > 2099) at(`年度 ${yearCell.value} 不在 2000–2099 之间`);
    else {
      rowYear = yearCell.value;
      if (!year) year = { value: rowYear, row: row.row };
      else if (year.value !== rowYear) at(`年度 ${rowYear} 与第 ${year.row} 行的 ${year.value} 不同：一次只能导入一个年度的指标`);
    }

    const agencyText = cellText(v('agency'));
    if (agencyText === '') at('请填写预算单位');
    else if (!agency) agency = { value: agencyText, row: row.row };
    else if (agency.value !== agencyText) {
      at(agency.row === 0
        ? `预算单位“${shown(agencyText)}”与本账套此前导入指标的预算单位“${agency.value}”不同`
        : `预算单位“${shown(agencyText)}”与第 ${agency.row} 行的“${agency.value}”不同：一个文件只能是一个预算单位`);
    }

    const funcCode = leadingCode(v('func'));
    if (funcCode === '') at('请填写支出功能分类');
    else if (!view.funcLevels.has(funcCode)) at(`支出功能分类 ${funcCode} 不在本账套的分类代码表中`);
    else if (view.funcLevels.get(funcCode) !== '项') at(`支出功能分类须细化到项级：${funcCode} 是${view.funcLevels.get(funcCode)}级`);

    const econGovCode = leadingCode(v('econGov'));
    if (econGovCode === '') at('请填写政府经济分类');
    else if (!/^\d{5}$/.test(econGovCode)) at(`政府经济分类须细化到款级（5位代码），“${econGovCode}”不符合`);
    else if (!view.econGov.has(econGovCode)) at(`政府经济分类 ${econGovCode} 不在本账套的分类代码表中（须为款级5位代码）`);
    const econDepCode = leadingCode(v('econDep'));
    if (econDepCode === '') at('请填写部门经济分类');
    else if (!/^\d{5}$/.test(econDepCode)) at(`部门经济分类须细化到款级（5位代码），“${econDepCode}”不符合`);
    else if (!view.econDep.has(econDepCode)) at(`部门经济分类 ${econDepCode} 不在本账套的分类代码表中（须为款级5位代码）`);

    const fundNature = fundNatureOf(v('fund'));
    if (!fundNature) at(cellText(v('fund')) === '' ? '请填写资金性质' : `资金性质“${shown(v('fund'))}”无法识别，应为 ${FUND_NATURES.join(' / ')}`);

    const projectCode = leadingCode(v('project')) || null;
    const project = projectCode ? view.projects.get(projectCode) : undefined;
    if (projectCode && !project) at(`项目 ${projectCode} 不在项目库中`);
    else if (project) {
      if (!PROJECT_BUDGETABLE.includes(project.status)) at(`项目 ${projectCode}“${project.name}”状态为“${project.status}”，未入库的项目不能下达指标`);
      if (funcCode && project.funcCode !== funcCode) at(`支出功能分类 ${funcCode} 与项目“${project.name}”的 ${project.funcCode} 不一致`);
      if (fundNature && project.fundNature !== fundNature) at(`资金性质“${fundNature}”与项目“${project.name}”的“${project.fundNature}”不一致`);
    }

    const docNo = cellText(v('docNo'));
    if (docNo === '') at('请填写指标文号');
    else if (Array.from(docNo).length > 60) at('指标文号不能超过60个字');
    const supDocNo = cellText(v('supDocNo')) || null;
    if (supDocNo && Array.from(supDocNo).length > 60) at('上级指标文号不能超过60个字');

    const payMethod = payMethodOf(v('payMethod'));
    if (!payMethod) at(cellText(v('payMethod')) === '' ? '请填写支付方式' : `支付方式“${shown(v('payMethod'))}”无法识别，应为 直接支付 或 授权支付`);

    const direct = parseFlag(v('directFund'));
    if (!direct.ok) at(`直达资金${direct.message}`);

    const amount = parseAmount(v('amount'));
    if (!amount.ok) at(`金额 ${amount.message}`);
    else if (amount.value <= 0) at(cellText(v('amount')) === '' ? '请填写金额' : '金额须大于零');

    const executable = halfWidth(cellText(v('executable')));
    if (executable === '2' || executable.includes('待分')) at('指标可执行标志为“待分”（2）：待分指标尚未分配到单位，不能导入');
    else if (executable !== '' && executable !== '1' && !executable.includes('可执行')) at(`指标可执行标志“${shown(v('executable'))}”应为 1（可执行）或 2（待分）`);

    if (problems.length > before || rowYear === null || !fundNature || !payMethod || !amount.ok || !direct.ok) continue;
    const indicator: ImportedIndicator = {
      row: row.row,
      year: rowYear,
      agency: agencyText,
      funcCode,
      econGovCode,
      econDepCode,
      fundNature,
      projectId: project?.id ?? null,
      projectCode,
      docNo,
      supDocNo,
      payMethod,
      directFund: direct.value ?? false,
      amount: amount.value,
      extra: Object.fromEntries(Object.entries(extraColumns).flatMap(([key, label]) => (cellText(v(key)) ? [[label, cellText(v(key))]] : []))),
    };
    const key = indicatorKey(indicator);
    const earlier = keys.get(key);
    if (earlier !== undefined) {
      at(`与第 ${earlier} 行的指标要素完全相同（文号、分类、资金性质、项目、支付方式、直达资金），重复`);
      continue;
    }
    if (view.existing.has(key)) {
      at(`账上已有要素完全相同的指标（文号 ${docNo}），可能已经导入过`);
      continue;
    }
    keys.set(key, row.row);
    indicators.push(indicator);
  }
  return { indicators, year: year?.value ?? null, agency: agency?.value ?? null, problems };
}
