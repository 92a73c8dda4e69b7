import { useEffect, useRef } from 'react';
import { App } from 'antd';
import dayjs from 'dayjs';
import { draftHasContent, discardEntryDraft, loadEntryDraft, type EntryDraft } from './useEntryDraft';

/**
 * After a crash or an accidental close, offers back the voucher that was being typed
 * (发现未保存的凭证草稿，是否恢复？). 放弃 deletes the stored draft.
 */
export function useDraftRestore(key: string, enabled: boolean, restore: (draft: EntryDraft) => void): void {
  const { modal } = App.useApp();
  const restoreRef = useRef(restore);
  restoreRef.current = restore;

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void loadEntryDraft(key).then((stored) => {
      if (!live || !stored || !draftHasContent(stored.value)) return;
      const draft = stored.value;
      const first = draft.lines.find((line) => line.summary.trim() !== '')?.summary ?? '';
      const filled = draft.lines.filter((line) => line.accountCode !== '').length;
      modal.confirm({
        title: '发现未保存的凭证草稿，是否恢复？',
        content: (
          <div data-testid="draft-restore">
            <div>
              {draft.label ? `凭证 ${draft.label} 的修改` : '新凭证'}，日期 {draft.form.date}，{filled} 行分录
              {first ? `，摘要“${first}”` : ''}。
            </div>
            <div style={{ color: '#6b7280' }}>最后修改于 {dayjs(stored.updatedAt).format('YYYY-MM-DD HH:mm:ss')}</div>
          </div>
        ),
        okText: '恢复',
        cancelText: '放弃',
        okButtonProps: { 'data-testid': 'draft-restore-ok' },
        cancelButtonProps: { 'data-testid': 'draft-restore-discard' },
        onOk: () => restoreRef.current(draft),
        onCancel: () => void discardEntryDraft(key),
      });
    });
    return () => {
      live = false;
    };
  }, [key, enabled, modal]);
}
