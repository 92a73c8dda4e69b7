import Database from 'better-sqlite3';
import type { Indicator, Payment } from '../../shared/api/budgetTypes';
import type { CommandInput } from '../../shared/api/commands';
import { uuidv7 } from '../../shared/domain/id';
import { openCore, type Core } from '../../electron/core';
import { caller } from './core';
import { twoPersonOffice } from './ledger';

export type Office = Awaited<ReturnType<typeof budgetOffice>>;

/**
 * The two-person office of the ledger tests, for the budget workspace: 王会计 (会计 + 出纳 +
 * 管理员) prepares, applies, simulates the county and pays; 李所长 (审核 + 主管) reviews,
 * submits and approves.
 */
export async function budgetOffice(core: Core) {
  const office = await twoPersonOffice(core);
  return { ...office, core, bookId: office.book.id };
}

export function projectInput(bookId: string, overrides: Partial<CommandInput<'budget.projectSave'>> = {}): CommandInput<'budget.projectSave'> {
  return {
    bookId,
    id: uuidv7(),
    code: 'P2026-001',
    name: '乡村道路养护',
    class: '特定目标类',
    funcCode: '2130701',
    fundNature: '一般公共预算',
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    description: '全镇村道日常养护',
    amounts: [
      { year: 2026, amount: 50_000_000 },
      { year: 2027, amount: 30_000_000 },
    ],
    targets: [
      { id: uuidv7(), name: '养护村道里程', type: '产出', unit: '公里', targetValue: '40', direction: '≥' },
      { id: uuidv7(), name: '群众满意度', type: '满意度', unit: '%', targetValue: '90', direction: '≥' },
    ],
    ...overrides,
  };
}

/** A project taken through 申报 and (simulated) 入库. */
export async function admittedProject(office: Office, overrides: Partial<CommandInput<'budget.projectSave'>> = {}) {
  const project = await office.accountant.ok('budget.projectSave', projectInput(office.bookId, overrides));
  await office.accountant.ok('budget.projectDeclare', { bookId: office.bookId, id: project.id });
  await office.accountant.ok('budget.simulateCountyApproval', { action: '项目入库', bookId: office.bookId, id: uuidv7(), date: '2026-01-02', projectId: project.id });
  return project;
}

export type IssueOverrides = Partial<Omit<Extract<CommandInput<'budget.simulateCountyApproval'>, { action: '指标下达' }>, 'action' | 'bookId'>>;

/** One indicator 下达 by the simulated county (basic 日常公用经费 by default). */
export async function issueIndicator(office: Office, overrides: IssueOverrides = {}): Promise<Indicator> {
  const result = await office.accountant.ok('budget.simulateCountyApproval', {
    action: '指标下达',
    bookId: office.bookId,
    id: uuidv7(),
    date: '2026-01-05',
    indicatorId: uuidv7(),
    year: 2026,
    funcCode: '2010301',
    econDepCode: '30201',
    fundNature: '一般公共预算',
    docNo: '青财预〔2026〕1号',
    payMethod: '直接支付',
    directFund: false,
    amount: 1_000_000,
    ...overrides,
  });
  return result.indicators[0]!;
}

export function paymentInput(bookId: string, indicator: Indicator, amount: number, overrides: Partial<CommandInput<'budget.paymentCreate'>> = {}): CommandInput<'budget.paymentCreate'> {
  return {
    bookId,
    id: uuidv7(),
    indicatorId: indicator.id,
    amount,
    elements: {
      regionCode: indicator.regionCode,
      year: indicator.year,
      funcCode: indicator.funcCode,
      econGovCode: indicator.econGovCode,
      econDepCode: indicator.econDepCode,
      fundNature: indicator.fundNature,
      projectCode: indicator.projectCode,
      docNo: indicator.docNo,
      supDocNo: indicator.supDocNo,
      payMethod: indicator.payMethod,
      directFund: indicator.directFund,
    },
    payee: { name: '青山文具店', account: '6222020200001234', bank: '工商银行青山支行' },
    purpose: '购买办公用品',
    date: '2026-01-10',
    ...overrides,
  };
}

/** 申请 (王) → 审核 (李) → 确认支付 (王). */
export async function pay(office: Office, indicator: Indicator, amount: number, date = '2026-01-20', overrides: Partial<CommandInput<'budget.paymentCreate'>> = {}): Promise<Payment> {
  const created = await office.accountant.ok('budget.paymentCreate', paymentInput(office.bookId, indicator, amount, { date, ...overrides }));
  await office.reviewer.ok('budget.paymentReview', { bookId: office.bookId, id: created.id });
  return office.accountant.ok('budget.paymentConfirm', { bookId: office.bookId, id: created.id, voucherId: uuidv7(), date });
}

export interface IndicatorAudit {
  executable: number;
  frozen: number;
  paid: number;
  available: number;
  /** Σ amount of payments in 已支付, from the payment table (not the movements). */
  paidByPayments: number;
  /** Σ amount of payments in 申请/审核. */
  inTransit: number;
  /** Σ of the budget-track debits (7xxx) on vouchers linked to this indicator. */
  voucherSpending: number;
  movementCount: number;
}

/**
 * An independent auditor (TigerBeetle style): re-derives an indicator's figures with raw SQL
 * over the database file, without any code of the core.
 */
export function auditIndicator(databaseFile: string, indicatorId: string): IndicatorAudit {
  const raw = new Database(databaseFile, { readonly: true });
  try {
    const one = <T>(text: string) => raw.prepare(text).get(indicatorId) as T;
    const m = one<{ e: number; f: number; p: number; n: number }>(
      `SELECT coalesce(sum(CASE WHEN kind IN ('下达','调整','调剂') THEN executable_delta END), 0) AS e,
              coalesce(sum(CASE WHEN kind = '冻结' THEN frozen_delta WHEN kind = '解冻' THEN frozen_delta END), 0) AS f,
              coalesce(sum(CASE WHEN kind = '支付' THEN paid_delta WHEN kind = '退回' THEN paid_delta END), 0) AS p,
              count(*) AS n
       FROM budget_indicator_movement WHERE indicator_id = ?`,
    );
    const paidByPayments = one<{ s: number }>(`SELECT coalesce(sum(amount), 0) AS s FROM budget_payment WHERE indicator_id = ? AND status = '已支付'`).s;
    const inTransit = one<{ s: number }>(`SELECT coalesce(sum(amount), 0) AS s FROM budget_payment WHERE indicator_id = ? AND status IN ('申请', '审核')`).s;
    const voucherSpending = one<{ s: number }>(
      `SELECT coalesce(sum(l.debit), 0) AS s FROM budget_payment_voucher pv JOIN voucher_line l ON l.voucher_id = pv.voucher_id
       WHERE pv.indicator_id = ? AND l.account_code LIKE '7%'`,
    ).s;
    return { executable: m.e, frozen: m.f, paid: m.p, available: m.e - m.p - m.f, paidByPayments, inTransit, voucherSpending, movementCount: m.n };
  } finally {
    raw.close();
  }
}

export function countRows(databaseFile: string, table: string): number {
  const raw = new Database(databaseFile, { readonly: true });
  try {
    return (raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    raw.close();
  }
}

/** Row counts of every table the budget workspace and the ledger write, to prove nothing was written. */
export function writeFootprint(databaseFile: string): Record<string, number> {
  const tables = ['budget_payment', 'budget_indicator_movement', 'budget_payment_voucher', 'budget_event', 'budget_adjustment', 'budget_adjustment_line', 'voucher', 'voucher_line', 'period', 'period_movement'];
  return Object.fromEntries(tables.map((t) => [t, countRows(databaseFile, t)]));
}

// ---- Race worker: run in its own process (bundled by the race test) ----

export interface RaceWorkerArgs {
  dataDir: string;
  bookId: string;
  indicatorId: string;
  attempts: number;
  seed: number;
  /** Epoch ms: every worker waits for it, so that they all fire at once. */
  startAt: number;
}

export interface RaceWorkerResult {
  created: number;
  refused: number;
  paid: number;
  paidAmount: number;
  errors: string[];
}

/**
 * One office computer: its own core on the shared data directory, firing payment requests
 * and confirmations at the same indicator as fast as it can. Prints one JSON line.
 */
export async function raceWorkerMain(): Promise<void> {
  const args = JSON.parse(process.argv[2]!) as RaceWorkerArgs;
  const core = openCore({ dataDir: args.dataDir, mode: 'browser', appVersion: 'race', log: () => {} });
  const result: RaceWorkerResult = { created: 0, refused: 0, paid: 0, paidAmount: 0, errors: [] };
  try {
    const anon = caller(core);
    const wang = caller(core, (await anon.ok('auth.login', { username: 'wang', password: 'wang-password1' })).token);
    const li = caller(core, (await anon.ok('auth.login', { username: 'li', password: 'li-password1' })).token);
    const indicator = (await wang.ok('budget.indicatorList', { bookId: args.bookId, year: 2026 })).find((i) => i.id === args.indicatorId)!;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, args.startAt - Date.now())));
    let state = args.seed;
    const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < args.attempts; i++) {
      const amount = 10_000 + Math.floor(random() * 90_000);
      const created = await wang.call('budget.paymentCreate', paymentInput(args.bookId, indicator, amount, { purpose: `并发支付${args.seed}-${i}` }));
      if (!created.ok) {
        if (created.error.code === 'RULE_VIOLATION' && created.error.message.includes('可用余额不足')) result.refused++;
        else result.errors.push(`${created.error.code} ${created.error.message}`);
        continue;
      }
      result.created++;
      const reviewed = await li.call('budget.paymentReview', { bookId: args.bookId, id: created.value.id });
      if (!reviewed.ok) {
        result.errors.push(`review ${reviewed.error.code} ${reviewed.error.message}`);
        continue;
      }
      const confirmed = await wang.call('budget.paymentConfirm', { bookId: args.bookId, id: created.value.id, voucherId: uuidv7(), date: '2026-03-10' });
      if (!confirmed.ok) {
        result.errors.push(`confirm ${confirmed.error.code} ${confirmed.error.message}`);
        continue;
      }
      result.paid++;
      result.paidAmount += amount;
    }
  } catch (error) {
    result.errors.push(String(error));
  } finally {
    core.close();
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
