import { lazy, Suspense } from 'react';
import type { Book } from '../../../../shared/api';
import { useSession } from '../../api/session';
import type { Area } from '../../app/routes';
import { LoadingBlock } from '../../components/LoadingBlock';
import { AboutPage } from '../about/AboutPage';
import { AccountsPage } from '../accounts/AccountsPage';
import { ImportsPage } from '../imports/ImportsPage';
import { LedgerBooks } from '../ledgers/LedgerBooks';
import { PeriodClosePage } from '../ledgers/PeriodClosePage';
import { ReportsPage } from '../reports/ReportsPage';
import { TrialBalancePage } from '../ledgers/TrialBalancePage';
import { NotYetPage } from '../placeholders/NotYetPage';
import { SettingsPage } from '../settings/SettingsPage';
import { SyncPage } from '../sync/SyncPage';
import { VoucherEntryPage } from '../vouchers/VoucherEntryPage';
import { VoucherListPage } from '../vouchers/list/VoucherListPage';

// The budget area (and ECharts with it) loads on first opening, not with the ledger screens.
const BudgetArea = lazy(() => import('../budget/BudgetArea'));

export function AreaPage({ book, area, sub, onBookChanged }: { book: Book; area: Area; sub: readonly string[]; onBookChanged?: () => void }) {
  const session = useSession();
  const user = session?.user;
  switch (area) {
    case 'accounts':
      return <AccountsPage book={book} />;
    case 'about':
      return <AboutPage />;
    case 'vouchers':
      if (!user) return null;
      if (sub[0] === 'list') return <VoucherListPage book={book} user={user} />;
      return <VoucherEntryPage book={book} user={user} voucherId={sub[0] && sub[0] !== 'new' ? sub[0] : null} />;
    case 'ledgers':
      if (sub[0] === 'periods') return user ? <PeriodClosePage book={book} user={user} /> : null;
      if (sub[0] && sub[0] !== 'periods') return <LedgerBooks book={book} sub={sub} />;
      return <TrialBalancePage book={book} />;
    case 'reports':
      return <ReportsPage book={book} />;
    case 'budget':
      if (!user) return null;
      return (
        <Suspense fallback={<LoadingBlock text="正在加载预算…" />}>
          <BudgetArea book={book} user={user} sub={sub} />
        </Suspense>
      );
    case 'sync':
      return user ? <SyncPage book={book} /> : null;
    case 'settings':
      if (sub[0] === 'imports') return user ? <ImportsPage book={book} user={user} /> : null;
      return <SettingsPage book={book} onBookChanged={onBookChanged ?? (() => {})} />;
    default:
      return <NotYetPage area={area} />;
  }
}
