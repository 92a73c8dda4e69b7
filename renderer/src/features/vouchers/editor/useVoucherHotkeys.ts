import { useEffect, useRef } from 'react';

export interface VoucherHotkeys {
  save: () => void;
  newVoucher: () => void;
  previous: () => void;
  next: () => void;
  insertLine: () => void;
  removeLine: () => void;
}

/** True while an antd modal or confirm dialog is open: its own keys come first. */
function modalOpen(): boolean {
  return Array.from(document.querySelectorAll<HTMLElement>('.ant-modal-wrap')).some((el) => el.style.display !== 'none');
}

/**
 * The voucher screen's keys (用友/金蝶 habits): F6 or Ctrl+S 保存, F5 新增 (never a page reload
 * here), PageUp/PageDown 上一张/下一张, Ctrl+Insert 插行, Ctrl+Delete 删行.
 */
export function useVoucherHotkeys(keys: VoucherHotkeys, enabled = true): void {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      const k = latest.current;
      const action =
        event.key === 'F6' || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's')
          ? k.save
          : event.key === 'F5'
            ? k.newVoucher
            : event.key === 'PageUp'
              ? k.previous
              : event.key === 'PageDown'
                ? k.next
                : event.ctrlKey && event.key === 'Insert'
                  ? k.insertLine
                  : event.ctrlKey && event.key === 'Delete'
                    ? k.removeLine
                    : null;
      if (!action) return;
      event.preventDefault();
      if (modalOpen()) return;
      action();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [enabled]);
}
