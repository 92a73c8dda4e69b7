import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ServerError, type ServerErrorData } from '../../../shared/sync/errors';

/** Validates a body or query against a zod schema; the first problem becomes the Chinese message. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.filter((p) => typeof p !== 'symbol'), message: i.message }));
  const first = issues[0];
  const where = first && first.path.length > 0 ? `（字段 ${first.path.join('.')}）` : '';
  throw new ServerError('INVALID_INPUT', `输入有误：${first?.message ?? '格式不正确'}${where}`, { issues });
}

export const failure = (error: ServerErrorData) => ({ ok: false as const, error });

/**
 * Every refusal is `{ ok: false, error: { code, message } }` with a Chinese message, whatever
 * went wrong: our own ServerError, Fastify's body limit or JSON parser, or a crash (logged, and
 * answered without details).
 */
export function installErrorHandling(app: FastifyInstance, log: (message: string, error?: unknown) => void): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ServerError) {
      void reply.status(error.status).send(failure(error.toData()));
      return;
    }
    const code = (error as { code?: string }).code;
    const status = (error as { statusCode?: number }).statusCode;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
      void reply.status(413).send(failure({ code: 'BODY_TOO_LARGE', message: '请求内容超过服务器允许的大小，已拒绝。' }));
      return;
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
      void reply.status(415).send(failure({ code: 'UNSUPPORTED_ENCODING', message: '不支持的内容类型或压缩方式。' }));
      return;
    }
    if (code?.startsWith('FST_ERR_CTP') || (status !== undefined && status >= 400 && status < 500)) {
      void reply.status(400).send(failure({ code: 'INVALID_INPUT', message: '请求格式不正确（不是有效的 JSON 或缺少内容）。' }));
      return;
    }
    log(`${request.method} ${request.url} failed`, error);
    void reply.status(500).send(failure({ code: 'INTERNAL', message: '服务器内部错误，本次请求未生效。请稍后重试，若仍失败请联系县财政局信息管理员。' }));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(failure({ code: 'NOT_FOUND', message: `没有这个地址：${request.method} ${request.url.split('?')[0]}` }));
  });
}
