import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a real HTTP server saw: used by the faultnet tests to prove a fault reached (or not) the server. */
export interface SeenRequest {
  /** Order in which the server began receiving requests. */
  order: number;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Body bytes received (all of them, or as many as arrived before an abort). */
  body: Buffer;
  /** The whole request arrived. */
  complete: boolean;
  /** The handler finished writing its response. */
  answered: boolean;
}

export type Handler = (request: SeenRequest, response: http.ServerResponse) => void | Promise<void>;

export interface RecordingServer {
  port: number;
  url: string;
  seen: SeenRequest[];
  /** Resolves when `count` requests have been seen and settled (answered or aborted). */
  settled(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A real node:http server recording every request; the default handler echoes a JSON summary. */
export async function startRecordingServer(handler?: Handler): Promise<RecordingServer> {
  const seen: SeenRequest[] = [];
  let settledCount = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const settle = () => {
    settledCount++;
    for (const waiter of [...waiters]) if (settledCount >= waiter.count) waiter.resolve();
  };
  const server = http.createServer((request, response) => {
    const record: SeenRequest = { order: seen.length, method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.alloc(0), complete: false, answered: false };
    seen.push(record);
    const chunks: Buffer[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      settle();
    };
    request.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      record.body = Buffer.concat(chunks);
    });
    request.on('error', () => {});
    request.on('close', () => {
      if (!request.complete) finish();
    });
    request.on('end', () => {
      record.complete = true;
      response.on('finish', () => {
        record.answered = true;
        finish();
      });
      response.on('close', finish);
      if (handler) void handler(record, response);
      else {
        const text = JSON.stringify({ order: record.order, method: record.method, url: record.url, bytes: record.body.length });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(text);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    seen,
    settled: (count, timeoutMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        if (settledCount >= count) return resolve();
        const timer = setTimeout(() => reject(new Error(`server settled ${settledCount} of ${count} requests in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ClientResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request through node:http; rejects with the socket error (ECONNRESET, socket hang up, ...). */
export function send(
  baseUrl: string,
  options: { method?: string; path?: string; headers?: http.OutgoingHttpHeaders; body?: Buffer | string; agent?: http.Agent; timeoutMs?: number; chunked?: boolean } = {},
): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const url = new URL(options.path ?? '/', baseUrl);
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const headers: http.OutgoingHttpHeaders = { ...options.headers };
    if (body && !options.chunked) headers['content-length'] = body.length;
    const request = http.request(url, { method: options.method ?? (body ? 'POST' : 'GET'), headers, agent: options.agent ?? false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
      response.on('end', () => {
        if (!response.complete) return reject(Object.assign(new Error('response incomplete'), { code: 'ECONNRESET' }));
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      });
    });
    request.on('error', reject);
    if (options.timeoutMs !== undefined) {
      request.setTimeout(options.timeoutMs, () => request.destroy(Object.assign(new Error('client timeout'), { code: 'ETIMEDOUT' })));
    }
    if (body && options.chunked) {
      // Two chunks, so the framing of chunked bodies is exercised.
      request.write(body.subarray(0, Math.floor(body.length / 2)));
      request.end(body.subarray(Math.floor(body.length / 2)));
    } else request.end(body);
  });
}
