import { formatFen } from '../domain/money';
import { esc, PAPER, printDocument } from './html';
import type { RenderedPrint } from './voucherSheet';

/**
 * 账簿 pages (总账, 明细账, 日记账) and reports on A4, paginated here rather than by the browser so
 * that each page can close with a 过次页 row and the next open with 承前页, carrying the running
 * totals as 会计基础工作规范 asks: from the start of the month for books that show 本月合计
 * (`carry: 'month'`), only the balance for books that do not (`carry: 'balance'`), nothing for
 * reports (`carry: 'none'`).
 */

export interface PrintColumn {
  key: string;
  header: string;
  group?: string;
  /** Relative width. */
  width: number;
  kind: 'text' | 'money' | 'date' | 'int' | 'percent';
  blankZero?: boolean;
  indented?: boolean;
}

export type PrintRowRole = 'opening' | 'line' | 'dayTotal' | 'monthTotal' | 'yearTotal' | 'total' | 'group';

export interface PrintRow {
  values: Readonly<Record<string, string | number | null | undefined>>;
  role: PrintRowRole;
  indent?: number;
}

export interface TablePrintOptions {
  title: string;
  unitName: string;
  period: string;
  subtitle?: string;
  formCode?: string;
  columns: readonly PrintColumn[];
  rows: readonly PrintRow[];
  orientation: 'portrait' | 'landscape';
  carry: 'month' | 'balance' | 'none';
  /** Keys of the amounts carried (借方, 贷方) and of the balance with its 借/贷 column. */
  carryKeys?: { debit: string; credit: string; balance: string; side?: string; summary: string };
  rowsPerPage?: number;
  /** Signature line under each page (statements: 单位负责人 …). */
  footer?: string;
}

const css = `
.page { padding: 12mm 12mm 10mm 16mm; height: 100%; display: flex; flex-direction: column; }
.page h1 { text-align: center; font-size: 18pt; margin: 0 0 1mm; letter-spacing: 2mm; }
.page h1 span { border-bottom: 3px double #000; padding: 0 4mm; }
.page .info { display: grid; grid-template-columns: 1fr auto 1fr; font-size: 9.5pt; margin: 2mm 0 1mm; }
.page .info .mid { text-align: center; }
.page .info .right { text-align: right; }
.page .subtitle { font-size: 9.5pt; margin-bottom: 1.5mm; }
.page table { width: 100%; border-collapse: collapse; table-layout: fixed; border: 1.4px solid #000; }
.page th, .page td { border: 0.7px solid #000; padding: 0 1.2mm; height: var(--row-h); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 9pt; }
.page th { font-weight: normal; text-align: center; background: #f4f4f4; height: 6.5mm; }
.page td.money { text-align: right; font-variant-numeric: tabular-nums; }
.page td.date, .page td.int { text-align: center; }
.page tr.carry td, .page tr.sum td { font-weight: bold; }
.page tr.sum td { border-top: 1.2px solid #000; }
.page tr.group td { font-weight: bold; background: #fafafa; }
.page .foot { margin-top: auto; display: flex; justify-content: space-between; font-size: 9pt; padding-top: 2mm; }
`;

function cell(column: PrintColumn, value: string | number | null | undefined, indent = 0): string {
  const cls = column.kind === 'money' ? 'money' : column.kind === 'date' ? 'date' : column.kind === 'int' ? 'int' : '';
  let text = '';
  if (column.kind === 'money' && typeof value === 'number') {
    text = value === 0 && column.blankZero ? '' : value < 0 ? `<span class="red">${formatFen(value)}</span>` : formatFen(value);
  } else if (column.kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    // Books are kept per year (the year is in the period line): 月-日, as on ruled ledger paper.
    text = esc(value.slice(5));
  } else if (column.kind === 'percent' && typeof value === 'number') {
    text = `${(value / 100).toFixed(2)}%`;
  } else {
    text = esc(value);
  }
  const style = column.indented && indent ? ` style="padding-left:${1.2 + indent * 3}mm"` : '';
  return `<td class="${cls}"${style}>${text}</td>`;
}

function header(columns: readonly PrintColumn[]): string {
  if (!columns.some((c) => c.group)) return `<tr>${columns.map((c) => `<th>${esc(c.header)}</th>`).join('')}</tr>`;
  const top: string[] = [];
  const bottom: string[] = [];
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    if (!c.group) {
      top.push(`<th rowspan="2">${esc(c.header)}</th>`);
      continue;
    }
    if (i === 0 || columns[i - 1]!.group !== c.group) {
      let span = 1;
      while (i + span < columns.length && columns[i + span]!.group === c.group) span++;
      top.push(`<th colspan="${span}">${esc(c.group)}</th>`);
    }
    bottom.push(`<th>${esc(c.header)}</th>`);
  }
  return `<tr>${top.join('')}</tr><tr>${bottom.join('')}</tr>`;
}

export function renderTablePages(options: TablePrintOptions): RenderedPrint {
  const paper = options.orientation === 'landscape' ? PAPER.a4Landscape : PAPER.a4Portrait;
  const grouped = options.columns.some((c) => c.group);
  const perPage = Math.max(3, options.rowsPerPage ?? (options.orientation === 'landscape' ? 22 : 34) - (grouped ? 1 : 0) - (options.subtitle ? 1 : 0));
  const carrying = options.carry !== 'none' && !!options.carryKeys;
  // Room for 承前页 at the top (pages after the first) and 过次页 at the bottom (pages before the last).
  const bodyRows = carrying ? perPage - 2 : perPage;
  const widthSum = options.columns.reduce((s, c) => s + c.width, 0);
  const cols = options.columns.map((c) => `<col style="width:${((c.width / widthSum) * 100).toFixed(2)}%" />`).join('');

  const chunks: PrintRow[][] = [];
  for (let i = 0; i < options.rows.length; i += bodyRows) chunks.push(options.rows.slice(i, i + bodyRows) as PrintRow[]);
  if (chunks.length === 0) chunks.push([]);

  // Running totals for the carry rows.
  let debit = 0;
  let credit = 0;
  let balance: { side: string | number | null | undefined; amount: string | number | null | undefined } = { side: '', amount: 0 };
  const keys = options.carryKeys;
  const carryRow = (label: string) => {
    if (!keys) return '';
    const values: Record<string, string | number | null | undefined> = { [keys.summary]: label, [keys.balance]: balance.amount };
    if (keys.side) values[keys.side] = balance.side;
    if (options.carry === 'month') {
      values[keys.debit] = debit;
      values[keys.credit] = credit;
    }
    return `<tr class="carry">${options.columns.map((c) => cell(c, values[c.key])).join('')}</tr>`;
  };

  const sheets = chunks.map((chunk, pageIndex) => {
    const body: string[] = [];
    if (carrying && pageIndex > 0) body.push(carryRow('承前页'));
    for (const row of chunk) {
      const cls = row.role === 'line' || row.role === 'opening' ? '' : row.role === 'group' ? 'group' : 'sum';
      body.push(`<tr class="${cls}">${options.columns.map((c) => cell(c, row.values[c.key], row.indent)).join('')}</tr>`);
      if (keys) {
        if (row.role === 'line') {
          debit += Number(row.values[keys.debit] ?? 0);
          credit += Number(row.values[keys.credit] ?? 0);
        }
        if (row.role === 'monthTotal' || row.role === 'yearTotal') {
          debit = 0;
          credit = 0;
        }
        if (row.values[keys.balance] !== undefined && row.values[keys.balance] !== null && row.values[keys.balance] !== '') {
          balance = { side: keys.side ? row.values[keys.side] : '', amount: row.values[keys.balance] };
        }
      }
    }
    if (carrying && pageIndex < chunks.length - 1) body.push(carryRow('过次页'));
    const info = `<div class="info"><div>编制单位：${esc(options.unitName)}</div><div class="mid">${esc(options.period)}</div><div class="right">${options.formCode ? `${esc(options.formCode)}　` : ''}单位：元</div></div>`;
    const footer = `<div class="foot"><span>${esc(options.footer ?? '')}</span><span>第 ${pageIndex + 1} 页　共 ${chunks.length} 页</span></div>`;
    return `<div class="sheet"><div class="page" style="--row-h:6.2mm">
<h1><span>${esc(options.title)}</span></h1>
${info}
${options.subtitle ? `<div class="subtitle">${esc(options.subtitle)}</div>` : ''}
<table><colgroup>${cols}</colgroup><thead>${header(options.columns)}</thead><tbody>
${body.join('\n')}
</tbody></table>
${footer}
</div></div>`;
  });
  return { title: options.title, html: printDocument({ title: `${options.title} ${options.period}`, paper, css, sheets }), pages: sheets.length, rows: options.rows.length };
}
