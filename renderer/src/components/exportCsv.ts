/**
 * Saves rows as a UTF-8 CSV with a byte-order mark, which Excel opens with Chinese intact.
 * Cells that start with = + - @ get a leading apostrophe so Excel does not run them as formulas.
 */
export function exportCsv(fileName: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  const cell = (value: string) => {
    const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
    return /[",\n\r\t]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const text = [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n');
  const blob = new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
