import { useState } from 'react';
import type { Book } from '../../../../shared/api';
import { readPref, writePref } from '../../app/sessionPrefs';

/** The budget year the screens look at: this year (not before the 账套's first year) until one is picked. */
export function useBudgetYear(book: Book): [number, (year: number) => void] {
  const key = `budget.year.${book.id}`;
  const [year, setYear] = useState<number>(() => readPref<number | null>(key, null) ?? Math.max(book.startYear, new Date().getFullYear()));
  return [
    year,
    (next: number) => {
      setYear(next);
      writePref(key, next);
    },
  ];
}
