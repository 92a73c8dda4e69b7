import { useState } from 'react';
import { App } from 'antd';
import type { Book, Voucher } from '../../../../../shared/api';
import { errorMessage } from '../../../api/errorMessage';
import { api } from '../../../api/transport';
import { goBook } from '../../../app/routes';
import { describeBatch } from '../batchMessages';

type BatchCommand = 'voucher.review' | 'voucher.unreview' | 'voucher.post';
const ACTION_NAMES: Record<BatchCommand, string> = { 'voucher.review': '审核', 'voucher.unreview': '取消审核', 'voucher.post': '记账' };

/** 审核 / 取消审核 / 记账 / 删除 on the one voucher shown; the voucher is re-read afterwards. */
export function useVoucherActions(book: Book, voucher: Voucher | null, onChanged: (voucher: Voucher) => void) {
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);

  async function batch(command: BatchCommand) {
    if (!voucher) return;
    const name = ACTION_NAMES[command];
    setBusy(command);
    try {
      const result = await api.send(command, { bookId: book.id, ids: [voucher.id] });
      const { summary, failures } = describeBatch(name, result);
      if (failures.length > 0) modal.error({ title: `${name}未完成`, content: failures.join('\n') });
      else message.success(summary);
      onChanged(await api.send('voucher.get', { bookId: book.id, id: voucher.id }));
    } catch (error) {
      modal.error({ title: `${name}未完成`, content: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  }

  function remove() {
    if (!voucher) return;
    modal.confirm({
      title: `删除凭证 ${voucher.label}？`,
      content: '只能删除未审核的草稿凭证。删除后凭证号会空出，可用“断号整理”重新编号。',
      okText: '删除',
      okButtonProps: { danger: true, 'data-testid': 'voucher-delete-confirm' },
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.send('voucher.delete', { bookId: book.id, id: voucher.id });
          message.success(`已删除凭证 ${voucher.label}`);
          goBook(book.id, 'vouchers', 'list');
        } catch (error) {
          modal.error({ title: '删除未完成', content: errorMessage(error) });
        }
      },
    });
  }

  return { busy, review: () => batch('voucher.review'), unreview: () => batch('voucher.unreview'), post: () => batch('voucher.post'), remove };
}
