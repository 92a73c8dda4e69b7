import { useCallback, useEffect, useRef, useState } from 'react';
import type { LedgerDetail, LedgerDetailRow } from '../../../../shared/api';
import type { Dimensions } from '../../../../shared/domain/ledger';
import { api } from '../../api/transport';

/** Rows asked of the core at a time (the core answers up to 1,000). */
export const DETAIL_PAGE = 500;

export interface DetailQuery {
  bookId: string;
  accountCode: string;
  year: number;
  fromMonth: number;
  toMonth: number;
  dims?: Dimensions;
}

export type DetailHead = Omit<LedgerDetail, 'rows'>;

export type DetailRowsState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  /** `rowAt(i)`: line i of the range, or null while its page is not there yet; `version` changes when one arrives. */
  | { status: 'ok'; head: DetailHead; rowAt: (index: number) => LedgerDetailRow | null; version: number };

/** Requests in flight at once: enough to keep up with slow scrolling, few enough that a fling leaves no queue behind. */
const IN_FLIGHT = 2;

/**
 * The whole range of a 明细账 as one list, filled a page at a time as the view scrolls: `show`
 * says which rows are on screen now. Only the pages under the latest view (and one either side)
 * are wanted, and at most two requests run at a time: a fling through a hundred thousand lines
 * asks for the pages where it stops, not for every page it passed; slow scrolling keeps the next
 * pages coming. Never a page twice. The line count comes with the first page, so the scroll bar is
 * the book's true length from the first answer on; lines not fetched yet are null.
 */
export function useDetailRows(query: DetailQuery): { state: DetailRowsState; show: (first: number, last: number) => void; reload: () => void } {
  const key = JSON.stringify(query);
  const [head, setHead] = useState<{ key: string; head: DetailHead } | { key: string; error: unknown } | null>(null);
  const pages = useRef(new Map<number, LedgerDetailRow[]>());
  const asked = useRef(new Set<number>());
  const inFlight = useRef(0);
  const wanted = useRef<number[]>([]);
  const [version, setVersion] = useState(0);
  const [round, setRound] = useState(0);
  const current = useRef(key);

  const pump = useCallback(() => {
    const forKey = current.current;
    while (inFlight.current < IN_FLIGHT) {
      const page = wanted.current.find((p) => !asked.current.has(p));
      if (page === undefined) return;
      asked.current.add(page);
      inFlight.current++;
      api
        .send('ledger.detail', { ...(JSON.parse(forKey) as DetailQuery), offset: page * DETAIL_PAGE, limit: DETAIL_PAGE })
        .then((answer) => {
          if (current.current !== forKey) return;
          const { rows, ...rest } = answer;
          pages.current.set(page, rows);
          if (page === 0) setHead({ key: forKey, head: rest });
          setVersion((v) => v + 1);
        })
        .catch((error: unknown) => {
          if (current.current !== forKey) return;
          asked.current.delete(page);
          if (page === 0) setHead({ key: forKey, error });
        })
        .finally(() => {
          if (current.current !== forKey) return;
          inFlight.current--;
          pump();
        });
    }
  }, []);

  useEffect(() => {
    current.current = key;
    pages.current = new Map();
    asked.current = new Set();
    inFlight.current = 0;
    wanted.current = [0];
    setHead(null);
    setVersion(0);
    pump();
  }, [key, round, pump]);

  const total = head && 'head' in head && head.key === key ? head.head.total : 0;
  // No array as long as the book: a line is looked up in its page when it is drawn.
  const rowAt = useCallback((index: number) => pages.current.get(Math.floor(index / DETAIL_PAGE))?.[index % DETAIL_PAGE] ?? null, []);

  const show = useCallback(
    (first: number, last: number) => {
      if (total === 0) return;
      const from = Math.max(0, Math.floor(first / DETAIL_PAGE) - 1);
      const to = Math.min(Math.floor((total - 1) / DETAIL_PAGE), Math.floor(last / DETAIL_PAGE) + 1);
      // The pages on screen first, then the neighbours.
      const onScreen = Array.from({ length: Math.floor(last / DETAIL_PAGE) - Math.floor(first / DETAIL_PAGE) + 1 }, (_, i) => Math.floor(first / DETAIL_PAGE) + i);
      const around = Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((p) => !onScreen.includes(p));
      wanted.current = [...onScreen, ...around].filter((p) => p >= 0 && p * DETAIL_PAGE < total);
      pump();
    },
    [total, pump],
  );

  let state: DetailRowsState = { status: 'loading' };
  if (head && head.key === key) {
    state = 'error' in head ? { status: 'error', error: head.error } : { status: 'ok', head: head.head, rowAt, version };
  }
  return { state, show, reload: useCallback(() => setRound((n) => n + 1), []) };
}
