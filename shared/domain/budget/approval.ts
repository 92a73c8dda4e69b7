/**
 * 二下: the approved budget is the last 二上 snapshot; its spending lines become indicators,
 * lines with the same elements merged into one. Shared by the township's 模拟县级批复 and the
 * county server's real 二下, so both produce the same indicators from the same snapshot.
 */
import type { FundNature, PayMethod } from './types';

export interface ApprovalLine {
  lineNo: number;
  section: string;
  funcCode: string | null;
  econCode: string | null;
  projectId: string | null;
  fundNature: FundNature;
  amount: number;
}

export interface ApprovalOverride {
  lineNo: number;
  payMethod?: PayMethod;
  directFund?: boolean;
  supDocNo?: string | null;
  /** The county may name the 政府经济分类 of a line where the mapping table is silent. */
  econGovCode?: string;
}

export interface ApprovedGroup {
  funcCode: string;
  econDepCode: string;
  econGovCode: string;
  fundNature: FundNature;
  projectId: string | null;
  supDocNo: string | null;
  payMethod: PayMethod;
  directFund: boolean;
  amount: number;
  /** The snapshot lines merged into it. */
  lineNos: number[];
}

/**
 * Merges the spending lines (收入 left out) by function, economic classification, project, fund
 * nature, payment method, 直达 flag and 上级文号. `econGov` maps a 部门经济分类 to the 政府经济分类
 * (or throws with a message naming the code when it cannot).
 */
export function approvedGroups(
  lines: readonly ApprovalLine[],
  options: { defaultPayMethod: PayMethod; supDocNo?: string | null; overrides?: readonly ApprovalOverride[] },
  econGov: (depCode: string, override: string | undefined) => string,
): ApprovedGroup[] {
  const overrides = new Map((options.overrides ?? []).map((o) => [o.lineNo, o]));
  const merged = new Map<string, ApprovedGroup>();
  for (const line of lines) {
    if (line.section === '收入') continue;
    const o = overrides.get(line.lineNo);
    const payMethod = o?.payMethod ?? options.defaultPayMethod;
    const directFund = o?.directFund ?? false;
    const supDocNo = o?.supDocNo || options.supDocNo || null;
    const key = [line.funcCode, line.econCode, line.projectId ?? '', line.fundNature, payMethod, directFund, supDocNo ?? ''].join('|');
    const existing = merged.get(key);
    if (existing) {
      existing.amount += line.amount;
      existing.lineNos.push(line.lineNo);
    } else {
      merged.set(key, {
        funcCode: line.funcCode!,
        econDepCode: line.econCode!,
        econGovCode: econGov(line.econCode!, o?.econGovCode),
        fundNature: line.fundNature,
        projectId: line.projectId,
        supDocNo,
        payMethod,
        directFund,
        amount: line.amount,
        lineNos: [line.lineNo],
      });
    }
  }
  return [...merged.values()];
}
