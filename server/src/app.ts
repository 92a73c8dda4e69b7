import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerContext } from './context';
import { registerDeviceRoutes } from './http/deviceRoutes';
import { installErrorHandling } from './http/errors';
import { registerOperatorRoutes } from './http/operatorRoutes';
import { registerUpdates } from './http/updates';
import { versionsOf } from './sync/devices';
import { ServerError } from '../../shared/sync/errors';

export interface TlsFiles {
  key: Buffer;
  cert: Buffer;
}

/** The county server's HTTP application (not yet listening): operator API, device sync, updates. */
export function buildServer(ctx: ServerContext, tls?: TlsFiles): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: Math.min(ctx.config.bodyLimit, 2 * 1024 * 1024),
    trustProxy: process.env.XIANGCAI_TRUST_PROXY === '1',
    ...(tls ? { https: tls } : {}),
  } as never) as unknown as FastifyInstance;
  installErrorHandling(app, ctx.log);
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff').header('cache-control', reply.getHeader('cache-control') ?? 'no-store');
    return payload;
  });
  // PostgreSQL text cannot hold U+0000: a NUL anywhere in the address or a JSON body is refused
  // here, typed, before any route hands it to the database (found by server/test/fuzz-endpoints.test.ts).
  app.addHook('preValidation', async (request) => {
    if (holdsNul(request.params) || holdsNul(request.query) || holdsNul(request.body)) {
      throw new ServerError('INVALID_INPUT', '请求中含有不允许的控制字符（\\0），已拒绝。');
    }
  });
  app.get('/health', async () => ({ ok: true, value: { status: 'ok', versions: versionsOf(ctx) } }));
  registerOperatorRoutes(app, ctx);
  registerDeviceRoutes(app, ctx);
  registerUpdates(app, ctx.config.updatesDir);
  return app;
}

/** Whether a parsed value (not a raw Buffer body) holds U+0000 in any string, key or value: walked with a stack of its own, as bodies may nest thousands deep. */
function holdsNul(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      if (Array.isArray(value)) stack.push(...value);
      else
        for (const [k, v] of Object.entries(value)) {
          if (k.includes('\u0000')) return true;
          stack.push(v);
        }
    }
  }
  return false;
}
