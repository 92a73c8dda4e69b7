import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverErrorCodes } from '../../shared/sync/errors';
import { townshipKinds } from '../../shared/sync/kinds';
import { TestDevice } from './device';
import { databaseKinds, startTestServer, type TestServer } from './harness';

/**
 * Fuzzed bodies from an enrolled (correctly signing) device: random JSON, random bytes under a
 * declared compression, and pages of structurally valid changes whose records are random. Every
 * answer is typed (a known error code, never 500), and the server keeps answering.
 */
describe.each(databaseKinds)('fuzzed device payloads on %s', (kind) => {
  let server: TestServer;
  let device: TestDevice;

  beforeAll(async () => {
    server = await startTestServer(kind, { deviceRatePerMinute: 100_000 });
    await server.admin.ok('POST', '/api/townships', { code: '420102001', name: '青山镇' });
    device = new TestDevice(server.url);
    await device.enroll((await server.admin.ok('POST', '/api/townships/420102001/enrollment-codes')).code);
  }, 60_000);
  afterAll(() => server.close(), 30_000);

  const typed = (r: { status: number; body: { ok: boolean; error?: { code: string; message: string } } }) => {
    expect(r.status).toBeLessThan(500);
    if (!r.body.ok) {
      expect(serverErrorCodes).toContain(r.body.error!.code);
      expect(r.body.error!.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  };

  it('answers random JSON with typed errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('/sync/v1/push', '/sync/v1/pull'), async (value, path) => {
        typed(await device.send(path, JSON.stringify(value)));
      }),
      { numRuns: 40 },
    );
  });

  it('answers random bytes under any declared encoding with typed errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom('br', 'gzip', 'deflate', 'identity', 'zstd'), async (bytes, encoding) => {
        const signed = await device.send('/sync/v1/pull', { cursor: 0 });
        expect(signed.body.ok).toBe(true);
        const headers = { ...device.lastHeaders, 'content-encoding': encoding };
        const response = await fetch(`${server.url}/sync/v1/push`, { method: 'POST', headers, body: Buffer.from(bytes) });
        typed({ status: response.status, body: (await response.json()) as never });
      }),
      { numRuns: 30 },
    );
  });

  it('stores pages of random records as typed rejections, never as applied garbage', async () => {
    const record = fc.dictionary(fc.constantFrom('id', 'bookId', 'year', 'month', 'lines', 'status', 'name', 'code'), fc.jsonValue({ maxDepth: 2 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ kind: fc.constantFrom(...townshipKinds), key: fc.string({ minLength: 1, maxLength: 20 }), data: record }), { minLength: 1, maxLength: 5 }), async (items) => {
        const r = await device.push(items.map((i) => ({ kind: i.kind, key: i.key, book: typeof i.data.bookId === 'string' ? i.data.bookId : null, op: 'put' as const, data: i.data })));
        typed(r);
        if (r.body.ok) expect(r.body.value.applied).toBe(0);
      }),
      { numRuns: 30 },
    );
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
