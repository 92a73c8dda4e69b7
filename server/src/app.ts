import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerContext } from './context';
import { registerDeviceRoutes } from './http/deviceRoutes';
import { installErrorHandling } from './http/errors';
import { registerOperatorRoutes } from './http/operatorRoutes';
import { registerUpdates } from './http/updates';
import { versionsOf } from './sync/devices';

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
  app.get('/health', async () => ({ ok: true, value: { status: 'ok', versions: versionsOf(ctx) } }));
  registerOperatorRoutes(app, ctx);
  registerDeviceRoutes(app, ctx);
  registerUpdates(app, ctx.config.updatesDir);
  return app;
}
