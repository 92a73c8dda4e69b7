import type { CommandName, CommandOutput, ParsedInput } from '../../shared/api/commands';
import type { CoreContext } from './context';

export type Handler<K extends CommandName> = (
  input: ParsedInput<K>,
  ctx: CoreContext,
) => CommandOutput<K> | Promise<CommandOutput<K>>;

/** Exactly one handler per command: the mapped type makes a missing or extra one a compile error. */
export type Handlers = { [K in CommandName]: Handler<K> };

/** The handlers of one domain's commands (spread into the full map in handlers.ts). */
export type HandlersOf<C> = { [K in keyof C & CommandName]: Handler<K> };
