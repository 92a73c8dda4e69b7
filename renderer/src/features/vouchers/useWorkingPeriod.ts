import { useEffect, useState } from 'react';
import type { Book } from '../../../../shared/api';
import { isValidPeriod, type Period } from '../../../../shared/domain';
import { useCommand } from '../../api/useCommand';
import { readPref, writePref } from '../../app/sessionPrefs';

/**
 * The period the lists and books are looking at. Shared by 凭证列表, 账簿 and 期末结账 so
 * moving between them stays in the same month. Until the user picks one it is the
 * 当前会计期间: the first month from the book's start that is not closed yet (months
 * close in order), as in the finance software accountants know.
 */
export function useWorkingPeriod(book: Book): [Period, (period: Period) => void] {
  const key = `period.${book.id}`;
  const stored = readPref<Period | null>(key, null);
  const [chosen, setChosen] = useState<Period | null>(stored && isValidPeriod(stored) ? stored : null);
  const periods = useCommand('period.list', { bookId: book.id });
  const [current, setCurrent] = useState<Period>({ year: book.startYear, month: book.startMonth });

  useEffect(() => {
    if (periods.status !== 'ok') return;
    const closed = new Set(periods.data.filter((p) => p.status === 'closed').map((p) => p.year * 12 + p.month));
    let k = book.startYear * 12 + book.startMonth;
    while (closed.has(k)) k++;
    const year = Math.floor((k - 1) / 12);
    setCurrent({ year, month: k - year * 12 });
  }, [periods.status, periods.status === 'ok' ? periods.data : null, book.startYear, book.startMonth]);

  return [
    chosen ?? current,
    (next: Period) => {
      setChosen(next);
      writePref(key, next);
    },
  ];
}
