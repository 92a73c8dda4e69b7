import type { CommandInput, CommandName, CommandOutput } from '../../shared/api/commands';
import type { Result } from '../../shared/api/errors';

/** Calls a command on a running browser-mode host over HTTP, as the renderer does. */
export function hostApi(url: string, session: string | null = null) {
  const { origin, searchParams } = new URL(url);
  const token = searchParams.get('token')!;
  return async function send<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-xiangcai-token': token };
    if (session) headers['x-xiangcai-session'] = session;
    const response = await fetch(`${origin}/api/invoke/${name}`, { method: 'POST', headers, body: JSON.stringify(input) });
    const result = (await response.json()) as Result<CommandOutput<K>>;
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value;
  };
}
