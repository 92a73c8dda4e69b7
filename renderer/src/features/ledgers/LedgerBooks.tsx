import type { Book } from '../../../../shared/api';
import { useWorkingPeriod } from '../vouchers/useWorkingPeriod';
import { DimensionBalancePage } from './DimensionBalancePage';
import { GeneralLedgerPage } from './GeneralLedgerPage';
import { JournalPage } from './JournalPage';
import { LedgerDetailPage } from './LedgerDetailPage';
import { monthOf, parseBy, yearOf } from './ledgerRoutes';
import { TrialBalancePage } from './TrialBalancePage';

/** 账簿查询 below 科目余额表: `ledgers/<view>/<account>/…` (see ledgerRoutes.ts); missing parts default to the working period. */
export function LedgerBooks({ book, sub }: { book: Book; sub: readonly string[] }) {
  const [period] = useWorkingPeriod(book);
  const [view, code, ...rest] = sub;
  const year = yearOf(rest[0], period.year);
  const years = Array.from({ length: Math.max(period.year, new Date().getFullYear()) - book.startYear + 1 }, (_, i) => book.startYear + i);
  switch (view) {
    case 'general':
      return <GeneralLedgerPage book={book} accountCode={code || '1001'} year={year} years={years.includes(year) ? years : [...years, year].sort()} />;
    case 'detail':
      return <LedgerDetailPage book={book} accountCode={code || '1001'} query={rest.length > 0 ? rest : [String(period.year), '1', String(period.month)]} />;
    case 'journal':
      return <JournalPage book={book} accountCode={code || '1001'} year={year} month={monthOf(rest[1], period.month)} />;
    case 'dims': {
      const from = monthOf(rest[1], 1);
      return <DimensionBalancePage book={book} accountCode={code || (book.unitType === '事业单位' ? '7201' : '7101')} year={year} fromMonth={from} toMonth={Math.max(from, monthOf(rest[2], period.month))} by={parseBy(rest[3])} />;
    }
    default:
      return <TrialBalancePage book={book} />;
  }
}
