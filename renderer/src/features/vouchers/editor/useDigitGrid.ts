import { useState } from 'react';

const KEY = 'xiangcai.voucher.digitGrid';

/** The 金额线 preference (one ruled column per digit), remembered on this computer. */
export function useDigitGrid(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => {
    try {
      return window.localStorage.getItem(KEY) === '1';
    } catch {
      return false;
    }
  });
  return [
    on,
    (next: boolean) => {
      setOn(next);
      try {
        window.localStorage.setItem(KEY, next ? '1' : '0');
      } catch {
        // a preference only
      }
    },
  ];
}
