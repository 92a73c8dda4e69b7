import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { LookupOption } from './accountOptions';
import type { Move } from './gridMoves';
import './voucherGrid.css';

interface Props {
  value: string;
  display: (value: string) => string;
  search: (query: string) => LookupOption[];
  onCommit: (value: string) => void;
  onMove: (move: Move) => void;
  /** Accept typed text that matches nothing (辅助核算 codes the table does not list yet). */
  allowFree?: boolean;
  readOnly?: boolean;
  invalid?: boolean;
  placeholder?: string;
  testId: string;
  inputRef: (el: HTMLInputElement | null) => void;
  emptyText: string;
}

/**
 * A grid cell that completes from a list: typing filters, ↑/↓ choose, Enter or Tab takes the
 * highlighted entry and moves on, F2 opens the whole list, Esc puts back what was there.
 */
export function LookupInput(props: Props) {
  const { value, display, search, onCommit, onMove, allowFree, readOnly } = props;
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(value);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [notFound, setNotFound] = useState(false);
  // Enter/Tab already committed; the blur that follows the move must not commit again.
  const settled = useRef(false);
  const input = useRef<HTMLInputElement | null>(null);
  const list = useRef<HTMLDivElement | null>(null);
  const [rect, setRect] = useState<DOMRect | null>(null);

  const options = useMemo(() => (open ? search(text) : []), [open, search, text]);

  useEffect(() => {
    if (!editing) setText(value);
  }, [value, editing]);

  // Select the cell's text right after it switches to editing, before the next key arrives
  // (typing replaces it, as in a spreadsheet).
  useLayoutEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  useLayoutEffect(() => {
    if (open && input.current) setRect(input.current.getBoundingClientRect());
  }, [open, text]);

  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active, open]);

  /** What Enter, Tab or leaving the cell settles on; null when nothing fits. */
  function resolve(): string | null {
    const typed = text.trim();
    if (typed === value) return value;
    if (typed === '') return '';
    if (open && options[active]) return options[active].value;
    const all = search(typed);
    const exact = all.find((option) => option.value === typed);
    if (exact) return exact.value;
    if (all.length === 1) return all[0]!.value;
    return allowFree ? typed : null;
  }

  function settle(then?: Move) {
    const chosen = resolve();
    if (chosen === null) {
      setNotFound(true);
      setOpen(true);
      return;
    }
    setOpen(false);
    setNotFound(false);
    setText(chosen);
    settled.current = true;
    if (chosen !== value) onCommit(chosen);
    if (then) onMove(then);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (readOnly) {
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        onMove(event.shiftKey ? 'prev' : 'next');
      }
      return;
    }
    switch (event.key) {
      case 'F2':
        event.preventDefault();
        setOpen(true);
        setActive(0);
        return;
      case 'ArrowDown':
        event.preventDefault();
        if (open) setActive((i) => Math.min(i + 1, Math.max(options.length - 1, 0)));
        else onMove('down');
        return;
      case 'ArrowUp':
        event.preventDefault();
        if (open) setActive((i) => Math.max(i - 1, 0));
        else onMove('up');
        return;
      case 'Escape':
        if (open || text !== value) {
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          setNotFound(false);
          setText(value);
        }
        return;
      case 'Enter':
      case 'Tab':
        if (event.ctrlKey || event.altKey) return;
        event.preventDefault();
        settle(event.shiftKey ? 'prev' : 'next');
        return;
    }
  }

  const shown = editing ? text : display(value);
  const popup =
    open && rect && !readOnly
      ? createPortal(
          <div
            ref={list}
            className="xc-lookup"
            role="listbox"
            style={placePopup(rect)}
            onMouseDown={(event) => event.preventDefault()}
          >
            {options.length === 0 ? (
              <div className="xc-lookup-empty">{props.emptyText}</div>
            ) : (
              options.map((option, index) => (
                <div
                  key={option.value}
                  data-index={index}
                  role="option"
                  aria-selected={index === active}
                  className={index === active ? 'xc-lookup-item xc-active' : 'xc-lookup-item'}
                  onMouseEnter={() => setActive(index)}
                  onClick={() => {
                    setOpen(false);
                    setNotFound(false);
                    setText(option.value);
                    settled.current = true;
                    if (option.value !== value) onCommit(option.value);
                    onMove('next');
                  }}
                >
                  <span className="xc-lookup-label">{option.label}</span>
                  {option.note && <span className="xc-lookup-note">{option.note}</span>}
                </div>
              ))
            )}
          </div>,
          document.body,
        )
      : null;

  return (
    <>
      <input
        ref={(el) => {
          input.current = el;
          props.inputRef(el);
        }}
        data-testid={props.testId}
        className={`xc-cell${props.invalid || notFound ? ' xc-invalid' : ''}`}
        value={shown}
        title={editing ? undefined : display(value)}
        placeholder={props.placeholder}
        readOnly={readOnly}
        autoComplete="off"
        spellCheck={false}
        onFocus={() => {
          if (readOnly) return;
          setEditing(true);
          setText(value);
          settled.current = false;
        }}
        onBlur={() => {
          if (!readOnly && !settled.current && text.trim() !== value) {
            const chosen = resolve();
            if (chosen !== null && chosen !== value) onCommit(chosen);
          }
          setEditing(false);
          setOpen(false);
          setNotFound(false);
        }}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(0);
          setNotFound(false);
        }}
        onKeyDown={onKeyDown}
      />
      {popup}
    </>
  );
}

const POPUP_HEIGHT = 260;

function placePopup(rect: DOMRect): CSSProperties {
  const below = window.innerHeight - rect.bottom;
  const width = Math.max(rect.width, 420);
  const left = Math.min(rect.left, window.innerWidth - width - 4);
  return below >= POPUP_HEIGHT || below >= rect.top
    ? { left, top: rect.bottom + 1, width, maxHeight: Math.min(POPUP_HEIGHT, below - 4) }
    : { left, bottom: window.innerHeight - rect.top + 1, width, maxHeight: Math.min(POPUP_HEIGHT, rect.top - 4) };
}
