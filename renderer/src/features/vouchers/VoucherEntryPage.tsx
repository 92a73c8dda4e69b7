import type { Book, User } from '../../../../shared/api';
import { useCommand } from '../../api/useCommand';
import { ErrorResult } from '../../components/ErrorResult';
import { LoadingBlock } from '../../components/LoadingBlock';
import { defaultVoucherDate } from './editor/dateRules';
import { VoucherEditor } from './editor/VoucherEditor';
import { useVoucherContext, type VoucherContext } from './useVoucherContext';

/** 填制凭证 (no id) or one voucher opened from the list (id). */
export function VoucherEntryPage({ book, user, voucherId }: { book: Book; user: User; voucherId: string | null }) {
  const { context, error, reload } = useVoucherContext(book.id);
  if (error) return <ErrorResult title="无法读取会计科目" error={error} onRetry={reload} />;
  if (!context) return <LoadingBlock text="正在准备凭证…" />;
  if (voucherId) return <OpenVoucher book={book} user={user} voucherId={voucherId} context={context} />;
  return (
    <VoucherEditor
      key="new"
      book={book}
      user={user}
      {...context}
      voucher={null}
      defaultDate={defaultVoucherDate(book, context.closedPeriods)}
    />
  );
}

function OpenVoucher({ book, user, voucherId, context }: { book: Book; user: User; voucherId: string; context: VoucherContext }) {
  const voucher = useCommand('voucher.get', { bookId: book.id, id: voucherId });
  if (voucher.status === 'loading') return <LoadingBlock text="正在读取凭证…" />;
  if (voucher.status === 'error') return <ErrorResult title="无法读取凭证" error={voucher.error} onRetry={voucher.reload} />;
  return (
    <VoucherEditor
      key={voucherId}
      book={book}
      user={user}
      {...context}
      voucher={voucher.data}
      defaultDate={voucher.data.date}
    />
  );
}
