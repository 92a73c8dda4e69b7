import { useState } from 'react';
import { App } from 'antd';
import { CommandError, type Book } from '../../../../shared/api';
import { formatPeriod, type Period } from '../../../../shared/domain';
import { errorMessage } from '../../api/errorMessage';
import { api } from '../../api/transport';

function problemsOf(error: unknown): string[] {
  if (!(error instanceof CommandError)) return [];
  const problems = (error.details as { problems?: unknown } | null)?.problems;
  return Array.isArray(problems) ? problems.filter((p): p is string => typeof p === 'string') : [];
}

/** 结账 and 反结账, with the core's reasons for refusing shown as a list. */
export function usePeriodActions(book: Book, done: () => void) {
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);

  async function close(period: Period) {
    const label = formatPeriod(period);
    setBusy(`close-${period.year}-${period.month}`);
    try {
      await api.send('period.close', { bookId: book.id, ...period });
      message.success(period.month === 12 ? `${label}已结账，并已完成年终结转` : `${label}已结账`);
    } catch (error) {
      const problems = problemsOf(error);
      modal.error({
        title: `${label}不能结账`,
        width: 520,
        content:
          problems.length > 0 ? (
            <ul data-testid="close-problems" style={{ margin: 0, paddingInlineStart: 18 }}>
              {problems.map((problem, i) => (
                <li key={i}>{problem}</li>
              ))}
            </ul>
          ) : (
            <span data-testid="close-problems">{errorMessage(error)}</span>
          ),
      });
    } finally {
      setBusy(null);
      done();
    }
  }

  async function reopen(period: Period, reason: string): Promise<string | null> {
    setBusy(`reopen-${period.year}-${period.month}`);
    try {
      await api.send('period.reopen', { bookId: book.id, ...period, reason });
      message.success(`${formatPeriod(period)}已反结账，原因已记录`);
      done();
      return null;
    } catch (error) {
      return errorMessage(error);
    } finally {
      setBusy(null);
    }
  }

  return { busy, close, reopen };
}
