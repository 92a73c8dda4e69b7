import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import type { Period } from '../../../shared/domain';

/** 会计期间 (year + month) as one month picker, shown as 2026年01期. */
export function PeriodPicker({
  value,
  onChange,
  testId = 'period-picker',
}: {
  value: Period;
  onChange: (period: Period) => void;
  testId?: string;
}) {
  return (
    <DatePicker
      data-testid={testId}
      picker="month"
      size="small"
      allowClear={false}
      value={dayjs(new Date(value.year, value.month - 1, 1))}
      format="YYYY年MM期"
      onChange={(date) => date && onChange({ year: date.year(), month: date.month() + 1 })}
      style={{ width: 120 }}
    />
  );
}
