import type { AppErrorData, Result } from './errors';
import type { CommandInput, CommandName, CommandOutput } from './commands';
import type { AppEvent } from './events';

/** What a window sees of the core, whichever transport (Electron IPC or HTTP) carries it. */
export interface Transport {
  /** `session`: the login token for commands that need a user (null before login). */
  invoke(name: string, input: unknown, session?: string | null): Promise<Result<unknown>>;
  subscribe(listener: (event: AppEvent) => void): () => void;
}

export class CommandError extends Error {
  readonly code: AppErrorData['code'];
  readonly details: unknown;
  constructor(error: AppErrorData) {
    super(error.message);
    this.name = 'CommandError';
    this.code = error.code;
    this.details = error.details;
  }
}

/** Typed client over a transport: `send('book.create', {...})` is checked against the command map. */
export function createClient(transport: Transport, initialSession: string | null = null) {
  let session = initialSession;
  async function call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>> {
    return (await transport.invoke(name, input, session)) as Result<CommandOutput<K>>;
  }
  async function send<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
    const result = await call(name, input);
    if (!result.ok) throw new CommandError(result.error);
    return result.value;
  }
  return {
    call,
    send,
    subscribe: transport.subscribe,
    /** Set after auth.login / auth.bootstrap, cleared on logout. */
    setSession(token: string | null) {
      session = token;
    },
    getSession: () => session,
  };
}
export type Client = ReturnType<typeof createClient>;
