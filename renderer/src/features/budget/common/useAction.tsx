import { useState } from 'react';
import { App } from 'antd';
import { errorMessage } from '../../../api/errorMessage';

/**
 * Runs one business action at a time: a busy key for the button's spinner, the success
 * message, and the core's Chinese refusal in a dialog (as-is) when it says no.
 */
export function useAction() {
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);

  async function run<T>(key: string, action: () => Promise<T>, success: (value: T) => string, failureTitle: string): Promise<T | null> {
    setBusy(key);
    try {
      const value = await action();
      message.success(success(value));
      return value;
    } catch (error) {
      modal.error({ title: failureTitle, content: <span data-testid="action-error">{errorMessage(error)}</span>, width: 520 });
      return null;
    } finally {
      setBusy(null);
    }
  }

  return { busy, run };
}
