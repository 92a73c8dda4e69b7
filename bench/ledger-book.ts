// The generated township book for the ledger benchmarks: built once through the real core
// (book.create, users, account.setEnabled) and importPostedVouchers, then kept under
// .tmp/ledger-bench/ so that reruns start in seconds. Library for bench/ledger-generate.ts
// and bench/ledger.ts.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openCore } from '../electron/core/index';
import { openDatabase } from '../electron/core/db/open';
import { migrations as registeredMigrations, type Migration } from '../electron/core/db/migrations';
import { m004LedgerIndexes } from '../electron/core/db/migrations/004-ledger-indexes';
import { databaseFileName } from '../electron/core/paths';
import { importPostedVouchers, type ImportVoucher } from '../electron/core/ledger/bulkImport';
import { loadLedgerChart } from '../electron/core/ledger/chart';
import { validateVoucherLines } from '../shared/domain/ledger/voucherRules';
import type { User } from '../shared/api/types';
import { uuidv7 } from '../shared/domain/id';
import { bookInput } from '../test/helpers/books';
import { caller } from '../test/helpers/core';
import { tempDir } from '../test/helpers/tmp';
import { SUB_ACCOUNTS_TO_DISABLE, townshipVouchers, type TownshipOptions } from './ledger-township';

/** Bump when the generator's output changes, so an old cached book is not reused. */
export const GENERATOR_VERSION = 1;

export const DEFAULT_TOWNSHIP: TownshipOptions = { seed: 20261128, startYear: 2026, years: 10, vouchersPerYear: 20_000 };

/** The two-person office of test/helpers/ledger.ts (twoPersonOffice), with the bench's own passwords. */
export const USERS = {
  accountant: { username: 'wang', password: 'wang2026bench' },
  reviewer: { username: 'li', password: 'li2026bench' },
} as const;

/**
 * The schema to build and measure with: the registered migrations, or with `--without-004`
 * the same list without the ledger indexes of migration 004 (to measure what they change).
 */
export function schemaFromArgs(args: readonly string[]): { migrations: readonly Migration[]; label: string } {
  const versions = (list: readonly Migration[]) => list.map((m) => m.version).join(',');
  if (!args.includes('--without-004')) return { migrations: registeredMigrations, label: `schema v${versions(registeredMigrations)}` };
  const without = registeredMigrations.filter((m) => m.version !== m004LedgerIndexes.version);
  return { migrations: without, label: `schema v${versions(without)} (--without-004: no ledger detail indexes)` };
}

export interface BookMeta {
  generatorVersion: number;
  migrations: number[];
  township: TownshipOptions;
  bookId: string;
  vouchers: number;
  lines: number;
  builtAt: string;
  /** Independent sums, straight from the generated vouchers: cumulative net debit per leaf at each month end ("2026-01"). */
  monthEndNet: Record<string, Record<string, number>>;
  figures: BuildFigures;
}

export interface BuildFigures {
  generateSeconds: number;
  validateOnlySeconds: number;
  importSeconds: number;
  /** CPU time (user + system) of this process during the import: less sensitive to other work on the machine. */
  importCpuSeconds: number;
  batchSize: number;
  batches: number;
  /** Lines per second of each batch (validation + write + commit). */
  batchLinesPerSecond: number[];
  dbBytes: number;
}

const root = resolve(process.cwd());
export const cacheRoot = join(root, '.tmp', 'ledger-bench');

/** One cached book per generator, township size and schema (the migrations' own code, so an edited migration is not reused). */
export function cacheDirFor(options: TownshipOptions, migrations: readonly Migration[]): string {
  const { seed, startYear, years, vouchersPerYear } = options;
  const schema = createHash('sha256').update(migrations.map((m) => `${m.version}:${m.up.toString()}`).join('\n')).digest('hex').slice(0, 8);
  return join(cacheRoot, `township-s${seed}-${startYear}x${years}-${vouchersPerYear}-g${GENERATOR_VERSION}-v${migrations.map((m) => m.version).join('')}-${schema}`);
}

function readMeta(dir: string): BookMeta | null {
  const file = join(dir, 'meta.json');
  if (!existsSync(file) || !existsSync(join(dir, databaseFileName))) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as BookMeta;
}

/** Generates the vouchers and sums them independently of the database. */
function generate(options: TownshipOptions): { vouchers: ImportVoucher[]; lines: number; monthEndNet: BookMeta['monthEndNet'] } {
  const vouchers: ImportVoucher[] = [];
  const running = new Map<string, number>();
  const monthEndNet: BookMeta['monthEndNet'] = {};
  let lines = 0;
  let month = '';
  const close = () => {
    if (month) monthEndNet[month] = Object.fromEntries([...running].filter(([, n]) => n !== 0).sort(([a], [b]) => a.localeCompare(b)));
  };
  for (const v of townshipVouchers(options)) {
    const m = v.date.slice(0, 7);
    if (m !== month) {
      close();
      month = m;
    }
    for (const l of v.lines) running.set(l.accountCode, (running.get(l.accountCode) ?? 0) + l.debit - l.credit);
    lines += v.lines.length;
    vouchers.push(v);
  }
  close();
  return { vouchers, lines, monthEndNet };
}

/**
 * Builds the township book in `dataDir`: book, users and chart through the command API,
 * then every voucher through importPostedVouchers, timed.
 */
export async function buildTownshipBook(
  dataDir: string,
  options: TownshipOptions,
  batchSize: number,
  migrations: readonly Migration[],
  log: (line: string) => void = () => {},
): Promise<BookMeta> {
  // As twoPersonOffice (test/helpers/ledger.ts): 王会计 (会计 + 出纳 + 管理员) prepares, 李所长
  // (审核 + 主管) reviews; 4001 and 1002 are used without sub-accounts.
  const core = openCore({ dataDir, mode: 'browser', appVersion: 'bench', log: () => {}, database: { migrations } });
  const wang = await caller(core).ok('auth.bootstrap', { id: uuidv7(), username: USERS.accountant.username, displayName: '王会计', password: USERS.accountant.password, roles: ['accountant', 'cashier', 'admin'] });
  const accountant = caller(core, wang.token);
  await accountant.ok('user.create', { id: uuidv7(), username: USERS.reviewer.username, displayName: '李所长', password: USERS.reviewer.password, roles: ['reviewer', 'supervisor'] });
  const book = await accountant.ok('book.create', bookInput());
  for (const code of SUB_ACCOUNTS_TO_DISABLE) await accountant.ok('account.setEnabled', { bookId: book.id, code, enabled: false });
  const user: User = wang.user;
  core.close();

  let t = performance.now();
  const { vouchers, lines, monthEndNet } = generate(options);
  const generateSeconds = (performance.now() - t) / 1000;
  log(`generated ${vouchers.length.toLocaleString('en')} vouchers, ${lines.toLocaleString('en')} lines in ${generateSeconds.toFixed(1)} s`);

  const db = openDatabase(join(dataDir, databaseFileName), { migrations });
  try {
    const chart = loadLedgerChart(db.write, book.id);
    // The rules alone, to show what share of the import they take (no classification lookups).
    t = performance.now();
    for (const v of vouchers) {
      if (validateVoucherLines(v.lines, chart).errors.length > 0) throw new Error(`generated voucher ${v.id} (${v.date}) is invalid`);
    }
    const validateOnlySeconds = (performance.now() - t) / 1000;

    const batchLinesPerSecond: number[] = [];
    let last = performance.now();
    let lastLines = 0;
    const start = last;
    const cpu = process.cpuUsage();
    const result = importPostedVouchers(db.write, book, user, vouchers, chart, {
      batchSize,
      onBatch: (p) => {
        const now = performance.now();
        batchLinesPerSecond.push((p.lines - lastLines) / ((now - last) / 1000));
        last = now;
        lastLines = p.lines;
        if (p.batch % 5 === 0) log(`  batch ${p.batch}: ${p.lines.toLocaleString('en')} lines`);
      },
    });
    const importSeconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    const importCpuSeconds = (used.user + used.system) / 1e6;
    if (result.lines !== lines) throw new Error(`imported ${result.lines} lines, expected ${lines}`);
    db.close();
    return {
      generatorVersion: GENERATOR_VERSION,
      migrations: migrations.map((m) => m.version),
      township: options,
      bookId: book.id,
      vouchers: result.vouchers,
      lines: result.lines,
      builtAt: new Date().toISOString(),
      monthEndNet,
      figures: {
        generateSeconds,
        validateOnlySeconds,
        importSeconds,
        importCpuSeconds,
        batchSize,
        batches: result.batches,
        batchLinesPerSecond,
        dbBytes: statSync(join(dataDir, databaseFileName)).size,
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Builds the book in a temporary directory and moves it into the cache (replacing any old one). */
export async function rebuildCachedBook(
  options: TownshipOptions,
  batchSize: number,
  migrations: readonly Migration[],
  log: (line: string) => void,
): Promise<{ dir: string; meta: BookMeta }> {
  const work = tempDir('xiangcai-ledger-build-');
  try {
    const meta = await buildTownshipBook(work.path, options, batchSize, migrations, log);
    writeFileSync(join(work.path, 'meta.json'), JSON.stringify(meta));
    const dir = cacheDirFor(options, migrations);
    mkdirSync(cacheRoot, { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    for (const name of [databaseFileName, `${databaseFileName}-wal`, 'meta.json']) {
      if (existsSync(join(work.path, name))) copyFileSync(join(work.path, name), join(dir, name));
    }
    return { dir, meta };
  } finally {
    work.cleanup();
  }
}

/** The cached book, built first when missing. */
export async function cachedBook(
  options: TownshipOptions,
  migrations: readonly Migration[],
  log: (line: string) => void,
): Promise<{ dir: string; meta: BookMeta; built: boolean }> {
  const dir = cacheDirFor(options, migrations);
  const meta = readMeta(dir);
  if (meta) return { dir, meta, built: false };
  log(`no cached book in ${dir}: generating it (under a minute)…`);
  return { ...(await rebuildCachedBook(options, 10_000, migrations, log)), built: true };
}

/** A working copy of the cached book in a fresh data dir, so a run never changes the cache. */
export function copyBookTo(cacheDir: string, dataDir: string): void {
  for (const name of [databaseFileName, `${databaseFileName}-wal`]) {
    if (existsSync(join(cacheDir, name))) copyFileSync(join(cacheDir, name), join(dataDir, name));
  }
}
