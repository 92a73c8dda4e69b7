import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/test/harness';
import { county, enroll, postScenario, township, TOWNSHIP, type Township } from './harness';

/**
 * Bytes on the wire. The first push of a book must cost at most 1.3 × the gzip size of the same
 * records as canonical JSON (they travel as canonical JSON inside a brotli-compressed page, the
 * page envelope adding only two hashes); one new voucher afterwards stays small.
 */
describe('sync wire size', () => {
  let server: TestServer;
  let t: Township;
  const pushBytes: number[] = [];
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    server = await county('pglite');
    t = await township({ pageBytes: 256 * 1024 });
    await postScenario(t, 300, (i) => `2026-0${1 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')}`);
    globalThis.fetch = (async (url: string | URL | Request, init?: RequestInit) => {
      if (String(url).endsWith('/sync/v1/push')) pushBytes.push((init!.body as Buffer).byteLength);
      return realFetch(url, init);
    }) as typeof fetch;
  }, 120_000);
  afterAll(async () => {
    globalThis.fetch = realFetch;
    t.close();
    await server.close();
  }, 30_000);

  it('sends the first push within 1.3 × the gzip size of the records as canonical JSON', async () => {
    await enroll(t, server);
    const run = await t.accountant.ok('sync.now', {});
    expect(run.status.pending).toBe(0);
    const db = new Database(t.core.databaseFile, { readonly: true });
    const records = (db.prepare('SELECT data FROM sync_outbox WHERE data IS NOT NULL ORDER BY seq').all() as { data: string }[]).map((r) => r.data);
    db.close();
    const canonical = Buffer.from(`[${records.join(',')}]`);
    const gzip = gzipSync(canonical).byteLength;
    const wire = pushBytes.reduce((a, b) => a + b, 0);
    console.log(`first push: ${records.length} records, canonical JSON ${canonical.byteLength} B, gzip ${gzip} B, on the wire ${wire} B in ${pushBytes.length} pages (${(wire / gzip).toFixed(3)} × gzip)`);
    expect(pushBytes.length).toBeGreaterThan(1);
    expect(wire).toBeLessThanOrEqual(1.3 * gzip);
    const books = await server.admin.ok('GET', `/api/townships/${TOWNSHIP}/books`);
    expect(books[0]).toMatchObject({ vouchers: 300, postedVouchers: 300 });
  });

  it('sends one new voucher in well under 3 KB', async () => {
    pushBytes.length = 0;
    await postScenario(t, 1, () => '2026-03-30');
    const started = Date.now();
    await t.accountant.ok('sync.now', {});
    const elapsed = Date.now() - started;
    const wire = pushBytes.reduce((a, b) => a + b, 0);
    console.log(`one voucher (saved, reviewed, posted before the sync): ${wire} B on the wire, sync.now ${elapsed} ms`);
    expect(wire).toBeLessThan(3 * 1024);
  });
});
