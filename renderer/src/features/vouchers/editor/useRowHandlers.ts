import { useMemo, type Dispatch, type KeyboardEvent, type RefObject } from 'react';
import type { Account } from '../../../../../shared/api';
import type { RowHandlers } from './GridRow';
import { moveOfKey } from './gridMoves';
import type { useGridFocus } from './useGridFocus';
import { amountText, balancingAmount, dimFieldsOf, fenOr0 } from './voucherForm';
import type { EditorAction, EditorState } from './voucherState';

const other = (side: 'debit' | 'credit') => (side === 'debit' ? 'credit' : 'debit');

interface Options {
  grid: ReturnType<typeof useGridFocus>;
  accounts: ReadonlyMap<string, Account>;
  clearRow: (row: number) => void;
  dispatch: Dispatch<EditorAction>;
  /** The latest state, read when a key arrives (not when the handlers were made). */
  lines: RefObject<EditorState>;
  readOnly: boolean;
  warn: (text: string) => void;
  focusLine: (index: number) => void;
}

/**
 * What the grid's cells do: edits go to the reducer (and clear that row's old problems),
 * and the voucher keys — `..` / `//` in 摘要, `=` and Space in amounts, Enter after a debit.
 */
export function useRowHandlers({ grid, accounts, clearRow, dispatch, lines: state, readOnly, warn, focusLine }: Options): RowHandlers {
  return useMemo(
    () => ({
      register: grid.register,
      move: grid.move,
      focusLine,
      summary: (index, value) => {
        const lines = state.current.lines;
        let next = value;
        // `..` copies the line above, `//` the first line (用友 habit).
        if (value.trim() === '..' && index > 0) next = lines[index - 1]?.summary ?? '';
        else if (value.trim() === '//' && index > 0) next = lines[0]?.summary ?? '';
        dispatch({ type: 'summary', index, value: next });
        clearRow(index);
      },
      account: (index, code) => {
        dispatch({ type: 'account', index, code, keepDims: dimFieldsOf(code, accounts) });
        clearRow(index);
      },
      dim: (index, field, value) => {
        dispatch({ type: 'dim', index, field, value });
        clearRow(index);
      },
      amount: (index, side, value) => {
        dispatch({ type: 'amount', index, side, value });
        clearRow(index);
      },
      commitAmount: (index, side) => dispatch({ type: 'commitAmount', index, side }),
      amountKey: (event: KeyboardEvent<HTMLInputElement>, index, side) => {
        const lines = state.current.lines;
        if (!readOnly && event.key === '=') {
          // `=` takes the amount that balances this line's track (财务 or 预算, each on its own).
          event.preventDefault();
          const found = balancingAmount(lines, index, accounts);
          if (!found.ok) {
            warn(found.message);
            return;
          }
          dispatch({ type: 'setAmount', index, side: found.side, text: amountText(found.fen) });
          clearRow(index);
          if (found.side !== side) grid.focusCell(index, found.side);
          return;
        }
        if (!readOnly && event.key === ' ') {
          // Space moves the amount between 借 and 贷.
          event.preventDefault();
          dispatch({ type: 'swapSides', index });
          grid.focusCell(index, other(side));
          return;
        }
        let how = moveOfKey(event) ?? (event.key === 'ArrowUp' ? 'up' : event.key === 'ArrowDown' ? 'down' : null);
        if (!how) return;
        event.preventDefault();
        // Enter after a debit amount: the credit side stays empty, so go to the next line.
        if (how === 'next' && event.key === 'Enter' && side === 'debit' && fenOr0(lines[index]?.debit ?? '') !== 0) how = 'nextLine';
        grid.move(index, side, how);
      },
    }),
    [grid, accounts, clearRow, dispatch, state, readOnly, warn, focusLine],
  );
}
