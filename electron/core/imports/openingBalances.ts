import type { ImportFile } from '../../../shared/api/importCommands';
import type { Book, User } from '../../../shared/api/types';
import { uuidv7 } from '../../../shared/domain/id';
import { formatFen } from '../../../shared/domain/money';
import { formatPeriod } from '../../../shared/domain/period';
import { IMPORT_LAYOUTS } from '../../../shared/domain/imports/layouts';
import { dimsKey, validateOpeningRows, type OpeningLine } from '../../../shared/domain/imports/openingBalances';
import type { Dimensions } from '../../../shared/domain/ledger/types';
import { DIMENSION_KEYS, TRACK_LABELS } from '../../../shared/domain/ledger/types';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { loadLedgerChart } from '../ledger/chart';
import type { Planner } from './plan';
import { classificationSets } from './views';
import { deliver, writeLayoutRows, yuan, type RowValues } from './workbook';

/**
 * 期初余额 are kept as posted vouchers in the months just before the book's start, so every
 * book, statement, 辅助余额表 and the audit of period movements sees them without a special case:
 * - 年初余额 in December of the year before the start (the year's opening for 总账 and 本年累计);
 * - for a mid-year start, the year's movements before the start in the month before it.
 * Those months are recorded as closed periods before the start, so nothing else can be written
 * there. Which vouchers they are is a book setting; a new import replaces them, but only while
 * no period of the book has been closed.
 */

export const OPENING_SETTING = 'opening.vouchers';

interface OpeningRecord {
  yearOpening: string | null;
  ytd: string | null;
  importedAt: string;
  by: string;
}

type AnyDB = ReadableDB | WritableDB;

export function openingRecord(db: AnyDB, bookId: string): OpeningRecord | null {
  const row = db.get<{ value: string }>(sql`SELECT value FROM book_setting WHERE book_id = ${bookId} AND key = ${OPENING_SETTING}`);
  return row ? (JSON.parse(row.value) as OpeningRecord) : null;
}

function closedSinceStart(db: AnyDB, book: Book): { year: number; month: number } | undefined {
  return db.get<{ year: number; month: number }>(sql`
    SELECT year, month FROM period WHERE book_id = ${book.id} AND status = 'closed' AND year * 12 + month >= ${book.startYear * 12 + book.startMonth}
    ORDER BY year, month LIMIT 1`);
}

/** Same arithmetic as posting (ledger/vouchers.ts addMovements), so the audit's recount agrees. */
function moveBy(db: WritableDB, voucherId: string, sign: 1 | -1): void {
  db.run(sql`
    INSERT INTO period_movement (book_id, account_code, year, month, debit, credit)
    SELECT l.book_id, l.account_code, v.year, v.month, ${sign} * sum(l.debit), ${sign} * sum(l.credit)
    FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
    WHERE l.voucher_id = ${voucherId}
    GROUP BY l.book_id, l.account_code, v.year, v.month
    ON CONFLICT (book_id, account_code, year, month)
    DO UPDATE SET debit = debit + excluded.debit, credit = credit + excluded.credit`);
}

function removeOpening(db: WritableDB, bookId: string, record: OpeningRecord): void {
  for (const id of [record.yearOpening, record.ytd]) {
    if (!id) continue;
    if (!db.get(sql`SELECT 1 FROM voucher WHERE id = ${id} AND book_id = ${bookId}`)) continue;
    moveBy(db, id, -1);
    db.run(sql`DELETE FROM period_movement WHERE book_id = ${bookId} AND debit = 0 AND credit = 0
               AND (year, month) IN (SELECT year, month FROM voucher WHERE id = ${id})`);
    db.run(sql`DELETE FROM voucher_line WHERE voucher_id = ${id}`);
    db.run(sql`DELETE FROM voucher WHERE id = ${id}`);
  }
}

interface PostingLine {
  summary: string;
  accountCode: string;
  track: string;
  debit: number;
  credit: number;
  dims: Dimensions;
}

function writePostedVoucher(db: WritableDB, book: Book, user: User, period: { year: number; month: number }, lines: PostingLine[], stamp: string): string {
  // A closed month before the start, closed (again) now with its event, as every closed month is.
  const existing = db.get<{ status: string }>(sql`SELECT status FROM period WHERE book_id = ${book.id} AND year = ${period.year} AND month = ${period.month}`);
  if (!existing) {
    db.run(sql`INSERT INTO period (book_id, year, month, status, closed_at, closed_by) VALUES (${book.id}, ${period.year}, ${period.month}, 'closed', ${stamp}, ${user.id})`);
  } else {
    db.run(sql`UPDATE period SET status = 'closed', closed_at = ${stamp}, closed_by = ${user.id} WHERE book_id = ${book.id} AND year = ${period.year} AND month = ${period.month}`);
  }
  db.run(sql`INSERT INTO period_event (id, book_id, year, month, action, reason, user_id, at)
             VALUES (${uuidv7()}, ${book.id}, ${period.year}, ${period.month}, 'close', '期初余额（账套启用前的期间）', ${user.id}, ${stamp})`);
  const id = uuidv7();
  const word = book.voucherWords === 'single' ? '记' : '转';
  const next = db.get<{ n: number | null }>(sql`SELECT max(number) AS n FROM voucher WHERE book_id = ${book.id} AND year = ${period.year} AND month = ${period.month} AND word = ${word}`)?.n ?? 0;
  const date = new Date(Date.UTC(period.year, period.month, 0)).toISOString().slice(0, 10);
  db.run(sql`
    INSERT INTO voucher (id, book_id, year, month, word, number, date, attachments, status, kind, reverses_id,
                         parallel_reason, prepared_by, posted_by, posted_at, created_at, updated_at)
    VALUES (${id}, ${book.id}, ${period.year}, ${period.month}, ${word}, ${next + 1}, ${date}, 0, 'posted', 'normal', NULL,
            NULL, ${user.id}, ${user.id}, ${stamp}, ${stamp}, ${stamp})`);
  lines.forEach((l, i) => {
    const d = DIMENSION_KEYS.map((k) => l.dims[k] ?? null);
    db.run(sql`
      INSERT INTO voucher_line (voucher_id, line_no, book_id, summary, account_code, track, debit, credit,
                                func, econ_dep, econ_gov, project, fund, counterparty, dept)
      VALUES (${id}, ${i + 1}, ${book.id}, ${l.summary}, ${l.accountCode}, ${l.track}, ${l.debit}, ${l.credit},
              ${d[0]!}, ${d[1]!}, ${d[2]!}, ${d[3]!}, ${d[4]!}, ${d[5]!}, ${d[6]!})`);
  });
  moveBy(db, id, 1);
  return id;
}

function openingVoucherLines(lines: readonly OpeningLine[]): { yearOpening: PostingLine[]; ytd: PostingLine[] } {
  const yearOpening: PostingLine[] = [];
  const ytd: PostingLine[] = [];
  for (const l of lines) {
    const net = l.openingNet - (l.ytdDebit - l.ytdCredit);
    if (net !== 0) yearOpening.push({ summary: '年初余额', accountCode: l.accountCode, track: l.track, dims: l.dims, debit: Math.max(net, 0), credit: Math.max(-net, 0) });
    if (l.ytdDebit !== 0) ytd.push({ summary: '启用前本年累计发生额', accountCode: l.accountCode, track: l.track, dims: l.dims, debit: l.ytdDebit, credit: 0 });
    if (l.ytdCredit !== 0) ytd.push({ summary: '启用前本年累计发生额', accountCode: l.accountCode, track: l.track, dims: l.dims, debit: 0, credit: l.ytdCredit });
  }
  return { yearOpening, ytd };
}

export const planOpeningBalances: Planner<'openingBalances'> = (db, p) => {
  const { book } = p;
  const result = validateOpeningRows(p.rows, {
    chart: loadLedgerChart(db, book.id),
    classificationCodes: classificationSets(db, book.id),
    start: { year: book.startYear, month: book.startMonth },
  });
  const problems = [...result.problems];
  const closed = closedSinceStart(db, book);
  if (closed) {
    problems.unshift({ row: null, message: `${formatPeriod(closed)}已结账，期初余额不能再更改。如确需更改，请主管反结账到启用期间${formatPeriod({ year: book.startYear, month: book.startMonth })}后再导入` });
  }
  const previous = openingRecord(db, book.id);
  const warnings = previous ? [{ row: null, message: `本账套已有期初余额（${previous.importedAt.slice(0, 10)} 导入），确认导入将整体替换` }] : [];
  const summary = [
    `${result.lines.length} 个科目（含辅助核算组合）的期初余额，启用期间 ${formatPeriod({ year: book.startYear, month: book.startMonth })}`,
    ...(['financial', 'budget'] as const).map((t) => `${TRACK_LABELS[t]}：期初借方 ${formatFen(result.totals[t].openingDebit)}，贷方 ${formatFen(result.totals[t].openingCredit)}${book.startMonth > 1 ? `；本年累计借方 ${formatFen(result.totals[t].ytdDebit)}，贷方 ${formatFen(result.totals[t].ytdCredit)}` : ''}`),
  ];
  return {
    problems,
    warnings,
    summary,
    needsReason: false,
    apply(tx) {
      const stamp = p.now.toISOString();
      const before = openingRecord(tx, book.id);
      if (before) removeOpening(tx, book.id, before);
      const { yearOpening, ytd } = openingVoucherLines(result.lines);
      const record: OpeningRecord = {
        yearOpening: yearOpening.length > 0 ? writePostedVoucher(tx, book, p.user, { year: book.startYear - 1, month: 12 }, yearOpening, stamp) : null,
        ytd: ytd.length > 0 ? writePostedVoucher(tx, book, p.user, { year: book.startYear, month: book.startMonth - 1 }, ytd, stamp) : null,
        importedAt: stamp,
        by: p.user.id,
      };
      tx.run(sql`INSERT INTO book_setting (book_id, key, value) VALUES (${book.id}, ${OPENING_SETTING}, ${JSON.stringify(record)})
                 ON CONFLICT (book_id, key) DO UPDATE SET value = excluded.value`);
      return result.lines.length;
    },
  };
};

/** The recorded opening, back in the import layout: 期初 = 年初 + 启用前本年累计. */
export async function exportOpeningBalances(db: ReadableDB, book: Book, dataDir: string): Promise<ImportFile> {
  const record = openingRecord(db, book.id);
  const ids = [record?.yearOpening, record?.ytd].filter((x): x is string => !!x);
  const lines = ids.length === 0 ? [] : db.all<{ voucher_id: string; account_code: string; name: string; debit: number; credit: number } & Record<(typeof DIMENSION_KEYS)[number], string | null>>(sql`
    SELECT l.voucher_id, l.account_code, a.name, l.debit, l.credit, l.func, l.econ_dep, l.econ_gov, l.project, l.fund, l.counterparty, l.dept
    FROM voucher_line l JOIN account a ON a.book_id = l.book_id AND a.code = l.account_code
    WHERE l.voucher_id IN (${ids[0]!}, ${ids[1] ?? ids[0]!}) ORDER BY l.account_code, l.line_no`);
  const byKey = new Map<string, { code: string; name: string; dims: Dimensions; net: number; ytdDebit: number; ytdCredit: number }>();
  for (const l of lines) {
    const dims: Dimensions = {};
    for (const k of DIMENSION_KEYS) if (l[k]) dims[k] = l[k]!;
    const key = `${l.account_code}|${dimsKey(dims)}`;
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { code: l.account_code, name: l.name, dims, net: 0, ytdDebit: 0, ytdCredit: 0 }));
    entry.net += l.debit - l.credit;
    if (l.voucher_id === record?.ytd) {
      entry.ytdDebit += l.debit;
      entry.ytdCredit += l.credit;
    }
  }
  const rows: RowValues[] = [...byKey.values()]
    .sort((a, b) => a.code.localeCompare(b.code) || dimsKey(a.dims).localeCompare(dimsKey(b.dims)))
    .map((e) => ({
      account: e.code,
      accountName: e.name,
      ...e.dims,
      openingDebit: e.net > 0 ? yuan(e.net) : null,
      openingCredit: e.net < 0 ? yuan(-e.net) : null,
      ytdDebit: yuan(e.ytdDebit),
      ytdCredit: yuan(e.ytdCredit),
    }));
  const start = formatPeriod({ year: book.startYear, month: book.startMonth });
  const bytes = await writeLayoutRows(IMPORT_LAYOUTS.openingBalances, rows, [`编制单位：${book.name}`, `启用期间：${start}`, '单位：元', record ? '' : '本账套尚未导入期初余额。']);
  return deliver(dataDir, `期初余额_${book.name}_${start}`, bytes, rows.length);
}
