import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants } from 'node:zlib';
import { isServerErrorData, type ServerErrorData } from '../../../shared/sync/errors';
import type { Versions } from '../../../shared/sync/messages';
import { stringToSign } from '../../../shared/sync/signing';
import { SYNC_PROTOCOL_VERSION, SYNC_SCHEMA_VERSION, syncHeaders } from '../../../shared/sync/version';
import { sha256Hex } from './digest';
import { signWith, type DeviceKey } from './keys';

const brotliAsync = promisify(brotliCompress);

/** The county could not be reached, or answered something that is not the protocol. */
export class SyncTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncTransportError';
  }
}

/** The county answered with a typed refusal. */
export class SyncRefusal extends Error {
  readonly data: ServerErrorData;
  readonly status: number;
  constructor(data: ServerErrorData, status: number) {
    super(data.message);
    this.name = 'SyncRefusal';
    this.data = data;
    this.status = status;
  }
}

export interface ClientOptions {
  serverUrl: string;
  appVersion: string;
  timeoutMs?: number;
  /** Local clock minus the server's (ms): signed times are the server's clock as best known. */
  clockOffsetMs: () => number;
  onServerTime: (offsetMs: number, versions: Versions) => void;
  /** The county's own time on the request (its Server-Timing header, sent only when it took long), or null. */
  onServerTiming?: (path: string, serverMs: number | null) => void;
}

export interface Identity {
  deviceId: string;
  epoch: number;
  key: DeviceKey;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * The township's side of the exchange over HTTP (Node's fetch): bodies are JSON compressed with
 * brotli, signed requests carry the headers of shared/sync/signing.ts. A CLOCK_SKEW refusal
 * brings the server's time: the offset is corrected and the request signed again, once.
 */
export function createSyncClient(options: ClientOptions) {
  const base = trimSlash(options.serverUrl);

  async function exchange<T>(path: string, init: { method: 'GET' | 'POST'; body?: Buffer; headers?: Record<string, string> }): Promise<T> {
    const started = Date.now();
    let response: Response;
    try {
      response = await fetch(base + path, {
        method: init.method,
        headers: { 'accept-encoding': 'br, gzip', ...(init.headers ?? {}) },
        body: init.body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new SyncTransportError(`无法连接县级服务器（${base}，${cause}）。网络恢复后会自动同步，本机记账不受影响。`);
    }
    const timing = /\bdur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '');
    options.onServerTiming?.(path, timing ? Number(timing[1]) : null);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new SyncTransportError(`县级服务器地址 ${base} 的回应不是乡财通同步服务（HTTP ${response.status}）。请核对服务器地址。`);
    }
    const result = body as { ok?: boolean; value?: T & { versions?: Versions }; error?: unknown };
    const versions = result.ok ? result.value?.versions : (result.error as { details?: Versions } | undefined)?.details;
    if (versions && typeof versions.serverTime === 'string') {
      const server = Date.parse(versions.serverTime);
      // The server's clock at the middle of the exchange.
      if (Number.isFinite(server)) options.onServerTime(Math.round((started + Date.now()) / 2 - server), versions);
    }
    if (result.ok === true) return result.value as T;
    if (result.ok === false && isServerErrorData(result.error)) throw new SyncRefusal(result.error, response.status);
    throw new SyncTransportError(`县级服务器的回应无法识别（HTTP ${response.status}）。请核对服务器地址。`);
  }

  const compress = (value: unknown) => brotliCompressSync(Buffer.from(JSON.stringify(value), 'utf8'), { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
  const versionHeaders = { [syncHeaders.protocol]: String(SYNC_PROTOCOL_VERSION), [syncHeaders.schema]: String(SYNC_SCHEMA_VERSION), [syncHeaders.appVersion]: options.appVersion };

  const compressAsync = (value: unknown) => brotliAsync(Buffer.from(JSON.stringify(value), 'utf8'), { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });

  const signed = <T>(identity: Identity, path: string, value: unknown): Promise<T> => signedBody<T>(identity, path, compress(value));

  /** A signed POST of a body already compressed (compressAsync): the push prepares its next page while the county works. */
  async function signedBody<T>(identity: Identity, path: string, body: Buffer, retried = false): Promise<T> {
    const time = Date.now() - options.clockOffsetMs();
    const nonce = randomBytes(18).toString('base64url');
    const bodyHash = sha256Hex(body);
    const signature = signWith(identity.key, stringToSign({ method: 'POST', path, deviceId: identity.deviceId, epoch: identity.epoch, time, nonce, bodyHash }));
    try {
      return await exchange<T>(path, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'br',
          ...versionHeaders,
          [syncHeaders.device]: identity.deviceId,
          [syncHeaders.epoch]: String(identity.epoch),
          [syncHeaders.time]: String(time),
          [syncHeaders.nonce]: nonce,
          [syncHeaders.bodyHash]: bodyHash,
          [syncHeaders.signature]: signature,
        },
      });
    } catch (error) {
      // The offset has just been corrected from the server's answer: sign again with it.
      if (!retried && error instanceof SyncRefusal && error.data.code === 'CLOCK_SKEW') return signedBody<T>(identity, path, body, true);
      throw error;
    }
  }

  return {
    info: () => exchange<{ name: string; countyPublicKey: string; versions: Versions }>('/sync/v1/info', { method: 'GET' }),
    enroll: <T>(value: unknown) => exchange<T>('/sync/v1/enroll', { method: 'POST', body: Buffer.from(JSON.stringify(value)), headers: { 'content-type': 'application/json', ...versionHeaders } }),
    signed,
    signedBody,
    /** Bytes of the last compressed body would be useful for measurements; the caller can compress itself. */
    compress,
    /** The same compression on libuv's thread pool, off the main thread. */
    compressAsync,
  };
}

export type SyncClient = ReturnType<typeof createSyncClient>;
