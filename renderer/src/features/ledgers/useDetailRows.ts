import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
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

/** A 明细账 line, or a line not fetched yet (`pending`): the list is as long as the book from the start. */
export type DetailSlot = ({ key: string; pending?: false } & LedgerDetailRow) | { key: string; pending: true; index: number };

type Head = Omit<LedgerDetail, 'rows'>;

export type DetailRowsState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ok'; head: Head; slots: readonly DetailSlot[]; loaded: number };

/**
 * The whole range of a 明细账 as one list, filled a page at a time as the view scrolls: `show`
 * says which rows are on screen, and the pages under them (and one either side) are fetched,
 * never a page twice. Rows not there yet are `pending` placeholders, so the scroll bar is the
 * book's true length from the first answer on.
 */
export function useDetailRows(query: DetailQuery): { state: DetailRowsState; show: (first: number, last: number) => void; reload: () => void } {
  const key = JSON.stringify(query);
  const [head, setHead] = useState<{ key: string; head: Head } | { key: string; error: unknown } | null>(null);
  const pages = useRef(new Map<number, LedgerDetailRow[]>());
  const asked = useRef(new Set<number>());
  const [version, setVersion] = useState(0);
  const [round, setRound] = useState(0);
  const current = useRef(key);

  const fetchPage = useCallback(
    (page: number) => {
      if (asked.current.has(page)) return;
      asked.current.add(page);
      const forKey = key;
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
        });
    },
    [key],
  );

  useEffect(() => {
    current.current = key;
    pages.current = new Map();
    asked.current = new Set();
    setHead(null);
    setVersion(0);
    fetchPage(0);
  }, [key, round, fetchPage]);

  const total = head && 'head' in head && head.key === key ? head.head.total : 0;
  // One placeholder per line of the book, made once per length; pages are laid over a copy.
  const placeholders = useMemo<DetailSlot[]>(() => Array.from({ length: total }, (_, index) => ({ key: `p${index}`, pending: true, index })), [total]);
  const slots = useMemo<DetailSlot[]>(() => {
    const list = placeholders.slice();
    for (const [page, rows] of pages.current) {
      rows.forEach((row, i) => {
        const index = page * DETAIL_PAGE + i;
        if (index < list.length) list[index] = { ...row, key: `r${index}` };
      });
    }
    return list;
    // `version` changes when a page arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [placeholders, version]);

  const show = useCallback(
    (first: number, last: number) => {
      if (total === 0) return;
      const from = Math.max(0, Math.floor(first / DETAIL_PAGE) - 1);
      const to = Math.min(Math.floor((total - 1) / DETAIL_PAGE), Math.floor(last / DETAIL_PAGE) + 1);
      for (let page = from; page <= to; page++) fetchPage(page);
    },
    [total, fetchPage],
  );

  let state: DetailRowsState = { status: 'loading' };
  if (head && head.key === key) {
    state = 'error' in head ? { status: 'error', error: head.error } : { status: 'ok', head: head.head, slots, loaded: pages.current.size };
  }
  return { state, show, reload: useCallback(() => setRound((n) => n + 1), []) };
}
