import type { z } from 'zod';
import { commands, isCommandName, type CommandName } from '../../shared/api/commands';
import { AppError, type AppErrorData, type Result } from '../../shared/api/errors';
import type { CoreContext } from './context';
import type { Handler, Handlers } from './handlers';

export interface InputIssue {
  path: (string | number)[];
  message: string;
}

function describeIssues(error: z.ZodError): { message: string; issues: InputIssue[] } {
  const issues = error.issues.map((issue) => ({
    path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: issue.message,
  }));
  const first = issues[0];
  const where = first && first.path.length > 0 ? `（字段 ${first.path.join('.')}）` : '';
  return { message: `输入有误：${first?.message ?? '格式不正确'}${where}`, issues };
}

export type Dispatch = (name: string, input: unknown) => Promise<Result<unknown>>;

/**
 * The one entry point of the core. It never throws: unknown names, invalid input
 * and failures inside a handler all come back as `{ ok: false, error }`.
 */
export function createDispatcher(
  handlers: Handlers,
  context: CoreContext,
  log: (message: string, error: unknown) => void,
): Dispatch {
  return async (name, input) => {
    if (typeof name !== 'string' || !isCommandName(name)) {
      return fail({ code: 'UNKNOWN_COMMAND', message: `未知的操作：${String(name)}`, details: { name } });
    }
    const parsed = commands[name].input.safeParse(input ?? {});
    if (!parsed.success) {
      const { message, issues } = describeIssues(parsed.error);
      return fail({ code: 'INVALID_INPUT', message, details: issues });
    }
    try {
      const handler = handlers[name] as Handler<CommandName>;
      const value = await handler(parsed.data as never, context);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof AppError) return fail(error.toData());
      log(`command ${name} failed`, error);
      return fail({ code: 'INTERNAL', message: '操作失败：程序内部错误，数据未被修改。请重试，若仍失败请联系技术支持。' });
    }
  };
}

function fail(error: AppErrorData): Result<never> {
  return { ok: false, error };
}
