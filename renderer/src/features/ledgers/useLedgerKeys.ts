import { useEffect } from 'react';
import type { Book } from '../../../../shared/api';
import { ledgerViewShortcut, openView, type LedgerPlace } from './LedgerHeader';
import type { LedgerView } from './ledgerRoutes';

/** Alt+1 … Alt+5 move between 科目余额表, 总账, 明细账, 日记账 and 辅助余额表, keeping the account and period. */
export function useLedgerKeys(book: Book, view: LedgerView, place: LedgerPlace): void {
  const { accountCode, year, month } = place;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const next = ledgerViewShortcut(event);
      if (!next || next === view) return;
      event.preventDefault();
      openView(book, next, { accountCode, year, month });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [book, view, accountCode, year, month]);
}
