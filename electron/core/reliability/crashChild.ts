import { openCore } from '../index';
import { ActionStream } from './actions';
import type { Sessions } from './office';
import { createRandom } from './random';

/**
 * The child process of the crash campaign: the core on the campaign's data directory, running
 * the seeded action stream until the parent kills it with SIGKILL. It talks to the parent by
 * JSON lines on stdout (synchronous for pipes on Linux, so a line written is a line delivered,
 * whatever happens to the process next):
 *
 * It boots first and waits for one line on stdin (its seed and sessions), so the next child can
 * start Node and load its modules while the parent still checks the last one's file.
 *
 *   {"t":"ready"}                      the core is open
 *   {"t":"act","a":"voucher.new"}      an action starts
 *   {"t":"ack","f":{…}}                committed and answered: must survive
 *   {"t":"intent","f":{…}}             about to undo that fact
 *   {"t":"bad","m":"…"}                the core did something it must never do
 *   {"t":"sessions","s":{…}}           re-logged in: new tokens for the next start
 *
 * Bundled with esbuild by the campaign (see campaign.ts); it is not part of the app.
 */
export interface CrashChildArgs {
  dataDir: string;
  /** The installation is enrolled at a county server: the stream syncs too (no background timer). */
  sync?: { pageBytes?: number; timeoutMs?: number };
}

/** Sent on stdin when the parent wants this life to begin (the child boots beforehand). */
export interface CrashChildGo {
  seed: number;
  sessions: Sessions;
}

export async function crashChildMain(argv: readonly string[] = process.argv): Promise<void> {
  const args = JSON.parse(argv[2] ?? '{}') as CrashChildArgs;
  const send = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);
  const go = await firstLine();
  // An orphan (the parent gone) must not run on: when stdin closes, stop as if killed.
  process.stdin.on('end', () => process.exit(0));
  if (go === null) return;
  const { seed, sessions } = JSON.parse(go) as CrashChildGo;
  const core = openCore({
    dataDir: args.dataDir,
    mode: 'browser',
    appVersion: 'crash',
    log: () => {},
    backupSchedule: false,
    sync: { schedule: false, pageBytes: args.sync?.pageBytes, timeoutMs: args.sync?.timeoutMs ?? 20_000 },
  });
  send({ t: 'ready' });
  const stream = new ActionStream(core, sessions, createRandom(seed), {
    ack: (f) => send({ t: 'ack', f }),
    intent: (f) => send({ t: 'intent', f }),
    bad: (m) => send({ t: 'bad', m }),
    sessions: (s) => send({ t: 'sessions', s }),
    action: (a) => send({ t: 'act', a }),
  }, { sync: !!args.sync });
  try {
    await stream.init();
    // Until killed. A bounded loop only so that a harness bug cannot leave a process spinning forever.
    for (let i = 0; i < 1_000_000; i++) await stream.step();
  } catch (error) {
    send({ t: 'bad', m: `stream stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` });
  } finally {
    core.close();
  }
}

function firstLine(): Promise<string | null> {
  return new Promise((resolve) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const index = buffer.indexOf('\n');
      if (index >= 0) {
        process.stdin.off('data', onData);
        resolve(buffer.slice(0, index));
      }
    };
    process.stdin.on('data', onData);
    process.stdin.once('end', () => resolve(null));
  });
}
