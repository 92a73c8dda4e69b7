import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startControlServer } from './control';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from './proxy';
import type { FaultRule } from './rules';
import { send, startRecordingServer, type Handler, type RecordingServer } from './testServer';

/**
 * Each fault is proved on a real node:http server: what the server saw (requests, bytes,
 * completion, order) and what the client got (answers, socket errors, timing).
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: Partial<FaultProxyOptions> = {}, handler?: Handler): Promise<{ server: RecordingServer; proxy: FaultProxy }> {
  const server = await startRecordingServer(handler);
  cleanups.push(() => server.close());
  const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: server.port }, seed: 7, ...options });
  cleanups.push(() => proxy.close());
  return { server, proxy };
}

function errorCode(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code ?? e.message ?? String(error);
}

/** Raw bytes through a socket until the other side closes; resolves with what arrived and how it ended. */
function rawExchange(port: number, bytes: Buffer | string): Promise<{ received: Buffer; ending: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let ending = 'end';
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      ending = error.code ?? error.message;
    });
    socket.on('close', () => resolve({ received: Buffer.concat(chunks), ending }));
    socket.end(bytes);
  });
}

describe('fault proxy, HTTP mode', () => {
  it('forwards exact bytes both ways when no rule fires: content-length, chunked, keep-alive, pipelined', async () => {
    const { server, proxy } = await setup();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(async () => agent.destroy());
    const body = randomBytes(100_000);
    const first = await send(proxy.url, { path: '/push?page=1', body, headers: { 'x-signature': 'abc==' }, agent });
    const second = await send(proxy.url, { path: '/push?page=2', body: body.subarray(0, 5000), chunked: true, agent });
    const third = await send(proxy.url, { path: '/status', agent });
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(JSON.parse(first.body.toString())).toMatchObject({ url: '/push?page=1', bytes: 100_000 });
    expect(server.seen[0]!.body.equals(body)).toBe(true);
    expect(server.seen[0]!.headers['x-signature']).toBe('abc==');
    expect(server.seen[1]!.headers['transfer-encoding']).toBe('chunked');
    expect(server.seen[1]!.body.equals(body.subarray(0, 5000))).toBe(true);
    // One client connection carried all three requests (keep-alive on the client side).
    expect(proxy.stats()).toMatchObject({ connections: 1, requests: 3, upstreamRequests: 3, upstreamResponses: 3 });

    // fetch (undici, what an app would use) through the same proxy.
    const fetched = await fetch(`${proxy.url}/fetch`, { method: 'PUT', body: body.subarray(0, 777) });
    expect(await fetched.json()).toMatchObject({ method: 'PUT', bytes: 777 });
    expect(server.seen[3]!.body.equals(body.subarray(0, 777))).toBe(true);

    // Two requests pipelined in one write: both answered, in order.
    const pipelined = 'GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nxyz';
    const { received } = await rawExchange(proxy.port, pipelined);
    const text = received.toString();
    expect(text.match(/HTTP\/1\.1 200/g)).toHaveLength(2);
    expect(text.indexOf('"url":"/a"')).toBeLessThan(text.indexOf('"url":"/b"'));
    expect(server.seen.slice(4).map((s) => [s.url, s.body.toString()])).toEqual([['/a', ''], ['/b', 'xyz']]);
  });

  it('duplicate: the server receives two identical requests, the client one answer (the second by default)', async () => {
    const { server, proxy } = await setup({ rules: [{ kind: 'duplicate', match: { path: '/push' } }] });
    const body = JSON.stringify({ device: 'd1', seq: 41, changes: ['x'] });
    const answer = await send(proxy.url, { path: '/push', body, headers: { 'idempotency-key': 'd1:41' } });
    await server.settled(2);
    expect(server.seen).toHaveLength(2);
    const [a, b] = server.seen;
    expect(a!.body.toString()).toBe(body);
    expect(b!.body.equals(a!.body)).toBe(true);
    expect(b!.headers).toEqual(a!.headers);
    expect(JSON.parse(answer.body.toString()).order).toBe(1);
    // A path the rule does not match is forwarded once.
    await send(proxy.url, { path: '/status' });
    expect(server.seen).toHaveLength(3);
    expect(proxy.stats().faults.duplicate).toBe(1);
    expect(proxy.stats().upstreamRequests).toBe(3);

    proxy.setRules([{ kind: 'duplicate', respond: 'first', concurrent: true }]);
    const concurrentAnswer = await send(proxy.url, { path: '/push', body });
    await server.settled(5);
    expect(server.seen.slice(3).map((s) => s.body.toString())).toEqual([body, body]);
    expect([3, 4]).toContain(JSON.parse(concurrentAnswer.body.toString()).order);
  });

  it('cutRequest: the server gets the head and exactly N body bytes, never a whole request; the client sees a reset', async () => {
    const { server, proxy } = await setup({ rules: [{ kind: 'cutRequest', afterBytes: 1000 }] });
    const body = randomBytes(10_000);
    const error = await send(proxy.url, { path: '/push', body }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(['ECONNRESET', 'socket hang up']).toContain(errorCode(error));
    await server.settled(1);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]!.complete).toBe(false);
    expect(server.seen[0]!.answered).toBe(false);
    expect(server.seen[0]!.body.equals(body.subarray(0, 1000))).toBe(true);
    expect(proxy.events).toMatchObject([{ kind: 'cutRequest', path: '/push', detail: expect.stringContaining('of 10') }]);

    // afterBytes beyond the body is clamped: still an incomplete request at the server.
    proxy.setRules([{ kind: 'cutRequest', afterBytes: 1_000_000 }]);
    await send(proxy.url, { path: '/push', body: 'short' }).catch(() => null);
    await server.settled(2);
    expect(server.seen[1]!.complete).toBe(false);
    expect(server.seen[1]!.body.toString()).toBe('shor');
  });

  it('cutResponse: the server completes its work, the client gets a reset mid-answer', async () => {
    const big = randomBytes(50_000).toString('hex');
    const { server, proxy } = await setup({ rules: [{ kind: 'cutResponse', afterBytes: [200, 400] }] }, (seen, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(big);
    });
    const error = await send(proxy.url, { path: '/push', body: 'page' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(['ECONNRESET', 'socket hang up']).toContain(errorCode(error));
    await server.settled(1);
    expect(server.seen[0]).toMatchObject({ complete: true, answered: true });
    expect(proxy.stats().faults.cutResponse).toBe(1);

    // Without reset: exactly N bytes, then an orderly close (raw client counts the bytes).
    proxy.setRules([{ kind: 'cutResponse', afterBytes: 321, reset: false }]);
    const { received, ending } = await rawExchange(proxy.port, 'GET /x HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(received.length).toBe(321);
    expect(received.subarray(0, 15).toString()).toBe('HTTP/1.1 200 OK');
    expect(ending).toBe('end');
    await server.settled(2);
    expect(server.seen[1]).toMatchObject({ url: '/x', answered: true });
  });

  it('reorder: a held request reaches the server after a later one; alone, it is released by its timeout', async () => {
    const { server, proxy } = await setup({ rules: [{ kind: 'reorder', times: 1, maxHoldMs: 5000 }] });
    const held = send(proxy.url, { path: '/push', body: 'page-1' });
    // Make sure page-1 reached the proxy (and was held) before page-2 is sent.
    await expect.poll(() => proxy.stats().requests).toBe(1);
    const later = await send(proxy.url, { path: '/push', body: 'page-2' });
    const first = await held;
    expect(server.seen.map((s) => s.body.toString())).toEqual(['page-2', 'page-1']);
    expect(JSON.parse(first.body.toString()).order).toBe(1);
    expect(JSON.parse(later.body.toString()).order).toBe(0);
    expect(proxy.stats().reorderReleased).toEqual({ later: 1, timeout: 0, flushed: 0 });

    proxy.setRules([{ kind: 'reorder', maxHoldMs: 300 }]);
    const started = performance.now();
    await send(proxy.url, { path: '/alone' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(proxy.stats().reorderReleased).toEqual({ later: 1, timeout: 1, flushed: 0 });

    // settle() lets held requests go at once and returns when nothing is in flight.
    proxy.setRules([{ kind: 'reorder', maxHoldMs: 60_000 }]);
    const stuck = send(proxy.url, { path: '/stuck' });
    await expect.poll(() => proxy.stats().requests).toBe(4);
    await proxy.settle();
    expect(server.seen.at(-1)!.url).toBe('/stuck');
    expect((await stuck).status).toBe(200);
    expect(proxy.stats().reorderReleased.flushed).toBe(1);
  });

  it('drop: the request never reaches the server; the client times out, or is closed with closeAfterMs', async () => {
    const { server, proxy } = await setup({ rules: [{ kind: 'drop', match: { method: 'POST' } }] });
    const error = await send(proxy.url, { path: '/push', body: 'x', timeoutMs: 300 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(errorCode(error)).toBe('ETIMEDOUT');
    await send(proxy.url, { path: '/status' }); // GET passes: the server is reachable
    expect(server.seen.map((s) => s.url)).toEqual(['/status']);

    proxy.setRules([{ kind: 'drop', closeAfterMs: 100 }]);
    const closed = await send(proxy.url, { path: '/push', body: 'x', timeoutMs: 3000 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(['ECONNRESET', 'socket hang up']).toContain(errorCode(closed));
    expect(server.seen).toHaveLength(1);
    expect(proxy.stats().faults.drop).toBe(2);
  });

  it('a server that is down or dies mid-answer gives the client a broken connection, counted as an upstream error', async () => {
    const { server, proxy } = await setup({}, (seen, response) => {
      // Dies after half an answer: headers and part of a declared body.
      response.writeHead(200, { 'content-length': '1000' });
      response.write('x'.repeat(300), () => response.socket?.destroy());
    });
    const died = await send(proxy.url, { path: '/push', body: 'page' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(['ECONNRESET', 'socket hang up']).toContain(errorCode(died));
    await server.close();
    const down = await send(proxy.url, { path: '/push', body: 'page' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(['ECONNRESET', 'socket hang up']).toContain(errorCode(down));
    expect(proxy.stats().upstreamErrors).toBe(2);
  });

  it('delay: per chunk, fixed or drawn from a range; probability applies per chunk', async () => {
    const body = randomBytes(8 * 1024);
    const { proxy } = await setup({ chunkSize: 1024, rules: [{ kind: 'delay', ms: 40, direction: 'request' }] });
    const started = performance.now();
    await send(proxy.url, { path: '/push', body });
    const elapsed = performance.now() - started;
    // Head + 8 KiB body = 9 chunks of ≤ 1 KiB, each held 40 ms.
    expect(proxy.stats().faults.delay).toBe(9);
    expect(elapsed).toBeGreaterThanOrEqual(9 * 40 - 5);

    proxy.setRules([{ kind: 'delay', ms: [1, 3], probability: 0.5 }]);
    proxy.resetStats();
    for (let i = 0; i < 5; i++) await send(proxy.url, { path: '/push', body });
    const delayed = proxy.stats().faults.delay;
    // 5 × (9 request chunks + 1 response chunk) = 50 draws at p = 0.5.
    expect(delayed).toBeGreaterThan(10);
    expect(delayed).toBeLessThan(40);
  });

  it('bandwidth: without root, a shared token bucket holds each direction to its rate', async () => {
    const reply = randomBytes(60_000);
    const { proxy } = await setup({ bandwidth: { upBytesPerSecond: 100_000, burstBytes: 4096 } }, (seen, response) => {
      response.writeHead(200);
      response.end(seen.url === '/download' ? reply : 'ok');
    });
    const body = randomBytes(60_000);
    let started = performance.now();
    await send(proxy.url, { path: '/upload', body });
    const upload = performance.now() - started;
    started = performance.now();
    await send(proxy.url, { path: '/download' });
    const freeDownload = performance.now() - started;
    // (60,000 + head − 4,096 burst) / 100,000 B/s ≈ 0.56 s.
    expect(upload).toBeGreaterThan(500);
    expect(upload).toBeLessThan(1500);
    expect(freeDownload).toBeLessThan(300);

    proxy.setBandwidth({ downBytesPerSecond: 100_000 });
    started = performance.now();
    const downloaded = await send(proxy.url, { path: '/download' });
    const download = performance.now() - started;
    expect(downloaded.body.equals(reply)).toBe(true);
    expect(download).toBeGreaterThan(500);
    expect(download).toBeLessThan(1500);
  });

  it('replays from the seed: same seed and rules give the same faults on the same requests', async () => {
    const rules: FaultRule[] = [
      { id: 'cut', kind: 'cutResponse', probability: 0.2, afterBytes: [0, 50] },
      { id: 'dup', kind: 'duplicate', probability: 0.3, skip: 2, times: 5 },
    ];
    const run = async (seed: number) => {
      const { proxy } = await setup({ seed, rules });
      for (let i = 0; i < 30; i++) await send(proxy.url, { path: `/push/${i}`, body: `page ${i}` }).catch(() => null);
      return { events: proxy.events.map((e) => `${e.arrival}:${e.rule}:${e.detail}`), stats: proxy.stats() };
    };
    const a = await run(1234);
    const b = await run(1234);
    const c = await run(99);
    expect(a.events).toEqual(b.events);
    expect(a.events.length).toBeGreaterThan(3);
    expect(c.events).not.toEqual(a.events);
    expect(a.stats.byRule.dup ?? 0).toBeLessThanOrEqual(5);
    expect(a.events.some((e) => /^[01]:dup/.test(e))).toBe(false); // skip: 2
  });

  it('keyOf: decisions follow the request identity, not the arrival order', async () => {
    const rules: FaultRule[] = [{ kind: 'cutResponse', probability: 0.5 }];
    const keyOf = (request: { headers: ReadonlyMap<string, string> }) => request.headers.get('x-device') ?? '';
    const outcome = async (order: string[]) => {
      const { proxy } = await setup({ seed: 5, rules, keyOf });
      const fates: Record<string, string> = {};
      for (const device of order) {
        const fate = await send(proxy.url, { path: '/push', headers: { 'x-device': device } }).then(
          () => 'ok',
          () => 'cut',
        );
        fates[device] = `${fates[device] ?? ''}${fate[0]}`;
      }
      return fates;
    };
    const devices = ['a', 'b', 'c', 'd', 'e', 'f'];
    const forward = await outcome([...devices, ...devices]);
    const backward = await outcome([...devices, ...devices].reverse());
    expect(backward).toEqual(forward);
  });

  it('refuses invalid rules with the field at fault, and is driven through its control API', async () => {
    const { server, proxy } = await setup();
    expect(() => proxy.setRules([{ kind: 'delay' } as unknown as FaultRule])).toThrow(/ms must be/);
    expect(() => proxy.setRules([{ kind: 'drop', probability: 2 }])).toThrow(/probability/);
    expect(() => proxy.setRules([{ kind: 'explode' } as unknown as FaultRule])).toThrow(/kind must be one of/);

    const control = await startControlServer(proxy);
    cleanups.push(() => control.close());
    const bad = await fetch(`${control.url}/rules`, { method: 'PUT', body: JSON.stringify([{ kind: 'cutRequest', afterBytes: [5, 1] }]) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/afterBytes/);
    const good = await fetch(`${control.url}/rules`, { method: 'PUT', body: JSON.stringify([{ kind: 'duplicate', match: { path: { regex: '^/push$' } } }]) });
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual([{ kind: 'duplicate', match: { path: { regex: expect.stringMatching(/push\$$/) } } }]);
    await send(proxy.url, { path: '/push', body: 'x' });
    await send(proxy.url, { path: '/push/other', body: 'y' });
    await server.settled(3);
    expect(server.seen.map((s) => s.url)).toEqual(['/push', '/push', '/push/other']);
    const stats = await (await fetch(`${control.url}/stats`)).json();
    expect(stats).toMatchObject({ seed: 7, requests: 2, faults: { duplicate: 1 } });
    const events = await (await fetch(`${control.url}/events`)).json();
    expect(events).toMatchObject([{ kind: 'duplicate', path: '/push' }]);
    expect((await fetch(`${control.url}/bandwidth`, { method: 'PUT', body: '{"upBytesPerSecond":-1}' })).status).toBe(400);
    expect((await fetch(`${control.url}/bandwidth`, { method: 'PUT', body: '{"upBytesPerSecond":8000}' })).status).toBe(200);
    expect(proxy.bandwidth).toEqual({ upBytesPerSecond: 8000 });
  });
});

describe('fault proxy, TCP mode', () => {
  /** A raw TCP server that counts what it receives and answers `reply` bytes. */
  async function byteServer(reply: Buffer) {
    const received: Buffer[] = [];
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      const chunks: Buffer[] = [];
      received.push(Buffer.alloc(0));
      const index = received.length - 1;
      socket.on('data', (chunk) => {
        chunks.push(chunk);
        received[index] = Buffer.concat(chunks);
      });
      socket.on('error', () => {});
      socket.on('end', () => socket.end(reply));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    return { port: (server.address() as net.AddressInfo).port, received, connections: () => connections };
  }

  it('passes a stream through, cuts it after N bytes either way, and drops a connection', async () => {
    const reply = randomBytes(30_000);
    const target = await byteServer(reply);
    const proxy = await startFaultProxy({ mode: 'tcp', target: { host: '127.0.0.1', port: target.port }, seed: 3 });
    cleanups.push(() => proxy.close());
    const payload = randomBytes(20_000);

    const clean = await rawExchange(proxy.port, payload);
    expect(clean.received.equals(reply)).toBe(true);
    expect(target.received[0]!.equals(payload)).toBe(true);

    proxy.setRules([{ kind: 'cutResponse', afterBytes: 12_345, reset: false }]);
    const cutDown = await rawExchange(proxy.port, payload);
    expect(cutDown.received.equals(reply.subarray(0, 12_345))).toBe(true);

    proxy.setRules([{ kind: 'cutRequest', afterBytes: 777 }]);
    const cutUp = await rawExchange(proxy.port, payload);
    expect(cutUp.received.length).toBe(0);
    expect(cutUp.ending).toBe('ECONNRESET');
    await expect.poll(() => target.received[2]?.length).toBe(777);

    proxy.setRules([{ kind: 'drop', closeAfterMs: 50 }]);
    const dropped = await rawExchange(proxy.port, payload);
    expect(dropped.received.length).toBe(0);
    expect(target.connections()).toBe(3);
    expect(proxy.stats().faults).toMatchObject({ cutResponse: 1, cutRequest: 1, drop: 1 });
    expect(() => proxy.setRules([{ kind: 'duplicate' }])).toThrow(/needs HTTP mode/);
  });
});
