import { Input, type FormRule, type InputProps } from 'antd';
import { formatFen, parseMoney } from '../../../../../shared/domain';

/**
 * An amount typed in 元 and kept as text while editing: parseMoney turns it into fen on save.
 * On leaving the field a valid amount is shown with thousands separators (parseMoney reads
 * them back), so what the accountant sees is what will be saved.
 */
export function MoneyInput({ value, onChange, onBlur, ...rest }: Omit<InputProps, 'value' | 'onChange'> & { value?: string; onChange?: (text: string) => void }) {
  return (
    <Input
      inputMode="decimal"
      autoComplete="off"
      suffix="元"
      {...rest}
      className="xc-num"
      style={{ textAlign: 'right', ...rest.style }}
      value={value ?? ''}
      onChange={(event) => onChange?.(event.target.value)}
      onBlur={(event) => {
        const parsed = parseMoney(value ?? '');
        if (parsed.ok && (value ?? '').trim() !== '') onChange?.(formatFen(parsed.fen));
        onBlur?.(event);
      }}
    />
  );
}

/** Form rules for an amount in 元: required (unless told), a valid amount, and more than zero (unless `allowZero`). */
export function moneyRules(label: string, { required = true, allowZero = false }: { required?: boolean; allowZero?: boolean } = {}): FormRule[] {
  return [
    {
      validator: async (_rule, value: unknown) => {
        const text = typeof value === 'string' ? value.trim() : '';
        if (text === '') {
          if (required) throw new Error(`请填写${label}`);
          return;
        }
        const parsed = parseMoney(text);
        if (!parsed.ok) throw new Error(parsed.message);
        if (parsed.fen < 0 || (!allowZero && parsed.fen === 0)) throw new Error(`${label}必须大于零`);
      },
    },
  ];
}

/** Fen of a validated amount text (0 for blank or invalid: validate first). */
export function fenOf(text: string | undefined | null): number {
  const parsed = parseMoney(text ?? '');
  return parsed.ok ? parsed.fen : 0;
}

/** The text an amount field starts with: blank for zero. */
export const moneyText = (fen: number | null | undefined): string => (fen ? formatFen(fen) : '');
