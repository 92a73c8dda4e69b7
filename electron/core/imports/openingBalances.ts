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
 * Nothing else can be written in months before the start (ledger/periods.ts): every voucher
 * there is part of the opening. A new import makes the opening equal to the new file by posting
 * the difference (posted vouchers are never changed), but only while no period has been closed.
 */

type AnyDB = ReadableDB | WritableDB;
type Period = { year: number; month: number };

/** 年初余额 lie in December of the year before the start; 启用前本年累计 in the month before it. */
export function openingPeriods(book: Book): { yearOpening: Period; ytd: Period | null } {
  return {
    yearOpening: { year: book.startYear - 1, month: 12 },
    ytd: book.startMonth > 1 ? { year: book.startYear, month: book.startMonth - 1 } : null,
  };
}

const startKey = (book: Book) => book.startYear * 12 + book.startMonth;

function closedSinceStart(db: AnyDB, book: Book): Period | undefined {
  return db.get<Period>(sql`
    SELECT year, month FROM period WHERE book_id = ${book.id} AND status = 'closed' AND year * 12 + month >= ${startKey(book)}
    ORDER BY year, month LIMIT 1`);
}

interface Recorded {
  accountCode: string;
  name: string;
  track: string;
  dims: Dimensions;
  debit: number;
  credit: number;
}

/** What the vouchers of one month before the start hold, per account and dimension combination. */
function recorded(db: AnyDB, bookId: string, period: Period | null): Map<string, Recorded> {
  const out = new Map<string, Recorded>();
  if (!period) return out;
  const rows = db.all<{ account_code: string; name: string; track: string; debit: number; credit: number } & Record<(typeof DIMENSION_KEYS)[number], string | null>>(sql`
    SELECT l.account_code, a.name, l.track, sum(l.debit) AS debit, sum(l.credit) AS credit,
           l.func, l.econ_dep, l.econ_gov, l.project, l.fund, l.counterparty, l.dept
    FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id JOIN account a ON a.book_id = l.book_id AND a.code = l.account_code
    WHERE v.book_id = ${bookId} AND v.year = ${period.year} AND v.month = ${period.month} AND v.status = 'posted'
    GROUP BY l.account_code, l.func, l.econ_dep, l.econ_gov, l.project, l.fund, l.counterparty, l.dept`);
  for (const r of rows) {
    const dims: Dimensions = {};
    for (const k of DIMENSION_KEYS) if (r[k]) dims[k] = r[k]!;
    out.set(`${r.account_code}|${dimsKey(dims)}`, { accountCode: r.account_code, name: r.name, track: r.track, dims, debit: r.debit, credit: r.credit });
  }
  return out;
}

/** Whether the book already holds an opening (any voucher before its start). */
function hasOpening(db: AnyDB, book: Book): boolean {
  return !!db.get(sql`SELECT 1 FROM voucher WHERE book_id = ${book.id} AND year * 12 + month < ${startKey(book)} LIMIT 1`);
}

/** Same arithmetic as posting (ledger/vouchers.ts addMovements), so the audit's recount agrees. */
function addMovements(db: WritableDB, voucherId: string): void {
  db.run(sql`
    INSERT INTO period_movement (book_id, account_code, year, month, debit, credit)
    SELECT l.book_id, l.account_code, v.year, v.month, sum(l.debit), sum(l.credit)
    FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
    WHERE l.voucher_id = ${voucherId}
    GROUP BY l.book_id, l.account_code, v.year, v.month
    ON CONFLICT (book_id, account_code, year, month)
    DO UPDATE SET debit = debit + excluded.debit, credit = credit + excluded.credit`);
}

interface PostingLine {
  summary: string;
  accountCode: string;
  track: string;
  debit: number;
  credit: number;
  dims: Dimensions;
}

/**
 * One posted voucher in a month before the start. A 红字 line (a correction that lowers an
 * amount) makes it a 红字 voucher, as a 红字冲销 is, so it is judged by the same rules everywhere.
 */
function writePostedVoucher(db: WritableDB, book: Book, user: User, period: Period, lines: PostingLine[], stamp: string): string {
  // The month exists for the voucher's sake only; being before the start, nothing else can be
  // written there (ledger/periods.ts requireOpenPeriod). It is not closed: sync judges vouchers
  // of closed months, and a correction must still reach the county.
  db.run(sql`INSERT INTO period (book_id, year, month, status) VALUES (${book.id}, ${period.year}, ${period.month}, 'open')
             ON CONFLICT (book_id, year, month) DO NOTHING`);
  const id = uuidv7();
  const word = book.voucherWords === 'single' ? '记' : '转';
  const next = db.get<{ n: number | null }>(sql`SELECT max(number) AS n FROM voucher WHERE book_id = ${book.id} AND year = ${period.year} AND month = ${period.month} AND word = ${word}`)?.n ?? 0;
  const date = new Date(Date.UTC(period.year, period.month, 0)).toISOString().slice(0, 10);
  const kind = lines.some((l) => l.debit < 0 || l.credit < 0) ? 'reversal' : 'normal';
  db.run(sql`
    INSERT INTO voucher (id, book_id, year, month, word, number, date, attachments, status, kind, reverses_id,
                         parallel_reason, prepared_by, posted_by, posted_at, created_at, updated_at)
    VALUES (${id}, ${book.id}, ${period.year}, ${period.month}, ${word}, ${next + 1}, ${date}, 0, 'posted', ${kind}, NULL,
            NULL, ${user.id}, ${user.id}, ${stamp}, ${stamp}, ${stamp})`);
  lines.forEach((l, i) => {
    const d = DIMENSION_KEYS.map((k) => l.dims[k] ?? null);
    db.run(sql`
      INSERT INTO voucher_line (voucher_id, line_no, book_id, summary, account_code, track, debit, credit,
                                func, econ_dep, econ_gov, project, fund, counterparty, dept)
      VALUES (${id}, ${i + 1}, ${book.id}, ${l.summary}, ${l.accountCode}, ${l.track}, ${l.debit}, ${l.credit},
              ${d[0]!}, ${d[1]!}, ${d[2]!}, ${d[3]!}, ${d[4]!}, ${d[5]!}, ${d[6]!})`);
  });
  addMovements(db, id);
  return id;
}

/**
 * What must be posted so the months before the start hold the file: the difference between the
 * file and what they hold already (all of it the first time). Posted vouchers are never changed
 * or deleted — a re-import adds a correcting voucher — so the county accepts it like any other.
 */
function differenceLines(book: Book, lines: readonly OpeningLine[], db: AnyDB): { yearOpening: PostingLine[]; ytd: PostingLine[] } {
  const periods = openingPeriods(book);
  const again = hasOpening(db, book);
  const summaryYear = again ? '年初余额（重新导入更正）' : '年初余额';
  const summaryYtd = again ? '启用前本年累计发生额（重新导入更正）' : '启用前本年累计发生额';
  const wantYear = new Map<string, { line: OpeningLine; net: number }>();
  const wantYtd = new Map<string, OpeningLine>();
  for (const l of lines) {
    const key = `${l.accountCode}|${dimsKey(l.dims)}`;
    wantYear.set(key, { line: l, net: l.openingNet - (l.ytdDebit - l.ytdCredit) });
    wantYtd.set(key, l);
  }
  const yearOpening: PostingLine[] = [];
  const haveYear = recorded(db, book.id, periods.yearOpening);
  for (const key of [...new Set([...wantYear.keys(), ...haveYear.keys()])].sort()) {
    const want = wantYear.get(key);
    const have = haveYear.get(key);
    const diff = (want?.net ?? 0) - (have ? have.debit - have.credit : 0);
    if (diff === 0) continue;
    const base = want?.line ?? have!;
    yearOpening.push({ summary: summaryYear, accountCode: base.accountCode, track: base.track, dims: base.dims, debit: Math.max(diff, 0), credit: Math.max(-diff, 0) });
  }
  const ytd: PostingLine[] = [];
  const haveYtd = recorded(db, book.id, periods.ytd);
  for (const key of [...new Set([...wantYtd.keys(), ...haveYtd.keys()])].sort()) {
    const want = wantYtd.get(key);
    const have = haveYtd.get(key);
    const base = want ?? have!;
    const debit = (want?.ytdDebit ?? 0) - (have?.debit ?? 0);
    const credit = (want?.ytdCredit ?? 0) - (have?.credit ?? 0);
    if (debit !== 0) ytd.push({ summary: summaryYtd, accountCode: base.accountCode, track: base.track, dims: base.dims, debit, credit: 0 });
    if (credit !== 0) ytd.push({ summary: summaryYtd, accountCode: base.accountCode, track: base.track, dims: base.dims, debit: 0, credit });
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
  const warnings = hasOpening(db, book) ? [{ row: null, message: '本账套已有期初余额：确认导入后期初余额以本文件为准（差额记一张更正凭证，原凭证不改动）' }] : [];
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
      const periods = openingPeriods(book);
      const { yearOpening, ytd } = differenceLines(book, result.lines, tx);
      if (yearOpening.length > 0) writePostedVoucher(tx, book, p.user, periods.yearOpening, yearOpening, stamp);
      if (ytd.length > 0 && periods.ytd) writePostedVoucher(tx, book, p.user, periods.ytd, ytd, stamp);
      return result.lines.length;
    },
  };
};

/** The recorded opening, back in the import layout: 期初 = 年初 + 启用前本年累计. */
export async function exportOpeningBalances(db: ReadableDB, book: Book, dataDir: string): Promise<ImportFile> {
  const periods = openingPeriods(book);
  const byKey = new Map<string, { code: string; name: string; dims: Dimensions; net: number; ytdDebit: number; ytdCredit: number }>();
  const entry = (r: Recorded) => {
    const key = `${r.accountCode}|${dimsKey(r.dims)}`;
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { code: r.accountCode, name: r.name, dims: r.dims, net: 0, ytdDebit: 0, ytdCredit: 0 }));
    return e;
  };
  for (const r of recorded(db, book.id, periods.yearOpening).values()) entry(r).net += r.debit - r.credit;
  for (const r of recorded(db, book.id, periods.ytd).values()) {
    const e = entry(r);
    e.net += r.debit - r.credit;
    e.ytdDebit += r.debit;
    e.ytdCredit += r.credit;
  }
  const rows: RowValues[] = [...byKey.values()]
    .filter((e) => e.net !== 0 || e.ytdDebit !== 0 || e.ytdCredit !== 0)
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
  const bytes = await writeLayoutRows(IMPORT_LAYOUTS.openingBalances, rows, [`编制单位：${book.name}`, `启用期间：${start}`, '单位：元', byKey.size > 0 ? '' : '本账套尚未导入期初余额。']);
  return deliver(dataDir, `期初余额_${book.name}_${start}`, bytes, rows.length);
}
