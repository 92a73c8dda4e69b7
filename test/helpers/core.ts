import type { Result } from '../../shared/api/errors';
import type { CommandInput, CommandName, CommandOutput } from '../../shared/api/commands';
import type { Core } from '../../electron/core';

/** A typed caller over a core, for tests: `ok` unwraps a success, `fails` returns the error. */
export function caller(core: Core, session: string | null = null) {
  async function call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>> {
    return (await core.invoke(name, input, session)) as Result<CommandOutput<K>>;
  }
  return {
    call,
    async ok<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
      const result = await call(name, input);
      if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
    async fails<K extends CommandName>(name: K, input: CommandInput<K>) {
      const result = await call(name, input);
      if (result.ok) throw new Error(`${name} unexpectedly succeeded`);
      return result.error;
    },
  };
}
