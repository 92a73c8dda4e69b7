import type { Book } from '../../../../shared/api';
import { AuditCard } from './AuditCard';
import { BackupCard } from './BackupCard';
import { BookSettingsCard } from './BookSettingsCard';
import { UsersPage } from './UsersPage';

/** 设置: the book's own settings, the installation's backups and 审计校验, then its users. */
export function SettingsPage({ book, onBookChanged }: { book: Book; onBookChanged: () => void }) {
  return (
    <div style={{ height: '100%', overflow: 'auto' }}>
      <BookSettingsCard book={book} onChanged={onBookChanged} />
      <BackupCard />
      <AuditCard />
      <UsersPage />
    </div>
  );
}
