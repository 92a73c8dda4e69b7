import { useCallback, useState } from 'react';
import type { FormInstance } from 'antd';
import { errorMessage } from '../../../api/errorMessage';

/**
 * The submit of a budget dialog: validate the form (its own messages show under the fields),
 * then run the action with a busy spinner; a refusal from the core becomes the dialog's error
 * (by default the core's message as-is; `placeIssues` puts field problems under their fields).
 */
export function useFormSubmit<V>(form: FormInstance<V>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = useCallback(
    async (action: (values: V) => Promise<void>, failure: (error: unknown) => string | null = errorMessage) => {
      let values: V;
      try {
        values = await form.validateFields();
      } catch {
        return;
      }
      setBusy(true);
      setError(null);
      try {
        await action(values);
      } catch (problem) {
        setError(failure(problem));
      } finally {
        setBusy(false);
      }
    },
    [form],
  );
  return { busy, error, setError, submit };
}
