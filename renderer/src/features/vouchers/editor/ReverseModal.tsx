import { useEffect, useRef, useState } from 'react';
import { Alert, Input, Modal, Typography } from 'antd';
import type { Book, Voucher } from '../../../../../shared/api';
import { uuidv7 } from '../../../../../shared/domain';
import { errorMessage } from '../../../api/errorMessage';
import { api } from '../../../api/transport';
import { defaultVoucherDate } from './dateRules';
import { normaliseDate } from './VoucherHeader';

/**
 * 红字冲销: a posted voucher is never changed; a new draft with the same lines in red
 * (negative) amounts cancels it. The new id is made once per dialog so a retry cannot
 * make two reversals.
 */
export function ReverseModal({
  book,
  voucher,
  open,
  onClose,
  onDone,
}: {
  book: Book;
  voucher: Voucher;
  open: boolean;
  onClose: () => void;
  onDone: (reversal: Voucher) => void;
}) {
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const newId = useRef(uuidv7());

  useEffect(() => {
    if (open) {
      setDate(defaultVoucherDate(book, new Set()));
      setError(null);
    }
  }, [open, book]);

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const result = await api.send('voucher.reverse', { bookId: book.id, id: voucher.id, newId: newId.current, date: normaliseDate(date) });
      newId.current = uuidv7();
      onDone(result.voucher);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={`红字冲销 ${voucher.label}`}
      okText="生成红字凭证"
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'reverse-confirm' }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        将生成一张与 {voucher.label} 分录相同、金额为红字（负数）的凭证草稿，经审核、记账后冲销原凭证。原凭证保持不变。
      </Typography.Paragraph>
      <span>红字凭证日期：</span>
      <Input
        data-testid="reverse-date"
        value={date}
        onChange={(event) => setDate(event.target.value)}
        onPressEnter={submit}
        style={{ width: 120 }}
        className="xc-num"
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
