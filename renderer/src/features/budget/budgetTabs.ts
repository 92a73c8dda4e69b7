import { goBook } from '../../app/routes';

/** The budget area's screens, as `#/book/<id>/budget/<tab>[/<id>]`. */
export const BUDGET_TABS = [
  { key: 'projects', label: '项目库' },
  { key: 'preparation', label: '预算编制' },
  { key: 'indicators', label: '预算指标' },
  { key: 'payments', label: '支付申请' },
  { key: 'adjustments', label: '调整调剂' },
  { key: 'dashboard', label: '执行监控' },
  { key: 'performance', label: '绩效监控' },
] as const;

export type BudgetTab = (typeof BUDGET_TABS)[number]['key'];

/** Opening 预算 shows the overview first. */
export const DEFAULT_TAB: BudgetTab = 'dashboard';

export function isBudgetTab(value: string | undefined): value is BudgetTab {
  return BUDGET_TABS.some((t) => t.key === value);
}

export function goBudget(bookId: string, tab: BudgetTab, ...rest: string[]): void {
  goBook(bookId, 'budget', tab, ...rest);
}
