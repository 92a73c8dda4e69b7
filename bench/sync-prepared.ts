// Push pages prepared before the measured window, for bench/sync-load.ts: the load generator of
// thirty townships must not take the CPU the county is being measured on.
//
// A township is enrolled by its real core (sync.configure: key, enrollment, baseline in the
// outbox); then its outbox rows and device key are taken out (TownshipClient.outbox) and its push
// pages made as electron/core/sync/service.ts makes them — the same rows in sequence, the same
// JSON ({ prevHash, headHash, changes }), brotli at quality 5 on the thread pool — but all of
// them before the window. During the window a township only signs each page (Ed25519 over the
// same string, fresh time and nonce: the county checks both, so nothing is signed in advance),
// sends it from its own address, reads the answer and checks the acknowledgement.
//
// Page sizes follow the township's rule (service.ts: 64 KB first, doubled up to 1 MB while the
// county's Server-Timing says under 100 ms or says nothing, halved down to 64 KB while over
// 250 ms). To have every size ready, the outbox is cut into 64 KB blocks by the township's own
// rule and a page of 2^k blocks (k = 0…4: 64 KB … 1 MB) is made at every block position that is a
// multiple of 2^k; a township that may grow its pages does so at the next such position. So pages
// are aligned where the township's are not; their sizes are the same steps.
import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import http from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompressSync, constants } from 'node:zlib';
import { GENESIS_HASH } from '../shared/sync/canonical';
import { stringToSign } from '../shared/sync/signing';
import { SYNC_PROTOCOL_VERSION, SYNC_SCHEMA_VERSION, syncHeaders } from '../shared/sync/version';
import { sha256Hex } from '../electron/core/sync/digest';
import { signWith } from '../electron/core/sync/keys';
import type { EnrolledOutbox, OutboxRow } from './sync-lib';

const brotliAsync = promisify(brotliCompress);

/** electron/core/sync/service.ts: FIRST_PAGE_BYTES = MIN_PAGE_BYTES, FAST_PAGE_MS, SLOW_PAGE_MS; pageBytes 1 MB. */
export const BLOCK_BYTES = 64 * 1024;
export const LEVELS = 5;
const FAST_PAGE_MS = 100;
const SLOW_PAGE_MS = 250;

export interface PreparedPage {
  firstSeq: number;
  lastSeq: number;
  changes: number;
  /** Blocks this page covers. */
  blocks: number;
  body: Buffer;
}

export interface PreparedTownship {
  code: string;
  deviceId: string;
  epoch: number;
  key: KeyObject;
  /** pages[k].get(position): the page of 2^k blocks starting at that block. */
  pages: Map<number, PreparedPage>[];
  blocks: number;
  changes: number;
}

/** Cuts the outbox the way the township's nextPage() does at 64 KB (row JSON lengths + 200 each). */
function blocksOf(rows: readonly OutboxRow[]): OutboxRow[][] {
  const blocks: OutboxRow[][] = [];
  let block: OutboxRow[] = [];
  let bytes = 0;
  for (const r of rows) {
    if (block.length > 0 && bytes + (r.data?.length ?? 0) > BLOCK_BYTES) {
      blocks.push(block);
      block = [];
      bytes = 0;
    }
    block.push(r);
    bytes += (r.data?.length ?? 0) + 200;
  }
  if (block.length > 0) blocks.push(block);
  return blocks;
}

/** Every page of every size, compressed (the work of the window moved before it). */
export async function preparePages(code: string, outbox: EnrolledOutbox): Promise<PreparedTownship> {
  const blocks = blocksOf(outbox.rows);
  const pages: Map<number, PreparedPage>[] = [];
  for (let k = 0; k < LEVELS; k++) {
    const level = new Map<number, PreparedPage>();
    const span = 2 ** k;
    const made: Promise<void>[] = [];
    for (let at = 0; at < blocks.length; at += span) {
      const rows = blocks.slice(at, at + span).flat();
      const before = at === 0 ? null : blocks[at - 1]![blocks[at - 1]!.length - 1]!;
      const prevHash = before ? before.chain_hash : outbox.ackSeq === 0 ? GENESIS_HASH : outbox.ackHash;
      const changes = rows.map((r) => ({ seq: r.seq, kind: r.kind, key: r.key, book: r.book_id, op: r.op, schema: r.schema, data: r.data === null ? null : JSON.parse(r.data) }));
      const json = Buffer.from(JSON.stringify({ prevHash, headHash: rows[rows.length - 1]!.chain_hash, changes }), 'utf8');
      made.push(
        brotliAsync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }).then((body) => {
          level.set(at, { firstSeq: rows[0]!.seq, lastSeq: rows[rows.length - 1]!.seq, changes: rows.length, blocks: Math.min(span, blocks.length - at), body });
        }),
      );
    }
    await Promise.all(made);
    pages.push(level);
  }
  return { code, deviceId: outbox.deviceId, epoch: outbox.epoch, key: createPrivateKey(outbox.privateKeyPem), pages, blocks: blocks.length, changes: outbox.rows.length };
}

export interface PagePush {
  township: string;
  level: number;
  changes: number;
  requestBytes: number;
  /** From handing the signed request to the socket to the last byte of the answer. */
  ms: number;
  /** The county's Server-Timing (sent when it shared the county and took ≥ 50 ms), else null. */
  serverMs: number | null;
  status: number;
  at: number;
}

/** One signed POST on the township's own keep-alive connection; resolves with the answer. */
function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ agent, host: url.hostname, port: url.port, path: '/sync/v1/push', method: 'POST', headers: { ...headers, 'content-length': String(body.byteLength) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Pushes all of a township's pages, one in flight at a time, sized by the township's rule.
 * Throws unless every page is acknowledged whole.
 */
export async function pushPrepared(t: PreparedTownship, serverUrl: string, source: string, log: PagePush[]): Promise<void> {
  const url = new URL(serverUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: source });
  const key = { privateKey: t.key, publicKey: '' };
  try {
    let level = 0;
    for (let at = 0; at < t.blocks; ) {
      let k = level;
      while (k > 0 && at % 2 ** k !== 0) k--;
      const page = t.pages[k]!.get(at)!;
      const time = Date.now();
      const nonce = randomBytes(18).toString('base64url');
      const bodyHash = sha256Hex(page.body);
      const signature = signWith(key, stringToSign({ method: 'POST', path: '/sync/v1/push', deviceId: t.deviceId, epoch: t.epoch, time, nonce, bodyHash }));
      const headers = {
        'accept-encoding': 'br, gzip',
        'content-type': 'application/json',
        'content-encoding': 'br',
        [syncHeaders.protocol]: String(SYNC_PROTOCOL_VERSION),
        [syncHeaders.schema]: String(SYNC_SCHEMA_VERSION),
        [syncHeaders.appVersion]: '0.1.0',
        [syncHeaders.device]: t.deviceId,
        [syncHeaders.epoch]: String(t.epoch),
        [syncHeaders.time]: String(time),
        [syncHeaders.nonce]: nonce,
        [syncHeaders.bodyHash]: bodyHash,
        [syncHeaders.signature]: signature,
      };
      const started = performance.now();
      const answer = await post(agent, url, headers, page.body);
      const ms = performance.now() - started;
      const text = answer.headers['content-encoding'] === 'br' ? brotliDecompressSync(answer.body).toString('utf8') : answer.body.toString('utf8');
      const parsed = JSON.parse(text) as { ok: boolean; value?: { ack: number }; error?: { code: string; message: string } };
      const timing = /\bdur=([\d.]+)/.exec(String(answer.headers['server-timing'] ?? ''));
      const serverMs = timing ? Number(timing[1]) : null;
      log.push({ township: t.code, level: k, changes: page.changes, requestBytes: page.body.byteLength, ms, serverMs, status: answer.status, at: Date.now() });
      if (!parsed.ok || parsed.value!.ack !== page.lastSeq) {
        throw new Error(`township ${t.code}: page ${page.firstSeq}–${page.lastSeq} answered ${answer.status} ${parsed.ok ? `ack ${parsed.value!.ack}` : `${parsed.error!.code} ${parsed.error!.message}`}`);
      }
      at += page.blocks;
      // The township's size (level), doubled or halved as service.ts does; the page sent may have been smaller (alignment).
      const s = serverMs ?? 0;
      if (s < FAST_PAGE_MS) level = Math.min(LEVELS - 1, level + 1);
      else if (s > SLOW_PAGE_MS) level = Math.max(0, level - 1);
    }
  } finally {
    agent.destroy();
  }
}
