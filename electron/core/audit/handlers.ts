import type { systemCommands } from '../../../shared/api/systemCommands';
import type { HandlersOf } from '../handlerTypes';

/** 审计校验 and backups (the commands of shared/api/systemCommands.ts). */
export const systemHandlers: HandlersOf<typeof systemCommands> = {
  'audit.verify': (_input, ctx) => ctx.audit.verify(),
  'audit.list': (input, ctx) => ctx.audit.list(input.limit, input.beforeSeq),
  'backup.status': (_input, ctx) => ctx.backups.status(),
  'backup.configure': (input, ctx) => ctx.backups.configure(ctx.write, input),
  'backup.create': (_input, ctx) => ctx.backups.create('manual'),
  'backup.verify': (input, ctx) => ctx.backups.verify(input.file, input.password),
  'backup.restore': (input, ctx) =>
    ctx.restore(input.file, input.password, ctx.user ? { id: ctx.user.id, username: ctx.user.username, displayName: ctx.user.displayName } : null),
};
