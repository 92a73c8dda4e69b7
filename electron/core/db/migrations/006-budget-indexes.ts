import type { Migration } from './index';

/**
 * Index for 执行监控 over a large budget year (bench/budget.ts: 5,000 indicators, 50,000
 * payments, ≈ 150,000 indicator movements).
 *
 * `budget_indicator_movement_figures` holds every column the balance sums read, after the
 * indicator and the date: an indicator's balance as of a date (执行监控, 看板, the monthly
 * trend) and its balance now (可用余额 check, the balance trigger) are read from the index
 * alone, never from the table rows with their summaries and ids. It starts with indicator_id,
 * so it replaces `budget_indicator_movement_indicator` (dropped: one index per movement, as before).
 *
 * Measured on the generated year (docs/PERFORMANCE.md): budget.dashboard went from ≈ 650 ms
 * to well under 200 ms together with the per-indicator sums query of monitoring.ts.
 */
export const m006BudgetIndexes: Migration = {
  version: 6,
  name: 'budget monitoring index',
  up(db) {
    db.exec(`
      CREATE INDEX budget_indicator_movement_figures
        ON budget_indicator_movement (indicator_id, date, executable_delta, frozen_delta, paid_delta);
      DROP INDEX budget_indicator_movement_indicator;
    `);
  },
};
