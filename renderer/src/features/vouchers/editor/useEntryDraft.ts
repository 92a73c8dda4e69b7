import { useEffect, useRef } from 'react';
import { clearDraft, loadDraft, saveDraft, type StoredDraft } from '../../../app/uiStore';
import { isBlankLine, type LineForm, type VoucherForm } from './voucherForm';
import type { EditorState } from './voucherState';

/** What is kept in Dexie for a voucher being typed: enough to rebuild the form after a crash. */
export interface EntryDraft {
  form: VoucherForm;
  lines: LineForm[];
  /** The label once the core has the voucher (a later edit was not saved yet). */
  label: string | null;
}

export function entryDraftKey(bookId: string, voucherId: string | null): string {
  return `voucher:${bookId}:${voucherId ?? 'new'}`;
}

export function draftHasContent(draft: EntryDraft | undefined): draft is EntryDraft {
  return !!draft && Array.isArray(draft.lines) && draft.lines.some((line) => !isBlankLine(line));
}

export function loadEntryDraft(key: string): Promise<StoredDraft<EntryDraft> | undefined> {
  return loadDraft<EntryDraft>(key);
}

export function discardEntryDraft(key: string): Promise<void> {
  return clearDraft(key);
}

/**
 * Writes the form to Dexie shortly after every change while it differs from what the core
 * holds, so a crash or an accidental close loses at most a keystroke or two.
 */
export function useEntryDraftAutosave(key: string, state: EditorState, label: string | null, enabled: boolean): void {
  const latest = useRef({ key, state, label, enabled });
  latest.current = { key, state, label, enabled };

  useEffect(() => {
    if (!enabled || !state.dirty) return;
    const timer = window.setTimeout(() => {
      void saveDraft<EntryDraft>(key, { form: state.form, lines: state.lines, label });
    }, 150);
    return () => window.clearTimeout(timer);
  }, [key, state, label, enabled]);

  useEffect(() => {
    const flush = () => {
      const now = latest.current;
      if (now.enabled && now.state.dirty) void saveDraft<EntryDraft>(now.key, { form: now.state.form, lines: now.state.lines, label: now.label });
    };
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);
}
