import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Two levels up from test/helpers/ (and from .tmp/bench/ when bundled for a benchmark).
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface HostProcess {
  child: ChildProcess;
  url: string;
  origin: string;
  output: () => string;
  /** SIGTERM, then wait for the process to exit (the database is closed cleanly). */
  stop(): Promise<number | null>;
  /** SIGKILL: as if the power went off. */
  kill(): Promise<void>;
}

/** Starts the built browser-mode host (`out/host/index.js`) as its own process on a free port. */
export function startHostProcess(dataDir: string, extraArgs: string[] = []): Promise<HostProcess> {
  const child = spawn(process.execPath, [join(projectRoot, 'out/host/index.js'), '--data-dir', dataDir, '--port', '0', ...extraArgs], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XIANGCAI_DATA_DIR: '' },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in time:\n${output}`)), 20000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /XIANGCAI_URL=(\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        const url = match[1]!;
        resolve({
          child,
          url,
          origin: new URL(url).origin,
          output: () => output,
          async stop() {
            child.kill('SIGTERM');
            return exited;
          },
          async kill() {
            child.kill('SIGKILL');
            await exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code} before it was ready:\n${output}`));
    });
  });
}
