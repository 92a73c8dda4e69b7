import { amountInWords, formatFen } from '../domain/money';
import { esc, PAPER, printDocument } from './html';

/**
 * 记账凭证 for printing, binding (装订) and signing: on 凭证纸 (240×140 mm, one sheet per page) or
 * on A4 with two vouchers per page (cut along the dashed line). A voucher with more lines than a
 * sheet holds continues on further sheets, numbered 记-0012 1/2, 2/2 (分数编号) and 第 1/2 张; the
 * 合计 with its 大写 amount is on the last sheet, one 合计 per track (each track balances alone).
 */

export interface PrintVoucherLine {
  summary: string;
  accountCode: string;
  /** Full path name: 行政支出—基本支出. */
  accountName: string;
  track: 'financial' | 'budget';
  debit: number;
  credit: number;
  /** 功能分类 2010301 行政运行　经济分类 30201 办公费 */
  dimsText: string;
}

export interface PrintVoucher {
  label: string;
  date: string;
  year: number;
  month: number;
  attachments: number;
  kind: 'normal' | 'reversal' | 'closing';
  /** The voucher a 红字冲销 reverses (记-0003). */
  reversesLabel: string | null;
  status: 'draft' | 'reviewed' | 'posted';
  preparedBy: string;
  reviewedBy: string | null;
  postedBy: string | null;
  lines: PrintVoucherLine[];
}

export interface VoucherPrintOptions {
  unitName: string;
  /** 会计主管 of the book. */
  supervisor: string;
  paper: 'voucher' | 'a4';
  /** Lines on one sheet (default 6). */
  linesPerSheet?: number;
}

export interface RenderedPrint {
  title: string;
  html: string;
  /** Sheets of paper (PDF pages). */
  pages: number;
  rows: number;
}

const STATUS_MARK: Record<PrintVoucher['status'], string> = { draft: '草稿', reviewed: '', posted: '' };

const css = `
.voucher { position: relative; padding: 7mm 9mm 5mm 9mm; height: 100%; display: flex; flex-direction: column; }
.voucher .head { display: grid; grid-template-columns: 1fr auto 1fr; align-items: end; }
.voucher .title { font-size: 20pt; font-weight: bold; letter-spacing: 6mm; padding-left: 6mm; text-align: center; border-bottom: 3px double #000; line-height: 1.2; }
.voucher .head .right { text-align: right; font-size: 10.5pt; }
.voucher .head .left { font-size: 9.5pt; }
.voucher .sub { display: grid; grid-template-columns: 1fr auto 1fr; margin: 2mm 0 1.5mm; font-size: 10pt; }
.voucher .sub .mid { text-align: center; }
.voucher .sub .right { text-align: right; }
.voucher table { width: 100%; border-collapse: collapse; table-layout: fixed; border: 1.6px solid #000; }
.voucher th, .voucher td { border: 0.8px solid #000; padding: 0 1.6mm; overflow: hidden; }
.voucher th { height: 7.5mm; font-weight: normal; font-size: 10.5pt; letter-spacing: 1mm; }
.voucher td { height: var(--row-h); vertical-align: middle; }
.voucher td .one { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.voucher td .dims { font-size: 7.5pt; color: #333; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; line-height: 1.2; }
.voucher td .track { display: inline-block; font-size: 7pt; border: 0.6px solid #555; padding: 0 0.6mm; margin-right: 1mm; line-height: 1.2; vertical-align: 1px; }
.voucher td.amount { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; font-size: 10.5pt; }
.voucher tr.total td { font-weight: bold; }
.voucher tr.total td.words { font-weight: normal; }
.voucher tr.total td.words b { letter-spacing: 0.3mm; }
.voucher .signs { display: grid; grid-template-columns: repeat(5, 1fr); margin-top: 3mm; font-size: 10pt; }
.voucher .signs span b { font-weight: normal; display: inline-block; min-width: 16mm; border-bottom: 0.6px solid #000; padding: 0 1mm; }
.voucher .stamp { position: absolute; top: 8mm; right: 12mm; border: 1.2px solid #c00; color: #c00; padding: 0.5mm 2mm; font-size: 10pt; transform: rotate(-8deg); }
.voucher .binding { position: absolute; left: 2.2mm; top: 20mm; bottom: 20mm; border-left: 0.6px dashed #999; }
.a4pair { display: flex; flex-direction: column; }
.a4pair .half { height: 50%; position: relative; }
.a4pair .half + .half { border-top: 0.6px dashed #999; }
`;

function money(fen: number, blankZero: boolean): string {
  if (fen === 0 && blankZero) return '';
  const text = formatFen(fen);
  return fen < 0 ? `<span class="red">${text}</span>` : text;
}

function lineRow(line: PrintVoucherLine): string {
  const track = line.track === 'budget' ? '<span class="track">预算</span>' : '';
  const dims = line.dimsText ? `<div class="dims">${esc(line.dimsText)}</div>` : '';
  return `<tr>
<td><div class="one">${esc(line.summary)}</div></td>
<td><div class="one">${track}${esc(line.accountCode)} ${esc(line.accountName)}</div>${dims}</td>
<td class="amount">${money(line.debit, true)}</td>
<td class="amount">${money(line.credit, true)}</td>
</tr>`;
}

function totals(lines: readonly PrintVoucherLine[]) {
  const sum = (track: 'financial' | 'budget') => {
    const of = lines.filter((l) => l.track === track);
    return { count: of.length, debit: of.reduce((s, l) => s + l.debit, 0), credit: of.reduce((s, l) => s + l.credit, 0) };
  };
  return { financial: sum('financial'), budget: sum('budget') };
}

/** One sheet (one page of 凭证纸, or half of an A4 page) of a voucher. */
function voucherSheet(v: PrintVoucher, options: VoucherPrintOptions, part: PrintVoucherLine[], index: number, count: number, rowHeightMm: number, slots: number): string {
  const last = index === count - 1;
  const rows = part.map(lineRow);
  for (let i = part.length; i < slots; i++) rows.push('<tr class="blank"><td></td><td></td><td></td><td></td></tr>');
  if (last) {
    const t = totals(v.lines);
    const tracks = (['financial', 'budget'] as const).filter((k) => t[k].count > 0);
    for (const track of tracks) {
      const label = tracks.length > 1 ? (track === 'financial' ? '合计（财务会计）' : '合计（预算会计）') : '合计';
      const words = amountInWords(t[track].debit, { prefix: true });
      rows.push(`<tr class="total"><td colspan="2" class="words">${label}　<b>${esc(words)}</b></td><td class="amount">¥${money(t[track].debit, false)}</td><td class="amount">¥${money(t[track].credit, false)}</td></tr>`);
    }
    for (let i = tracks.length; i < 2; i++) rows.push('<tr class="blank"><td colspan="2"></td><td></td><td></td></tr>');
  } else {
    rows.push('<tr class="total"><td colspan="2" class="words">（续下张）</td><td></td><td></td></tr>');
    rows.push('<tr class="blank"><td colspan="2"></td><td></td><td></td></tr>');
  }
  const number = count > 1 ? `${v.label} ${index + 1}/${count}` : v.label;
  const sheetNo = count > 1 ? `　第 ${index + 1}/${count} 张` : '';
  const mark =
    v.kind === 'reversal'
      ? `<div class="stamp">红字冲销${v.reversesLabel ? ` ${esc(v.reversesLabel)}` : ''}</div>`
      : v.kind === 'closing'
        ? '<div class="stamp">结转凭证</div>'
        : STATUS_MARK[v.status]
          ? `<div class="stamp">${STATUS_MARK[v.status]}</div>`
          : '';
  const [y, m, d] = v.date.split('-');
  return `<div class="voucher" style="--row-h:${rowHeightMm}mm">
<div class="binding"></div>${mark}
<div class="head"><div class="left">核算单位：${esc(options.unitName)}</div><div class="title">记账凭证</div><div class="right">凭证字号：<b>${esc(number)}</b></div></div>
<div class="sub"><div>会计期间：${v.year}年${String(v.month).padStart(2, '0')}期</div><div class="mid">${esc(y)} 年 ${esc(m)} 月 ${esc(d)} 日</div><div class="right">附单据 ${v.attachments} 张${sheetNo}</div></div>
<table>
<colgroup><col style="width:27%" /><col style="width:39%" /><col style="width:17%" /><col style="width:17%" /></colgroup>
<thead><tr><th>摘要</th><th>会计科目</th><th>借方金额</th><th>贷方金额</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<div class="signs"><span>会计主管：<b>${esc(options.supervisor)}</b></span><span>记账：<b>${esc(v.postedBy ?? '')}</b></span><span>审核：<b>${esc(v.reviewedBy ?? '')}</b></span><span>出纳：<b></b></span><span>制单：<b>${esc(v.preparedBy)}</b></span></div>
</div>`;
}

/** Vouchers in the order given (the caller sorts by 凭证字号), each on as many sheets as its lines need. */
export function renderVouchers(vouchers: readonly PrintVoucher[], options: VoucherPrintOptions): RenderedPrint {
  const perSheet = Math.max(1, options.linesPerSheet ?? 6);
  // 凭证纸 140 mm and an A4 half (148.5 mm) hold the same form; rows are a little taller on A4.
  const rowHeight = options.paper === 'a4' ? 10.2 : 9.6;
  const blocks: string[] = [];
  let rows = 0;
  for (const v of vouchers) {
    const parts: PrintVoucherLine[][] = [];
    for (let i = 0; i < Math.max(1, v.lines.length); i += perSheet) parts.push(v.lines.slice(i, i + perSheet));
    parts.forEach((part, i) => blocks.push(voucherSheet(v, options, part, i, parts.length, rowHeight, perSheet)));
    rows += v.lines.length;
  }
  let sheets: string[];
  if (options.paper === 'a4') {
    sheets = [];
    for (let i = 0; i < blocks.length; i += 2) {
      const pair = blocks.slice(i, i + 2).map((b) => `<div class="half">${b}</div>`);
      sheets.push(`<div class="sheet a4pair">${pair.join('')}</div>`);
    }
  } else {
    sheets = blocks.map((b) => `<div class="sheet">${b}</div>`);
  }
  const title = vouchers.length === 1 ? `记账凭证 ${vouchers[0]!.label}` : `记账凭证 ${vouchers[0]?.label ?? ''}—${vouchers[vouchers.length - 1]?.label ?? ''}（${vouchers.length} 张）`;
  const paper = options.paper === 'a4' ? PAPER.a4Portrait : PAPER.voucher;
  return { title, html: printDocument({ title, paper, css, sheets }), pages: sheets.length, rows };
}
