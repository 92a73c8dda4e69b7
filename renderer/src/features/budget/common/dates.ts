import dayjs, { type Dayjs } from 'dayjs';

/** Today on this computer's clock, YYYY-MM-DD. */
export function today(): string {
  return dayjs().format('YYYY-MM-DD');
}

/** Today, moved into the budget year when the clock is outside it (as the core does). */
export function todayIn(year: number): string {
  const date = today();
  if (date < `${year}-01-01`) return `${year}-01-01`;
  if (date > `${year}-12-31`) return `${year}-12-31`;
  return date;
}

export const laterOf = (a: string, b: string): string => (a > b ? a : b);

/**
 * Form.Item props that keep a date as the 'YYYY-MM-DD' text the commands take, while the
 * DatePicker inside works with dayjs.
 */
export const dateItemProps = {
  getValueProps: (value: unknown) => ({ value: typeof value === 'string' && value ? dayjs(value) : undefined }),
  normalize: (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : undefined),
};

/** Only days of the budget year can be picked. */
export const outsideYear = (year: number) => (date: Dayjs) => date.year() !== year;

/** '2026-03-05T02:10:00.000Z' → '2026-03-05 10:10' on this computer's clock. */
export function stampText(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '';
}
