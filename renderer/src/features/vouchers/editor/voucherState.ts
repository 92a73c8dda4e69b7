import { DIM_FIELDS, amountOf, amountText, blankLine, type DimField, type LineForm, type VoucherForm } from './voucherForm';

/** The entry form's state: header, lines, and whether anything changed since load or save. */
export interface EditorState {
  form: VoucherForm;
  lines: LineForm[];
  dirty: boolean;
}

export type EditorAction =
  | { type: 'load'; form: VoucherForm; lines: LineForm[]; dirty?: boolean }
  | { type: 'saved' }
  | { type: 'header'; patch: Partial<VoucherForm> }
  | { type: 'summary'; index: number; value: string }
  | { type: 'account'; index: number; code: string; keepDims: readonly DimField[] }
  | { type: 'dim'; index: number; field: DimField; value: string }
  | { type: 'amount'; index: number; side: 'debit' | 'credit'; value: string }
  | { type: 'commitAmount'; index: number; side: 'debit' | 'credit' }
  | { type: 'setAmount'; index: number; side: 'debit' | 'credit'; text: string }
  | { type: 'swapSides'; index: number }
  | { type: 'insert'; index: number }
  | { type: 'remove'; index: number }
  | { type: 'append' };

const other = (side: 'debit' | 'credit') => (side === 'debit' ? 'credit' : 'debit');

function patchLine(state: EditorState, index: number, patch: (line: LineForm) => LineForm): EditorState {
  const line = state.lines[index];
  if (!line) return state;
  const lines = state.lines.slice();
  lines[index] = patch(line);
  return { ...state, lines, dirty: true };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'load':
      return { form: action.form, lines: action.lines, dirty: action.dirty ?? false };
    case 'saved':
      return { ...state, dirty: false };
    case 'header':
      return { ...state, form: { ...state.form, ...action.patch }, dirty: true };
    case 'summary':
      return patchLine(state, action.index, (line) => ({ ...line, summary: action.value }));
    case 'account':
      return patchLine(state, action.index, (line) => {
        // Dimensions the new account does not take are dropped.
        const dims = { ...line.dims };
        for (const field of DIM_FIELDS) if (!action.keepDims.includes(field)) delete dims[field];
        return { ...line, accountCode: action.code, dims };
      });
    case 'dim':
      return patchLine(state, action.index, (line) => ({ ...line, dims: { ...line.dims, [action.field]: action.value } }));
    case 'amount':
      return patchLine(state, action.index, (line) => ({ ...line, [action.side]: action.value }));
    case 'commitAmount':
      return patchLine(state, action.index, (line) => {
        const value = amountOf(line[action.side]);
        if (!value.ok) return line;
        // A line has one side only: an amount typed on one side clears the other.
        const cleared = value.fen !== 0 ? { [other(action.side)]: '' } : {};
        return { ...line, [action.side]: amountText(value.fen), ...cleared };
      });
    case 'setAmount':
      return patchLine(state, action.index, (line) => ({ ...line, [action.side]: action.text, [other(action.side)]: '' }));
    case 'swapSides':
      return patchLine(state, action.index, (line) => ({ ...line, debit: line.credit, credit: line.debit }));
    case 'insert': {
      const lines = state.lines.slice();
      lines.splice(action.index, 0, blankLine());
      return { ...state, lines, dirty: true };
    }
    case 'remove': {
      const lines = state.lines.filter((_, i) => i !== action.index);
      return { ...state, lines: lines.length > 0 ? lines : [blankLine()], dirty: true };
    }
    case 'append':
      return { ...state, lines: [...state.lines, blankLine()] };
  }
}
