import type { CommandName, CommandOutput, ParsedInput } from '../../shared/api/commands';
import { listAccounts, listClassifications } from './accounts/queries';
import { createBook } from './books/create';
import { listBooks, requireBook } from './books/queries';
import { AppError } from '../../shared/api/errors';
import { closeSession, createUser, hasUsers, listUsers, login, openSession } from './auth/users';
import type { CoreContext } from './context';

export type Handler<K extends CommandName> = (
  input: ParsedInput<K>,
  ctx: CoreContext,
) => CommandOutput<K> | Promise<CommandOutput<K>>;

/** Exactly one handler per command: the mapped type makes a missing or extra one a compile error. */
export type Handlers = { [K in CommandName]: Handler<K> };

export const handlers: Handlers = {
  'system.ping': () => ({ pong: true, at: Date.now() }),
  'app.info': (_input, ctx) => ({
    appName: '乡财通',
    version: ctx.info.appVersion,
    dataDir: ctx.info.dataDir,
    databaseFile: ctx.info.databaseFile,
    schemaVersion: ctx.info.schemaVersion,
    sqliteVersion: ctx.info.sqliteVersion,
    mode: ctx.info.mode,
  }),
  'book.list': (_input, ctx) => listBooks(ctx.read),
  'book.create': (input, ctx) => createBook(ctx, input),
  'book.get': (input, ctx) => requireBook(ctx.read, input.bookId),
  'account.list': (input, ctx) => {
    requireBook(ctx.read, input.bookId);
    return listAccounts(ctx.read, input.bookId);
  },
  'classification.list': (input, ctx) => {
    requireBook(ctx.read, input.bookId);
    return listClassifications(ctx.read, input.bookId, input.kind);
  },
  'auth.status': (_input, ctx) => ({ hasUsers: hasUsers(ctx.read), user: ctx.user }),
  'auth.bootstrap': async (input, ctx) => {
    if (!input.roles.includes('admin')) {
      throw new AppError('RULE_VIOLATION', '第一个用户须包含“管理员”角色，以便之后添加其他用户', {
        issues: [{ path: ['roles'], message: '须包含管理员' }],
      });
    }
    if (hasUsers(ctx.read)) throw new AppError('CONFLICT', '本机已有用户，请登录后由管理员添加新用户');
    const user = await createUser(ctx.write, input, ctx.now());
    return openSession(ctx.write, user, ctx.now());
  },
  'auth.login': (input, ctx) => login(ctx.write, input.username, input.password, ctx.now()),
  'auth.logout': (_input, ctx) => {
    if (ctx.session) closeSession(ctx.write, ctx.session);
    return { loggedOut: true };
  },
  'user.list': (_input, ctx) => listUsers(ctx.read),
  'user.create': (input, ctx) => createUser(ctx.write, input, ctx.now()),
};
