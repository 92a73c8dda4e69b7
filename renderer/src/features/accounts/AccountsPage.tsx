import type { Book } from '../../../../shared/api';
import { useSession } from '../../api/session';
import { useCommand } from '../../api/useCommand';
import { ErrorResult } from '../../components/ErrorResult';
import { LoadingBlock } from '../../components/LoadingBlock';
import { AccountsView } from './AccountsView';

/** 会计科目: loads the chart of the open 账套 and hands it to the view (reloaded after each change). */
export function AccountsPage({ book }: { book: Book }) {
  const accounts = useCommand('account.list', { bookId: book.id });
  const session = useSession();
  if (accounts.status === 'loading') return <LoadingBlock text="正在读取会计科目…" />;
  if (accounts.status === 'error') return <ErrorResult title="无法读取会计科目" error={accounts.error} onRetry={accounts.reload} />;
  return <AccountsView book={book} user={session?.user ?? null} accounts={accounts.data} reload={accounts.reload} />;
}
