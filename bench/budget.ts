// Budget workspace figures (issue 4), all through core.invoke with real sessions on a real
// SQLite file opened by the core (WAL, synchronous=FULL):
//   1. one payment through its whole flow: the availability query (budget.indicatorGet: the
//      indicator's 可用余额 with its ledger), 申请 (budget.paymentCreate: element and
//      availability check, 冻结), 审核 (budget.paymentReview, by the other user) and 确认支付
//      (budget.paymentConfirm: indicator movements and the voucher on both tracks, one
//      transaction). Measured on a fresh book and on the large one below.
//   2. 执行监控 over 5,000 indicators and 50,000 payments (bench/budget-workspace.ts):
//      budget.dashboard and budget.executionReport by indicator, project, function, fund nature.
// Usage: npm run bench -- budget [rounds=200] [runs=20] [--explain] [--only=fresh,large,monitor]
//        [--indicators=5000] [--payments=50000] [--seed=N] [--regenerate] [--keep] [--without-006]
//   The generated book is cached under .tmp/budget-bench/ (per size, seed and schema) and copied
//   for each run; --regenerate rebuilds it, --keep leaves the run's copy in place.
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import type { Indicator } from '../shared/api/budgetTypes';
import type { CommandInput, CommandName, CommandOutput } from '../shared/api/commands';
import { uuidv7 } from '../shared/domain/id';
import { openCore, type Core } from '../electron/core/index';
import { openDatabase } from '../electron/core/db/open';
import { migrations } from '../electron/core/db/migrations';
import { requireBook } from '../electron/core/books/queries';
import { findUser } from '../electron/core/auth/users';
import { issueIndicator, paymentInput } from '../test/helpers/budget';
import { caller } from '../test/helpers/core';
import { tempDir } from '../test/helpers/tmp';
import { BENCH_USERS, benchOffice, DEFAULT_WORKSPACE, generateWorkspace, type WorkspaceSummary } from './budget-workspace';
import { median, percentile } from './stats';

const args = process.argv.slice(2);
const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
const rounds = numbers[0] ?? 200;
const runs = numbers[1] ?? 20;
const explain = args.includes('--explain');
const keep = args.includes('--keep');
// --without-006: the registered migrations minus 006-budget-indexes, to see what the index changes.
const schemaMigrations = args.includes('--without-006') ? migrations.filter((m) => m.version !== 6) : migrations;
const schemaLabel = args.includes('--without-006') ? 'schema without migration 006' : `schema ${migrations.at(-1)!.version}`;
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = option('only')?.split(',');
const section = (name: string) => !only || only.includes(name);
const workspace = {
  ...DEFAULT_WORKSPACE,
  indicators: Number(option('indicators') ?? DEFAULT_WORKSPACE.indicators),
  payments: Number(option('payments') ?? DEFAULT_WORKSPACE.payments),
  seed: Number(option('seed') ?? DEFAULT_WORKSPACE.seed),
};
const AS_OF = workspace.asOf;
const YEAR = workspace.year;
const WARMUP = 10;

const ms = (n: number) => `${n.toFixed(2)} ms`;
const mark = (ok: boolean) => (ok ? 'OK' : 'MISSED');
const log = (line: string) => console.log(line);
type Caller = ReturnType<typeof caller>;

/** Times one command; a failure stops the bench (the dispatcher never throws, so check). */
async function timed<K extends CommandName>(who: Caller, name: K, input: CommandInput<K>): Promise<[CommandOutput<K>, number]> {
  const start = performance.now();
  const result = await who.call(name, input);
  const took = performance.now() - start;
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return [result.value, took];
}

function line(label: string, samples: number[], target?: number) {
  const m = median(samples);
  const figures = `median ${ms(m)}  p90 ${ms(percentile(samples, 90))}  max ${ms(Math.max(...samples))}  (n=${samples.length})`;
  log(`  ${label.padEnd(44)} ${figures}${target === undefined ? '' : `  target: median < ${target} ms  ${mark(m < target)}`}`);
}

/**
 * Rounds of 可用余额 → 申请 → 审核 → 确认支付, each on its own indicator (spread over the
 * candidates), dated AS_OF. The first WARMUP rounds prepare the statements and are not counted.
 */
async function paymentRounds(core: Core, office: { bookId: string; accountant: Caller; reviewer: Caller }, candidates: Indicator[], count: number) {
  const { bookId, accountant: wang, reviewer: li } = office;
  const t = { available: [] as number[], picker: [] as number[], create: [] as number[], review: [] as number[], confirm: [] as number[] };
  const vouchers: string[] = [];
  const total = count + WARMUP;
  for (let i = 0; i < total; i++) {
    const pick = candidates[Math.floor((i * candidates.length) / total)]!;
    const [detail, available] = await timed(wang, 'budget.indicatorGet', { bookId, id: pick.id });
    let picker = 0;
    if (detail.projectId) [, picker] = await timed(wang, 'budget.indicatorList', { bookId, year: YEAR, projectId: detail.projectId });
    const amount = Math.max(1, Math.min(Math.floor(detail.balance.available / 20), 100_000 + ((i * 7919) % 4_900_000)));
    const [created, create] = await timed(wang, 'budget.paymentCreate', paymentInput(bookId, detail, amount, { date: AS_OF, purpose: `基准测试支付${i + 1}` }));
    const [, review] = await timed(li, 'budget.paymentReview', { bookId, id: created.id });
    const voucherId = uuidv7();
    const [paid, confirm] = await timed(wang, 'budget.paymentConfirm', { bookId, id: created.id, voucherId, date: AS_OF });
    if (paid.status !== '已支付' || paid.voucherId !== voucherId) throw new Error(`payment ${created.id} not paid`);
    vouchers.push(voucherId);
    if (i < WARMUP) continue;
    t.available.push(available);
    if (detail.projectId) t.picker.push(picker);
    t.create.push(create);
    t.review.push(review);
    t.confirm.push(confirm);
  }
  // Each confirmation's voucher: posted, four lines, each track balanced on its own.
  const raw = new Database(core.databaseFile, { readonly: true });
  try {
    const bad = raw
      .prepare(
        `SELECT v.id FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
         WHERE v.id IN (SELECT value FROM json_each(?))
         GROUP BY v.id
         HAVING v.status <> 'posted' OR count(*) <> 4
             OR sum(CASE WHEN l.track = 'financial' THEN l.debit - l.credit END) <> 0
             OR sum(CASE WHEN l.track = 'budget' THEN l.debit - l.credit END) <> 0
             OR sum(CASE WHEN l.track = 'budget' THEN l.debit END) IS NULL
             OR sum(CASE WHEN l.track = 'financial' THEN l.debit END) IS NULL`,
      )
      .all(JSON.stringify(vouchers));
    const found = (raw.prepare(`SELECT count(*) AS n FROM voucher WHERE id IN (SELECT value FROM json_each(?))`).get(JSON.stringify(vouchers)) as { n: number }).n;
    log(`  vouchers written by the ${total} confirmations: ${found} found, ${bad.length} not posted/balanced on both tracks`);
    if (found !== total || bad.length > 0) throw new Error('payment vouchers are not right');
  } finally {
    raw.close();
  }
  line('可用余额 budget.indicatorGet (availability)', t.available, 10);
  if (t.picker.length) line('项目的指标 budget.indicatorList {projectId}', t.picker, 10);
  line('申请 budget.paymentCreate (check + 冻结)', t.create, 10);
  line('审核 budget.paymentReview', t.review, 10);
  line('确认支付 budget.paymentConfirm (+ voucher)', t.confirm, 10);
  line('whole flow (4 commands, for reference)', t.create.map((c, i) => c + t.review[i]! + t.confirm[i]! + t.available[i]!));
}

async function login(core: Core) {
  const anon = caller(core);
  const wang = await anon.ok('auth.login', BENCH_USERS.accountant);
  const li = await anon.ok('auth.login', BENCH_USERS.reviewer);
  return { accountant: caller(core, wang.token), reviewer: caller(core, li.token), sqlite: (await anon.ok('app.info', {})).sqliteVersion };
}

const openBenchCore = (dataDir: string) =>
  openCore({ dataDir, mode: 'browser', appVersion: 'bench', log: (m, e) => console.error(m, e), database: { migrations: schemaMigrations } });

log(`budget bench (${cpus().length} cores, Node ${process.version}), ${new Date().toISOString().slice(0, 10)}, ${schemaLabel}`);

// ---- 1a. a fresh book: the command path with little else in the file ----
if (section('fresh')) {
  const dir = tempDir('xiangcai-bench-budget-');
  const core = openBenchCore(dir.path);
  try {
    const office = await benchOffice(core);
    const candidates: Indicator[] = [];
    for (const [funcCode, econDepCode, payMethod] of [
      ['2010301', '30201', '直接支付'],
      ['2010301', '30211', '授权支付'],
      ['2013101', '30101', '直接支付'],
      ['2120501', '30213', '授权支付'],
    ] as const) {
      candidates.push(await issueIndicator(office, { funcCode, econDepCode, payMethod, amount: 50_000_000_000 }));
    }
    log(`\n1a. payment flow on a fresh book (4 indicators, ${rounds} rounds + ${WARMUP} warm-up), SQLite ${(await login(core)).sqlite}, WAL + synchronous=FULL`);
    await paymentRounds(core, office, candidates, rounds);
  } finally {
    core.close();
    dir.cleanup();
  }
}

// ---- 1b / 2. the large book ----
/** The generated book, kept under .tmp/budget-bench/ and copied for each run (the rounds write to it). */
async function largeBook(): Promise<{ cacheDir: string; meta: LargeBookMeta; built: boolean }> {
  const key = `v1-${workspace.indicators}-${workspace.payments}-${workspace.seed}-schema${schemaMigrations.at(-1)!.version}${schemaMigrations.length === migrations.length ? '' : '-without006'}`;
  const cacheDir = join(process.cwd(), '.tmp/budget-bench', key);
  const metaFile = join(cacheDir, 'meta.json');
  if (existsSync(metaFile) && !args.includes('--regenerate')) return { cacheDir, meta: JSON.parse(readFileSync(metaFile, 'utf8')) as LargeBookMeta, built: false };
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const core = openBenchCore(cacheDir);
  const office = await benchOffice(core);
  core.close();
  // Bulk setup on the same file, through openDatabase as the core opens it.
  const db = openDatabase(core.databaseFile, { migrations: schemaMigrations });
  const pragma = (name: string) => Object.values(db.write.get<Record<string, unknown>>({ text: `PRAGMA ${name}`, params: [] })!)[0];
  const audited = !!db.write.get({ text: `SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log'`, params: [] });
  const setup = `journal_mode=${pragma('journal_mode')}, synchronous=${pragma('synchronous')} (2 = FULL), audit log ${audited ? 'present (writes audited)' : 'absent'}`;
  log(`\ngenerating the large workspace (seed ${workspace.seed}) on a core-opened file: ${setup}`);
  const t0 = performance.now();
  const summary = generateWorkspace(db.write, requireBook(db.write, office.bookId), findUser(db.write, office.wangId)!, findUser(db.write, office.liId)!, workspace, (l) => log(`  ${l}`));
  db.close();
  const meta: LargeBookMeta = { bookId: office.bookId, summary, setupSeconds: (performance.now() - t0) / 1000, setup, bytes: statSync(core.databaseFile).size };
  writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  return { cacheDir, meta, built: true };
}

interface LargeBookMeta {
  bookId: string;
  summary: WorkspaceSummary;
  setupSeconds: number;
  setup: string;
  bytes: number;
}

if (section('large') || section('monitor')) {
  const { cacheDir, meta, built } = await largeBook();
  const { bookId, summary } = meta;
  const dir = tempDir('xiangcai-bench-budget-');
  cpSync(cacheDir, dir.path, { recursive: true, filter: (source) => !source.endsWith('meta.json') });
  let core: Core | undefined;
  try {
    log(`\nlarge workspace${built ? '' : ` (cached in ${cacheDir}; --regenerate to rebuild)`}: ${meta.setup}`);
    log(`  setup ${meta.setupSeconds.toFixed(1)} s when generated; file ${(meta.bytes / 1024 / 1024).toFixed(0)} MiB`);
    log(
      `  ${summary.projects} projects, ${summary.indicators} indicators (${summary.functionClasses} function classes; ` +
        `${Object.entries(summary.byFundNature).map(([k, v]) => `${k} ${v}`).join(', ')}), ${summary.payments} payments ` +
        `(${Object.entries(summary.byStatus).map(([k, v]) => `${k} ${v}`).join(', ')})`,
    );
    log(`  payments by month applied: ${summary.paymentsByMonth.join(' / ')}`);
    log(`  ${summary.movements} indicator movements, ${summary.vouchers} vouchers with ${summary.voucherLines} lines`);

    core = openBenchCore(dir.path);
    const users = await login(core);
    const who = { bookId, ...users };
    const raw = new Database(core.databaseFile, { readonly: true });
    const one = <T>(text: string, ...params: unknown[]) => raw.prepare(text).get(...params) as T;

    // Consistency: indicator ledger ↔ payments ↔ vouchers, by independent SQL.
    const check = () => {
      const m = one<{ e: number; f: number; p: number }>(`SELECT sum(executable_delta) AS e, sum(frozen_delta) AS f, sum(paid_delta) AS p FROM budget_indicator_movement WHERE book_id = ?`, bookId);
      const paid = one<{ s: number }>(`SELECT coalesce(sum(amount), 0) AS s FROM budget_payment WHERE book_id = ? AND status = '已支付'`, bookId).s;
      const transit = one<{ s: number }>(`SELECT coalesce(sum(amount), 0) AS s FROM budget_payment WHERE book_id = ? AND status IN ('申请', '审核')`, bookId).s;
      const spent = one<{ s: number }>(`SELECT coalesce(sum(l.debit), 0) AS s FROM budget_payment_voucher pv JOIN voucher_line l ON l.voucher_id = pv.voucher_id WHERE l.account_code LIKE '7%'`).s;
      const negative = one<{ n: number }>(`
        SELECT count(*) AS n FROM (SELECT indicator_id, sum(executable_delta) - sum(frozen_delta) - sum(paid_delta) AS a, sum(frozen_delta) AS f, sum(paid_delta) AS p
        FROM budget_indicator_movement GROUP BY indicator_id) WHERE a < 0 OR f < 0 OR p < 0`).n;
      const ok = m.p === paid && m.p === spent && m.f === transit && negative === 0;
      log(`  consistency: movements paid ${m.p} = payments 已支付 ${paid} = 7xxx voucher debits ${spent}; frozen ${m.f} = in transit ${transit}; negative balances ${negative}  ${ok ? 'OK' : 'BROKEN'}`);
      if (!ok) throw new Error('indicator ledger, payments and vouchers disagree');
    };
    check();

    if (section('large')) {
      const [list, listMs] = await timed(who.accountant, 'budget.indicatorList', { bookId, year: YEAR });
      log(`\n1b. payment flow on the large book (${rounds} rounds + ${WARMUP} warm-up, each on another indicator)`);
      log(`  (for reference: budget.indicatorList for the whole year, ${list.length} indicators with balances: ${ms(listMs)})`);
      const projects = new Map(
        raw.prepare(`SELECT id, status FROM budget_project WHERE book_id = ?`).all(bookId).map((p) => [(p as { id: string }).id, (p as { status: string }).status]),
      );
      const candidates = list.filter((i) => i.balance.available >= 100_000 && (!i.projectId || projects.get(i.projectId) === '执行中'));
      await paymentRounds(core, who, candidates, rounds);
      check();
    }

    if (section('monitor')) {
      const run = async <K extends CommandName>(label: string, name: K, input: CommandInput<K>, describe: (out: CommandOutput<K>) => string) => {
        const samples: number[] = [];
        const cpu: number[] = [];
        let last: CommandOutput<K> | undefined;
        for (let i = 0; i < runs + 3; i++) {
          // CPU time of this process (all in-process and synchronous): the work itself, without
          // the time spent waiting for a core while other work runs on the machine.
          const before = process.cpuUsage();
          const [out, took] = await timed(who.accountant, name, input);
          const used = process.cpuUsage(before);
          if (i >= 3) {
            samples.push(took);
            cpu.push((used.user + used.system) / 1000);
          }
          last = out;
        }
        const m = median(samples);
        const max = Math.max(...samples);
        log(
          `  ${label.padEnd(36)} median ${ms(m)}  max ${ms(max)}  target: < 200 ms  median ${mark(m < 200)}, max ${mark(max < 200)}` +
            `  (CPU median ${ms(median(cpu))}, max ${ms(Math.max(...cpu))})  ${describe(last!)}`,
        );
        return { median: m, max };
      };
      log(`\n2. 执行监控 as of ${AS_OF} over ${summary.indicators} indicators, ${summary.payments}+ payments (${runs} runs each after 3 warm-up)`);
      await run('budget.dashboard', 'budget.dashboard', { bookId, year: YEAR, asOf: AS_OF, topProjects: 5 }, (d) =>
        `${d.counts.indicators} indicators, ${d.byFunction.length} function classes, ${d.warnings.length} warnings, rate ${(d.total.rateBp! / 100).toFixed(2)}%`,
      );
      const dashboard = (await who.accountant.ok('budget.dashboard', { bookId, year: YEAR, asOf: AS_OF, topProjects: 5 })).total;
      const after = one<{ e: number; p: number }>(`SELECT sum(executable_delta) AS e, sum(paid_delta) AS p FROM budget_indicator_movement WHERE book_id = ? AND date <= ?`, bookId, AS_OF);
      if (dashboard.paid !== after.p || dashboard.executable !== after.e) throw new Error(`dashboard total ${dashboard.paid}/${dashboard.executable} ≠ ledger ${after.p}/${after.e}`);
      // Every indicator's figures as of AS_OF against an independent GROUP BY over the raw movements.
      const byIndicator = await who.accountant.ok('budget.executionReport', { bookId, year: YEAR, asOf: AS_OF, by: 'indicator', funcLevel: 3 });
      const expected = new Map(
        (raw
          .prepare(`SELECT indicator_id AS id, sum(executable_delta) AS e, sum(frozen_delta) AS f, sum(paid_delta) AS p FROM budget_indicator_movement WHERE book_id = ? AND date <= ? GROUP BY indicator_id`)
          .all(bookId, AS_OF) as { id: string; e: number; f: number; p: number }[]).map((x) => [x.id, x]),
      );
      const differing = byIndicator.rows.filter((row) => {
        const x = expected.get(row.key);
        return !x || x.e !== row.executable || x.f !== row.frozen || x.p !== row.paid;
      });
      log(`  per-indicator figures vs raw SQL: ${byIndicator.rows.length} rows, ${differing.length} differ  ${differing.length === 0 && byIndicator.rows.length === expected.size ? 'OK' : 'BROKEN'}`);
      if (differing.length > 0 || byIndicator.rows.length !== expected.size) throw new Error('execution report disagrees with the indicator ledger');
      for (const by of ['indicator', 'project', 'function', 'fundNature'] as const) {
        await run(`budget.executionReport by ${by}`, 'budget.executionReport', { bookId, year: YEAR, asOf: AS_OF, by, funcLevel: 3 }, (r) => `${r.rows.length} rows`);
      }
      await run('budget.executionReport function 项级', 'budget.executionReport', { bookId, year: YEAR, asOf: AS_OF, by: 'function', funcLevel: 7 }, (r) => `${r.rows.length} rows`);
    }

    if (explain) {
      log('\nEXPLAIN QUERY PLAN (queries of electron/core/budget/monitoring.ts, copied)');
      const plans: [string, string, unknown[]][] = [
        [
          'indicatorFigures',
          `SELECT i.id, i.doc_no, i.func_code, i.econ_dep_code, i.fund_nature, i.project_id, p.code AS project_code, p.name AS project_name, i.direct_fund,
                  coalesce(s.executable, 0) AS executable, coalesce(s.frozen, 0) AS frozen, coalesce(s.paid, 0) AS paid
           FROM budget_indicator i
           LEFT JOIN (
             SELECT m.indicator_id, sum(m.executable_delta) AS executable, sum(m.frozen_delta) AS frozen, sum(m.paid_delta) AS paid
             FROM budget_indicator_movement m
             WHERE m.indicator_id IN (SELECT id FROM budget_indicator WHERE book_id = ? AND year = ?) AND m.date <= ?
             GROUP BY m.indicator_id
           ) s ON s.indicator_id = i.id
           LEFT JOIN budget_project p ON p.id = i.project_id
           WHERE i.book_id = ? AND i.year = ?
           ORDER BY i.doc_no, i.func_code, i.econ_dep_code, i.id`,
          [bookId, YEAR, AS_OF, bookId, YEAR],
        ],
        [
          'monthlyTrend',
          `SELECT CAST(substr(m.date, 6, 2) AS INTEGER) AS month, sum(m.paid_delta) AS paid, sum(m.executable_delta) AS executable
           FROM budget_indicator_movement m JOIN budget_indicator i ON i.id = m.indicator_id
           WHERE i.book_id = ? AND i.year = ? AND m.date <= ?
           GROUP BY month`,
          [bookId, YEAR, AS_OF],
        ],
        [
          'pendingPayments',
          `SELECT count(*) AS n FROM budget_payment p JOIN budget_indicator i ON i.id = p.indicator_id WHERE p.book_id = ? AND i.year = ? AND p.status IN ('申请', '审核')`,
          [bookId, YEAR],
        ],
      ];
      const rawTimes = (text: string, params: unknown[]) => {
        const statement = raw.prepare(text);
        const samples = Array.from({ length: 7 }, () => {
          const start = performance.now();
          statement.all(...params);
          return performance.now() - start;
        });
        return `median ${ms(median(samples))}, max ${ms(Math.max(...samples))}`;
      };
      for (const [name, text, params] of plans) {
        log(`  ${name}:`);
        for (const row of raw.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]) log(`    ${row.detail}`);
        log(`    raw, 7 runs: ${rawTimes(text, params)}`);
      }

    }
    raw.close();
  } finally {
    core?.close();
    if (keep) log(`\nkept the large book in ${dir.path}`);
    else dir.cleanup();
  }
}
