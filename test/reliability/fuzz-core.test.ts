import Database from 'better-sqlite3';
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { callerOf, setUpOffice } from '../../electron/core/reliability/office';
import { seedFromEnv } from '../../electron/core/reliability/random';
import { changedTables, integrityCheck, tableChecksums } from '../../electron/core/reliability/snapshot';
import { commandNames, commands, type CommandName } from '../../shared/api/commands';
import { errorCodes, type Result } from '../../shared/api/errors';
import { uuidv7 } from '../../shared/domain/id';
import { tempDir } from '../helpers/tmp';
import { controlStrings, hostileInput, hostileValue, hugeAscii, injectionStrings } from './hostile';
import { recordFuzzTally } from './tally';

/**
 * Hostile input through `core.invoke`, for every command of the command map, with a valid
 * session of a user holding every role (so access checks do not stop the input before the
 * schema and the handler see it). Inputs may hold what IPC's structured clone carries: NaN,
 * ±Infinity, BigInt, Date, Map, sparse arrays, besides everything JSON can.
 *
 * Each case must answer a Result — never throw — with a known error code and never INTERNAL;
 * an input the schema refuses must answer INVALID_INPUT; a refused case must write nothing
 * (PRAGMA data_version of a separate connection: any commit by the core changes it), and the
 * process stays up. Every table's checksum is compared around each command's run as well.
 * `XIANGCAI_SEED=N` replays; `XIANGCAI_FUZZ_RUNS` changes the cases per command.
 */

const runsPerCommand = Number(process.env.XIANGCAI_FUZZ_RUNS ?? 50);
const seed = seedFromEnv();
/** Schema-valid cases of these are not run: they would end the fuzzer's own session or touch backup folders. */
const notRunWhenValid = new Set<string>(['auth.logout', 'backup.configure', 'backup.create', 'backup.verify', 'backup.restore']);
/** The one write a refusal may make: a failed login counts towards the lockout and is audited. */
const refusalMayWrite: Record<string, string[]> = { 'auth.login': ['login_throttle', 'audit_log'] };

let dir: ReturnType<typeof tempDir>;
let core: Core;
let session: string;
let bookId: string;
let watcher: Database.Database;
const tally = { cases: 0, refused: 0, accepted: 0, skipped: 0, crashes: 0, writes: 0, internal: 0 };

// A fixed clock: session bookkeeping (last seen, at most once a minute) never writes mid-run.
const clock = new Date('2026-03-16T02:00:00.000Z');

beforeAll(async () => {
  dir = tempDir('xiangcai-fuzz-core-');
  core = openCore({ dataDir: join(dir.path, 'data'), mode: 'browser', appVersion: 'fuzz', log: () => {}, backupSchedule: false, now: () => clock });
  const office = await setUpOffice(core);
  bookId = office.bookId;
  const wang = callerOf(core, () => office.sessions.wang);
  await wang.ok('user.create', { id: uuidv7(), username: 'root', displayName: '全权用户', password: 'root-password-0', roles: ['accountant', 'reviewer', 'cashier', 'supervisor', 'admin'] });
  session = (await callerOf(core, () => null).ok('auth.login', { username: 'root', password: 'root-password-0' })).token;
  await callerOf(core, () => session).ok('auth.status', {});
  watcher = new Database(core.databaseFile, { readonly: true });
});
afterAll(() => {
  watcher.close();
  core.close();
  expect(integrityCheck(join(dir.path, 'data', 'xiangcai.db'))).toBe('ok');
  dir.cleanup();
  recordFuzzTally('core', tally);
});

const dataVersion = () => watcher.pragma('data_version', { simple: true }) as number;
/** Checksums at the start of the current command's run: what a detected write is compared against. */
let lastChecksums: Record<string, string> = {};

/** fc.check with a short failure message: fast-check's own would print 1 MB inputs in full. */
async function property<Ts extends [unknown, ...unknown[]]>(label: string, arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, run: (...args: Ts) => Promise<void>, params: fc.Parameters<Ts>) {
  const details = await fc.check(fc.asyncProperty(...arbitraries, run) as fc.IAsyncProperty<Ts>, params);
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${label}: ${error.slice(0, 1500)}\nreplay: XIANGCAI_SEED=${seed} (fast-check seed ${details.seed}, path ${details.counterexamplePath})`);
  }
}

function describeInput(input: unknown): string {
  try {
    const text = JSON.stringify(input, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'string' && v.length > 200 ? `${v.slice(0, 40)}…(${v.length} chars)` : v));
    return (text ?? String(input)).slice(0, 400);
  } catch {
    return String(input).slice(0, 400);
  }
}

/** One case: returns nothing, throws (and so fails the property) on any broken promise. */
async function tryCase(name: string, input: unknown, token: string | null): Promise<void> {
  const isCommand = (commandNames as readonly string[]).includes(name);
  const schemaValid = isCommand && commands[name as CommandName].input.safeParse(input ?? {}).success;
  if (schemaValid && notRunWhenValid.has(name)) {
    tally.skipped++;
    return;
  }
  tally.cases++;
  const before = dataVersion();
  const allowed = refusalMayWrite[name];
  const checksumsBefore = allowed ? tableChecksums(core.databaseFile) : null;
  let result: Result<unknown>;
  try {
    result = await core.invoke(name, input, token);
  } catch (error) {
    tally.crashes++;
    throw new Error(`${name} threw instead of answering: ${String(error)}\ninput: ${describeInput(input)}`);
  }
  if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') throw new Error(`${name} answered no Result: ${describeInput(result)}`);
  if (result.ok) {
    tally.accepted++;
    if (!schemaValid) throw new Error(`${name} accepted an input its schema refuses: ${describeInput(input)}`);
    return;
  }
  tally.refused++;
  const { code } = result.error;
  if (!(errorCodes as readonly string[]).includes(code)) throw new Error(`${name} answered unknown code ${code}`);
  if (typeof result.error.message !== 'string' || !/[\u4e00-\u9fa5]/.test(result.error.message)) throw new Error(`${name}: error message is not Chinese: ${result.error.message}`);
  if (code === 'INTERNAL') {
    tally.internal++;
    throw new Error(`${name} answered INTERNAL for input ${describeInput(input)}`);
  }
  if (!isCommand && code !== 'UNKNOWN_COMMAND') throw new Error(`unknown command ${describeInput(name)} answered ${code}`);
  if (isCommand && !schemaValid && code !== 'INVALID_INPUT') throw new Error(`${name}: schema-invalid input answered ${code}, not INVALID_INPUT: ${describeInput(input)}`);
  const changed = checksumsBefore
    ? changedTables(checksumsBefore, tableChecksums(core.databaseFile)).filter((t) => !allowed!.includes(t))
    : dataVersion() !== before ? changedTables(lastChecksums, tableChecksums(core.databaseFile)) : [];
  if (changed.length > 0) {
    tally.writes++;
    throw new Error(`${name} refused (${code}) but wrote to ${changed.join(', ')}: ${describeInput(input)}`);
  }
}

describe('hostile input through core.invoke', () => {
  it('every command: typed errors, never INTERNAL, nothing written', { timeout: 240_000 }, async () => {
    for (const name of commandNames) {
      const before = tableChecksums(core.databaseFile);
      lastChecksums = before;
      const acceptedBefore = tally.accepted;
      const schema = commands[name].input;
      await property(name, [hostileInput(schema, { bookId, anyId: uuidv7() }, false)], (input) => tryCase(name, input, session), {
        numRuns: runsPerCommand,
        seed: seed + commandNames.indexOf(name),
        endOnFailure: true,
      });
      const changed = changedTables(before, tableChecksums(core.databaseFile)).filter((t) => !refusalMayWrite[name]?.includes(t));
      if (tally.accepted === acceptedBefore) expect(changed, name).toEqual([]);
    }
  });

  it('hostile text the schemas accept is stored as text: read back verbatim, schema untouched', { timeout: 120_000 }, async () => {
    const schemaBefore = tableChecksums(core.databaseFile).sqlite_schema;
    const root = callerOf(core, () => session);
    const text = (max: number) =>
      fc
        .oneof(fc.constantFrom(...injectionStrings, ...controlStrings), fc.string({ unit: 'binary', maxLength: max }), fc.string({ unit: 'grapheme', maxLength: max }))
        .map((s) => s.slice(0, max))
        // zod trims; lone surrogates cannot be stored as UTF-8 text and are not compared.
        .filter((s) => s.trim().length > 0 && !/[\ud800-\udfff]/.test(s));
    const indicator = (await root.ok('budget.indicatorList', { bookId, year: 2026 }))[0]!;
    await property('stored text', [text(100), text(60), text(80)], async (summary, name, purpose) => {
      tally.cases++;
      const id = uuidv7();
      await root.ok('voucher.save', {
        bookId, id, word: '记', date: '2026-02-10', attachments: 0,
        lines: [
          { summary, accountCode: '5001', debit: 100, credit: 0 },
          { summary, accountCode: '220101', debit: 0, credit: 100 },
        ],
      });
      const saved = await root.ok('voucher.get', { bookId, id });
      if (saved.lines[0]!.summary !== summary.trim()) throw new Error(`summary came back as ${JSON.stringify(saved.lines[0]!.summary)}`);
      await root.ok('voucher.delete', { bookId, id });
      const payment = await root.ok('budget.paymentCreate', {
        bookId, id: uuidv7(), indicatorId: indicator.id, amount: 100,
        elements: { regionCode: indicator.regionCode, year: 2026, funcCode: indicator.funcCode, econGovCode: indicator.econGovCode, econDepCode: indicator.econDepCode, fundNature: indicator.fundNature, projectCode: null, docNo: indicator.docNo, supDocNo: indicator.supDocNo, payMethod: indicator.payMethod, directFund: indicator.directFund },
        payee: { name, account: '6222020200001234', bank: name }, purpose, date: '2026-02-01',
      });
      if (payment.purpose !== purpose.trim() || payment.payee.name !== name.trim()) throw new Error(`payment text came back as ${JSON.stringify([payment.purpose, payment.payee.name])}`);
      tally.accepted++;
    }, { numRuns: 60, seed });
    expect(tableChecksums(core.databaseFile).sqlite_schema).toBe(schemaBefore);
    expect(integrityCheck(core.databaseFile)).toBe('ok');
  });

  it('unknown and hostile command names, hostile sessions', { timeout: 60_000 }, async () => {
    const before = tableChecksums(core.databaseFile);
    lastChecksums = before;
    const names = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom(...injectionStrings, ...controlStrings, hugeAscii, 'voucher.save ', 'VOUCHER.SAVE', 'voucher', 'voucher.', '.save'));
    await property('names', [names, hostileValue(false)], (name, input) => tryCase(name, input, session), { numRuns: 200, seed });
    const sessions = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom(...injectionStrings, ...controlStrings, hugeAscii, `${session} `, session.toUpperCase()));
    // A command's plausible input with a forged session: refused (or answered, for public ones), never INTERNAL.
    await property('sessions', [fc.constantFrom(...commandNames), sessions], (name, token) => tryCase(name, { bookId }, token), { numRuns: 200, seed });
    expect(changedTables(before, tableChecksums(core.databaseFile))).toEqual([]);
    // Still up, still answering with the real session.
    expect((await core.invoke('book.list', {}, session)).ok).toBe(true);
  });
});
