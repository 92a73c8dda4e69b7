import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import type { CommandInput, CommandName, CommandOutput } from '../../../shared/api/commands';
import type { Result } from '../../../shared/api/errors';
import type { SyncOptions } from '../../../electron/core/sync/service';
import { projectRoot } from '../../helpers/hostProcess';

/**
 * A township core in a process of its own, driven over stdin/stdout (one JSON line per command,
 * `core.invoke` in the child), so a test can SIGKILL the app at the moment it chooses — after the
 * county answered a push and before the app recorded the acknowledgement, or while it applies a
 * pull page — and open the same data directory again.
 */

export interface TownshipChildArgs {
  dataDir: string;
  sync: SyncOptions;
}

/** The child's main: opens the core, answers each command line with its result. */
export async function townshipChildMain(): Promise<void> {
  const { openCore } = await import('../../../electron/core');
  const args = JSON.parse(process.argv[2] ?? '{}') as TownshipChildArgs;
  const core = openCore({ dataDir: args.dataDir, mode: 'browser', appVersion: '0.1.0', backupSchedule: false, log: () => {}, sync: { schedule: false, ...args.sync } });
  const send = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);
  send({ t: 'ready' });
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const { id, name, input, token } = JSON.parse(line) as { id: number; name: CommandName; input: unknown; token: string | null };
    void core.invoke(name, input as never, token).then((result) => send({ t: 'result', id, result }));
  });
  lines.on('close', () => {
    core.close();
    process.exit(0);
  });
}

let bundled: Promise<string> | null = null;

export function townshipChildScript(): Promise<string> {
  bundled ??= (async () => {
    const outfile = join(projectRoot, '.tmp/test', `township-child-${process.pid}.mjs`);
    mkdirSync(join(projectRoot, '.tmp/test'), { recursive: true });
    await build({
      stdin: { contents: "import { townshipChildMain } from './test/sync/sim/townshipProcess.ts';\nawait townshipChildMain();\n", resolveDir: projectRoot, sourcefile: 'township-child.ts', loader: 'ts' },
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'warning',
    });
    return outfile;
  })();
  return bundled;
}

export interface TownshipProcess {
  child: ChildProcess;
  call<K extends CommandName>(name: K, input: CommandInput<K>, token: string | null): Promise<Result<CommandOutput<K>>>;
  ok<K extends CommandName>(name: K, input: CommandInput<K>, token: string | null): Promise<CommandOutput<K>>;
  /** SIGKILL; pending calls answer with a rejection. */
  kill(): Promise<void>;
  /** Closes the core cleanly (stdin end). */
  close(): Promise<void>;
  stderr(): string;
}

export async function startTownshipProcess(dataDir: string, sync: SyncOptions = {}): Promise<TownshipProcess> {
  const script = await townshipChildScript();
  const args: TownshipChildArgs = { dataDir, sync };
  const child = spawn(process.execPath, [script, JSON.stringify(args)], { cwd: projectRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let next = 0;
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let message: { t: string; id?: number; result?: unknown };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return;
    }
    if (message.t === 'ready') ready();
    else if (message.t === 'result') {
      waiting.get(message.id!)?.resolve(message.result);
      waiting.delete(message.id!);
    }
  });
  void exited.then(() => {
    for (const w of waiting.values()) w.reject(new Error(`township process ended: ${stderr.slice(-500)}`));
    waiting.clear();
  });
  child.stdin!.on('error', () => {});
  await Promise.race([isReady, exited.then(() => Promise.reject(new Error(`township process did not start: ${stderr}`)))]);
  const call = <K extends CommandName>(name: K, input: CommandInput<K>, token: string | null) =>
    new Promise<Result<CommandOutput<K>>>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.stdin!.write(`${JSON.stringify({ id, name, input, token })}\n`);
    });
  return {
    child,
    call,
    async ok(name, input, token) {
      const result = await call(name, input, token);
      if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async close() {
      child.stdin!.end();
      await exited;
    },
    stderr: () => stderr,
  };
}
