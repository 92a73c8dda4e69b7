// A township budget year at scale, for bench/budget.ts: projects, indicators across function
// classes, projects and fund natures, and payments spread over the months, each payment with
// the indicator movements and (once paid) the dual-track voucher that the command path makes.
//
// There is no import path for budget data in electron/core/budget/, so the rows are written
// here with the SQL of the core (county.ts issueIndicator, projects.ts saveProject/moveProject,
// payments.ts createPayment/reviewPayment/confirmPayment), inside transactions, through the
// core's own addMovement (which re-derives and checks the balance after every movement) and
// logEvent. The vouchers are the core's own paymentVoucherLines, written with the ledger's bulk
// path importPostedVouchers (validated by the voucher rules, posted, numbered in date order).
import classificationSeed from '../resources/seed/classification.json';
import { governmentEconFor, type EconMappingEntry } from '../shared/domain/budget/econMapping';
import { expenseKindOf } from '../shared/domain/budget/elements';
import { paymentVoucherLines } from '../shared/domain/budget/paymentVoucher';
import { projectMachine } from '../shared/domain/budget/stateMachines';
import type { FundNature, PayMethod } from '../shared/domain/budget/types';
import { uuidv7 } from '../shared/domain/id';
import type { Book, User } from '../shared/api/types';
import type { WritableDB } from '../electron/core/db/handles';
import { sql } from '../electron/core/db/sql';
import { logEvent } from '../electron/core/budget/common';
import { addMovement } from '../electron/core/budget/indicators';
import { loadLedgerChart } from '../electron/core/ledger/chart';
import { importPostedVouchers, type ImportVoucher } from '../electron/core/ledger/bulkImport';
import type { Core } from '../electron/core/index';
import { bookInput } from '../test/helpers/books';
import { caller } from '../test/helpers/core';

/**
 * The bench's own two-person office (its own passwords). As in test/helpers/ledger.ts, 4001
 * and 1002 are used without their sub-accounts: with 400101/400102 enabled, a 直接支付 from a
 * 国有资本经营预算 indicator has no 财政拨款收入 leaf (its only candidate is 4001).
 */
export const BENCH_USERS = {
  accountant: { username: 'wang', password: 'wang-bench-2026' },
  reviewer: { username: 'li', password: 'li-bench-2026' },
} as const;

/**
 * 王会计 (会计 + 出纳 + 管理员) applies, simulates the county and confirms payments; 李所长
 * (审核 + 主管) reviews — the roles of test/helpers/budget.ts's office, through the commands.
 */
export async function benchOffice(core: Core) {
  const anon = caller(core);
  const book = await anon.ok('book.create', bookInput());
  const wang = await anon.ok('auth.bootstrap', { id: uuidv7(), displayName: '王会计', roles: ['accountant', 'cashier', 'admin'], ...BENCH_USERS.accountant });
  const accountant = caller(core, wang.token);
  await accountant.ok('user.create', { id: uuidv7(), displayName: '李所长', roles: ['reviewer', 'supervisor'], ...BENCH_USERS.reviewer });
  const li = await anon.ok('auth.login', BENCH_USERS.reviewer);
  for (const code of ['400101', '400102', '100201', '100299']) await accountant.ok('account.setEnabled', { bookId: book.id, code, enabled: false });
  return { core, book, bookId: book.id, accountant, reviewer: caller(core, li.token), wangId: wang.user.id, liId: li.user.id };
}

export interface WorkspaceOptions {
  year: number;
  indicators: number;
  payments: number;
  /** Share of indicators that belong to a project (项目支出); the rest are 基本支出. */
  projectShare: number;
  /** Indicators per project, on average. */
  indicatorsPerProject: number;
  /** Last business date of the generated data (the payments stop the day before). */
  asOf: string;
  seed: number;
}

export const DEFAULT_WORKSPACE: WorkspaceOptions = {
  year: 2026,
  indicators: 5_000,
  payments: 50_000,
  projectShare: 0.7,
  indicatorsPerProject: 7,
  asOf: '2026-11-28',
  seed: 20261128,
};

export interface WorkspaceSummary {
  projects: number;
  indicators: number;
  payments: number;
  byStatus: Record<string, number>;
  movements: number;
  vouchers: number;
  voucherLines: number;
  executable: number;
  paid: number;
  frozen: number;
  byFundNature: Record<string, number>;
  functionClasses: number;
  paymentsByMonth: number[];
  seconds: { plan: number; vouchers: number; budgetRows: number };
}

/** mulberry32: small, seeded, good enough to spread data. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) if ((r -= w) < 0) return item;
      return items[items.length - 1]![0];
    },
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const econMapping = (classificationSeed as { econ_mapping_department_to_government?: EconMappingEntry[] }).econ_mapping_department_to_government ?? [];

// 基本支出 by function: where a township's 人员经费 and 日常公用经费 sit (行政运行 and the like).
const BASIC_FUNCS = ['2010101', '2010301', '2010601', '2013101', '2080501', '2080505', '2080506', '2101101', '2210201', '2120101', '2130101', '2130104', '2010350'];
// 项目支出 by function: projects across the classes a township spends in.
const PROJECT_FUNCS: readonly (readonly [string, number])[] = [
  ['2130701', 10], ['2130705', 6], ['2130706', 4], ['2130707', 3], ['2130799', 2], ['2130122', 6], ['2130126', 3], ['2130199', 2], ['2130306', 5],
  ['2130314', 4], ['2130803', 3], ['2120804', 8], ['2120303', 4], ['2120501', 5], ['2120104', 2], ['2140106', 6], ['2110402', 4], ['2050201', 2],
  ['2050202', 2], ['2050203', 2], ['2070109', 3], ['2080208', 3], ['2080801', 1], ['2080805', 1], ['2081002', 2], ['2081107', 2], ['2081901', 1],
  ['2081902', 3], ['2082001', 2], ['2082102', 2], ['2100408', 3], ['2210105', 3], ['2240106', 2], ['2030607', 1], ['2040604', 1], ['2010308', 1],
  ['2010302', 2], ['2019999', 1],
];
const PERSONNEL_ECON = ['30101', '30102', '30103', '30107', '30108', '30109', '30110', '30112', '30113', '30199', '30301', '30302', '30305'];
const OFFICE_ECON = ['30201', '30202', '30205', '30206', '30207', '30209', '30211', '30213', '30215', '30216', '30217', '30228', '30229', '30231', '30299'];
const PROJECT_ECON: readonly (readonly [string, number])[] = [
  ['30213', 8], ['30226', 6], ['30227', 6], ['30218', 4], ['30299', 4], ['30201', 2], ['30305', 3], ['30306', 3], ['30309', 1], ['30310', 3],
  ['30399', 2], ['31005', 5], ['31006', 4], ['31001', 2], ['31002', 2], ['31003', 2], ['31007', 1], ['39908', 2],
];
const FUND_NATURES: readonly (readonly [FundNature, number])[] = [['一般公共预算', 80], ['政府性基金预算', 16], ['国有资本经营预算', 4]];
// Payments by month (up to the as-of date): slow start, half-year and year-end pushes.
const MONTH_WEIGHTS = [5, 6, 8, 8, 8, 12, 7, 8, 11, 9, 12, 6];

interface PlannedIndicator {
  id: string;
  funcCode: string;
  econDepCode: string;
  econGovCode: string;
  fundNature: FundNature;
  projectIndex: number | null;
  docIndex: number;
  supDocNo: string | null;
  payMethod: PayMethod;
  directFund: boolean;
  amount: number;
  issueDate: string;
}

interface PlannedPayment {
  id: string;
  indicator: number;
  amount: number;
  applied: string;
  /** 已支付: paid on; 退回: returned on; others null. */
  closed: string | null;
  status: '申请' | '审核' | '已支付' | '退回';
  voucherId: string | null;
}

function dateIn(r: ReturnType<typeof rng>, year: number, from: string, to: string): string {
  // A month by weight among those in [from, to], then a day in it within the bounds.
  const first = Number(from.slice(5, 7));
  const last = Number(to.slice(5, 7));
  const months: [number, number][] = [];
  for (let m = first; m <= last; m++) months.push([m, MONTH_WEIGHTS[m - 1]!]);
  const month = r.weighted(months);
  const lo = month === first ? Number(from.slice(8, 10)) : 1;
  const hi = month === last ? Number(to.slice(8, 10)) : 28;
  return `${year}-${pad(month)}-${pad(r.int(lo, Math.max(lo, hi)))}`;
}

function addDays(date: string, days: number, limit: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  const s = d.toISOString().slice(0, 10);
  return s > limit ? limit : s;
}

const stampOn = (date: string, seq: number) => `${date}T${pad(1 + (seq % 9))}:${pad(seq % 60)}:${pad((seq * 7) % 60)}.000Z`;

/**
 * Writes the workspace into an open database whose book and two users exist already
 * (accountant = 王会计, who applies and confirms; reviewer = 李所长, who reviews).
 */
export function generateWorkspace(
  write: WritableDB,
  book: Book,
  accountant: User,
  reviewer: User,
  options: WorkspaceOptions = DEFAULT_WORKSPACE,
  log: (line: string) => void = () => {},
): WorkspaceSummary {
  const t0 = performance.now();
  const r = rng(options.seed);
  const { year } = options;
  const lastPayDay = addDays(options.asOf, -1, options.asOf);

  // ---- plan: documents, projects, indicators ----
  const docs = [
    { docNo: `青财预〔${year}〕1号`, date: `${year}-01-20`, action: '二下' },
    ...Array.from({ length: 24 }, (_, i) => {
      const month = 2 + Math.floor(i / 3); // 追加 from February to September
      return { docNo: `青财预〔${year}〕${i + 2}号`, date: `${year}-${pad(month)}-${pad(5 + (i % 3) * 8)}`, action: '指标下达' };
    }),
  ];
  const projectIndicatorCount = Math.round(options.indicators * options.projectShare);
  const projectCount = Math.max(1, Math.round(projectIndicatorCount / options.indicatorsPerProject));
  const projects = Array.from({ length: projectCount }, (_, i) => {
    const funcCode = r.weighted(PROJECT_FUNCS);
    const fundNature = r.weighted(FUND_NATURES);
    // Laggards: a project that barely started (late tendering, design not approved).
    const lagging = r.next() < 0.15;
    return {
      id: uuidv7(),
      code: `P${year}-${String(i + 1).padStart(4, '0')}`,
      name: `${funcCode}项目${i + 1}`,
      class: r.next() < 0.85 ? '特定目标类' : '运转类',
      funcCode,
      fundNature,
      lagging,
      direct: fundNature === '一般公共预算' && r.next() < 0.15,
      targets: [uuidv7(), uuidv7()],
    };
  });

  const indicators: PlannedIndicator[] = [];
  for (let i = 0; i < options.indicators; i++) {
    const isProject = i < projectIndicatorCount;
    const projectIndex = isProject ? i % projectCount : null;
    const project = projectIndex === null ? null : projects[projectIndex]!;
    const personnel = !isProject && r.next() < 0.45;
    const econDepCode = isProject ? r.weighted(PROJECT_ECON) : personnel ? r.pick(PERSONNEL_ECON) : r.pick(OFFICE_ECON);
    // Most money is in the approved budget (二下); the rest comes as 追加 during the year.
    const docIndex = r.next() < 0.75 ? 0 : r.int(1, docs.length - 1);
    const directFund = project?.direct ?? false;
    indicators.push({
      id: uuidv7(),
      funcCode: project?.funcCode ?? r.pick(BASIC_FUNCS),
      econDepCode,
      econGovCode: governmentEconFor(econDepCode, econMapping)!,
      fundNature: project?.fundNature ?? (r.next() < 0.95 ? '一般公共预算' : '政府性基金预算'),
      projectIndex,
      docIndex,
      supDocNo: directFund ? `鄂财预〔${year}〕${r.int(10, 90)}号` : null,
      payMethod: personnel ? '直接支付' : isProject ? (r.next() < 0.7 ? '直接支付' : '授权支付') : r.next() < 0.6 ? '授权支付' : '直接支付',
      directFund,
      amount: (isProject ? r.int(20_000, 3_000_000) : personnel ? r.int(50_000, 1_500_000) : r.int(10_000, 400_000)) * 100,
      issueDate: docs[docIndex]!.date,
    });
  }

  // ---- plan: payments, shared out over the indicators, each indicator paid in date order ----
  const weights = indicators.map((ind) => {
    if (ind.projectIndex !== null) return projects[ind.projectIndex]!.lagging ? 0.3 : 0.5 + r.next() * 2;
    return expenseKindOf(ind.econDepCode, false) === '人员经费' ? 2.2 : 0.5 + r.next() * 1.5;
  });
  const weightTotal = weights.reduce((s, w) => s + w, 0);
  const counts = weights.map((w) => Math.floor((w / weightTotal) * options.payments));
  for (let left = options.payments - counts.reduce((s, c) => s + c, 0), i = 0; left > 0; left--, i = (i + 7919) % counts.length) counts[i]!++;

  const payments: PlannedPayment[] = [];
  indicators.forEach((ind, index) => {
    const n = counts[index]!;
    if (n === 0) return;
    const lagging = ind.projectIndex !== null && projects[ind.projectIndex]!.lagging;
    // Execution reached by the as-of date: 人员经费 monthly, others spread, laggards far behind.
    const rate = lagging ? 0.02 + r.next() * 0.25 : expenseKindOf(ind.econDepCode, ind.projectIndex !== null) === '人员经费' ? 0.8 + r.next() * 0.1 : 0.35 + r.next() * 0.55;
    const dates = Array.from({ length: n }, () => dateIn(r, year, addDays(ind.issueDate, 1, lastPayDay), lastPayDay)).sort();
    const planned = dates.map((applied): PlannedPayment => {
      const roll = r.next();
      const late = applied >= `${year}-11-10`;
      const status = late && roll < 0.25 ? (roll < 0.12 ? '申请' : '审核') : roll > 0.98 ? '退回' : '已支付';
      return { id: uuidv7(), indicator: index, amount: 0, applied, closed: null, status, voucherId: null };
    });
    const paid = planned.filter((p) => p.status === '已支付');
    const spend = Math.floor(ind.amount * rate);
    const parts = paid.map(() => 0.3 + r.next());
    const partTotal = parts.reduce((s, w) => s + w, 0);
    let given = 0;
    paid.forEach((p, i) => {
      p.amount = i === paid.length - 1 ? spend - given : Math.floor((spend * parts[i]!) / partTotal);
      given += p.amount;
    });
    for (const p of planned) {
      // In transit and returned requests hold a small share each (they fit beside the paid ones: rate ≤ 0.9).
      if (p.status !== '已支付') p.amount = Math.max(100, Math.floor(ind.amount * (0.002 + r.next() * 0.01)));
      if (p.status === '已支付') {
        p.closed = addDays(p.applied, r.int(0, 6), lastPayDay);
        p.voucherId = uuidv7();
      }
      if (p.status === '退回') p.closed = addDays(p.applied, r.int(1, 5), lastPayDay);
    }
    for (const p of planned) if (p.amount > 0) payments.push(p);
    // A paid payment whose share rounded to 0 fen is dropped; topped up below.
  });
  // Keep the count exact: top up with small paid payments on indicators with room.
  for (let i = 0; payments.length < options.payments; i = (i + 104729) % indicators.length) {
    const ind = indicators[i]!;
    const applied = dateIn(r, year, addDays(ind.issueDate, 1, lastPayDay), lastPayDay);
    payments.push({ id: uuidv7(), indicator: i, amount: Math.floor(ind.amount * 0.001) || 1, applied, closed: applied, status: '已支付', voucherId: uuidv7() });
  }
  const tPlan = performance.now();
  log(`planned ${projects.length.toLocaleString('en')} projects, ${indicators.length.toLocaleString('en')} indicators, ${payments.length.toLocaleString('en')} payments in ${((tPlan - t0) / 1000).toFixed(1)} s`);

  // ---- vouchers first (payments refer to them): the core's own payment voucher, bulk-written ----
  const chart = loadLedgerChart(write, book.id);
  const paidPayments = payments.filter((p) => p.status === '已支付').sort((a, b) => (a.closed! < b.closed! ? -1 : a.closed! > b.closed! ? 1 : 0));
  const purposeOf = (p: PlannedPayment) => `${indicators[p.indicator]!.projectIndex === null ? '日常支出' : '项目支出'}${p.id.slice(-4)}`;
  const vouchers = function* (): Generator<ImportVoucher> {
    for (const p of paidPayments) {
      const ind = indicators[p.indicator]!;
      const project = ind.projectIndex === null ? null : projects[ind.projectIndex]!;
      const planned = paymentVoucherLines(
        {
          payMethod: ind.payMethod,
          amount: p.amount,
          funcCode: ind.funcCode,
          econDepCode: ind.econDepCode,
          econGovCode: ind.econGovCode,
          projectCode: project?.code ?? null,
          fundNature: ind.fundNature,
          unitType: book.unitType,
          summary: `${ind.payMethod === '直接支付' ? '财政直接支付' : '零余额账户支付'}：${purposeOf(p)}`,
        },
        chart,
      );
      if (!planned.ok) throw new Error(planned.message);
      yield { id: p.voucherId!, word: '记', date: p.closed!, attachments: 1, lines: planned.lines };
    }
  };
  const imported = importPostedVouchers(write, book, accountant, vouchers(), chart, { batchSize: 10_000, now: new Date(`${options.asOf}T00:00:00Z`) });
  const tVouchers = performance.now();
  log(`wrote ${imported.vouchers.toLocaleString('en')} payment vouchers (${imported.lines.toLocaleString('en')} lines, both tracks) with importPostedVouchers in ${((tVouchers - tPlan) / 1000).toFixed(1)} s`);

  // ---- budget rows: county records, cycle, projects, indicators (下达), then payments in date order ----
  let seq = 0;
  write.transaction((db) => {
    const at = stampOn(`${year}-01-02`, 0);
    db.run(sql`INSERT INTO budget_cycle (book_id, year, state, updated_at) VALUES (${book.id}, ${year}, '二下已批复', ${stampOn(docs[0]!.date, 0)})
               ON CONFLICT (book_id, year) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`);
    const recordIds = docs.map((d) => {
      const id = uuidv7();
      const payload = JSON.stringify({ action: d.action, docNo: d.docNo, bench: 'bench/budget-workspace.ts' });
      db.run(sql`
        INSERT INTO budget_county_record (id, book_id, year, action, doc_no, date, origin, payload, user_id, at)
        VALUES (${id}, ${book.id}, ${year}, ${d.action}, ${d.docNo}, ${d.date}, 'simulated', ${payload}, ${accountant.id}, ${stampOn(d.date, 1)})`);
      return id;
    });
    for (const p of projects) {
      db.run(sql`
        INSERT INTO budget_project (id, book_id, code, name, class, func_code, fund_nature, start_date, end_date, description,
                                    status, created_by, created_at, updated_at)
        VALUES (${p.id}, ${book.id}, ${p.code}, ${p.name}, ${p.class}, ${p.funcCode}, ${p.fundNature},
                ${`${year}-01-01`}, ${`${year}-12-31`}, '', '执行中', ${accountant.id}, ${at}, ${at})`);
      logEvent(db, { bookId: book.id, entity: 'project', entityId: p.id, action: '新建', from: null, to: '储备', userId: accountant.id, at });
      const moves = [['declare', '储备', accountant], ['approve', '申报', accountant], ['start', '入库', accountant]] as const;
      for (const [action, from, user] of moves) {
        const t = projectMachine.transitions[action];
        logEvent(db, { bookId: book.id, entity: 'project', entityId: p.id, action: t.label, from, to: t.to, userId: user.id, at });
      }
      const total = indicators.filter((i) => i.projectIndex !== null && projects[i.projectIndex] === p).reduce((s, i) => s + i.amount, 0);
      db.run(sql`INSERT INTO budget_project_amount (project_id, year, amount) VALUES (${p.id}, ${year}, ${Math.max(total, 100)})`);
      db.run(sql`INSERT INTO budget_project_target (id, project_id, position, name, type, unit, target_value, direction)
                 VALUES (${p.targets[0]!}, ${p.id}, 1, '完成工程量', '产出', '%', '100', '≥')`);
      db.run(sql`INSERT INTO budget_project_target (id, project_id, position, name, type, unit, target_value, direction)
                 VALUES (${p.targets[1]!}, ${p.id}, 2, '群众满意度', '满意度', '%', '90', '≥')`);
      // 绩效运行监控 recorded for a third of the projects at the end of the third quarter.
      if (r.next() < 0.33) {
        const actual = p.lagging ? String(r.int(10, 40)) : String(r.int(60, 90));
        const behind = p.lagging;
        db.run(sql`
          INSERT INTO budget_target_progress (target_id, year, as_of, actual_value, deviation_reason, corrective_action, recorded_by, recorded_at)
          VALUES (${p.targets[0]!}, ${year}, ${`${year}-09-30`}, ${actual}, ${behind ? '招标延期' : null}, ${behind ? '加快施工进度' : null}, ${accountant.id}, ${stampOn(`${year}-10-08`, 2)})`);
      }
    }
    indicators.forEach((n, i) => {
      const project = n.projectIndex === null ? null : projects[n.projectIndex]!;
      const doc = docs[n.docIndex]!;
      const stamp = stampOn(doc.date, i);
      db.run(sql`
        INSERT INTO budget_indicator (id, book_id, year, region_code, func_code, econ_gov_code, econ_dep_code, fund_nature, project_id,
                                      doc_no, sup_doc_no, pay_method, direct_fund, expense_kind, origin, record_id, submission_id, created_at)
        VALUES (${n.id}, ${book.id}, ${year}, ${book.regionCode}, ${n.funcCode}, ${n.econGovCode}, ${n.econDepCode}, ${n.fundNature},
                ${project?.id ?? null}, ${doc.docNo}, ${n.supDocNo}, ${n.payMethod}, ${n.directFund ? 1 : 0},
                ${expenseKindOf(n.econDepCode, project !== null)}, 'simulated', ${recordIds[n.docIndex]!}, ${null}, ${stamp})`);
      addMovement(db, { bookId: book.id, indicatorId: n.id, kind: '下达', amount: n.amount, date: doc.date, refKind: 'county', refId: recordIds[n.docIndex]!, summary: `下达指标 ${doc.docNo}（模拟县级批复）`, userId: accountant.id, at: stamp });
    });
  });

  // Payment steps as dated events, replayed in date order so every balance check sees the past only.
  type Step = { date: string; order: number; p: PlannedPayment; step: 'apply' | 'review' | 'pay' | 'return' };
  const steps: Step[] = [];
  for (const p of payments) {
    steps.push({ date: p.applied, order: 0, p, step: 'apply' });
    if (p.status !== '申请') steps.push({ date: p.applied, order: 1, p, step: 'review' });
    if (p.status === '已支付') steps.push({ date: p.closed!, order: 2, p, step: 'pay' });
    if (p.status === '退回') steps.push({ date: p.closed!, order: 2, p, step: 'return' });
  }
  steps.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
  const BATCH = 20_000;
  for (let start = 0; start < steps.length; start += BATCH) {
    write.transaction((db) => {
      for (const s of steps.slice(start, start + BATCH)) {
        const p = s.p;
        const ind = indicators[p.indicator]!;
        const at = stampOn(s.date, seq++);
        const purpose = purposeOf(p);
        switch (s.step) {
          case 'apply':
            db.run(sql`
              INSERT INTO budget_payment (id, book_id, indicator_id, amount, payee_name, payee_account, payee_bank, purpose, status, applied_date, applied_by, applied_at)
              VALUES (${p.id}, ${book.id}, ${ind.id}, ${p.amount}, ${`收款单位${p.indicator % 300}`}, ${`62220202${String(p.indicator).padStart(8, '0')}`}, '农业银行青山支行',
                      ${purpose}, '申请', ${p.applied}, ${accountant.id}, ${at})`);
            addMovement(db, { bookId: book.id, indicatorId: ind.id, kind: '冻结', amount: p.amount, date: p.applied, refKind: 'payment', refId: p.id, summary: `支付申请在途：${purpose}`, userId: accountant.id, at });
            logEvent(db, { bookId: book.id, entity: 'payment', entityId: p.id, action: '申请', from: null, to: '申请', userId: accountant.id, at });
            break;
          case 'review':
            db.run(sql`UPDATE budget_payment SET status = '审核', reviewed_by = ${reviewer.id}, reviewed_at = ${at} WHERE id = ${p.id}`);
            logEvent(db, { bookId: book.id, entity: 'payment', entityId: p.id, action: '审核', from: '申请', to: '审核', userId: reviewer.id, at });
            break;
          case 'return':
            db.run(sql`UPDATE budget_payment SET status = '退回', returned_by = ${reviewer.id}, return_reason = '收款账号有误' WHERE id = ${p.id}`);
            addMovement(db, { bookId: book.id, indicatorId: ind.id, kind: '解冻', amount: p.amount, date: p.closed!, refKind: 'payment', refId: p.id, summary: '退回支付申请：收款账号有误', userId: reviewer.id, at });
            logEvent(db, { bookId: book.id, entity: 'payment', entityId: p.id, action: '退回', from: '审核', to: '退回', reason: '收款账号有误', userId: reviewer.id, at });
            break;
          case 'pay': {
            addMovement(db, { bookId: book.id, indicatorId: ind.id, kind: '解冻', amount: p.amount, date: p.closed!, refKind: 'payment', refId: p.id, summary: `支付：${purpose}`, userId: accountant.id, at });
            addMovement(db, { bookId: book.id, indicatorId: ind.id, kind: '支付', amount: p.amount, date: p.closed!, refKind: 'payment', refId: p.id, summary: `支付：${purpose}（收款单位${p.indicator % 300}）`, userId: accountant.id, at });
            const reviewedAt = db.get<{ reviewed_at: string }>(sql`SELECT reviewed_at FROM budget_payment WHERE id = ${p.id}`)!.reviewed_at;
            db.run(sql`UPDATE voucher SET reviewed_by = ${reviewer.id}, reviewed_at = ${reviewedAt} WHERE id = ${p.voucherId!}`);
            db.run(sql`UPDATE budget_payment SET status = '已支付', paid_by = ${accountant.id}, paid_at = ${at}, pay_date = ${p.closed!}, voucher_id = ${p.voucherId!} WHERE id = ${p.id}`);
            db.run(sql`
              INSERT INTO budget_payment_voucher (voucher_id, payment_id, indicator_id, direct_fund, role)
              VALUES (${p.voucherId!}, ${p.id}, ${ind.id}, ${ind.directFund ? 1 : 0}, '支付')`);
            logEvent(db, { bookId: book.id, entity: 'payment', entityId: p.id, action: '确认支付', from: '审核', to: '已支付', userId: accountant.id, at });
            break;
          }
        }
      }
    });
  }
  const tRows = performance.now();
  log(`wrote the budget rows (${steps.length.toLocaleString('en')} payment steps through addMovement/logEvent) in ${((tRows - tVouchers) / 1000).toFixed(1)} s`);

  const one = <T>(q: ReturnType<typeof sql>) => write.get<T>(q)!;
  const totals = one<{ e: number; f: number; p: number; n: number }>(sql`
    SELECT sum(executable_delta) AS e, sum(frozen_delta) AS f, sum(paid_delta) AS p, count(*) AS n FROM budget_indicator_movement WHERE book_id = ${book.id}`);
  const byStatus = Object.fromEntries(
    write.all<{ status: string; n: number }>(sql`SELECT status, count(*) AS n FROM budget_payment WHERE book_id = ${book.id} GROUP BY status`).map((x) => [x.status, x.n]),
  );
  const byFundNature = Object.fromEntries(
    write.all<{ fund_nature: string; n: number }>(sql`SELECT fund_nature, count(*) AS n FROM budget_indicator WHERE book_id = ${book.id} GROUP BY fund_nature`).map((x) => [x.fund_nature, x.n]),
  );
  const functionClasses = one<{ n: number }>(sql`SELECT count(DISTINCT substr(func_code, 1, 3)) AS n FROM budget_indicator WHERE book_id = ${book.id}`).n;
  const months = write.all<{ m: number; n: number }>(sql`SELECT CAST(substr(applied_date, 6, 2) AS INTEGER) AS m, count(*) AS n FROM budget_payment WHERE book_id = ${book.id} GROUP BY m`);
  const paymentsByMonth = Array.from({ length: 12 }, (_, i) => months.find((x) => x.m === i + 1)?.n ?? 0);
  return {
    projects: projects.length,
    indicators: indicators.length,
    payments: payments.length,
    byStatus,
    movements: totals.n,
    vouchers: imported.vouchers,
    voucherLines: imported.lines,
    executable: totals.e,
    paid: totals.p,
    frozen: totals.f,
    byFundNature,
    functionClasses,
    paymentsByMonth,
    seconds: { plan: (tPlan - t0) / 1000, vouchers: (tVouchers - tPlan) / 1000, budgetRows: (tRows - tVouchers) / 1000 },
  };
}
