/**
 * Print templates render complete HTML documents as strings, with no DOM: the same string is
 * printed by the window (browser mode and Electron, window.print in an iframe) and turned into
 * a PDF by Chromium (playwright's page.pdf in browser mode, webContents.printToPDF in Electron).
 *
 * Every page is one fixed-size `.sheet` on an `@page` of the same size with no margin, so a
 * template decides exactly what goes on each sheet of paper (承前页/过次页, 第 n/m 张) and the
 * number of PDF pages is the number of sheets.
 */

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every piece of book data (摘要, names) goes through this before it reaches the HTML. */
export function esc(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (ch) => entities[ch]!);
}

export interface PaperSize {
  /** CSS @page size, e.g. `240mm 140mm`, `A4 portrait`. */
  page: string;
  widthMm: number;
  heightMm: number;
}

export const PAPER = {
  voucher: { page: '240mm 140mm', widthMm: 240, heightMm: 140 },
  a4Portrait: { page: 'A4 portrait', widthMm: 210, heightMm: 297 },
  a4Landscape: { page: 'A4 landscape', widthMm: 297, heightMm: 210 },
} as const satisfies Record<string, PaperSize>;

/** 宋体 on Windows (what printed 凭证 and 账簿 use), Noto CJK on Linux (统信UOS/麒麟 and CI). */
export const PRINT_FONTS = `"SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "WenQuanYi Micro Hei", serif`;

const baseCss = (paper: PaperSize) => `
@page { size: ${paper.page}; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body { font-family: ${PRINT_FONTS}; font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.sheet { position: relative; width: ${paper.widthMm}mm; height: ${paper.heightMm - 0.5}mm; overflow: hidden; break-after: page; page-break-after: always; }
.sheet:last-child { break-after: auto; page-break-after: auto; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.red { color: #c00; }
.center { text-align: center; }
@media screen { body { background: #e8e8e8; } .sheet { margin: 6mm auto; background: #fff; box-shadow: 0 0 2mm rgba(0,0,0,.25); } }
`;

const SHEET_MARK = '<!--sheet-->';

export function printDocument(options: { title: string; paper: PaperSize; css: string; sheets: readonly string[] }): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8" />
<title>${esc(options.title)}</title>
<style>${baseCss(options.paper)}${options.css}</style>
</head>
<body>
${options.sheets.map((sheet) => SHEET_MARK + sheet).join('\n')}
</body>
</html>`;
}

/**
 * The same document cut into documents of at most `sheetsPerPart` sheets (same head, same CSS).
 * Chromium's time to print grows faster than the page count (2,000 vouchers in one document
 * took 140 s, in parts of 200 a fraction of it), so long PDFs are printed in parts and joined.
 */
export function splitDocument(html: string, sheetsPerPart: number): string[] {
  const bodyStart = html.indexOf('<body>') + '<body>'.length;
  const bodyEnd = html.lastIndexOf('</body>');
  const head = html.slice(0, bodyStart);
  const tail = html.slice(bodyEnd);
  const sheets = html.slice(bodyStart, bodyEnd).split(SHEET_MARK).slice(1);
  if (sheets.length <= sheetsPerPart) return [html];
  const parts: string[] = [];
  for (let i = 0; i < sheets.length; i += sheetsPerPart) {
    parts.push(`${head}\n${sheets.slice(i, i + sheetsPerPart).map((s) => SHEET_MARK + s.trimEnd()).join('\n')}\n${tail}`);
  }
  return parts;
}
