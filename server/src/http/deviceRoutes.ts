import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, inflateSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ServerError } from '../../../shared/sync/errors';
import { enrollRequestSchema, pullRequestSchema, pushRequestSchema } from '../../../shared/sync/messages';
import { syncHeaders } from '../../../shared/sync/version';
import type { ServerContext } from '../context';
import { authenticateDevice, checkVersions, enroll, versionsOf } from '../sync/devices';
import { countyKey } from '../sync/countyKey';
import { handlePull } from '../sync/pull';
import { handlePush } from '../sync/push';
import { handleRebuild } from '../sync/rebuild';
import { rebuildRequestSchema } from '../../../shared/sync/rebuild';
import { parseInput } from './errors';
import { createRateLimiter } from './rateLimit';

/**
 * A push page that shared the county with other pushes and took at least this long (signature,
 * checks, the transaction) is answered with `Server-Timing: push;dur=<ms>`; the others carry
 * nothing (no bytes in the common case). The township sizes its next page by it
 * (electron/core/sync/service.ts): smaller while many townships push at once, so no page waits
 * long behind the others; a township pushing alone keeps its large pages however long they take.
 */
export const SLOW_PUSH_MS = 50;
let pushesInFlight = 0;

/** The body as sent, decompressed by its Content-Encoding, never beyond `limit` bytes (a zip bomb stops there). */
export function inflate(body: Buffer, encoding: string | undefined, limit: number): Buffer {
  const options = { maxOutputLength: limit };
  try {
    switch ((encoding ?? 'identity').trim().toLowerCase()) {
      case 'identity':
      case '':
        return body;
      case 'br':
        return brotliDecompressSync(body, options);
      case 'gzip':
        return gunzipSync(body, options);
      case 'deflate':
        return inflateSync(body, options);
      default:
        throw new ServerError('UNSUPPORTED_ENCODING', `不支持的压缩方式：${encoding}（支持 br、gzip、deflate）`);
    }
  } catch (error) {
    if (error instanceof ServerError) throw error;
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|too large/i.test(String(error))) {
      throw new ServerError('BODY_TOO_LARGE', '解压后的请求内容超过服务器允许的大小，已拒绝。');
    }
    throw new ServerError('INVALID_INPUT', '请求内容无法解压（数据损坏或压缩方式与声明不符）。');
  }
}

function parseJson<S extends z.ZodType>(schema: S, bytes: Buffer): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ServerError('INVALID_INPUT', '请求内容不是有效的 JSON。');
  }
  return parseInput(schema, value);
}

/** Answers JSON, brotli-compressed when the device accepts it and the answer is worth compressing. */
function sendJson(request: FastifyRequest, reply: FastifyReply, value: unknown): FastifyReply {
  const text = JSON.stringify({ ok: true, value });
  const accepts = String(request.headers['accept-encoding'] ?? '');
  void reply.header('content-type', 'application/json; charset=utf-8');
  if (text.length > 160 && /\bbr\b/.test(accepts)) {
    // Compressed whenever that is smaller with its header (22 B): the answers of a one-voucher sync
    // are ≈ 250–300 B of JSON, and every byte of that sync counts against its 3 KB.
    const compressed = brotliCompressSync(Buffer.from(text), { params: { [constants.BROTLI_PARAM_QUALITY]: text.length > 2048 ? 5 : 11 } });
    if (compressed.length + 22 < Buffer.byteLength(text)) return reply.header('content-encoding', 'br').send(compressed);
  }
  return reply.send(text);
}

/**
 * The device side of the server (/sync/v1). Bodies are read raw (the signature covers the bytes
 * on the wire), limited in size, then decompressed within a second limit. Two rate limits: per
 * client address before anything is checked, per device once its signature holds.
 */
export function registerDeviceRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const perAddress = createRateLimiter(ctx.config.deviceRatePerMinute * 4);
  const perDevice = createRateLimiter(ctx.config.deviceRatePerMinute);

  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ctx.config.bodyLimit }, (_request, body, done) => done(null, body));
    scope.addHook('onRequest', async (request) => {
      if (!perAddress.take(request.ip)) throw new ServerError('RATE_LIMITED', '请求过于频繁，请稍后再试。');
    });

    const rawOf = (request: FastifyRequest): Buffer => (Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
    const signed = async (request: FastifyRequest) => {
      const raw = rawOf(request);
      const device = await authenticateDevice(ctx, request, raw);
      if (!perDevice.take(device.id)) throw new ServerError('RATE_LIMITED', '本机同步请求过于频繁，请稍后再试。');
      return { device, body: inflate(raw, request.headers['content-encoding'], ctx.config.inflatedLimit) };
    };

    scope.get('/sync/v1/info', async (request, reply) =>
      sendJson(request, reply, { name: '乡财通县级服务器', countyPublicKey: (await countyKey(ctx.db)).publicKey, versions: versionsOf(ctx) }),
    );

    scope.post('/sync/v1/enroll', async (request, reply) => {
      checkVersions(ctx, String(request.headers[syncHeaders.protocol] ?? ''), String(request.headers[syncHeaders.appVersion] ?? '0.0.0'));
      const input = parseJson(enrollRequestSchema, inflate(rawOf(request), request.headers['content-encoding'], 64 * 1024));
      return sendJson(request, reply, await enroll(ctx, input));
    });

    scope.post('/sync/v1/push', async (request, reply) => {
      const started = performance.now();
      let shared = ++pushesInFlight > 1;
      try {
        const { device, body } = await signed(request);
        const answer = await handlePush(ctx, device, parseJson(pushRequestSchema, body));
        shared ||= pushesInFlight > 1;
        // Busy with other townships' pages and slow: say how long, and the device sends smaller pages.
        const ms = performance.now() - started;
        if (shared && ms >= SLOW_PUSH_MS) void reply.header('server-timing', `push;dur=${Math.round(ms)}`);
        return sendJson(request, reply, answer);
      } finally {
        pushesInFlight--;
      }
    });

    scope.post('/sync/v1/pull', async (request, reply) => {
      const { device, body } = await signed(request);
      return sendJson(request, reply, await handlePull(ctx, device, parseJson(pullRequestSchema, body)));
    });

    // Rebuild from the county: the township's records for the device currently enrolled (a replacement PC).
    scope.post('/sync/v1/rebuild', async (request, reply) => {
      const { device, body } = await signed(request);
      return sendJson(request, reply, await handleRebuild(ctx, device, parseJson(rebuildRequestSchema, body)));
    });
  });
}
