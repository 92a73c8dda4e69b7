import type { CommandInput } from '../../../../shared/api';
import { ExportExcelButton } from './ExportExcelButton';

export type TableColumn = CommandInput<'export.table'>['columns'][number];
export type TableCell = string | number | null;

/**
 * 导出Excel for a table the screen already holds: the same workbook form as the reports
 * (title, 编制单位, 期间, 单位：元, frozen header, print setup). Money cells are integer fen.
 */
export function ExportTableButton({
  bookId,
  title,
  period = '',
  columns,
  rows,
  totals,
  disabled,
}: {
  bookId: string;
  title: string;
  period?: string;
  columns: TableColumn[];
  rows: TableCell[][];
  /** 合计 rows, written in bold below the rest. */
  totals?: TableCell[][];
  disabled?: boolean;
}) {
  const input: CommandInput<'export.table'> = {
    bookId,
    title,
    period,
    columns,
    rows: [...rows.map((cells) => ({ cells })), ...(totals ?? []).map((cells) => ({ cells, total: true }))],
  };
  return <ExportExcelButton command="export.table" input={input} disabled={disabled || rows.length === 0} />;
}
