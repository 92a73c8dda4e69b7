import type { Book } from '../../../../shared/api';
import { useCommand } from '../../api/useCommand';
import { ErrorResult } from '../../components/ErrorResult';
import { LoadingBlock } from '../../components/LoadingBlock';
import { AccountsView } from './AccountsView';

/** 会计科目: loads the chart of the open 账套 and hands it to the view. */
export function AccountsPage({ book }: { book: Book }) {
  const accounts = useCommand('account.list', { bookId: book.id });
  if (accounts.status === 'loading') return <LoadingBlock text="正在读取会计科目…" />;
  if (accounts.status === 'error') return <ErrorResult title="无法读取会计科目" error={accounts.error} onRetry={accounts.reload} />;
  return <AccountsView book={book} accounts={accounts.data} />;
}
