import { DIMENSION_KEYS, type DimensionKey, type Dimensions } from '../../../../shared/domain/ledger';
import { goBook } from '../../app/routes';

/**
 * Where the books live under `#/book/<id>/ledgers/…`, and the drill-down between them:
 *
 *   ledgers                                       科目余额表
 *   ledgers/general/<code>/<year>                 总账
 *   ledgers/detail/<code>/<year>/<from>/<to>[/<dims>]   明细账 (dims: func=2010301;econ_dep=30201)
 *   ledgers/journal/<code>/<year>/<month>         现金/银行日记账
 *   ledgers/dims/<code>/<year>/<from>/<to>/<by>   辅助余额表 (by: func,econ_dep)
 */
export type LedgerView = 'trial' | 'general' | 'detail' | 'journal' | 'dims';

export const LEDGER_VIEWS: readonly { value: LedgerView; label: string }[] = [
  { value: 'trial', label: '科目余额表' },
  { value: 'general', label: '总账' },
  { value: 'detail', label: '明细账' },
  { value: 'journal', label: '日记账' },
  { value: 'dims', label: '辅助余额表' },
];

export const goTrialBalance = (bookId: string) => goBook(bookId, 'ledgers');
export const goGeneralLedger = (bookId: string, code: string, year: number) => goBook(bookId, 'ledgers', 'general', code, String(year));
export const goJournal = (bookId: string, code: string, year: number, month: number) => goBook(bookId, 'ledgers', 'journal', code, String(year), String(month));
export const goDimensionBalance = (bookId: string, code: string, year: number, from: number, to: number, by: readonly DimensionKey[]) =>
  goBook(bookId, 'ledgers', 'dims', code, String(year), String(from), String(to), by.join(','));

export function goLedgerDetail(bookId: string, code: string, year: number, from: number, to: number, dims?: Dimensions): void {
  const filter = dimsText(dims);
  goBook(bookId, 'ledgers', 'detail', code, String(year), String(from), String(to), ...(filter ? [filter] : []));
}

/** `func=2010301;econ_dep=30201`, in the dimensions' own order; empty when none. */
export function dimsText(dims: Dimensions | undefined): string {
  return DIMENSION_KEYS.filter((k) => dims?.[k]).map((k) => `${k}=${dims![k]}`).join(';');
}

export function parseDims(text: string | undefined): Dimensions {
  const dims: Dimensions = {};
  for (const part of (text ?? '').split(';')) {
    const [key, value] = part.split('=');
    if (key && value && (DIMENSION_KEYS as readonly string[]).includes(key)) dims[key as DimensionKey] = value;
  }
  return dims;
}

export function parseBy(text: string | undefined): DimensionKey[] {
  const by = (text ?? '').split(',').filter((k): k is DimensionKey => (DIMENSION_KEYS as readonly string[]).includes(k));
  return by.length > 0 ? [...new Set(by)].slice(0, 3) : ['func', 'econ_dep'];
}

/** A month from a route segment (1–12), else the fallback. */
export function monthOf(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 12 ? n : fallback;
}

export function yearOf(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= 2000 && n <= 2099 ? n : fallback;
}

export const MONTH_OPTIONS = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${String(i + 1).padStart(2, '0')}月` }));
