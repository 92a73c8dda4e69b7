import type { User } from '../../../shared/api/types';
import { CYCLE_EDITABLE, cycleMachine, transition, type CycleAction } from '../../../shared/domain/budget/stateMachines';
import type { CycleState } from '../../../shared/domain/budget/types';
import type { WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { logEvent, ruleViolation, type AnyDB } from './common';

/** 二上二下 state of one unit's budget for one year, kept in budget_cycle with an audit trail. */

export const cycleEntityId = (bookId: string, year: number) => `cycle:${bookId}:${year}`;

export function cycleState(db: AnyDB, bookId: string, year: number): CycleState {
  return db.get<{ state: CycleState }>(sql`SELECT state FROM budget_cycle WHERE book_id = ${bookId} AND year = ${year}`)?.state ?? '编制中';
}

export function ensureCycle(db: WritableDB, bookId: string, year: number, at: string): CycleState {
  db.run(sql`INSERT INTO budget_cycle (book_id, year, state, updated_at) VALUES (${bookId}, ${year}, '编制中', ${at}) ON CONFLICT DO NOTHING`);
  return cycleState(db, bookId, year);
}

export function requireEditable(db: WritableDB, bookId: string, year: number, at: string): void {
  const state = ensureCycle(db, bookId, year, at);
  if (!CYCLE_EDITABLE.includes(state)) {
    throw ruleViolation(`${year}年度预算当前状态为“${state}”，预算草案不能修改（只有“编制中”和“一下已下达”时可以修改）`);
  }
}

/** One step of 二上二下, with its audit record. */
export function moveCycle(db: WritableDB, bookId: string, year: number, action: CycleAction, user: User, at: string, reason: string | null = null): CycleState {
  const from = ensureCycle(db, bookId, year, at);
  const step = transition(cycleMachine, from, action, `${year}年`);
  if (!step.ok) throw ruleViolation(step.message);
  db.run(sql`UPDATE budget_cycle SET state = ${step.to}, updated_at = ${at} WHERE book_id = ${bookId} AND year = ${year}`);
  logEvent(db, { bookId, entity: 'cycle', entityId: cycleEntityId(bookId, year), action: cycleMachine.transitions[action].label, from, to: step.to, reason, userId: user.id, at });
  return step.to;
}
