import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp';
import { migrations } from '../db/migrations';
import { openDatabase } from '../db/open';
import { sql } from '../db/sql';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

const budgetTables = [
  'budget_project', 'budget_project_amount', 'budget_project_target', 'budget_target_progress', 'budget_project_evaluation',
  'budget_event', 'budget_staffing', 'budget_standard', 'budget_cycle', 'budget_draft_line', 'budget_submission',
  'budget_submission_line', 'budget_county_record', 'budget_control_figure', 'budget_indicator', 'budget_indicator_movement',
  'budget_payment', 'budget_payment_voucher', 'budget_adjustment', 'budget_adjustment_line', 'budget_quota_voucher',
];

describe('migration 5: budget', () => {
  it('upgrades a ledger database with its data, adding STRICT budget tables that guard the indicator ledger', () => {
    const file = join(dir.path, 'x.db');
    const before = openDatabase(file, { migrations: migrations.filter((m) => m.version < 5) });
    before.write.run(sql`INSERT INTO book VALUES ('b1', '青山镇人民政府', '420102', '行政单位', 2026, 1, '王会计', '2026-01-01T00:00:00Z')`);
    before.write.run(sql`INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES ('u1', 'wang', '王会计', 'x', '2026-01-01')`);
    before.close();

    const after = openDatabase(file);
    expect(after.schemaVersion).toBeGreaterThanOrEqual(5);
    expect(after.read.get<{ name: string }>(sql`SELECT name FROM book WHERE id = 'b1'`)!.name).toBe('青山镇人民政府');
    after.close();

    const raw = new Database(file);
    const tables = raw.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name LIKE 'budget_%'`).all() as { name: string; strict: number }[];
    expect(tables.map((t) => t.name).sort()).toEqual([...budgetTables].sort());
    expect(tables.every((t) => t.strict === 1)).toBe(true);

    raw.exec(`
      INSERT INTO budget_county_record VALUES ('r1', 'b1', 2026, '指标下达', '文1', '2026-01-05', 'simulated', '{}', 'u1', 'x');
      INSERT INTO budget_indicator (id, book_id, year, region_code, func_code, econ_gov_code, econ_dep_code, fund_nature, doc_no,
        pay_method, direct_fund, expense_kind, origin, record_id, created_at)
      VALUES ('i1', 'b1', 2026, '420102', '2010301', '50201', '30201', '一般公共预算', '文1', '直接支付', 0, '日常公用经费', 'simulated', 'r1', 'x');`);
    const move = raw.prepare(`INSERT INTO budget_indicator_movement (id, book_id, indicator_id, kind, date, executable_delta, frozen_delta, paid_delta, ref_kind, ref_id, summary, user_id, created_at)
      VALUES (?, 'b1', 'i1', ?, '2026-01-05', ?, ?, ?, 'county', 'r1', 's', 'u1', 'x')`);
    move.run('m1', '下达', 100, 0, 0);
    // A movement must move the balance its kind names, with the kind's sign.
    expect(() => move.run('m2', '支付', 0, 0, -5)).toThrow(/CHECK/);
    expect(() => move.run('m3', '下达', 0, 0, 5)).toThrow(/CHECK/);
    // Whatever code inserts it, the indicator can never be overspent.
    expect(() => move.run('m4', '支付', 0, 0, 101)).toThrow('指标余额不足：可用、冻结或已支付金额不能为负');
    expect(() => move.run('m5', '解冻', 0, -1, 0)).toThrow('指标余额不足');
    move.run('m6', '支付', 0, 0, 100);
    expect(() => raw.prepare(`UPDATE budget_indicator_movement SET paid_delta = 1 WHERE id = 'm6'`).run()).toThrow('指标台账只能追加，不能修改');
    expect(() => raw.prepare(`INSERT INTO budget_project (id, book_id, code, name, class, func_code, fund_nature, start_date, end_date, status, created_by, created_at, updated_at)
      VALUES ('p1', 'b1', 'P1', 'x', '其他类', '2010301', '一般公共预算', '2026-01-01', '2026-12-31', '储备', 'u1', 'x', 'x')`).run()).toThrow(/CHECK/);
    raw.close();
  });
});
