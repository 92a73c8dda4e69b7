import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormInstance } from 'antd';
import { uuidv7 } from '../../../../../shared/domain';
import { DRAFT_KEYS, clearDraft, loadDraft, saveDraft } from '../../../app/uiStore';
import { defaultWizardValues, type WizardDraft, type WizardValues } from './wizardValues';

const SAVE_DELAY_MS = 400;

/**
 * Keeps the unfinished 建账 form in the UI store and restores it on the next open.
 * The book id is generated once per wizard and saved with the draft, so every
 * retry of the same 建账 (double click, lost reply, restart) sends the same id.
 */
export function useWizardDraft(form: FormInstance<WizardValues>) {
  const [bookId, setBookId] = useState(() => uuidv7());
  const [restoredAt, setRestoredAt] = useState<number | null>(null);
  const bookIdRef = useRef(bookId);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    let current = true;
    void loadDraft<WizardDraft>(DRAFT_KEYS.bookWizard).then((draft) => {
      // Never overwrite what the user already started typing in this session.
      if (!current || !draft || form.isFieldsTouched()) return;
      form.setFieldsValue({ ...defaultWizardValues(), ...draft.value.values });
      bookIdRef.current = draft.value.bookId;
      setBookId(draft.value.bookId);
      setRestoredAt(draft.updatedAt);
    });
    return () => {
      current = false;
      clearTimeout(timer.current);
    };
  }, [form]);

  /** Call on every change; writes are debounced. */
  const remember = useCallback((values: Partial<WizardValues>) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      void saveDraft<WizardDraft>(DRAFT_KEYS.bookWizard, { bookId: bookIdRef.current, values });
    }, SAVE_DELAY_MS);
  }, []);

  /** After success, or when the user starts over: the next 建账 gets a new id. */
  const discard = useCallback(async () => {
    clearTimeout(timer.current);
    await clearDraft(DRAFT_KEYS.bookWizard);
    const fresh = uuidv7();
    bookIdRef.current = fresh;
    setBookId(fresh);
    setRestoredAt(null);
  }, []);

  /** The core refused this id because another 账套 already has it: keep the values, take a new id. */
  const renewId = useCallback((values: Partial<WizardValues>) => {
    const fresh = uuidv7();
    bookIdRef.current = fresh;
    setBookId(fresh);
    void saveDraft<WizardDraft>(DRAFT_KEYS.bookWizard, { bookId: fresh, values });
  }, []);

  return { bookId, restoredAt, remember, discard, renewId };
}
