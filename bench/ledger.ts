// Ledger figures over the generated 1M-line township book (bench/ledger-book.ts), all through
// core.invoke on a working copy of the cached book (synchronous=FULL, as the app opens it):
//   1. one voucher: voucher.save, voucher.review (by the other user), voucher.post;
//   2. 科目余额表 (ledger.trialBalance) for months across the ten years;
//   3. 明细账 (ledger.detail), a 200-row page in the middle of a busy account's late year;
//   4. the same book as an hledger journal: `hledger balance` timed side by side, and the
//      closing balances compared account by account in fen.
// Usage: npm run bench -- ledger [saves=200] [--no-hledger] [--explain] [--without-004] [--only=save,tb,detail,hledger]
//   --without-004: the registered migrations minus 004-ledger-indexes, to see what the indexes change.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createWriteStream, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { openCore } from '../electron/core/index';
import { databaseFileName } from '../electron/core/paths';
import type { CommandInput, CommandName, CommandOutput } from '../shared/api/commands';
import type { TrialBalance } from '../shared/api/types';
import { caller } from '../test/helpers/core';
import { tempDir } from '../test/helpers/tmp';
import { cachedBook, copyBookTo, DEFAULT_TOWNSHIP, schemaFromArgs, USERS } from './ledger-book';
import { townshipVouchers } from './ledger-township';
import { median, percentile } from './stats';

const args = process.argv.slice(2);
const saves = Number(args.find((a) => /^\d+$/.test(a)) ?? 200);
const withHledger = !args.includes('--no-hledger');
const explain = args.includes('--explain');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const section = (name: string) => !only || only.includes(name);

const ms = (n: number) => `${n.toFixed(2)} ms`;
const mark = (ok: boolean) => (ok ? 'OK' : 'MISSED');
const elapsed = (start: number) => performance.now() - start;

const schema = schemaFromArgs(args);
const { dir: cacheDir, meta, built } = await cachedBook(DEFAULT_TOWNSHIP, schema.migrations, (line) => console.log(line));
const work = tempDir('xiangcai-bench-ledger-');
copyBookTo(cacheDir, work.path);
const core = openCore({ dataDir: work.path, mode: 'browser', appVersion: 'bench', log: (m, e) => console.error(m, e), database: { migrations: schema.migrations } });
const bookId = meta.bookId;
const anon = caller(core);
const wang = await anon.ok('auth.login', USERS.accountant);
const li = await anon.ok('auth.login', USERS.reviewer);
const accountant = caller(core, wang.token);
const reviewer = caller(core, li.token);
const { startYear, years } = meta.township;
const lastYear = startYear + years - 1;

console.log(`ledger bench (${cpus().length} cores, Node ${process.version}, SQLite ${(await anon.ok('app.info', {})).sqliteVersion}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}), ${schema.label}`);
console.log(
  `book: ${meta.vouchers.toLocaleString('en')} posted vouchers, ${meta.lines.toLocaleString('en')} lines, ${startYear}–${lastYear}, ` +
    `${(statSync(join(work.path, databaseFileName)).size / 1024 / 1024).toFixed(0)} MiB${built ? ' (just generated)' : ' (cached)'}`,
);

/**
 * CPU time of this process in the timed calls (SQLite runs in-process and synchronously):
 * less sensitive than wall time to other work on the machine, so both are printed.
 */
const cpuSamples = new Map<string, number[]>();
const cpuOf = (key: string) => cpuSamples.get(key) ?? [];

/** Times one command (wall ms; CPU ms kept under `cpuKey`); a failure stops the bench (the dispatcher never throws, so check). */
async function timed<K extends CommandName>(who: ReturnType<typeof caller>, name: K, input: CommandInput<K>, cpuKey?: string): Promise<[CommandOutput<K>, number]> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await who.call(name, input);
  const took = elapsed(start);
  const used = process.cpuUsage(cpu);
  if (cpuKey) cpuSamples.set(cpuKey, [...cpuOf(cpuKey), (used.user + used.system) / 1000]);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return [result.value, took];
}

// ---- independent check of the imported book: trial balance = generator's own sums ----

function checkTrialBalance(tb: TrialBalance, expected: Record<string, number> | undefined, label: string): void {
  const problems: string[] = [];
  for (const track of ['financial', 'budget'] as const) {
    const t = tb.totals[track];
    if (t.closingDebit !== t.closingCredit || t.periodDebit !== t.periodCredit || t.openingDebit !== t.openingCredit) problems.push(`${track} totals unbalanced`);
  }
  if (expected) {
    const leaves = new Map(tb.rows.filter((r) => r.isLeaf).map((r) => [r.code, r.closingDebit - r.closingCredit]));
    for (const [code, net] of Object.entries(expected)) if (leaves.get(code) !== net) problems.push(`${code}: ${leaves.get(code)} ≠ ${net}`);
    for (const [code, net] of leaves) if (net !== 0 && expected[code] === undefined) problems.push(`${code}: unexpected ${net}`);
  }
  if (problems.length > 0) throw new Error(`科目余额表 ${label} does not match the generated postings: ${problems.slice(0, 5).join('; ')}`);
}

// ---- 1. one voucher saved, reviewed, posted ----

async function saveAndPost(): Promise<void> {
  // Fresh vouchers of the same kinds (other seed), dated in the book's last year.
  const source = townshipVouchers({ ...DEFAULT_TOWNSHIP, seed: DEFAULT_TOWNSHIP.seed + 1, startYear: lastYear, years: 1, vouchersPerYear: 20_000 });
  const warmUp = 20;
  const steps = { save: [] as number[], review: [] as number[], post: [] as number[], total: [] as number[] };
  for (let i = 0; i < warmUp + saves; i++) {
    const v = source.next().value!;
    const input = { bookId, id: v.id, word: '记' as const, date: v.date, attachments: v.attachments, lines: v.lines };
    const cpu = process.cpuUsage();
    const [saved, save] = await timed(accountant, 'voucher.save', input);
    const [reviewed, review] = await timed(reviewer, 'voucher.review', { bookId, ids: [saved.voucher.id] });
    const [posted, post] = await timed(accountant, 'voucher.post', { bookId, ids: [saved.voucher.id] });
    const used = process.cpuUsage(cpu);
    if (i >= warmUp) cpuSamples.set('save', [...cpuOf('save'), (used.user + used.system) / 1000]);
    if (reviewed.done.length !== 1 || posted.done.length !== 1) throw new Error(`voucher ${saved.voucher.label} not posted: ${JSON.stringify([reviewed.failed, posted.failed])}`);
    if (i < warmUp) continue;
    steps.save.push(save);
    steps.review.push(review);
    steps.post.push(post);
    steps.total.push(save + review + post);
  }
  const line = (label: string, s: number[], target = '') =>
    console.log(`  ${label.padEnd(24)} median ${ms(median(s)).padStart(9)}  p90 ${ms(percentile(s, 90)).padStart(9)}  max ${ms(Math.max(...s)).padStart(9)}${target}`);
  console.log(`\n1. one voucher (5 lines) through core.invoke, synchronous=FULL, ${saves} vouchers after ${warmUp} warm-up`);
  line('save + review + post', steps.total, `   target: median < 10 ms  ${mark(median(steps.total) < 10)}   (CPU median ${ms(median(cpuOf('save')))}; the rest is mostly fsync)`);
  line('voucher.save', steps.save);
  line('voucher.review (李所长)', steps.review);
  line('voucher.post', steps.post);
}

// ---- 2. 科目余额表 ----

const tbMonths = ([
  [startYear, 1], [startYear + 1, 6], [startYear + 2, 12], [startYear + 4, 3],
  [startYear + 5, 9], [startYear + 7, 5], [startYear + 8, 11], [lastYear, 12],
] as const satisfies readonly (readonly [number, number])[]).filter(([y]) => y <= lastYear);

async function trialBalances(): Promise<number> {
  const repeats = 7;
  const all: number[] = [];
  const first: number[] = [];
  console.log(`\n2. 科目余额表 (ledger.trialBalance) over the ${meta.lines.toLocaleString('en')}-line book, ${tbMonths.length} months × ${repeats} calls`);
  for (const [year, month] of tbMonths) {
    const samples: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const [tb, took] = await timed(accountant, 'ledger.trialBalance', { bookId, year, month }, 'tb');
      if (i === 0) {
        first.push(took);
        // The save bench above adds vouchers in the last year: check the months before it only.
        const key = `${year}-${String(month).padStart(2, '0')}`;
        checkTrialBalance(tb, year < lastYear ? meta.monthEndNet[key] : undefined, key);
      }
      samples.push(took);
    }
    all.push(...samples);
    console.log(`  ${year}-${String(month).padStart(2, '0')}  median ${ms(median(samples)).padStart(9)}  max ${ms(Math.max(...samples)).padStart(9)}`);
  }
  const m = median(all);
  console.log(`  all months: median ${ms(m)}  max ${ms(Math.max(...all))} (first call per month: max ${ms(Math.max(...first))})   target: < 100 ms  ${mark(Math.max(...all) < 100)}   CPU median ${ms(median(cpuOf('tb')))}`);
  return m;
}

// ---- 3. 明细账 ----

/** The page's last running balance, recomputed from raw lines: everything before the period plus the first offset + 200 lines. */
function checkDetailPage(code: string, year: number, fromMonth: number, toMonth: number, offset: number, balance: number, side: 'debit' | 'credit'): void {
  const raw = new Database(join(work.path, databaseFileName), { readonly: true });
  const before = raw
    .prepare(`SELECT coalesce(sum(l.debit - l.credit), 0) AS n FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
              WHERE v.book_id = ? AND v.status = 'posted' AND substr(l.account_code, 1, ?) = ? AND (v.year < ? OR (v.year = ? AND v.month < ?))`)
    .get(bookId, code.length, code, year, year, fromMonth) as { n: number };
  const upTo = raw
    .prepare(`SELECT coalesce(sum(d), 0) AS n FROM (
                SELECT l.debit - l.credit AS d FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
                WHERE v.book_id = ? AND v.status = 'posted' AND substr(l.account_code, 1, ?) = ? AND v.year = ? AND v.month BETWEEN ? AND ?
                ORDER BY v.date, v.word, v.number, l.line_no LIMIT ?)`)
    .get(bookId, code.length, code, year, fromMonth, toMonth, offset + 200) as { n: number };
  raw.close();
  const expected = (side === 'debit' ? 1 : -1) * (before.n + upTo.n);
  if (balance !== expected) throw new Error(`明细账 ${code} balance ${balance} ≠ recomputed ${expected}`);
}

async function details(): Promise<void> {
  const year = lastYear - 1;
  const repeats = 7;
  console.log(`\n3. 明细账 (ledger.detail), 200-row page at the middle offset, year ${year}, ${repeats} calls each`);
  const all: number[] = [];
  for (const accountCode of ['1011', '5001']) {
    for (const [fromMonth, toMonth] of [[1, 12], [12, 12]] as const) {
      const [probe] = await timed(accountant, 'ledger.detail', { bookId, accountCode, year, fromMonth, toMonth, offset: 0, limit: 1 });
      const offset = Math.floor(probe.total / 2);
      const samples: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const [page, took] = await timed(accountant, 'ledger.detail', { bookId, accountCode, year, fromMonth, toMonth, offset, limit: 200 }, `detail ${accountCode} ${fromMonth}`);
        if (page.rows.length !== Math.min(200, probe.total - offset)) throw new Error(`detail page has ${page.rows.length} rows`);
        if (i === 0) checkDetailPage(accountCode, year, fromMonth, toMonth, offset, page.rows.at(-1)!.balance, page.normalBalance);
        samples.push(took);
      }
      all.push(...samples);
      console.log(
        `  ${accountCode} months ${fromMonth}–${toMonth}: ${probe.total.toLocaleString('en')} lines, offset ${offset.toLocaleString('en')}  ` +
          `median ${ms(median(samples)).padStart(9)}  max ${ms(Math.max(...samples)).padStart(9)}  CPU median ${ms(median(cpuOf(`detail ${accountCode} ${fromMonth}`)))}`,
      );
    }
  }
  console.log(`  all pages: median ${ms(median(all))}  max ${ms(Math.max(...all))}   target: < 50 ms  ${mark(Math.max(...all) < 50)}`);
  // Not part of the target: the last page of the busiest account's year, the worst case for an ordered scan.
  const [probe] = await timed(accountant, 'ledger.detail', { bookId, accountCode: '5001', year, fromMonth: 1, toMonth: 12, offset: 0, limit: 1 });
  const last: number[] = [];
  for (let i = 0; i < repeats; i++) last.push((await timed(accountant, 'ledger.detail', { bookId, accountCode: '5001', year, fromMonth: 1, toMonth: 12, offset: probe.total - 200, limit: 200 }))[1]);
  console.log(`  (for information) 5001 months 1–12, last page: median ${ms(median(last))}  max ${ms(Math.max(...last))}`);
}

// ---- 4. hledger side by side ----

/** Fen → "1234.56" / "-0.05": integer arithmetic only. */
function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "1234.56", "-1,234.5", "0" → fen, or null: parsed as text, never as a float. */
function fenOf(text: string): number | null {
  const m = /^(-)?([\d,]+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const fen = Number(m[2]!.replaceAll(',', '')) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  return m[1] && fen !== 0 ? -fen : fen;
}

function hledgerAccount(code: string, track: string): string {
  const parts = [];
  for (let len = 4; len <= code.length; len += 2) parts.push(code.slice(0, len));
  return `${track === 'financial' ? 'F' : 'B'}:${parts.join(':')}`;
}

/** Writes the posted vouchers up to `toDate` as a journal: one transaction per voucher and track, so hledger checks each track's balance. */
async function exportJournal(file: string, toDate: string): Promise<{ transactions: number; postings: number }> {
  const raw = new Database(join(work.path, databaseFileName), { readonly: true });
  const rows = raw
    .prepare(
      `SELECT v.id, v.date, v.word, v.number, l.track, l.account_code, l.summary, l.debit, l.credit
       FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
       WHERE v.book_id = ? AND v.status = 'posted' AND v.date <= ?
       ORDER BY v.date, v.year, v.month, v.word, v.number, l.track, l.line_no`,
    )
    .iterate(bookId, toDate) as IterableIterator<{ id: string; date: string; word: string; number: number; track: string; account_code: string; summary: string; debit: number; credit: number }>;
  const out = createWriteStream(file);
  let buffer = '';
  let key = '';
  let transactions = 0;
  let postings = 0;
  for (const r of rows) {
    const k = `${r.id}|${r.track}`;
    if (k !== key) {
      key = k;
      transactions++;
      buffer += `\n${r.date} (${r.word}-${String(r.number).padStart(4, '0')}) ${r.summary.replaceAll(';', '；')} | ${r.track === 'financial' ? '财务会计' : '预算会计'}\n`;
    }
    buffer += `    ${hledgerAccount(r.account_code, r.track)}  ${yuan(r.debit - r.credit)}\n`;
    postings++;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  raw.close();
  return { transactions, postings };
}

function runHledger(file: string, endExclusive: string): { seconds: number; balances: Map<string, number> } {
  const start = performance.now();
  const run = spawnSync('hledger', ['-f', file, 'balance', '--flat', '--no-total', '-e', endExclusive, '-O', 'csv'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = elapsed(start) / 1000;
  if (run.status !== 0) throw new Error(`hledger failed: ${run.stderr}`);
  const balances = new Map<string, number>();
  for (const line of run.stdout.trim().split('\n').slice(1)) {
    const [account, amount] = line.split('","').map((s) => s.replaceAll('"', ''));
    const fen = fenOf(amount ?? '');
    if (fen === null) throw new Error(`hledger amount not understood: ${line}`);
    balances.set(account!.split(':').at(-1)!, fen);
  }
  return { seconds, balances };
}

/** Every account hledger lists equals our closing net, and every non-zero leaf of ours is listed; first-level totals re-summed from hledger's leaves. */
function compare(tb: TrialBalance, hledger: Map<string, number>): { accounts: number; mismatches: string[] } {
  const ours = new Map(tb.rows.map((r) => [r.code, r.closingDebit - r.closingCredit]));
  const mismatches: string[] = [];
  for (const [code, fen] of hledger) if (ours.get(code) !== fen) mismatches.push(`${code}: ours ${ours.get(code)} hledger ${fen}`);
  for (const r of tb.rows) {
    const net = r.closingDebit - r.closingCredit;
    if (r.isLeaf && net !== 0 && !hledger.has(r.code)) mismatches.push(`${r.code}: ours ${net}, missing in hledger`);
  }
  const firstLevel = new Map<string, number>();
  for (const [code, fen] of hledger) if (tb.rows.find((r) => r.code === code)?.isLeaf) firstLevel.set(code.slice(0, 4), (firstLevel.get(code.slice(0, 4)) ?? 0) + fen);
  for (const [code, fen] of firstLevel) if (ours.get(code) !== fen) mismatches.push(`first level ${code}: ours ${ours.get(code)} hledger Σ ${fen}`);
  return { accounts: hledger.size, mismatches };
}

async function sideBySide(label: string, year: number, month: number): Promise<void> {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const toDate = `${year}-${String(month).padStart(2, '0')}-${last}`;
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  const file = join(work.path, `${label}.journal`);
  let start = performance.now();
  const { transactions, postings } = await exportJournal(file, toDate);
  const exportSeconds = elapsed(start) / 1000;
  const runs: number[] = [];
  let balances = new Map<string, number>();
  for (let i = 0; i < 3; i++) {
    const r = runHledger(file, next);
    runs.push(r.seconds);
    balances = r.balances;
    if (r.seconds > 60) break;
  }
  const ours: number[] = [];
  let tb: TrialBalance | null = null;
  for (let i = 0; i < 7; i++) {
    start = performance.now();
    [tb] = await timed(accountant, 'ledger.trialBalance', { bookId, year, month });
    ours.push(elapsed(start));
  }
  const oursMs = median(ours);
  const { accounts, mismatches } = compare(tb!, balances);
  const hMs = median(runs) * 1000;
  console.log(
    `  ${label}: journal to ${toDate}, ${transactions.toLocaleString('en')} transactions, ${postings.toLocaleString('en')} postings, ` +
      `${(statSync(file).size / 1024 / 1024).toFixed(0)} MiB, exported in ${exportSeconds.toFixed(1)} s`,
  );
  console.log(`    hledger balance: median ${(hMs / 1000).toFixed(2)} s of ${runs.length} (${runs.map((s) => s.toFixed(2)).join(', ')})`);
  console.log(`    ledger.trialBalance ${year}-${String(month).padStart(2, '0')}: median ${ms(median(ours))}   ratio hledger / ours ≈ ${Math.round(hMs / oursMs).toLocaleString('en')}×`);
  console.log(`    balances compared in fen: ${accounts} accounts from hledger, ${mismatches.length === 0 ? 'all equal' : `${mismatches.length} MISMATCHES: ${mismatches.slice(0, 5).join('; ')}`}`);
  if (mismatches.length > 0) process.exitCode = 1;
}

async function hledgerComparison(): Promise<void> {
  const version = spawnSync('hledger', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    console.log('\n4. hledger not available (apt-get install -y hledger): skipped');
    return;
  }
  console.log(`\n4. side by side with ${version.stdout.trim()}: closing balances per account at a month end`);
  // The whole book (with the vouchers the save bench added), then one year as the smaller slice.
  await sideBySide('whole book', lastYear, 12);
  if (years > 1) await sideBySide('first year only', startYear, 12);
}

async function explainPlans(): Promise<void> {
  const raw = new Database(join(work.path, databaseFileName), { readonly: true });
  const show = (label: string, text: string, params: unknown[]) => {
    console.log(`  ${label}:`);
    for (const row of raw.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]) console.log(`    ${row.detail}`);
  };
  console.log('\nquery plans (EXPLAIN QUERY PLAN)');
  const where = `v.book_id = ? AND v.status = 'posted' AND l.account_code LIKE ? AND v.year = ? AND v.month BETWEEN ? AND ?`;
  show('detail count', `SELECT count(*) FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE ${where}`, [bookId, '1011%', lastYear, 1, 12]);
  show(
    'detail page (as in detail.ts)',
    `WITH page AS (
       SELECT v.date, v.id AS voucher_id, v.word, v.number, l.line_no, l.debit, l.credit,
              sum(l.debit - l.credit) OVER (ORDER BY v.month, v.date, v.word, v.number, l.line_no ROWS UNBOUNDED PRECEDING) AS running
       FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE ${where}
       ORDER BY v.month, v.date, v.word, v.number, l.line_no LIMIT 200 OFFSET 100)
     SELECT p.*, l.summary FROM page p JOIN voucher_line l ON l.voucher_id = p.voucher_id AND l.line_no = p.line_no
     ORDER BY p.date, p.word, p.number, p.line_no`,
    [bookId, '1011%', lastYear, 1, 12],
  );
  show(
    'trial balance closing lines',
    `SELECT l.account_code, v.month, sum(l.debit) FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id WHERE v.book_id = ? AND v.kind = 'closing' AND v.status = 'posted' AND v.year = ? AND v.month <= ? GROUP BY l.account_code, v.month`,
    [bookId, lastYear, 12],
  );
  raw.close();
}

try {
  if (explain) await explainPlans();
  if (section('save')) await saveAndPost();
  if (section('tb')) await trialBalances();
  if (section('detail')) await details();
  if (withHledger && section('hledger')) await hledgerComparison();
  console.log(`\nload average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  core.close();
  work.cleanup();
}

