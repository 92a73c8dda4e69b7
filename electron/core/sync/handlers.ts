import type { syncCommands } from '../../../shared/api/syncCommands';
import type { HandlersOf } from '../handlerTypes';
import { listIssues } from './issues';
import { findUser, openSession } from '../auth/users';
import { sql } from '../db/sql';

/** 同步 commands: the service (sync/service.ts) does the work; these only reach it. */
export const syncHandlers: HandlersOf<typeof syncCommands> = {
  'sync.status': (_input, ctx) => ctx.sync.status(),
  'sync.configure': (input, ctx) => ctx.sync.configure(ctx.write, input),
  'sync.restore': async (input, ctx) => {
    const restored = await ctx.sync.restore(ctx.write, input);
    const admin = findUser(ctx.read, restored.adminId)!;
    const others = ctx.read.all<{ display_name: string; username: string }>(sql`SELECT display_name, username FROM app_user WHERE password_hash = '!' AND enabled = 1 ORDER BY username`);
    const { adminId: _admin, ...figures } = restored;
    return { ...figures, session: openSession(ctx.write, admin, ctx.now()), operatorsWithoutPassword: others.map((o) => `${o.display_name}（${o.username}）`) };
  },
  'sync.now': (_input, ctx) => ctx.sync.runNow(),
  'sync.packageExport': (_input, ctx) => ctx.sync.exportPackage(),
  'sync.packageImport': (input, ctx) => ctx.sync.importPackage(input.path),
  'sync.issues': (input, ctx) => listIssues(ctx.read, input.includeResolved),
};
