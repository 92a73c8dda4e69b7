import type { ReactNode } from 'react';
import { Segmented } from 'antd';
import type { Book } from '../../../../shared/api';
import { PageHeader } from '../../components/PageHeader';
import { LEDGER_VIEWS, goGeneralLedger, goJournal, goLedgerDetail, goDimensionBalance, goTrialBalance, type LedgerView } from './ledgerRoutes';

export interface LedgerPlace {
  accountCode: string;
  year: number;
  month: number;
}

/**
 * 账簿查询's header: the five books as tabs (Alt+1 … Alt+5 from anywhere on the page), then the
 * page's own filters, then `extra` (导出Excel, 打印). Moving to another book keeps the account
 * and period where it makes sense (a cash account for 日记账).
 */
export function LedgerHeader({ book, view, place, children, extra }: { book: Book; view: LedgerView; place: LedgerPlace; children?: ReactNode; extra?: ReactNode }) {
  const open = (next: LedgerView) => openView(book, next, place);
  return (
    <PageHeader
      title={
        <Segmented<LedgerView>
          data-testid="ledger-views"
          size="small"
          value={view}
          onChange={open}
          options={LEDGER_VIEWS.map((v, i) => ({ value: v.value, label: <span title={`Alt+${i + 1}`}>{v.label}</span> }))}
        />
      }
      extra={extra}
    >
      {children}
    </PageHeader>
  );
}

export function openView(book: Book, view: LedgerView, place: LedgerPlace): void {
  const { accountCode, year, month } = place;
  switch (view) {
    case 'trial':
      return goTrialBalance(book.id);
    case 'general':
      return goGeneralLedger(book.id, accountCode.slice(0, 4), year);
    case 'detail':
      return goLedgerDetail(book.id, accountCode, year, 1, month);
    case 'journal':
      return goJournal(book.id, /^(1001|1002|1021)/.test(accountCode) ? accountCode : '1001', year, month);
    case 'dims':
      return goDimensionBalance(book.id, /^[67]/.test(accountCode) ? accountCode : book.unitType === '事业单位' ? '7201' : '7101', year, 1, month, ['func', 'econ_dep']);
  }
}

/** Alt+1 … Alt+5 switch between the books. */
export function ledgerViewShortcut(event: KeyboardEvent): LedgerView | null {
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  const index = Number(event.key) - 1;
  return LEDGER_VIEWS[index]?.value ?? null;
}
