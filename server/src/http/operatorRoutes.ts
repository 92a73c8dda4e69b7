import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ServerError } from '../../../shared/sync/errors';
import {
  createOperator,
  listOperators,
  login,
  logout,
  operatorCreateSchema,
  operatorForToken,
  operatorRoleLabels,
  type Operator,
  type OperatorRole,
} from '../auth/operators';
import type { ServerContext } from '../context';
import { listBooks, listChangeIssues, listPeriodChecks, listVouchers, periodQuerySchema, trialBalanceAtCounty, voucherQuerySchema } from '../county/books';
import { decide, decisionInputSchema, indicatorIssueSchema, issueIndicator, pendingSubmissions } from '../county/decisions';
import { noticePublishSchema, publishNotice, publishReference, publishThreshold, referencePublishSchema, thresholdPublishSchema } from '../county/publish';
import { createTownship, issueEnrollmentCode, listDevices, listTownships, requireTownship, retireDevice, townshipCreateSchema } from '../county/townships';
import { importPackage } from '../sync/offline';
import { parseInput } from './errors';
import { createRateLimiter } from './rateLimit';

const ok = <T>(value: T) => ({ ok: true as const, value });

const bearer = (request: FastifyRequest): string | null => {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
};

/**
 * The county operators' HTTP API (/api): JSON in, `{ ok, value | error }` out. A bearer token
 * from /api/login; roles 管理员 (everything), 审核 (decisions and indicators, reading), 只读 (reading).
 */
export function registerOperatorRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const loginLimiter = createRateLimiter(30);

  const who = async (request: FastifyRequest, roles: readonly OperatorRole[]): Promise<Operator> => {
    const token = bearer(request);
    const operator = token ? await operatorForToken(ctx, token) : null;
    if (!operator) throw new ServerError('UNAUTHORIZED', '请先登录（登录已过期或令牌无效）');
    if (!roles.includes(operator.role)) {
      throw new ServerError('FORBIDDEN', `权限不足：此操作需要 ${roles.map((r) => operatorRoleLabels[r]).join(' 或 ')} 角色`);
    }
    return operator;
  };
  const anyone = ['admin', 'reviewer', 'readonly'] as const;
  const deciders = ['admin', 'reviewer'] as const;
  const admins = ['admin'] as const;
  const township = (request: FastifyRequest) => (request.params as { code: string }).code;
  const book = (request: FastifyRequest) => (request.params as { bookId: string }).bookId;

  app.post('/api/login', async (request) => {
    if (!loginLimiter.take(request.ip)) throw new ServerError('RATE_LIMITED', '登录尝试过于频繁，请稍后再试。');
    const input = parseInput(z.object({ username: z.string().trim().min(1, '请填写登录名').max(64), password: z.string().min(1, '请填写密码').max(128) }), request.body);
    return ok(await login(ctx, input.username, input.password));
  });
  app.post('/api/logout', async (request) => {
    await who(request, anyone);
    await logout(ctx, bearer(request)!);
    return ok({ loggedOut: true });
  });
  app.get('/api/me', async (request) => ok(await who(request, anyone)));

  app.get('/api/operators', async (request) => {
    await who(request, admins);
    return ok(await listOperators(ctx.db));
  });
  app.post('/api/operators', async (request) => {
    await who(request, admins);
    return ok(await createOperator(ctx, parseInput(operatorCreateSchema, request.body)));
  });

  app.get('/api/townships', async (request) => {
    await who(request, anyone);
    return ok(await listTownships(ctx.db));
  });
  app.post('/api/townships', async (request) => ok(await createTownship(ctx, await who(request, admins), parseInput(townshipCreateSchema, request.body))));
  app.post('/api/townships/:code/enrollment-codes', async (request) => ok(await issueEnrollmentCode(ctx, await who(request, admins), township(request))));
  app.get('/api/townships/:code/devices', async (request) => {
    await who(request, anyone);
    return ok(await listDevices(ctx.db, township(request)));
  });
  app.post('/api/devices/:id/retire', async (request) => ok(await retireDevice(ctx, await who(request, admins), (request.params as { id: string }).id)));

  app.post('/api/townships/:code/indicators', async (request) => ok(await issueIndicator(ctx, await who(request, deciders), township(request), parseInput(indicatorIssueSchema, request.body))));
  app.get('/api/townships/:code/submissions', async (request) => {
    await who(request, anyone);
    await requireTownship(ctx.db, township(request));
    return ok(await pendingSubmissions(ctx.db, township(request)));
  });
  app.post('/api/townships/:code/decisions', async (request) => ok(await decide(ctx, await who(request, deciders), township(request), parseInput(decisionInputSchema, request.body))));

  app.post('/api/reference-data', async (request) => ok(await publishReference(ctx, await who(request, admins), parseInput(referencePublishSchema, request.body))));
  app.post('/api/thresholds', async (request) => ok(await publishThreshold(ctx, await who(request, admins), parseInput(thresholdPublishSchema, request.body))));
  app.post('/api/notices', async (request) => ok(await publishNotice(ctx, await who(request, deciders), parseInput(noticePublishSchema, request.body))));

  app.get('/api/townships/:code/books', async (request) => {
    await who(request, anyone);
    await requireTownship(ctx.db, township(request));
    return ok(await listBooks(ctx.db, township(request)));
  });
  app.get('/api/townships/:code/books/:bookId/vouchers', async (request) => {
    await who(request, anyone);
    const q = parseInput(voucherQuerySchema, request.query);
    return ok(await listVouchers(ctx.db, township(request), book(request), q.year, q.month));
  });
  app.get('/api/townships/:code/books/:bookId/trial-balance', async (request) => {
    await who(request, anyone);
    const q = parseInput(periodQuerySchema, request.query);
    return ok(await trialBalanceAtCounty(ctx.db, township(request), book(request), q.year, q.month));
  });
  app.get('/api/townships/:code/period-checks', async (request) => {
    await who(request, anyone);
    return ok(await listPeriodChecks(ctx.db, township(request)));
  });
  // 离线包 from a township's USB stick: the body is the file; the answer is the county's package to carry back.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: ctx.config.bodyLimit }, (_request, body, done) => done(null, body));
    scope.post('/api/packages', async (request, reply) => {
      const operator = await who(request, deciders);
      if (!Buffer.isBuffer(request.body)) throw new ServerError('INVALID_INPUT', '请以 application/octet-stream 上传离线包文件的内容。');
      const result = await importPackage(ctx, operator, request.body);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(result.fileName)}`)
        .header('x-xc-package-summary', encodeURIComponent(JSON.stringify(result.summary)))
        .send(result.bytes);
    });
  });

  app.get('/api/townships/:code/change-issues', async (request) => {
    await who(request, anyone);
    await requireTownship(ctx.db, township(request));
    return ok(await listChangeIssues(ctx.db, township(request)));
  });
}
