import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { formatFen } from '../../../../../shared/domain';
import { amountOf } from './voucherForm';

export const DIGIT_UNITS = ['亿', '千', '百', '十', '万', '千', '百', '十', '元', '角', '分'] as const;

interface Props {
  text: string;
  onChange: (text: string) => void;
  onCommit: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
  digitGrid: boolean;
  readOnly?: boolean;
  invalid?: boolean;
  testId: string;
  inputRef: (el: HTMLInputElement | null) => void;
}

/**
 * An amount cell: while typing it shows what was typed; otherwise the amount in 元 with
 * thousands separators (blank for zero), or on the 金额线 one digit per ruled column.
 * A wrong amount stays as typed, in red, with parseMoney's message under the cell.
 */
export function AmountInput({ text, onChange, onCommit, onKeyDown, digitGrid, readOnly, invalid, testId, inputRef }: Props) {
  const [focused, setFocused] = useState(false);
  const own = useRef<HTMLInputElement | null>(null);
  // Select on entering the cell, after the formatted amount has turned into the plain one.
  useLayoutEffect(() => {
    if (focused) own.current?.select();
  }, [focused]);
  const value = amountOf(text);
  const fen = value.ok ? value.fen : 0;
  const shown = focused || !value.ok ? text : formatFen(fen, { blankZero: true });
  const ruled = digitGrid && !focused && value.ok && fen !== 0;
  const classes = ['xc-cell', 'xc-amount'];
  if (!value.ok || invalid) classes.push('xc-invalid');
  if (fen < 0) classes.push('xc-negative');

  return (
    <div style={{ position: 'relative' }}>
      {digitGrid && !focused && value.ok && <DigitLine fen={fen} />}
      <input
        ref={(el) => {
          own.current = el;
          inputRef(el);
        }}
        data-testid={testId}
        className={classes.join(' ')}
        style={ruled ? { color: 'transparent' } : digitGrid && !focused ? { background: 'transparent' } : undefined}
        value={shown}
        readOnly={readOnly}
        inputMode="decimal"
        autoComplete="off"
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          onCommit();
        }}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {!value.ok && <div className="xc-cell-error" data-testid={`${testId}-error`}>{value.message}</div>}
    </div>
  );
}

function DigitLine({ fen }: { fen: number }) {
  const digits = fen === 0 ? '' : String(Math.abs(fen)).padStart(3, '0').slice(-DIGIT_UNITS.length);
  const cells = Array.from({ length: DIGIT_UNITS.length }, (_, i) => digits[digits.length - DIGIT_UNITS.length + i] ?? '');
  return (
    <div className="xc-digits" aria-hidden style={{ position: 'absolute', inset: 0, color: fen < 0 ? '#cf1322' : undefined }}>
      {cells.map((digit, i) => (
        <span key={i} className={i === 8 ? 'xc-yuan' : undefined}>
          {digit}
        </span>
      ))}
    </div>
  );
}

export function DigitHeader() {
  return (
    <div className="xc-digits-head">
      {DIGIT_UNITS.map((unit, i) => (
        <span key={i}>{unit}</span>
      ))}
    </div>
  );
}
