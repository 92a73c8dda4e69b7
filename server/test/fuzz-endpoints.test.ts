import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverErrorCodes } from '../../shared/sync/errors';
import { databaseKinds, startTestServer, type TestServer } from './harness';

/**
 * Every endpoint the county server declares (read from server/src/http, so a new route is fuzzed
 * without anyone remembering to add it), called by a logged-in 管理员 — the caller who gets
 * furthest — with hostile path parameters, query strings and bodies: wrong types, huge strings,
 * negative, overflowing and fractional amounts, control characters, SQL-injection text, deeply
 * nested JSON. Every answer is typed (a known code and a Chinese message, never a 500), every
 * write is refused and nothing is written, and the server keeps answering.
 */

const httpDir = join(import.meta.dirname, '../src/http');
const routes = readdirSync(httpDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .flatMap((f) => [...readFileSync(join(httpDir, f), 'utf8').matchAll(/\b(?:app|scope)\.(get|post|put|patch|delete)\(\s*'([^']+)'/g)])
  .map((m) => ({ method: m[1]!.toUpperCase(), path: m[2]! }))
  // Logging out would end the fuzzing operator's own session: a valid call, not a hostile one.
  .filter((r) => r.path !== '/api/logout');

const hostileText = fc.oneof(
  fc.constantFrom(
    "420102001' OR '1'='1",
    "'; DROP TABLE township; --",
    '../../etc/passwd',
    '%00',
    '\u0000\u0001\u001f\u007f',
    '𠀀😀\u202e',
    'NaN',
    '-1',
    '1e309',
    '9007199254740993',
    '0.001',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 5000, maxLength: 20000 }),
);

const hostileNumber = fc.oneof(
  fc.constantFrom(-1, -0, 0.001, 1e309, -1e309, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, Number.MIN_SAFE_INTEGER - 2),
  fc.double(),
  fc.integer(),
);

const hostileValue = fc.oneof(hostileText, hostileNumber, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }));

/** Bodies: random JSON, objects of hostile members, the field names the API uses with hostile values, and raw text. */
const fieldNames = ['code', 'name', 'username', 'password', 'displayName', 'role', 'amount', 'year', 'indicatorId', 'kind', 'decision', 'township', 'bookId', 'period', 'version', 'data', 'title', 'body', 'thresholds', 'id'];
const hostileBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.dictionary(fc.constantFrom(...fieldNames), hostileValue, { maxKeys: 8 }).map((v) => JSON.stringify(v)),
  fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { maxKeys: 6 }).map((v) => JSON.stringify(v)),
  fc.nat({ max: 3 }).map((i) => ['{', '{"a":', '[1,2', 'not json'][i]!),
  fc.integer({ min: 200, max: 3000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
);

const writesCounted = ['township', 'enrollment_code', 'device', 'operator', 'indicator', 'indicator_movement', 'decision', 'county_feed', 'broadcast', 'received_change', 'township_record', 'ledger_line', 'period_check', 'book_owner'];

describe.each(databaseKinds)('every county endpoint, fuzzed, on %s', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind, { deviceRatePerMinute: 100_000 });
    await server.admin.ok('POST', '/api/townships', { code: '420102001', name: '青山镇' });
  }, 60_000);
  afterAll(() => server.close(), 30_000);

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of writesCounted) out[table] = Number((await server.db.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
    return out;
  };

  it('finds the routes it fuzzes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
    expect(routes).toContainEqual({ method: 'POST', path: '/api/townships/:code/indicators' });
    expect(routes).toContainEqual({ method: 'POST', path: '/sync/v1/push' });
  });

  it('refuses a NUL in the address or a body, typed, before the database sees it (it used to be a 500), and a body nested 3,000 deep', async () => {
    const refusal = (r: { status: number; body: unknown }) => [r.status, (r.body as { error?: { code: string } }).error?.code, (r.body as { error?: { message: string } }).error?.message ?? ''] as const;
    const nul = refusal(await server.admin.request('GET', `/api/townships/${encodeURIComponent('4201\u0000')}/devices`));
    expect(nul.slice(0, 2)).toEqual([400, 'INVALID_INPUT']);
    const body = refusal(await server.admin.request('POST', '/api/townships', { code: '420102002', name: '青山\u0000镇' }));
    expect(body.slice(0, 2)).toEqual([400, 'INVALID_INPUT']);
    expect(body[2]).toContain('控制字符');
    const deep = await fetch(`${server.url}/api/operators`, { method: 'POST', headers: { authorization: `Bearer ${server.admin.token}`, 'content-type': 'application/json' }, body: '['.repeat(3000) + ']'.repeat(3000) });
    expect(deep.status).toBe(400);
  });

  it('answers hostile input on every endpoint with a typed refusal and writes nothing', async () => {
    const before = await counts();
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(hostileText, { minLength: 3, maxLength: 3 }),
        fc.dictionary(fc.constantFrom('year', 'period', 'limit', 'cursor', 'from', 'to', 'q'), hostileText, { maxKeys: 3 }),
        hostileBody,
        async (route, params, query, body) => {
          let i = 0;
          const path = route.path.replace(/:[A-Za-z]+|\*/g, () => encodeURIComponent(params[i++ % params.length]!));
          const search = new URLSearchParams(query).toString();
          const response = await fetch(`${server.url}${path}${search ? `?${search}` : ''}`, {
            method: route.method,
            headers: { authorization: `Bearer ${server.admin.token}`, ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
            body: route.method === 'GET' ? undefined : body,
            signal: AbortSignal.timeout(10_000),
          }).catch((error: unknown) => {
            throw new Error(`${route.method} ${path} body ${body.slice(0, 120)}: ${String(error)}`);
          });
          const text = await response.text();
          expect(response.status, `${route.method} ${path} body ${JSON.stringify(body.slice(0, 300))}: ${text.slice(0, 200)}`).toBeLessThan(500);
          seen.set(`${route.method} ${route.path}`, (seen.get(`${route.method} ${route.path}`) ?? 0) + 1);
          // Node's HTTP parser refuses a request line or headers over 16 KB before any route sees it.
          if (response.status === 431 || response.status === 414) return;
          if (route.method === 'GET' && response.ok && route.path.startsWith('/updates/')) return;
          const answer = JSON.parse(text) as { ok: boolean; error?: { code: string; message: string } };
          if (route.method !== 'GET') expect(answer.ok, `${route.method} ${path} accepted ${body.slice(0, 200)}`).toBe(false);
          if (!answer.ok) {
            expect(serverErrorCodes).toContain(answer.error!.code);
            expect(answer.error!.message).toMatch(/[\u4e00-\u9fa5]/);
          }
        },
      ),
      // endOnFailure: a failure is reported as found, not shrunk (shrinking over 20 KB strings takes minutes).
      { numRuns: Number(process.env.FUZZ_RUNS ?? routes.length * 12), seed: 20261128, endOnFailure: true },
    );
    expect(await counts()).toEqual(before);
    // Still up, and still the same server.
    expect((await server.admin.request('GET', '/api/townships')).body.ok).toBe(true);
    expect(seen.size).toBeGreaterThanOrEqual(routes.length - 2);
  }, 180_000);
});
