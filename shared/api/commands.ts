import { z } from 'zod';
import type { ErrorCode } from './errors';
import {
  bookCreateInputSchema,
  bookRefSchema,
  classificationKindSchema,
  loginInputSchema,
  userCreateInputSchema,
  type Role,
} from './schemas';
import type { Account, AppInfo, AuthStatus, Book, ClassificationItem, Session, User } from './types';

/**
 * The one contract between renderer and core. Each command: a `domain.verb`
 * name, a zod input schema, a typed output (phantom) and the error codes it may
 * answer with besides the transport ones (UNKNOWN_COMMAND, INVALID_INPUT,
 * BODY_TOO_LARGE, UNAUTHORIZED, INTERNAL) that any command can produce.
 */
/**
 * Who may run a command: `public` needs no login (start-up, 建账 before any user
 * exists, logging in); `session` needs a logged-in user; a list of roles needs a user
 * holding at least one of them. The dispatcher enforces it before the handler runs.
 */
export type Access = 'public' | 'session' | readonly Role[];

interface CommandSpec<I extends z.ZodType, O, E extends ErrorCode> {
  summary: string;
  input: I;
  access: Access;
  errors: readonly E[];
  /** Phantom: carries the output type only. */
  output: O;
}

function command<O>() {
  return <I extends z.ZodType, const E extends readonly ErrorCode[] = []>(spec: {
    summary: string;
    input: I;
    access: Access;
    errors?: E;
  }): CommandSpec<I, O, E[number]> => ({
    summary: spec.summary,
    input: spec.input,
    access: spec.access,
    errors: spec.errors ?? ([] as unknown as E),
    output: undefined as unknown as O,
  });
}

const empty = z.object({}).strict();

export const commands = {
  'system.ping': command<{ pong: true; at: number }>()({
    summary: '连通性检查（用于测量往返时延）',
    access: 'public',
    input: empty,
  }),
  'app.info': command<AppInfo>()({
    summary: '应用版本、数据目录与数据库版本',
    access: 'public',
    input: empty,
  }),
  'book.list': command<Book[]>()({
    summary: '本机全部账套',
    access: 'public',
    input: empty,
  }),
  'book.create': command<Book>()({
    summary: '建账：创建账套并装入会计科目与收支分类',
    access: 'public',
    input: bookCreateInputSchema,
    errors: ['CONFLICT'],
  }),
  'book.get': command<Book>()({
    summary: '一个账套的基本信息',
    access: 'public',
    input: bookRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'account.list': command<Account[]>()({
    summary: '账套的会计科目（按编码排序）',
    access: 'public',
    input: bookRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'classification.list': command<ClassificationItem[]>()({
    summary: '账套的政府收支分类科目',
    access: 'public',
    input: bookRefSchema.extend({ kind: classificationKindSchema.optional() }),
    errors: ['NOT_FOUND'],
  }),
  'auth.status': command<AuthStatus>()({
    summary: '是否已有用户、当前会话的用户',
    access: 'public',
    input: empty,
  }),
  'auth.bootstrap': command<Session>()({
    summary: '本机第一次使用：创建第一个用户（须含管理员角色）并登录',
    access: 'public',
    input: userCreateInputSchema,
    errors: ['CONFLICT'],
  }),
  'auth.login': command<Session>()({
    summary: '登录',
    access: 'public',
    input: loginInputSchema,
  }),
  'auth.logout': command<{ loggedOut: true }>()({
    summary: '退出登录',
    access: 'session',
    input: empty,
  }),
  'user.list': command<User[]>()({
    summary: '本机用户',
    access: 'session',
    input: empty,
  }),
  'user.create': command<User>()({
    summary: '新增用户（管理员）',
    access: ['admin'],
    input: userCreateInputSchema,
    errors: ['CONFLICT'],
  }),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
export type ParsedInput<K extends CommandName> = z.output<Commands[K]['input']>;
export type CommandOutput<K extends CommandName> = Commands[K]['output'];
export type CommandErrorCode<K extends CommandName> = Commands[K]['errors'][number];

export const commandNames = Object.keys(commands) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}
