import type { Voucher } from '../../../../../shared/api';
import { formatPeriod, periodOfDate } from '../../../../../shared/domain';
import { errorMessage } from '../../../api/errorMessage';
import { api } from '../../../api/transport';

/**
 * PageUp / PageDown: the voucher before or after this one in its period, by number. From a
 * new voucher, PageUp goes to the period's last one. Returns a message when there is none.
 */
export async function neighbourVoucher(
  bookId: string,
  date: string,
  currentId: string | null,
  direction: 'previous' | 'next',
): Promise<Voucher | string> {
  const period = periodOfDate(date);
  if (!period) return '请先填写正确的日期';
  try {
    const list = await api.send('voucher.list', { bookId, year: period.year, month: period.month });
    const at = currentId ? list.findIndex((v) => v.id === currentId) : list.length;
    const target = list[direction === 'previous' ? at - 1 : at + 1];
    if (target) return target;
    if (list.length === 0) return `${formatPeriod(period)}还没有凭证`;
    return direction === 'previous' ? '已经是本期第一张凭证' : '已经是本期最后一张凭证';
  } catch (error) {
    return errorMessage(error);
  }
}
