import type { Book } from '../../../../shared/api';
import { formatPeriod, validateRegionCode } from '../../../../shared/domain';

/** `330102（浙江省）`, or the bare code if it no longer validates. */
export function regionLabel(regionCode: string): string {
  const checked = validateRegionCode(regionCode);
  return checked.ok ? `${regionCode}（${checked.provinceName}）` : regionCode;
}

/** 启用期间 such as `2026年01期`; never throws on odd data from an old database. */
export function startPeriodLabel(book: Pick<Book, 'startYear' | 'startMonth'>): string {
  try {
    return formatPeriod({ year: book.startYear, month: book.startMonth });
  } catch {
    return `${book.startYear}年${book.startMonth}月`;
  }
}
