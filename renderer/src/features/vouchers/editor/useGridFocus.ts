import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { Account } from '../../../../../shared/api';
import type { Move } from './gridMoves';
import { cellOrder, isBlankLine, type CellField, type LineForm } from './voucherForm';

type Target = { index: number; field: CellField };

function pick(lines: readonly LineForm[], accounts: ReadonlyMap<string, Account>, from: Target, move: Move): Target | 'append' | null {
  const line = lines[from.index];
  if (!line) return null;
  const order = cellOrder(line, accounts);
  const pos = Math.max(order.indexOf(from.field), 0);
  const nextLine = (): Target | 'append' | null => {
    if (from.index + 1 < lines.length) return { index: from.index + 1, field: 'summary' };
    return isBlankLine(line) ? null : 'append';
  };
  const sameColumn = (index: number): Target | null => {
    const target = lines[index];
    if (!target) return null;
    const fields = cellOrder(target, accounts);
    return { index, field: fields.includes(from.field) ? from.field : 'account' };
  };
  switch (move) {
    case 'next':
      return pos < order.length - 1 ? { index: from.index, field: order[pos + 1]! } : nextLine();
    case 'nextLine':
      return nextLine();
    case 'prev': {
      if (pos > 0) return { index: from.index, field: order[pos - 1]! };
      const above = lines[from.index - 1];
      return above ? { index: from.index - 1, field: 'credit' } : null;
    }
    case 'up':
      return sameColumn(from.index - 1);
    case 'down':
      return sameColumn(from.index + 1);
  }
}

/**
 * Keyboard movement through the voucher grid. Every cell registers its input; a move is
 * resolved after React has rendered the change that caused it (a chosen account may add
 * 辅助核算 cells, Enter after the last cell adds a line), then the target gets focus.
 */
export function useGridFocus(lines: readonly LineForm[], accounts: ReadonlyMap<string, Account>, append: () => void, canAppend: boolean) {
  const cells = useRef(new Map<string, HTMLInputElement>());
  const latest = useRef(lines);
  latest.current = lines;
  const pending = useRef<((lines: readonly LineForm[]) => Target | null) | null>(null);
  const [, setTick] = useState(0);

  useLayoutEffect(() => {
    const resolve = pending.current;
    if (!resolve) return;
    pending.current = null;
    const target = resolve(latest.current);
    const el = target && cells.current.get(`${target.index}-${target.field}`);
    if (el) {
      el.focus();
      el.scrollIntoView({ block: 'nearest' });
    }
  });

  const register = useCallback(
    (index: number, field: CellField) => (el: HTMLInputElement | null) => {
      const key = `${index}-${field}`;
      if (el) cells.current.set(key, el);
      else if (cells.current.get(key)) cells.current.delete(key);
    },
    [],
  );

  const focusCell = useCallback((index: number, field: CellField) => {
    pending.current = () => ({ index, field });
    setTick((n) => n + 1);
  }, []);

  const move = useCallback(
    (index: number, field: CellField, how: Move) => {
      // Resolved after the render, against the lines as they are then.
      pending.current = (now) => {
        const target = pick(now, accounts, { index, field }, how);
        if (target === 'append') return { index: index + 1, field: 'summary' };
        return target;
      };
      const target = pick(latest.current, accounts, { index, field }, how);
      if (target === 'append' && canAppend) append();
      setTick((n) => n + 1);
    },
    [accounts, append, canAppend],
  );

  return { register, focusCell, move };
}
