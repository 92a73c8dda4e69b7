import { useState } from 'react';
import { App, Card, Radio, Typography } from 'antd';
import type { Book } from '../../../../shared/api';
import { errorMessage } from '../../api/errorMessage';
import { hasRole, useSession } from '../../api/session';
import { api } from '../../api/transport';

/** 设置 → 账套: the 凭证字 scheme (记, or 收/付/转), which the core lets change only between periods. */
export function BookSettingsCard({ book, onChanged }: { book: Book; onChanged: () => void }) {
  const { message } = App.useApp();
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const allowed = hasRole(session?.user, 'supervisor') || hasRole(session?.user, 'admin');

  async function change(voucherWords: Book['voucherWords']) {
    setBusy(true);
    try {
      await api.send('book.setVoucherWords', { bookId: book.id, voucherWords });
      message.success('凭证字方案已更改');
      onChanged();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title="账套设置" style={{ marginBottom: 8 }}>
      <Typography.Text style={{ marginInlineEnd: 12 }}>凭证字</Typography.Text>
      <Radio.Group
        data-testid="voucher-words"
        value={book.voucherWords}
        disabled={!allowed || busy}
        onChange={(event) => void change(event.target.value as Book['voucherWords'])}
        options={[
          { value: 'single', label: '记（所有凭证统一编号）' },
          { value: 'receiptPaymentTransfer', label: '收、付、转（分别编号）' },
        ]}
      />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
        {allowed ? '只能在开放期间还没有凭证时更改（一般在结账后、下月填制凭证前）。' : '只有主管或管理员可以更改。'}
      </Typography.Text>
    </Card>
  );
}
