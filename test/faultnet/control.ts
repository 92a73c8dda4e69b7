import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BandwidthLimit, FaultProxy } from './proxy';
import { rulesToJson } from './rules';

/**
 * A tiny HTTP control API for a running proxy (soak and netns runs drive it from another process):
 *
 *   GET  /stats              counters (ProxyStats) and the seed
 *   GET  /events?since=N     fault events from index N
 *   GET  /rules              current rules (RegExp paths as { "regex": "..." })
 *   PUT  /rules              replace the rules (JSON array; 400 with the reason when invalid)
 *   PUT  /bandwidth          { upBytesPerSecond?, downBytesPerSecond?, burstBytes?, perConnection? } or null
 *   POST /reset              zero the counters and events
 */
export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1024 * 1024) reject(new Error('control request larger than 1 MiB'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function checkBandwidth(value: unknown): BandwidthLimit | null {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('bandwidth must be an object or null');
  const limit = value as Record<string, unknown>;
  for (const key of Object.keys(limit)) {
    if (!['upBytesPerSecond', 'downBytesPerSecond', 'burstBytes', 'perConnection'].includes(key)) throw new Error(`bandwidth: unknown field "${key}"`);
  }
  for (const key of ['upBytesPerSecond', 'downBytesPerSecond', 'burstBytes'] as const) {
    const v = limit[key];
    if (v !== undefined && !(typeof v === 'number' && v > 0)) throw new Error(`bandwidth.${key} must be a number > 0`);
  }
  if (limit.perConnection !== undefined && typeof limit.perConnection !== 'boolean') throw new Error('bandwidth.perConnection must be true or false');
  return limit as BandwidthLimit;
}

export async function startControlServer(proxy: FaultProxy, listen: { host?: string; port?: number } = {}): Promise<ControlServer> {
  const server = http.createServer((request, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    const url = new URL(request.url ?? '/', 'http://control');
    const route = `${request.method} ${url.pathname}`;
    void (async () => {
      try {
        switch (route) {
          case 'GET /stats':
            return answer(200, { seed: proxy.seed, mode: proxy.mode, ...proxy.stats() });
          case 'GET /events':
            return answer(200, proxy.events.slice(Number(url.searchParams.get('since') ?? 0) || 0));
          case 'GET /rules':
            return answer(200, rulesToJson(proxy.rules));
          case 'PUT /rules':
            proxy.setRules(JSON.parse(await readBody(request)));
            return answer(200, rulesToJson(proxy.rules));
          case 'PUT /bandwidth':
            proxy.setBandwidth(checkBandwidth(JSON.parse(await readBody(request))));
            return answer(200, proxy.bandwidth);
          case 'POST /reset':
            proxy.resetStats();
            return answer(200, proxy.stats());
          default:
            return answer(404, { error: `no route ${route}; see test/faultnet/README.md` });
        }
      } catch (error) {
        return answer(400, { error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port ?? 0, listen.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
