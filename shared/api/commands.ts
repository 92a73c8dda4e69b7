import { z } from 'zod';
import type { ErrorCode } from './errors';
import {
  bookCreateInputSchema,
  bookRefSchema,
  classificationKindSchema,
} from './schemas';
import type { Account, AppInfo, Book, ClassificationItem } from './types';

/**
 * The one contract between renderer and core. Each command: a `domain.verb`
 * name, a zod input schema, a typed output (phantom) and the error codes it may
 * answer with besides the transport ones (UNKNOWN_COMMAND, INVALID_INPUT,
 * BODY_TOO_LARGE, UNAUTHORIZED, INTERNAL) that any command can produce.
 */
interface CommandSpec<I extends z.ZodType, O, E extends ErrorCode> {
  summary: string;
  input: I;
  errors: readonly E[];
  /** Phantom: carries the output type only. */
  output: O;
}

function command<O>() {
  return <I extends z.ZodType, const E extends readonly ErrorCode[] = []>(spec: {
    summary: string;
    input: I;
    errors?: E;
  }): CommandSpec<I, O, E[number]> => ({
    summary: spec.summary,
    input: spec.input,
    errors: spec.errors ?? ([] as unknown as E),
    output: undefined as unknown as O,
  });
}

const empty = z.object({}).strict();

export const commands = {
  'system.ping': command<{ pong: true; at: number }>()({
    summary: '连通性检查（用于测量往返时延）',
    input: empty,
  }),
  'app.info': command<AppInfo>()({
    summary: '应用版本、数据目录与数据库版本',
    input: empty,
  }),
  'book.list': command<Book[]>()({
    summary: '本机全部账套',
    input: empty,
  }),
  'book.create': command<Book>()({
    summary: '建账：创建账套并装入会计科目与收支分类',
    input: bookCreateInputSchema,
    errors: ['CONFLICT'],
  }),
  'book.get': command<Book>()({
    summary: '一个账套的基本信息',
    input: bookRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'account.list': command<Account[]>()({
    summary: '账套的会计科目（按编码排序）',
    input: bookRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'classification.list': command<ClassificationItem[]>()({
    summary: '账套的政府收支分类科目',
    input: bookRefSchema.extend({ kind: classificationKindSchema.optional() }),
    errors: ['NOT_FOUND'],
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
