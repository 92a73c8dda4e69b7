import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Alert, App } from 'antd';
import type { InputRef } from 'antd';
import type { Book, User, Voucher } from '../../../../../shared/api';
import { uuidv7 } from '../../../../../shared/domain';
import { hasRole } from '../../../api/session';
import { goBook } from '../../../app/routes';
import type { AccountChart } from './accountOptions';
import type { DimLookups } from './GridRow';
import { dateProblem } from './dateRules';
import { ParallelReasonModal } from './ParallelReasonModal';
import { discardEntryDraft, entryDraftKey, useEntryDraftAutosave } from './useEntryDraft';
import { useDraftRestore } from './useDraftRestore';
import { useGridFocus } from './useGridFocus';
import { useRowHandlers } from './useRowHandlers';
import { useVoucherHotkeys } from './useVoucherHotkeys';
import { useVoucherSave } from './useVoucherSave';
import { VoucherFooter } from './VoucherFooter';
import { VoucherGrid } from './VoucherGrid';
import { VoucherHeader } from './VoucherHeader';
import { VoucherToolbar } from './VoucherToolbar';
import { neighbourVoucher } from './neighbourVoucher';
import { useDigitGrid } from './useDigitGrid';
import { blankLines, fromVoucher, isBlankLine, sumTracks, type VoucherForm } from './voucherForm';
import { editorReducer, type EditorState } from './voucherState';

export interface EditorProps {
  book: Book;
  user: User;
  chart: AccountChart;
  lookups: DimLookups;
  /** The voucher opened by route; null for a new one. */
  voucher: Voucher | null;
  closedPeriods: ReadonlySet<string>;
  defaultDate: string;
}

function initialState(voucher: Voucher | null, defaultDate: string, book: Book): EditorState {
  if (voucher) return { ...fromVoucher(voucher), dirty: false };
  // 收/付/转 books start on 转 (most vouchers of a township are transfers: accruals, quotas).
  const word = book.voucherWords === 'single' ? '记' : '转';
  return { form: { id: uuidv7(), word, date: defaultDate, attachments: 0 }, lines: blankLines(), dirty: false };
}

/** 填制凭证: one 记账凭证, keyboard first, saved as a draft the reviewer then checks. */
export function VoucherEditor({ book, user, chart, lookups, voucher, closedPeriods, defaultDate }: EditorProps) {
  const { message, modal } = App.useApp();
  const [state, dispatch] = useReducer(editorReducer, null, () => initialState(voucher, defaultDate, book));
  const [saved, setSaved] = useState<Voucher | null>(voucher);
  const [currentLine, setCurrentLine] = useState(0);
  const [digitGrid, setDigitGrid] = useDigitGrid();
  const dateRef = useRef<InputRef | null>(null);
  const stateRef = useRef(state);
  stateRef.current = state;

  const draftKey = entryDraftKey(book.id, voucher?.id ?? null);
  const canPrepare = hasRole(user, 'accountant', 'supervisor');
  // 红字冲销 and 结转 vouchers are made by the core: they are reviewed and posted, not edited.
  const readOnly = !canPrepare || (saved !== null && (saved.status !== 'draft' || saved.kind !== 'normal'));
  useEntryDraftAutosave(draftKey, state, saved?.label ?? null, !readOnly);

  const appendLine = useCallback(() => dispatch({ type: 'append' }), []);
  const grid = useGridFocus(state.lines, chart.byCode, appendLine, !readOnly);
  const saver = useVoucherSave(book.id, {
    onSaved: (result) => {
      setSaved(result);
      dispatch({ type: 'saved' });
      void discardEntryDraft(draftKey);
    },
  });
  const { issues, clearRow } = saver;

  const load = useCallback((next: Voucher) => {
    const { form, lines } = fromVoucher(next);
    setSaved(next);
    dispatch({ type: 'load', form, lines });
  }, []);

  useDraftRestore(draftKey, !readOnly, (draft) => dispatch({ type: 'load', form: draft.form, lines: draft.lines, dirty: true }));

  useEffect(() => {
    grid.focusCell(0, 'summary');
    // only when the editor opens
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const sums = useMemo(() => sumTracks(state.lines, chart.byCode), [state.lines, chart.byCode]);
  const dateError = readOnly ? null : (issues.date ?? dateProblem(state.form.date, book, closedPeriods));

  const on = useRowHandlers({
    grid,
    accounts: chart.byCode,
    clearRow,
    dispatch,
    lines: stateRef,
    readOnly,
    warn: (text) => void message.warning(text),
    focusLine: setCurrentLine,
  });

  // The cell to return to once a save or a dialog is over.
  const returnTo = useRef<HTMLElement | null>(null);
  const refocus = useCallback(() => {
    const el = returnTo.current;
    returnTo.current = null;
    if (el?.isConnected) el.focus();
  }, []);

  const save = useCallback(() => {
    if (readOnly) return;
    // Let the cell being typed in commit first (blur), then save what it committed.
    returnTo.current = document.activeElement instanceof HTMLInputElement ? document.activeElement : null;
    returnTo.current?.blur();
    window.setTimeout(() => {
      void saver.save(stateRef.current.form, stateRef.current.lines).then((outcome) => {
        if (outcome !== 'confirm') refocus();
      });
    }, 0);
  }, [readOnly, saver, refocus]);

  const startNew = useCallback(() => {
    const start = () => {
      if (voucher) {
        goBook(book.id, 'vouchers');
        return;
      }
      const form: VoucherForm = { id: uuidv7(), word: stateRef.current.form.word, date: stateRef.current.form.date, attachments: 0 };
      void discardEntryDraft(draftKey);
      setSaved(null);
      saver.reset();
      dispatch({ type: 'load', form, lines: blankLines() });
      setCurrentLine(0);
      grid.focusCell(0, 'summary');
    };
    const current = stateRef.current;
    if (current.dirty && current.lines.some((line) => !isBlankLine(line))) {
      returnTo.current = document.activeElement instanceof HTMLInputElement ? document.activeElement : null;
      modal.confirm({
        title: '当前凭证尚未保存',
        content: '放弃这张凭证的修改，新增一张凭证？',
        okText: '放弃并新增',
        cancelText: '继续编辑',
        onOk: start,
        onCancel: () => setTimeout(refocus, 0),
      });
    } else start();
  }, [voucher, book.id, draftKey, saver, grid, modal, refocus]);

  const step = useCallback(
    (direction: 'previous' | 'next') => {
      void neighbourVoucher(book.id, stateRef.current.form.date, saved?.id ?? null, direction).then((target) => {
        if (typeof target === 'string') message.info(target);
        else goBook(book.id, 'vouchers', target.id);
      });
    },
    [book.id, saved, message],
  );

  const insertLine = useCallback(() => {
    if (readOnly) return;
    dispatch({ type: 'insert', index: currentLine });
    grid.focusCell(currentLine, 'summary');
  }, [readOnly, currentLine, grid]);

  const removeLine = useCallback(() => {
    if (readOnly) return;
    dispatch({ type: 'remove', index: currentLine });
    saver.reset();
    grid.focusCell(Math.min(currentLine, stateRef.current.lines.length - 2), 'summary');
  }, [readOnly, currentLine, grid, saver]);

  useVoucherHotkeys({ save, newVoucher: startNew, previous: () => step('previous'), next: () => step('next'), insertLine, removeLine });

  const kindNote =
    saved?.kind === 'reversal' ? '红字冲销凭证' : saved?.kind === 'closing' ? '结转凭证' : saved?.reversedById ? '已被红字冲销' : null;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', background: '#fff', padding: '6px 10px 8px' }}>
      <VoucherToolbar
        book={book}
        user={user}
        saved={saved}
        dirty={state.dirty}
        readOnly={readOnly}
        saving={saver.saving}
        digitGrid={digitGrid}
        onDigitGrid={setDigitGrid}
        onSave={save}
        onNew={startNew}
        onPrevious={() => step('previous')}
        onNext={() => step('next')}
        onInsert={insertLine}
        onRemove={removeLine}
        onChanged={load}
      />
      <VoucherHeader
        form={state.form}
        onChange={(patch) => dispatch({ type: 'header', patch })}
        label={saved?.label ?? null}
        status={saved?.status ?? null}
        kindNote={kindNote}
        bookName={book.name}
        voucherWords={book.voucherWords}
        readOnly={readOnly}
        dateError={dateError}
        dateRef={dateRef}
        onHeaderDone={() => grid.focusCell(0, 'summary')}
      />
      {!canPrepare && !saved && (
        <Alert
          type="info"
          showIcon
          title="您当前的岗位不能填制凭证（需要“会计”或“主管”岗位）。可在凭证列表中查看、审核凭证。"
          style={{ marginBottom: 6, padding: '4px 10px' }}
        />
      )}
      {saver.general.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="voucher-errors"
          title={saver.general.join('；')}
          closable={{ onClose: saver.clearGeneral }}
          style={{ marginBottom: 6, padding: '4px 10px' }}
        />
      )}
      {saved?.parallelReason && saved.kind === 'normal' && (
        <Alert type="warning" showIcon title={`平行记账说明：${saved.parallelReason}`} style={{ marginBottom: 6, padding: '2px 10px' }} />
      )}
      <div style={{ flex: 1, minHeight: 0, overflow: 'auto', border: '1px solid #8fa3bf' }}>
        <VoucherGrid
          lines={state.lines}
          chart={chart}
          lookups={lookups}
          issues={issues.byRow}
          currentLine={currentLine}
          readOnly={readOnly}
          digitGrid={digitGrid}
          sums={sums}
          on={on}
        />
      </div>
      <VoucherFooter
        sums={sums}
        signatures={{
          posted: saved?.postedBy?.displayName,
          reviewed: saved?.reviewedBy?.displayName,
          prepared: saved?.preparedBy.displayName ?? user.displayName,
        }}
      />
      <ParallelReasonModal
        warnings={saver.confirming}
        initialReason={saver.lastReason || saved?.parallelReason || ''}
        onCancel={() => {
          saver.cancelConfirm();
          setTimeout(refocus, 0);
        }}
        onConfirm={(reason) =>
          void saver.save(stateRef.current.form, stateRef.current.lines, reason).then((outcome) => outcome !== 'confirm' && setTimeout(refocus, 0))
        }
      />
    </div>
  );
}
