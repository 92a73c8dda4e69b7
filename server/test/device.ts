import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { GENESIS_HASH } from '../../shared/sync/canonical';
import { chainHash, changeText } from '../../shared/sync/chain';
import type { TownshipKind } from '../../shared/sync/kinds';
import type { TownshipChange } from '../../shared/sync/messages';
import { enrollmentMessage, stringToSign } from '../../shared/sync/signing';
import { SYNC_PROTOCOL_VERSION, SYNC_SCHEMA_VERSION, syncHeaders } from '../../shared/sync/version';

/**
 * A township device written independently of the app's sync client (electron/core/sync), from
 * the protocol in shared/sync alone: the server suite drives the server with it, and can also
 * send what a well-behaved client never would (tampered bodies, replays, old epochs, bad chains).
 */
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export interface RawResponse {
  status: number;
  body: { ok: true; value: any } | { ok: false; error: { code: string; message: string; details?: any } };
}

export interface SendOptions {
  /** Replace the body bytes after signing (tampering). */
  tamper?: (bytes: Buffer) => Buffer;
  /** Send exactly these headers (replay). */
  headers?: Record<string, string>;
  encoding?: 'br' | 'gzip' | 'identity';
  timeOffsetMs?: number;
  epoch?: number;
  unsigned?: boolean;
  appVersion?: string;
}

export class TestDevice {
  readonly url: string;
  readonly publicKey: string;
  private readonly privateKey: KeyObject;
  deviceId = '';
  epoch = 0;
  townshipCode = '';
  seq = 0;
  head = GENESIS_HASH;
  /** Every change the county stored, in sequence (to send a page again exactly). */
  history: TownshipChange[] = [];
  /** Headers of the last request (for a replay). */
  lastHeaders: Record<string, string> = {};
  lastBody: Buffer = Buffer.alloc(0);

  constructor(url: string) {
    this.url = url;
    const pair = generateKeyPairSync('ed25519');
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  }

  async enroll(code: string, label = '财政所电脑'): Promise<RawResponse> {
    const installationId = randomBytes(8).toString('hex');
    const proof = sign(null, Buffer.from(enrollmentMessage({ code, publicKey: this.publicKey, installationId })), this.privateKey).toString('base64');
    const response = await fetch(`${this.url}/sync/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [syncHeaders.protocol]: String(SYNC_PROTOCOL_VERSION), [syncHeaders.appVersion]: '0.1.0' },
      body: JSON.stringify({ code, publicKey: this.publicKey, label, appVersion: '0.1.0', installationId, proof }),
    });
    const result = { status: response.status, body: (await response.json()) as RawResponse['body'] };
    if (result.body.ok) {
      this.deviceId = result.body.value.deviceId;
      this.epoch = result.body.value.epoch;
      this.townshipCode = result.body.value.townshipCode;
    }
    return result;
  }

  async send(path: string, payload: unknown, options: SendOptions = {}): Promise<RawResponse> {
    const json = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
    const encoding = options.encoding ?? 'br';
    const bytes = encoding === 'br' ? brotliCompressSync(json) : encoding === 'gzip' ? gzipSync(json) : json;
    let headers: Record<string, string>;
    if (options.headers) headers = options.headers;
    else {
      const time = Date.now() + (options.timeOffsetMs ?? 0);
      const nonce = randomBytes(16).toString('base64url');
      const fields = { method: 'POST', path, deviceId: this.deviceId, epoch: options.epoch ?? this.epoch, time, nonce, bodyHash: sha256(bytes) };
      headers = {
        'content-type': 'application/json',
        ...(encoding !== 'identity' ? { 'content-encoding': encoding } : {}),
        [syncHeaders.protocol]: String(SYNC_PROTOCOL_VERSION),
        [syncHeaders.schema]: String(SYNC_SCHEMA_VERSION),
        [syncHeaders.appVersion]: options.appVersion ?? '0.1.0',
        ...(options.unsigned
          ? {}
          : {
              [syncHeaders.device]: this.deviceId,
              [syncHeaders.epoch]: String(fields.epoch),
              [syncHeaders.time]: String(time),
              [syncHeaders.nonce]: nonce,
              [syncHeaders.bodyHash]: fields.bodyHash,
              [syncHeaders.signature]: sign(null, Buffer.from(stringToSign(fields)), this.privateKey).toString('base64'),
            }),
      };
    }
    const body = options.tamper ? options.tamper(bytes) : bytes;
    this.lastHeaders = headers;
    this.lastBody = body;
    const response = await fetch(this.url + path, { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as RawResponse['body'] };
  }

  /** Numbers and chains the changes after the device's head (not yet advanced: see `accept`). */
  page(changes: Omit<TownshipChange, 'seq' | 'schema'>[], from = this.seq + 1): { prevHash: string; headHash: string; changes: TownshipChange[] } {
    const numbered = changes.map((c, i) => ({ schema: SYNC_SCHEMA_VERSION, ...c, seq: from + i }) as TownshipChange);
    let head = from === this.seq + 1 ? this.head : this.hashes.get(from - 1) ?? GENESIS_HASH;
    const prevHash = head;
    for (const c of numbered) {
      head = chainHash(sha256, head, sha256(changeText(c)));
      this.pending.set(c.seq, head);
    }
    return { prevHash, headHash: head, changes: numbered };
  }

  private hashes = new Map<number, string>();
  private pending = new Map<number, string>();

  /** Pushes a page made of these changes and, when the county stored them, advances the head. */
  push(changes: Omit<TownshipChange, 'seq' | 'schema'>[], options: SendOptions = {}): Promise<RawResponse> {
    return this.pushPage(this.page(changes), options);
  }

  async pushPage(page: { prevHash: string; headHash: string; changes: TownshipChange[] }, options: SendOptions = {}): Promise<RawResponse> {
    const result = await this.send('/sync/v1/push', page, options);
    if (result.body.ok) {
      for (const c of page.changes) this.hashes.set(c.seq, this.pending.get(c.seq)!);
      for (const c of page.changes) if (c.seq > this.history.length) this.history.push(c);
      this.hashes.set(result.body.value.ack, result.body.value.ackHash);
      this.seq = result.body.value.ack;
      this.head = result.body.value.ackHash;
    }
    return result;
  }

  pull(cursor = 0, maxBytes = 1024 * 1024): Promise<RawResponse> {
    return this.send('/sync/v1/pull', { cursor, maxBytes });
  }
}

export const change = (kind: TownshipKind, key: string, book: string | null, data: unknown, op: 'put' | 'delete' = 'put') => ({ kind, key, book, op, data });
