// Generates the township book (default: 10 years × 20,000 vouchers × 5 lines = 1,000,000 lines)
// and times the bulk import path (importPostedVouchers, synchronous=FULL, one transaction per
// batch). The result replaces the cached book under .tmp/ledger-bench/ used by bench/ledger.ts.
// Usage: npm run bench -- ledger-generate [years] [vouchersPerYear] [batchSize] [seed] [--without-004]
import { cpus, loadavg } from 'node:os';
import { DEFAULT_TOWNSHIP, rebuildCachedBook, schemaFromArgs } from './ledger-book';
import { LINES_PER_VOUCHER } from './ledger-township';
import { median } from './stats';

const args = process.argv.slice(2);
const numbers = args.filter((a) => !a.startsWith('--')).map(Number);
const years = numbers[0] ?? DEFAULT_TOWNSHIP.years;
const vouchersPerYear = numbers[1] ?? DEFAULT_TOWNSHIP.vouchersPerYear;
const batchSize = numbers[2] ?? 10_000;
const seed = numbers[3] ?? DEFAULT_TOWNSHIP.seed;
const schema = schemaFromArgs(args);
const options = { ...DEFAULT_TOWNSHIP, years, vouchersPerYear, seed };

const loadBefore = loadavg()[0]!;
console.log(`township book: ${years} years × ${vouchersPerYear.toLocaleString('en')} vouchers × ${LINES_PER_VOUCHER} lines, seed ${seed}, batch ${batchSize.toLocaleString('en')}, ${schema.label}`);
const { dir, meta } = await rebuildCachedBook(options, batchSize, schema.migrations, (line) => console.log(line));
const f = meta.figures;
const rate = meta.lines / f.importSeconds;
const mark = (ok: boolean) => (ok ? 'OK' : 'MISSED');

console.log(`\nbulk import (importPostedVouchers), ${cpus().length} cores, Node ${process.version}, load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`);
console.log(`vouchers ${meta.vouchers.toLocaleString('en')}, lines ${meta.lines.toLocaleString('en')}, ${f.batches} batches of ${f.batchSize.toLocaleString('en')} vouchers`);
console.log(`generate (JS objects, seeded): ${f.generateSeconds.toFixed(1)} s`);
console.log(`voucher rules alone over all vouchers: ${f.validateOnlySeconds.toFixed(1)} s`);
console.log(`import: ${f.importSeconds.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} lines/s  target: ≥ 50,000 lines/s  ${mark(rate >= 50_000)}`);
console.log(`  per CPU second of this process: ${Math.round(meta.lines / f.importCpuSeconds).toLocaleString('en')} lines (CPU ${f.importCpuSeconds.toFixed(1)} s; the rest is waiting: disk, other processes)`);
console.log(
  `per batch lines/s: median ${Math.round(median(f.batchLinesPerSecond)).toLocaleString('en')}  min ${Math.round(Math.min(...f.batchLinesPerSecond)).toLocaleString('en')}  max ${Math.round(Math.max(...f.batchLinesPerSecond)).toLocaleString('en')}`,
);
console.log(`database file: ${(f.dbBytes / 1024 / 1024).toFixed(0)} MiB, cached in ${dir}`);
