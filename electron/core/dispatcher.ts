import type { z } from 'zod';
import { commands, isCommandName, type CommandName } from '../../shared/api/commands';
import { AppError, type AppErrorData, type Result } from '../../shared/api/errors';
import { describeInputIssue } from '../../shared/api/inputIssues';
import type { Role } from '../../shared/api/schemas';
import { roleLabels } from '../../shared/api/schemas';
import type { User } from '../../shared/api/types';
import { sanitizeInput, scrubError, secretStrings } from './audit/redact';
import { lookupSession, touchSession } from './auth/users';
import type { CoreServices } from './context';
import type { Handler, Handlers } from './handlers';

export interface InputIssue {
  path: (string | number)[];
  message: string;
}

function describeIssues(command: string, error: z.ZodError): { message: string; issues: InputIssue[] } {
  const issues = error.issues.map((issue) => ({
    path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: issue.message,
  }));
  // The field named in Chinese (分年度金额 第1行 年度：…); the paths stay in `details` for programs.
  return { message: describeInputIssue(command, issues[0]), issues };
}

export type Dispatch = (name: string, input: unknown, session?: string | null) => Promise<Result<unknown>>;

/**
 * The one entry point of the core. It never throws: unknown names, invalid input
 * and failures inside a handler all come back as `{ ok: false, error }`.
 */
export function createDispatcher(
  handlers: Handlers,
  services: CoreServices,
  log: (message: string, error: unknown) => void,
): Dispatch {
  return async (name, input, session = null) => {
    if (typeof name !== 'string' || !isCommandName(name)) {
      return fail({ code: 'UNKNOWN_COMMAND', message: `未知的操作：${String(name)}`, details: { name } });
    }
    const parsed = commands[name].input.safeParse(input ?? {});
    if (!parsed.success) {
      const { message, issues } = describeIssues(name, parsed.error);
      return fail({ code: 'INVALID_INPUT', message, details: issues });
    }
    const access = commands[name].access;
    let user: User | null = null;
    if (session) {
      const now = services.now();
      let found: ReturnType<typeof lookupSession>;
      try {
        found = lookupSession(services.read, session, now);
      } catch (error) {
        // Disk trouble while reading the session (a damaged file, a disk gone): still an answer, never a throw.
        const storage = storageProblem(error);
        log(`session lookup for ${name} failed`, error);
        return storage
          ? fail({ code: 'STORAGE_ERROR', message: storage, details: { sqlite: (error as { code?: string }).code } })
          : fail({ code: 'INTERNAL', message: '操作失败：程序内部错误，数据未被修改。请重试，若仍失败请联系技术支持。' });
      }
      if (found.status === 'active') {
        user = found.user;
        try {
          touchSession(services.write, found, now);
        } catch (error) {
          // Only the idle clock is lost; the command itself may still read or fail on its own.
          log('recording session activity failed', error);
        }
      } else if (found.status === 'idle' && access !== 'public') {
        return fail({ code: 'UNAUTHORIZED', message: '会话已超时，请重新登录' });
      }
    }
    if (access !== 'public') {
      if (!user) return fail({ code: 'UNAUTHORIZED', message: '请先登录（登录已过期或尚未登录）' });
      const denied = missingRole(user, access);
      if (denied) return fail({ code: 'FORBIDDEN', message: denied });
    }
    // Every write this command makes is audited as done by it: who, which command, what input
    // (secrets redacted). Inputs are never logged; errors are logged with any secret scrubbed out.
    const write = services.write.scoped({
      kind: 'command',
      action: name,
      actor: user ? { id: user.id, username: user.username, displayName: user.displayName } : null,
      input: () => sanitizeInput(parsed.data),
    });
    const logSafely = (message: string, error: unknown) => log(message, scrubError(error, secretStrings(parsed.data)));
    try {
      const handler = handlers[name] as Handler<CommandName>;
      const value = await handler(parsed.data as never, { ...services, write, user, session });
      return { ok: true, value };
    } catch (error) {
      if (error instanceof AppError) return fail(error.toData());
      // The schema's own guards (append-only ledgers, frozen snapshots) raise Chinese messages
      // from triggers: they are business rules, not crashes.
      if ((error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_TRIGGER') {
        return fail({ code: 'RULE_VIOLATION', message: (error as Error).message });
      }
      const storage = storageProblem(error);
      if (storage) {
        logSafely(`command ${name} failed on storage`, error);
        return fail({ code: 'STORAGE_ERROR', message: storage, details: { sqlite: (error as { code?: string }).code } });
      }
      logSafely(`command ${name} failed`, error);
      return fail({ code: 'INTERNAL', message: '操作失败：程序内部错误，数据未被修改。请重试，若仍失败请联系技术支持。' });
    }
  };
}

/**
 * Disk trouble, in words an accountant can act on. The transaction was rolled back, so
 * nothing was half-written; the screen keeps the user's entry (drafts live in IndexedDB).
 */
function storageProblem(error: unknown): string | null {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code === 'SQLITE_FULL') return '磁盘空间已满，本次操作未保存（数据未被改动）。请清理磁盘或更换存储位置后重试，已录入的内容仍保留在屏幕上。';
  if (code.startsWith('SQLITE_READONLY')) return '数据目录只读，无法写入（数据未被改动）。请检查磁盘或文件夹权限后重试。';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return '数据库文件正被其他程序占用，本次操作未保存。请关闭占用它的程序（如备份或杀毒软件）后重试。';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return '读写数据库文件时出错，本次操作未保存。请检查磁盘是否正常、U盘或网络盘是否已断开。';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return '数据库文件已损坏，已停止写入。请在“设置”中从备份恢复，并联系技术支持。';
  return null;
}

function missingRole(user: User, access: 'session' | readonly Role[]): string | null {
  if (access === 'session' || access.some((role) => user.roles.includes(role))) return null;
  return `权限不足：此操作需要 ${access.map((r) => roleLabels[r]).join(' 或 ')} 角色`;
}

function fail(error: AppErrorData): Result<never> {
  return { ok: false, error };
}
