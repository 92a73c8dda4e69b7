import { useState } from 'react';
import { App } from 'antd';
import type { Book } from '../../../../../shared/api';
import { errorMessage } from '../../../api/errorMessage';
import { api } from '../../../api/transport';
import { describeBatch } from '../batchMessages';

export type BatchCommand = 'voucher.review' | 'voucher.unreview' | 'voucher.post';
export const BATCH_NAMES: Record<BatchCommand, string> = { 'voucher.review': '审核', 'voucher.unreview': '取消审核', 'voucher.post': '记账' };

/**
 * 批量审核 / 取消审核 / 记账. The core does what it may and says, voucher by voucher, what it
 * refused and why (制单人不能审核自己的凭证 …); those reasons are shown as they come.
 */
export function useBatchActions(book: Book, done: () => void) {
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState<BatchCommand | 'voucher.renumber' | null>(null);

  async function run(command: BatchCommand, ids: string[]) {
    const name = BATCH_NAMES[command];
    if (ids.length === 0) {
      message.warning(`请先勾选要${name}的凭证`);
      return;
    }
    setBusy(command);
    try {
      const result = await api.send(command, { bookId: book.id, ids });
      const { summary, failures } = describeBatch(name, result);
      if (failures.length === 0) message.success(summary);
      else
        modal.warning({
          title: summary,
          width: 560,
          content: (
            <ul data-testid="batch-failures" style={{ margin: 0, paddingInlineStart: 18, maxHeight: 320, overflow: 'auto' }}>
              {failures.map((failure, i) => (
                <li key={i}>{failure}</li>
              ))}
            </ul>
          ),
        });
    } catch (error) {
      modal.error({ title: `${name}未完成`, content: errorMessage(error) });
    } finally {
      setBusy(null);
      done();
    }
  }

  function renumber(year: number, month: number, label: string) {
    modal.confirm({
      title: `断号整理：${label}`,
      content: '把本期未记账的凭证按凭证字重新连续编号，填补删除凭证留下的空号。已记账的凭证号不变。',
      okText: '整理',
      cancelText: '取消',
      onOk: async () => {
        setBusy('voucher.renumber');
        try {
          const result = await api.send('voucher.renumber', { bookId: book.id, year, month });
          message.success(result.renumbered > 0 ? `已重新编号 ${result.renumbered} 张凭证` : '凭证号已连续，无需整理');
        } catch (error) {
          modal.error({ title: '断号整理未完成', content: errorMessage(error) });
        } finally {
          setBusy(null);
          done();
        }
      },
    });
  }

  return { busy, run, renumber };
}
