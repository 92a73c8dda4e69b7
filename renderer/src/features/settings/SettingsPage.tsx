import type { Book } from '../../../../shared/api';
import { BookSettingsCard } from './BookSettingsCard';
import { UsersPage } from './UsersPage';

/** 设置: the book's own settings, then the installation's users. */
export function SettingsPage({ book, onBookChanged }: { book: Book; onBookChanged: () => void }) {
  return (
    <div style={{ height: '100%', overflow: 'auto' }}>
      <BookSettingsCard book={book} onChanged={onBookChanged} />
      <UsersPage />
    </div>
  );
}
