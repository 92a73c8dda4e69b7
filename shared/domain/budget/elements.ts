/**
 * 预算指标要素 (MOF data standard, domain.md §3) and the rule that a payment must match every
 * element of the indicator it draws on.
 */
import type { ExpenseKind, FundNature, PayMethod } from './types';

/** The elements of an indicator that a payment request repeats and must match. */
export interface IndicatorElements {
  /** 财政区划 MOF_DIV_CODE */
  regionCode: string;
  /** 年度 FISCAL_YEAR */
  year: number;
  /** 支出功能分类 EXP_FUNC_CODE (项级) */
  funcCode: string;
  /** 政府经济分类 GOV_BGT_ECO_CODE (款级) */
  econGovCode: string;
  /** 部门经济分类 DEP_BGT_ECO_CODE (款级) */
  econDepCode: string;
  /** 资金性质 FUND_TYPE_CODE */
  fundNature: FundNature;
  /** 项目 PRO_CODE; null for 基本支出 */
  projectCode: string | null;
  /** 本级指标文号 COR_BGT_DOC_NO */
  docNo: string;
  /** 上级指标文号 SUP_BGT_DOC_NO */
  supDocNo: string | null;
  /** 支付方式 PAY_TYPE_CODE */
  payMethod: PayMethod;
  /** 直达资金 flag */
  directFund: boolean;
}

export const ELEMENT_LABELS: Readonly<Record<keyof IndicatorElements, string>> = Object.freeze({
  regionCode: '财政区划',
  year: '年度',
  funcCode: '支出功能分类',
  econGovCode: '政府经济分类',
  econDepCode: '部门经济分类',
  fundNature: '资金性质',
  projectCode: '项目',
  docNo: '指标文号',
  supDocNo: '上级指标文号',
  payMethod: '支付方式',
  directFund: '直达资金标识',
});

const ELEMENT_ORDER = Object.keys(ELEMENT_LABELS) as (keyof IndicatorElements)[];

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）';
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value);
}

export interface ElementMismatch {
  element: keyof IndicatorElements;
  label: string;
  indicator: string;
  payment: string;
}

/** Every element where the payment differs from its indicator (预算单位 is the book itself). */
export function elementMismatches(payment: IndicatorElements, indicator: IndicatorElements): ElementMismatch[] {
  const result: ElementMismatch[] = [];
  for (const key of ELEMENT_ORDER) {
    const a = payment[key] ?? null;
    const b = indicator[key] ?? null;
    if (a !== b) result.push({ element: key, label: ELEMENT_LABELS[key], indicator: show(b), payment: show(a) });
  }
  return result;
}

export function mismatchMessage(mismatches: readonly ElementMismatch[], indicatorLabel: string): string {
  const parts = mismatches.map((m) => `${m.label}（申请为 ${m.payment}，指标为 ${m.indicator}）`);
  return `支付申请与指标${indicatorLabel}的要素不一致：${parts.join('；')}`;
}

/**
 * The spending kind of an indicator or budget line: a project makes it 项目支出; otherwise
 * 工资福利 (301) and 对个人和家庭的补助 (303) are 人员经费 and everything else 日常公用经费
 * (per the 6001 detail of 基本支出, domain.md §1/§3).
 */
export function expenseKindOf(econDepCode: string, hasProject: boolean): ExpenseKind {
  if (hasProject) return '项目支出';
  return econDepCode.startsWith('301') || econDepCode.startsWith('303') ? '人员经费' : '日常公用经费';
}

/** A capital (资本性支出) economic classification: 310xx. */
export const isCapitalEcon = (econDepCode: string): boolean => econDepCode.startsWith('310');
