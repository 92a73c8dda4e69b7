import { createHash } from 'node:crypto';
import { createRandom, type Random } from '../../electron/core/reliability/random';
import type { FaultProxy } from './proxy';
import type { FaultRule } from './rules';

/**
 * Seeded simulation harness (after TigerBeetle's simulator): N actors (townships) take turns,
 * one step at a time, chosen by a seeded scheduler that also takes actors offline for random
 * spells and switches fault windows; an independent checker runs between steps and after the
 * system has converged. The trace (what happened, not when) is hashed: the same seed must give
 * the same hash, so a failing seed replays.
 *
 * Steps run one after another, never two at once: with the proxy's decisions keyed per actor,
 * that keeps every decision and outcome a function of the seed. What runs concurrently is only
 * what the faults themselves leave behind (a held or duplicated request reaching the server
 * later), which is exactly what the system must tolerate.
 *
 * Plug in: `actors`, `nameOf`, `step` (one local business action and/or a sync attempt, honouring
 * `context.online`), `checkInvariants` (independent of the code under test), `converge` (sync
 * until nothing is pending, faults off). Record decisions and outcomes with `context.record`,
 * never timings or random ids that do not come from `rng`.
 */

export interface SimContext {
  /** Step number, from 0. */
  step: number;
  /** Whether the actor has a network now. Offline actors keep working locally and must not sync. */
  online: boolean;
  /** Adds a line to the trace. */
  record(line: string): void;
}

export interface SimSystem<A> {
  readonly actors: readonly A[];
  /** Stable name of an actor (for the trace). */
  nameOf(actor: A): string;
  /** One unit of work of one actor. */
  step(actor: A, rng: Random, context: SimContext): Promise<void>;
  /** The independent checker: violations found, empty when all hold. `final` comes after converge. */
  checkInvariants(phase: 'during' | 'final'): Promise<string[]> | string[];
  /** After the run, with faults off and every actor online: sync until nothing is pending. */
  converge?(rng: Random, record: (line: string) => void): Promise<void>;
  /** The actor's connectivity changed (e.g. point its client at a dead address). */
  setOnline?(actor: A, online: boolean): Promise<void> | void;
}

export interface FaultSchedule<F> {
  /** Draws the faults of the next window. */
  choose(rng: Random): F;
  /** Puts faults into effect (e.g. proxy.setRules). */
  apply(faults: F): Promise<void> | void;
  /** What is applied before convergence. */
  quiet: F;
  /** Length of a window in steps, [min, max]. */
  windowSteps: readonly [number, number];
  describe(faults: F): string;
  /** Called before the final check (e.g. proxy.settle(), so no stale request lands after it). */
  settle?(): Promise<void>;
}

export interface SimOptions<A, F> {
  seed: number;
  steps: number;
  system: SimSystem<A>;
  /** Each step, each online actor goes offline with `probability`, for a spell of `steps` [min, max]. */
  offline?: { probability: number; steps: readonly [number, number] };
  faults?: FaultSchedule<F>;
  /** Run the checker every this many steps (0: only at the end). */
  checkEvery?: number;
}

export interface SimReport {
  seed: number;
  steps: number;
  trace: string[];
  /** sha256 of the trace lines. */
  traceHash: string;
  /** Empty when every check passed. Each entry names the phase and step. */
  violations: string[];
  stepsByActor: Record<string, number>;
  offlineSpells: number;
  faultWindows: number;
}

export async function runSimulation<A, F>(options: SimOptions<A, F>): Promise<SimReport> {
  const { system, faults, seed } = options;
  const root = createRandom(seed);
  const schedule = root.fork('schedule');
  const faultRandom = root.fork('faults');
  const trace: string[] = [];
  const violations: string[] = [];
  const names = system.actors.map((actor) => system.nameOf(actor));
  const offlineUntil = new Map<number, number>();
  const stepsByActor: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  let offlineSpells = 0;
  let faultWindows = 0;
  let nextWindow = 0;

  const check = async (phase: 'during' | 'final', step: number) => {
    const found = await system.checkInvariants(phase);
    trace.push(`check ${phase} @${step}: ${found.length === 0 ? 'ok' : `${found.length} violation(s)`}`);
    for (const violation of found) violations.push(`${phase} check after step ${step}: ${violation}`);
  };

  for (let step = 0; step < options.steps && violations.length === 0; step++) {
    if (faults && step === nextWindow) {
      const chosen = faults.choose(faultRandom);
      await faults.apply(chosen);
      faultWindows++;
      nextWindow = step + faultRandom.int(faults.windowSteps[0], faults.windowSteps[1]);
      trace.push(`@${step} faults until @${nextWindow}: ${faults.describe(chosen)}`);
    }
    if (options.offline) {
      for (const [index, actor] of system.actors.entries()) {
        const until = offlineUntil.get(index);
        if (until !== undefined) {
          if (until > step) continue;
          offlineUntil.delete(index);
          await system.setOnline?.(actor, true);
          trace.push(`@${step} ${names[index]} online`);
        } else if (schedule.chance(options.offline.probability)) {
          const back = step + schedule.int(options.offline.steps[0], options.offline.steps[1]);
          offlineUntil.set(index, back);
          offlineSpells++;
          await system.setOnline?.(actor, false);
          trace.push(`@${step} ${names[index]} offline until @${back}`);
        }
      }
    }
    const index = schedule.int(0, system.actors.length - 1);
    const actor = system.actors[index]!;
    const name = names[index]!;
    stepsByActor[name]!++;
    const online = !offlineUntil.has(index);
    await system.step(actor, root.fork(`step:${step}`), {
      step,
      online,
      record: (line) => trace.push(`@${step} ${name}: ${line}`),
    });
    if (options.checkEvery && (step + 1) % options.checkEvery === 0) await check('during', step);
  }

  if (violations.length === 0) {
    if (faults) {
      await faults.apply(faults.quiet);
      trace.push(`faults off: ${faults.describe(faults.quiet)}`);
    }
    for (const [index, actor] of system.actors.entries()) {
      if (offlineUntil.delete(index)) await system.setOnline?.(actor, true);
    }
    await system.converge?.(root.fork('converge'), (line) => trace.push(`converge: ${line}`));
    await faults?.settle?.();
    await check('final', options.steps);
  }

  return {
    seed,
    steps: options.steps,
    trace,
    traceHash: createHash('sha256').update(trace.join('\n')).digest('hex'),
    violations,
    stepsByActor,
    offlineSpells,
    faultWindows,
  };
}

/** Fault intensity of a window of the standard schedule. */
export type FaultWeather = 'calm' | 'flaky' | 'storm';

/**
 * The standard fault schedule over a fault proxy: windows of calm, flaky and stormy weather with
 * every fault kind. `dropCloseMs` closes dropped connections quickly (a client timeout would
 * make the run slow and timing-dependent); `reorderHoldMs` should exceed the client's timeout
 * so the client retries and its retry overtakes the held original.
 */
export function proxyFaultSchedule(
  proxy: FaultProxy,
  options: { windowSteps?: readonly [number, number]; dropCloseMs?: number; reorderHoldMs?: number; match?: FaultRule['match'] } = {},
): FaultSchedule<{ weather: FaultWeather; rules: FaultRule[] }> {
  const match = options.match ? { match: options.match } : {};
  const rulesOf = (weather: FaultWeather): FaultRule[] => {
    if (weather === 'calm') return [];
    const p = weather === 'flaky' ? 1 : 2.5;
    return [
      { id: 'cutRequest', kind: 'cutRequest', probability: 0.06 * p, afterBytes: [0, 400], ...match },
      { id: 'cutResponse', kind: 'cutResponse', probability: 0.06 * p, afterBytes: [0, 120], ...match },
      { id: 'duplicate', kind: 'duplicate', probability: 0.05 * p, ...match },
      { id: 'reorder', kind: 'reorder', probability: 0.02 * p, maxHoldMs: options.reorderHoldMs ?? 10_000, ...match },
      { id: 'drop', kind: 'drop', probability: 0.03 * p, closeAfterMs: options.dropCloseMs ?? 20, ...match },
      { id: 'delay', kind: 'delay', probability: 0.2, ms: [0, 3] },
    ];
  };
  return {
    choose: (rng) => {
      const weather: FaultWeather = rng.pick(['calm', 'flaky', 'flaky', 'storm']);
      return { weather, rules: rulesOf(weather) };
    },
    apply: (faults) => proxy.setRules(faults.rules),
    quiet: { weather: 'calm', rules: [] },
    windowSteps: options.windowSteps ?? [10, 60],
    describe: (faults) => faults.weather,
    settle: () => proxy.settle(),
  };
}
