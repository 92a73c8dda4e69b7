import { useState } from 'react';
import type { Book } from '../../../../shared/api';
import { isValidPeriod, periodOfDate, type Period } from '../../../../shared/domain';
import { readPref, writePref } from '../../app/sessionPrefs';
import { defaultVoucherDate } from './editor/dateRules';

/**
 * The period the lists and books are looking at. Shared by 凭证列表, 账簿 and 期末结账 so
 * moving between them stays in the same month; starts at the month vouchers go into today.
 */
export function useWorkingPeriod(book: Book): [Period, (period: Period) => void] {
  const key = `period.${book.id}`;
  const [period, setPeriod] = useState<Period>(() => {
    const stored = readPref<Period | null>(key, null);
    if (stored && isValidPeriod(stored)) return stored;
    return periodOfDate(defaultVoucherDate(book, new Set())) ?? { year: book.startYear, month: book.startMonth };
  });
  return [
    period,
    (next: Period) => {
      setPeriod(next);
      writePref(key, next);
    },
  ];
}
