import { z } from 'zod';
import type { ErrorCode } from './errors';
import type { Role } from './schemas';

/**
 * Who may run a command: `public` needs no login (start-up, 建账 before any user
 * exists, logging in); `session` needs a logged-in user; a list of roles needs a user
 * holding at least one of them. The dispatcher enforces it before the handler runs.
 */
export type Access = 'public' | 'session' | readonly Role[];

interface CommandSpec<I extends z.ZodType, O, E extends ErrorCode> {
  summary: string;
  input: I;
  access: Access;
  errors: readonly E[];
  /** Phantom: carries the output type only. */
  output: O;
}

export function command<O>() {
  return <I extends z.ZodType, const E extends readonly ErrorCode[] = []>(spec: {
    summary: string;
    input: I;
    access: Access;
    errors?: E;
  }): CommandSpec<I, O, E[number]> => ({
    summary: spec.summary,
    input: spec.input,
    access: spec.access,
    errors: spec.errors ?? ([] as unknown as E),
    output: undefined as unknown as O,
  });
}

export const empty = z.object({}).strict();
