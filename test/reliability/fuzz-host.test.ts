import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { callerOf, setUpOffice } from '../../electron/core/reliability/office';
import { seedFromEnv } from '../../electron/core/reliability/random';
import { changedTables, integrityCheck, tableChecksums } from '../../electron/core/reliability/snapshot';
import { startHost, type RunningHost } from '../../electron/host/server';
import { commandNames, commands, type CommandName } from '../../shared/api/commands';
import { errorCodes, type Result } from '../../shared/api/errors';
import { uuidv7 } from '../../shared/domain/id';
import { tempDir } from '../helpers/tmp';
import { controlStrings, deepJsonText, hostileInput, injectionStrings, ONE_MB, toJsonText } from './hostile';
import { recordFuzzTally } from './tally';

/**
 * Hostile requests to the browser-mode host over real HTTP: POST /api/invoke/<name> for every
 * command with hostile JSON bodies (and bodies that are not JSON at all, invalid UTF-8, over
 * 1 MB, nested 10,000 and 100,000 levels), hostile names and headers; GET /api/events with bad
 * tokens; static paths built to escape the renderer folder. Every API answer must be a typed
 * Result (never INTERNAL, never a 5xx), no refused request may write, no file outside the
 * renderer folder may be served, and the server answers a ping after every case.
 */

const seed = seedFromEnv();
const runsPerCommand = Number(process.env.XIANGCAI_FUZZ_HTTP_RUNS ?? 12);
const notRunWhenValid = new Set<string>(['auth.logout', 'backup.configure', 'backup.create', 'backup.verify', 'backup.restore']);
const refusalMayWrite: Record<string, string[]> = { 'auth.login': ['login_throttle', 'audit_log'] };
const clock = new Date('2026-03-16T02:00:00.000Z');

let dir: ReturnType<typeof tempDir>;
let core: Core;
let host: RunningHost;
let session: string;
let bookId: string;
let cookie: string;
let watcher: Database.Database;
let lastChecksums: Record<string, string> = {};
const tally = { cases: 0, refused: 0, accepted: 0, skipped: 0, crashes: 0, writes: 0, internal: 0, staticCases: 0 };

beforeAll(async () => {
  dir = tempDir('xiangcai-fuzz-host-');
  const rendererDir = join(dir.path, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>乡财通</title></head><body></body></html>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir.path, 'secret.txt'), 'SECRET-OUTSIDE-RENDERER');
  core = openCore({ dataDir: join(dir.path, 'data'), mode: 'browser', appVersion: 'fuzz', log: () => {}, backupSchedule: false, now: () => clock });
  const office = await setUpOffice(core);
  bookId = office.bookId;
  await callerOf(core, () => office.sessions.wang).ok('user.create', { id: uuidv7(), username: 'root', displayName: '全权用户', password: 'root-password-0', roles: ['accountant', 'reviewer', 'cashier', 'supervisor', 'admin'] });
  session = (await callerOf(core, () => null).ok('auth.login', { username: 'root', password: 'root-password-0' })).token;
  host = await startHost({ core, rendererDir, port: 0 });
  const entry = await send(`/?token=${host.token}`);
  cookie = String(entry.headers['set-cookie']).split(';')[0]!;
  watcher = new Database(core.databaseFile, { readonly: true });
});
afterAll(async () => {
  watcher.close();
  await host.close();
  core.close();
  expect(integrityCheck(join(dir.path, 'data', 'xiangcai.db'))).toBe('ok');
  dir.cleanup();
  recordFuzzTally('http', tally);
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // agent: false — a fresh connection per case, so a request the server cut short cannot spoil the next.
    const req = request({ host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      // The event stream never ends by itself: read its first bytes and hang up.
      if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        res.once('data', (c: Buffer) => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: c.toString('utf8') });
          req.destroy();
        });
      }
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const apiHeaders = (token = session) => ({ 'content-type': 'application/json', 'x-xiangcai-token': host.token, 'x-xiangcai-session': token });
const dataVersion = () => watcher.pragma('data_version', { simple: true }) as number;
/** encodeURIComponent, with lone surrogates (which it refuses) sent as a raw malformed escape. */
const encodeLoosely = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return `${encodeURIComponent(text.replace(/[\ud800-\udfff]/g, ''))}%ED%A0%80`;
  }
};
const short = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…(${text.length})` : text);

/** The server is still there and still right. */
async function alive(): Promise<void> {
  const ping = await send('/api/invoke/system.ping', { method: 'POST', headers: apiHeaders(), body: '{}' });
  if (ping.status !== 200 || !(JSON.parse(ping.body) as Result<unknown>).ok) throw new Error(`server no longer answers a ping: ${ping.status} ${short(ping.body)}`);
}

/** One API request: a typed Result, never a 5xx or INTERNAL, no write when refused. */
async function apiCase(label: string, path: string, body: string | Buffer, options: { name?: string; input?: unknown; headers?: Record<string, string>; method?: string } = {}): Promise<void> {
  const name = options.name ?? '';
  const isCommand = (commandNames as readonly string[]).includes(name);
  const schemaValid = isCommand && options.input !== undefined && commands[name as CommandName].input.safeParse(options.input ?? {}).success;
  if (schemaValid && notRunWhenValid.has(name)) {
    tally.skipped++;
    return;
  }
  tally.cases++;
  const allowed = refusalMayWrite[name];
  const before = dataVersion();
  const checksumsBefore = allowed ? tableChecksums(core.databaseFile) : null;
  let reply: Reply;
  try {
    reply = await send(path, { method: options.method ?? 'POST', headers: options.headers ?? apiHeaders(), body });
  } catch (error) {
    tally.crashes++;
    throw new Error(`${label}: the request failed (${String(error)})`);
  }
  if (reply.status >= 500) {
    tally.internal++;
    throw new Error(`${label}: HTTP ${reply.status} ${short(reply.body)}`);
  }
  let result: Result<unknown>;
  try {
    result = JSON.parse(reply.body) as Result<unknown>;
  } catch {
    throw new Error(`${label}: HTTP ${reply.status} answered no JSON: ${short(reply.body)}`);
  }
  if (result.ok) {
    tally.accepted++;
    if (isCommand && options.input !== undefined && !schemaValid) throw new Error(`${label}: accepted a schema-invalid input`);
    return;
  }
  tally.refused++;
  if (!(errorCodes as readonly string[]).includes(result.error.code)) throw new Error(`${label}: unknown code ${result.error.code}`);
  if (result.error.code === 'INTERNAL') {
    tally.internal++;
    throw new Error(`${label}: INTERNAL ${short(JSON.stringify(result.error))}`);
  }
  if (!/[\u4e00-\u9fa5]/.test(result.error.message)) throw new Error(`${label}: message not in Chinese: ${result.error.message}`);
  const changed = checksumsBefore
    ? changedTables(checksumsBefore, tableChecksums(core.databaseFile)).filter((t) => !allowed!.includes(t))
    : dataVersion() !== before ? changedTables(lastChecksums, tableChecksums(core.databaseFile)) : [];
  if (changed.length > 0) {
    tally.writes++;
    throw new Error(`${label}: refused (${result.error.code}) but wrote to ${changed.join(', ')}`);
  }
}

async function property<Ts extends [unknown, ...unknown[]]>(label: string, arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, run: (...args: Ts) => Promise<void>, params: fc.Parameters<Ts>) {
  const details = await fc.check(fc.asyncProperty(...arbitraries, run) as fc.IAsyncProperty<Ts>, params);
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${label}: ${error.slice(0, 1500)}\nreplay: XIANGCAI_SEED=${seed} (fast-check seed ${details.seed}, path ${details.counterexamplePath})`);
  }
}

/** Raw bodies that are not (all) valid JSON. */
const rawBodies: (string | Buffer)[] = [
  '',
  ' ',
  '{',
  '{"a":',
  'null',
  '[]',
  '"text"',
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  '{"amount": 1e999}',
  '{"amount": -0}',
  '\ufeff{}',
  '{}\u0000',
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  Buffer.from([0xff, 0xfe, 0xfd, 0x7b, 0x7d]),
  Buffer.from('{"name":"\xed\xa0\x80"}', 'latin1'),
  deepJsonText(10_000, 'array'),
  deepJsonText(10_000, 'object'),
  deepJsonText(100_000, 'array'),
  `{"bookId":"${'x'.repeat(ONE_MB - 20)}"}`,
  `{"bookId":"${'x'.repeat(ONE_MB + 10)}"}`,
  `[${'1,'.repeat(200_000)}1]`,
];

describe('hostile requests to the browser-mode host', () => {
  it('POST /api/invoke/<every command> with hostile JSON: typed errors, nothing written, still serving', { timeout: 240_000 }, async () => {
    for (const name of commandNames) {
      lastChecksums = tableChecksums(core.databaseFile);
      const acceptedBefore = tally.accepted;
      await property(
        name,
        [hostileInput(commands[name].input, { bookId, anyId: uuidv7() }, true)],
        async (input) => {
          const body = toJsonText(input);
          await apiCase(`${name} ${short(body)}`, `/api/invoke/${encodeURIComponent(name)}`, body, { name, input: JSON.parse(body === '' ? '{}' : body) as unknown });
        },
        { numRuns: runsPerCommand, seed: seed + commandNames.indexOf(name), endOnFailure: true },
      );
      if (tally.accepted === acceptedBefore) {
        expect(changedTables(lastChecksums, tableChecksums(core.databaseFile)).filter((t) => !refusalMayWrite[name]?.includes(t)), name).toEqual([]);
      }
      await alive();
    }
  });

  it('raw bodies that are not JSON, too large, or nested 100,000 deep', { timeout: 120_000 }, async () => {
    lastChecksums = tableChecksums(core.databaseFile);
    for (const name of ['voucher.save', 'book.create', 'auth.login', 'budget.paymentConfirm', 'system.ping']) {
      for (const body of rawBodies) {
        await apiCase(`${name} raw ${short(body.toString())}`, `/api/invoke/${name}`, body, { name });
      }
      // Odd headers: no content type, a wrong one, a session that is not ours, a token that is not.
      await apiCase(`${name} text/plain`, `/api/invoke/${name}`, '{}', { name, headers: { 'content-type': 'text/plain', 'x-xiangcai-token': host.token } });
      await apiCase(`${name} forged session`, `/api/invoke/${name}`, '{}', { name, headers: apiHeaders(`${session}x`) });
      await apiCase(`${name} no token`, `/api/invoke/${name}`, '{}', { name, headers: { 'content-type': 'application/json' } });
      await apiCase(`${name} lying content-length`, `/api/invoke/${name}`, '{}', { name, headers: { ...apiHeaders(), 'content-length': String(ONE_MB * 10) } }).catch((error: unknown) => {
        // A declared length far above what is sent: the server refuses at once (413) or the socket closes; both are fine.
        if (!/request failed/.test(String(error))) throw error;
        tally.crashes--;
      });
    }
    await alive();
    expect(changedTables(lastChecksums, tableChecksums(core.databaseFile)).filter((t) => !['login_throttle', 'audit_log'].includes(t))).toEqual([]);
  });

  it('hostile command names and API paths', { timeout: 120_000 }, async () => {
    lastChecksums = tableChecksums(core.databaseFile);
    const segments = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }).map(encodeLoosely),
      fc.constantFrom(...[...injectionStrings, ...controlStrings].map(encodeLoosely), '%', '%E0%A4%A', '%ZZ', '%00', '..', '%2e%2e', '%2F', 'voucher.save%2F..', 'x'.repeat(8000), '__proto__', 'constructor'),
    );
    await property('names', [segments], async (segment) => {
      await apiCase(`name ${short(segment)}`, `/api/invoke/${segment}`, '{}');
    }, { numRuns: 300, seed });
    for (const path of ['/api/', '/api/invoke', '/api/invoke/', '/api/invoke/a/b', '/api/other', '/api/events/x', '/api//invoke/system.ping', '/api/invoke/system.ping?x=%E0%A4%A']) {
      await apiCase(`path ${path}`, path, '{}');
      for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) await apiCase(`${method} ${path}`, path, '', { method });
    }
    // The event stream with hostile tokens: refused in JSON; with the real one, it opens.
    for (const token of ['', 'x', `${host.token}x`, encodeURIComponent(injectionStrings[0]!), '%E0%A4%A', 'x'.repeat(10_000)]) {
      await apiCase(`events ${short(token)}`, `/api/events?token=${token}`, '', { method: 'GET' });
    }
    const stream = await send(`/api/events?token=${host.token}`);
    expect(stream.status).toBe(200);
    await alive();
    expect(changedTables(lastChecksums, tableChecksums(core.databaseFile))).toEqual([]);
  });

  it('static paths: never a file outside the renderer folder, never a 5xx', { timeout: 120_000 }, async () => {
    const tricks = fc.constantFrom(
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/../../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/%00',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/%',
      '/%%32%65',
      '//secret.txt',
      '/\\..\\secret.txt',
      '/assets/',
      '/assets',
      `/${'a/'.repeat(2000)}`,
      '/%F0%9F%98%80',
      '/CON',
      '/aux.js',
    );
    const paths = fc.oneof(tricks, fc.string({ unit: 'binary', maxLength: 60 }).map((s) => `/${encodeLoosely(s).replace(/%2F/g, '/')}`));
    await property('static', [paths, fc.boolean()], async (path, withCookie) => {
      tally.staticCases++;
      const reply = await send(path, { headers: withCookie ? { cookie } : {} });
      if (reply.status >= 500) throw new Error(`GET ${short(path)}: HTTP ${reply.status} ${short(reply.body)}`);
      if (reply.body.includes('SECRET-OUTSIDE-RENDERER')) throw new Error(`GET ${short(path)} served a file outside the renderer folder`);
      if (!withCookie && reply.status === 200) throw new Error(`GET ${short(path)} answered 200 without the token cookie`);
    }, { numRuns: 400, seed });
    await alive();
  });
});
