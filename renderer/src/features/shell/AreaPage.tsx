import type { Book } from '../../../../shared/api';
import type { Area } from '../../app/routes';
import { AboutPage } from '../about/AboutPage';
import { AccountsPage } from '../accounts/AccountsPage';
import { NotYetPage } from '../placeholders/NotYetPage';

export function AreaPage({ book, area }: { book: Book; area: Area }) {
  switch (area) {
    case 'accounts':
      return <AccountsPage book={book} />;
    case 'about':
      return <AboutPage />;
    default:
      return <NotYetPage area={area} />;
  }
}
