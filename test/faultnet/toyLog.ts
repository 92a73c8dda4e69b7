import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Random } from '../../electron/core/reliability/random';
import type { SimSystem } from './sim';
import { send } from './testServer';

/**
 * A toy replicated log, the smallest stand-in for township → county sync, to test the simulation
 * harness and the proxy together: each actor appends entries (seq 1, 2, …) locally and pushes the
 * unacknowledged ones to a toy server, keyed by (actor, seq) as the real outbox is keyed by
 * (device, sequence). The server applies each key once, in order, and answers the highest
 * contiguous seq it holds. Two deliberately broken variants prove the checker can fail.
 */

export interface ToyEntry {
  seq: number;
  value: number;
}

/** One application of an entry at the server, as the checker sees it (raw, not deduplicated). */
export interface Application {
  actor: string;
  seq: number;
  value: number;
}

export interface ToyServer {
  url: string;
  /** Every application, in order. */
  applications: Application[];
  /** Repeats recognised and ignored (proof that duplicates reached the server). */
  repeats: number;
  close(): Promise<void>;
}

/**
 * `idempotent: false` is the broken server: it applies every entry it receives, repeats included.
 */
export async function startToyServer(options: { idempotent?: boolean } = {}): Promise<ToyServer> {
  const idempotent = options.idempotent ?? true;
  const held = new Map<string, Map<number, number>>();
  const applications: Application[] = [];
  const state = { repeats: 0 };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('error', () => {});
    // Only a whole request is applied: a cut one never reaches 'end'.
    request.on('end', () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      let page: { actor: string; entries: ToyEntry[] };
      try {
        page = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(400, { error: 'malformed page' });
      }
      const entries = held.get(page.actor) ?? new Map<number, number>();
      held.set(page.actor, entries);
      for (const entry of page.entries) {
        const existing = entries.get(entry.seq);
        if (existing !== undefined && idempotent) {
          if (existing !== entry.value) return answer(409, { error: `seq ${entry.seq} already holds another value` });
          state.repeats++;
          continue;
        }
        if (idempotent && entry.seq !== entries.size + 1) continue; // a gap: wait for the missing ones
        entries.set(entry.seq, entry.value);
        applications.push({ actor: page.actor, seq: entry.seq, value: entry.value });
      }
      let acked = 0;
      while (entries.has(acked + 1)) acked++;
      answer(200, { acked });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    applications,
    get repeats() {
      return state.repeats;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ToyActor {
  name: string;
  log: ToyEntry[];
  /** Highest seq the server acknowledged to this actor. */
  acked: number;
}

export interface ToyLogOptions {
  actors: number;
  /** The proxy's URL (or the server's, without faults). */
  url: string;
  server: ToyServer;
  /**
   * The broken client: after a failed push it assumes the page arrived and moves its ack on, so
   * entries whose push was cut or dropped are never sent again.
   */
  forgetOnError?: boolean;
  /** Client timeout per push (ms). */
  timeoutMs?: number;
  pageSize?: number;
}

/** The toy log as a SimSystem: plug it into runSimulation. */
export function toyLogSystem(options: ToyLogOptions): SimSystem<ToyActor> & { actors: ToyActor[] } {
  const actors: ToyActor[] = Array.from({ length: options.actors }, (_, i) => ({ name: `t${String(i + 1).padStart(2, '0')}`, log: [], acked: 0 }));
  const pageSize = options.pageSize ?? 20;

  /** One push of the pending page; the outcome line for the trace. */
  const push = async (actor: ToyActor): Promise<string> => {
    const entries = actor.log.slice(actor.acked, actor.acked + pageSize);
    const range = `[${entries[0]?.seq ?? '-'}..${entries.at(-1)?.seq ?? '-'}]`;
    try {
      const answer = await send(options.url, {
        path: '/push',
        body: JSON.stringify({ actor: actor.name, entries }),
        headers: { 'content-type': 'application/json', 'x-actor': actor.name },
        timeoutMs: options.timeoutMs ?? 1000,
      });
      if (answer.status !== 200) return `push ${range} refused ${answer.status}`;
      const { acked } = JSON.parse(answer.body.toString()) as { acked: number };
      actor.acked = Math.max(actor.acked, acked);
      return `push ${range} acked ${acked}`;
    } catch {
      if (options.forgetOnError) actor.acked = Math.max(actor.acked, entries.at(-1)?.seq ?? actor.acked);
      return `push ${range} network error`;
    }
  };

  return {
    actors,
    nameOf: (actor) => actor.name,
    async step(actor, rng: Random, context) {
      const count = rng.int(0, 3);
      for (let i = 0; i < count; i++) actor.log.push({ seq: actor.log.length + 1, value: rng.int(0, 999_999) });
      if (count > 0) context.record(`append ${count} → ${actor.log.length}`);
      if (!context.online || actor.acked >= actor.log.length || !rng.chance(0.7)) return;
      for (let attempt = 1; attempt <= 3; attempt++) {
        const outcome = await push(actor);
        context.record(`${outcome} (try ${attempt})`);
        if (!outcome.endsWith('network error')) return;
      }
    },
    checkInvariants: (phase) => checkToyLog(actors, options.server.applications, phase),
    async converge(_rng, record) {
      for (let round = 1; round <= 20; round++) {
        const behind = actors.filter((actor) => actor.acked < actor.log.length);
        if (behind.length === 0) return record(`converged in ${round - 1} round(s)`);
        for (const actor of behind) await push(actor);
      }
      record('did not converge in 20 rounds');
    },
  };
}

/**
 * The independent checker: recomputes from the raw applications at the server and the actors'
 * own logs, trusting neither side's bookkeeping.
 *  - no (actor, seq) applied twice;
 *  - every application carries the value the actor wrote at that seq;
 *  - each actor's applications are 1, 2, 3, … in order (nothing applied past a hole);
 *  - whatever an actor was told is acknowledged is at the server (nothing acknowledged is lost);
 *  - final: every entry of every log is at the server and acknowledged to its actor.
 */
export function checkToyLog(actors: readonly ToyActor[], applications: readonly Application[], phase: 'during' | 'final'): string[] {
  const violations: string[] = [];
  const byActor = new Map<string, Application[]>();
  for (const application of applications) {
    const list = byActor.get(application.actor) ?? [];
    list.push(application);
    byActor.set(application.actor, list);
  }
  for (const actor of actors) {
    const applied = byActor.get(actor.name) ?? [];
    const seen = new Set<number>();
    let highest = 0;
    for (const application of applied) {
      if (seen.has(application.seq)) violations.push(`${actor.name} seq ${application.seq} applied twice`);
      else if (application.seq !== highest + 1) violations.push(`${actor.name} seq ${application.seq} applied after ${highest} (out of order)`);
      seen.add(application.seq);
      highest = Math.max(highest, application.seq);
      const written = actor.log[application.seq - 1];
      if (!written) violations.push(`${actor.name} seq ${application.seq} applied but never written`);
      else if (written.value !== application.value) violations.push(`${actor.name} seq ${application.seq} applied with ${application.value}, written ${written.value}`);
    }
    for (let seq = 1; seq <= actor.acked; seq++) {
      if (!seen.has(seq)) violations.push(`${actor.name} seq ${seq} acknowledged to the actor but lost at the server`);
    }
    if (phase === 'final') {
      for (let seq = actor.acked + 1; seq <= actor.log.length; seq++) {
        if (!seen.has(seq)) violations.push(`${actor.name} seq ${seq} never reached the server`);
      }
      if (actor.acked !== actor.log.length) violations.push(`${actor.name} acknowledged ${actor.acked} of ${actor.log.length} after convergence`);
    }
  }
  return violations;
}
