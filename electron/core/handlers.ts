import type { CommandName, CommandOutput, ParsedInput } from '../../shared/api/commands';
import { listAccounts, listClassifications } from './accounts/queries';
import { createBook } from './books/create';
import { listBooks, requireBook } from './books/queries';
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
};
