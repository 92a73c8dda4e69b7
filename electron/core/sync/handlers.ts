import type { syncCommands } from '../../../shared/api/syncCommands';
import type { HandlersOf } from '../handlerTypes';
import { listIssues } from './issues';
import { findUser, openSession } from '../auth/users';

/** 同步 commands: the service (sync/service.ts) does the work; these only reach it. */
export const syncHandlers: HandlersOf<typeof syncCommands> = {
  'sync.status': (_input, ctx) => ctx.sync.status(),
  'sync.configure': (input, ctx) => ctx.sync.configure(ctx.write, input),
  'sync.restore': async (input, ctx) => {
    const { adminId, ...restored } = await ctx.sync.restore(ctx.write, input);
    return { ...restored, session: openSession(ctx.write, findUser(ctx.read, adminId)!, ctx.now()) };
  },
  'sync.now': (_input, ctx) => ctx.sync.runNow(),
  'sync.packageExport': (_input, ctx) => ctx.sync.exportPackage(),
  'sync.packageImport': (input, ctx) => ctx.sync.importPackage(input.path),
  'sync.issues': (input, ctx) => listIssues(ctx.read, input.includeResolved),
};
