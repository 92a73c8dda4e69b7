import type { syncCommands } from '../../../shared/api/syncCommands';
import type { HandlersOf } from '../handlerTypes';
import { listIssues } from './issues';

/** 同步 commands: the service (sync/service.ts) does the work; these only reach it. */
export const syncHandlers: HandlersOf<typeof syncCommands> = {
  'sync.status': (_input, ctx) => ctx.sync.status(),
  'sync.configure': (input, ctx) => ctx.sync.configure(ctx.write, input),
  'sync.now': (_input, ctx) => ctx.sync.runNow(),
  'sync.packageExport': (_input, ctx) => ctx.sync.exportPackage(),
  'sync.packageImport': (input, ctx) => ctx.sync.importPackage(input.path),
  'sync.issues': (input, ctx) => listIssues(ctx.read, input.includeResolved),
};
