// A seeded generator of a realistic township book (行政单位, 政府会计制度 平行记账), for the
// ledger benchmarks: the patterns of /work/shared/reference/scenarios/township-basic.json and
// domain.md §1, with amounts, dates, departments, villages, projects and func/econ_dep
// classifications drawn from a seeded PRNG, so the same seed gives the same book.
//
// Every voucher has exactly LINES_PER_VOUCHER lines and balances on each track; money flows
// are kept plausible (quota arrivals cover the month's 零余额 payments, special grants cover
// the bank payments, salary liabilities clear every cycle).
//
// Library for bench/ledger-book.ts; run alone it prints a few sample vouchers:
//   npm run bench -- ledger-township [count] [seed]
import { createUuidV7Generator } from '../shared/domain/id';
import type { VoucherLineInput } from '../shared/domain/ledger/types';
import type { ImportVoucher } from '../electron/core/ledger/bulkImport';

export const LINES_PER_VOUCHER = 5;
/** Disabled with account.setEnabled before import, as test/helpers/ledger.ts does, so 4001 and 1002 are leaves. */
export const SUB_ACCOUNTS_TO_DISABLE = ['400101', '400102', '100201', '100299'] as const;

export interface TownshipOptions {
  seed: number;
  startYear: number;
  years: number;
  vouchersPerYear: number;
}

// ---- seeded randomness ----

/** mulberry32: small, fast, good enough for test data; never for anything secret. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rand {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Log-uniform amount in fen between two amounts in 元, rounded to `step` fen. */
  amount(minYuan: number, maxYuan: number, step = 1): number {
    const lo = Math.log(minYuan * 100);
    const hi = Math.log(maxYuan * 100);
    const fen = Math.exp(lo + this.next() * (hi - lo));
    return Math.max(step, Math.round(fen / step) * step);
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
  /** `total` split into `parts` positive integers (each at least 1 fen), remainder on the last. */
  split(total: number, parts: number): number[] {
    if (total < parts) throw new Error(`cannot split ${total} into ${parts}`);
    const weights = Array.from({ length: parts }, () => 0.3 + this.next());
    const sum = weights.reduce((a, b) => a + b, 0);
    const out = weights.map((w) => Math.max(1, Math.floor((total * w) / sum)));
    let rest = total - out.reduce((a, b) => a + b, 0);
    // Floors may overshoot by the max(1, …) guard: take it back from the largest part.
    while (rest < 0) {
      const i = out.indexOf(Math.max(...out));
      const take = Math.min(-rest, out[i]! - 1);
      out[i]! -= take;
      rest += take;
    }
    out[parts - 1]! += rest;
    return out;
  }
}

// ---- reference data (codes from the seeded 行政单位 chart and classification tables) ----

const departments = ['党政办', '经济发展办', '社会事务办', '农业农村办', '综合执法队', '财政所', '自然资源所', '平安办'] as const;
const villages = ['青山村', '石桥村', '柳溪村', '桃源村', '大塘村', '新华村', '东岭村', '西坞村', '南山村', '北港村', '枫林村', '竹园村'] as const;
const adminFuncs = ['2010301', '2010301', '2010301', '2010302', '2010303', '2130101', '2080208', '2120101'] as const;
const publicItems = [
  { name: '办公用品费', econ: '30201' },
  { name: '印刷费', econ: '30202' },
  { name: '水费', econ: '30205' },
  { name: '电费', econ: '30206' },
  { name: '邮电费', econ: '30207' },
  { name: '物业管理费', econ: '30209' },
  { name: '差旅费', econ: '30211' },
  { name: '维修（护）费', econ: '30213' },
  { name: '会议费', econ: '30215' },
  { name: '培训费', econ: '30216' },
  { name: '公务接待费', econ: '30217' },
  { name: '劳务费', econ: '30226' },
  { name: '委托业务费', econ: '30227' },
  { name: '公务用车运行维护费', econ: '30231' },
] as const;
const welfare = [
  { name: '农村最低生活保障金', func: '2081902', econ: '30305' },
  { name: '农村特困人员救助供养金', func: '2082102', econ: '30305' },
  { name: '临时救助金', func: '2082001', econ: '30306' },
  { name: '残疾人生活和护理补贴', func: '2081107', econ: '30305' },
  { name: '义务兵优待金', func: '2080805', econ: '30399' },
] as const;
const works = [
  { name: '小城镇基础设施建设', func: '2120303' },
  { name: '防汛设施修复', func: '2130314' },
  { name: '农村公路养护', func: '2140106' },
  { name: '农村基础设施建设', func: '2120804' },
  { name: '城乡社区环境卫生整治', func: '2120501' },
] as const;
const specials = [
  { name: '农业生产发展', func: '2130122' },
  { name: '农村社会事业', func: '2130126' },
  { name: '农村环境保护', func: '2110402' },
  { name: '基本公共卫生服务', func: '2100408' },
] as const;

// ---- voucher shapes ----

type Dims = VoucherLineInput['dims'];
const dr = (summary: string, accountCode: string, debit: number, dims?: Dims): VoucherLineInput => ({ summary, accountCode, debit, credit: 0, ...(dims ? { dims } : {}) });
const cr = (summary: string, accountCode: string, credit: number, dims?: Dims): VoucherLineInput => ({ summary, accountCode, debit: 0, credit, ...(dims ? { dims } : {}) });

interface Draft {
  day: number;
  summary: string;
  attachments: number;
  lines: VoucherLineInput[];
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A working day (Mon–Fri) of the month between `from` and `to`, or the nearest before. */
function workingDay(rand: Rand, year: number, month: number, from: number, to: number): number {
  const last = daysIn(year, month);
  let day = Math.min(last, rand.int(from, Math.min(to, last)));
  for (let i = 0; i < 6; i++) {
    const dow = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    if (dow !== 0 && dow !== 6) break;
    day = day > 1 ? day - 1 : day + 1;
  }
  return day;
}

interface MonthFlows {
  /** 零余额 outflows (1011 credits) split by 6001 detail. */
  quotaPersonnel: number;
  quotaPublic: number;
  /** 银行存款 outflows (1002 credits) on special funds. */
  bank: number;
}

/** 零余额账户支付公用经费 (domain.md example 2): Dr 5001 / Cr 1011, Dr 7101 ×2 econ / Cr 8001. */
function publicExpense(rand: Rand, flows: MonthFlows, day: number): Draft {
  const [a, b] = [rand.pick(publicItems), rand.pick(publicItems)];
  const total = rand.amount(200, 50_000);
  const [partA, partB] = rand.split(total, 2) as [number, number];
  const func = rand.pick(adminFuncs);
  const dept = rand.pick(departments);
  const summary = `${dept}支付${a.econ === b.econ ? a.name : `${a.name}、${b.name}`}`;
  flows.quotaPublic += total;
  return {
    day,
    summary,
    attachments: rand.int(1, 6),
    lines: [
      dr(summary, '5001', total, { dept }),
      cr(summary, '1011', total),
      dr(summary, '710101', partA, { func, econ_dep: a.econ }),
      dr(summary, '710101', partB, { func, econ_dep: b.econ }),
      cr(summary, '800101', total),
    ],
  };
}

/** 零余额账户拨付村级补助: two villages' shares, 对村委会 (2130705) and 村级公益事业 (2130701). */
function villageGrant(rand: Rand, flows: MonthFlows, day: number): Draft {
  const village = rand.pick(villages);
  const total = rand.amount(5_000, 200_000, 10_000);
  const [running, works] = rand.split(total, 2) as [number, number];
  const summary = `拨付${village}运转经费及公益事业建设补助`;
  flows.quotaPublic += total;
  return {
    day,
    summary,
    attachments: rand.int(1, 3),
    lines: [
      dr(summary, '5001', total, { counterparty: village }),
      cr(summary, '1011', total),
      dr(summary, '710101', running, { func: '2130705', econ_dep: '39908' }),
      dr(summary, '710101', works, { func: '2130701', econ_dep: '39908' }),
      cr(summary, '800101', total),
    ],
  };
}

/** 财政直接支付民生补助 (two villages' rolls): Dr 5001 ×2 / Cr 4001, Dr 7101 / Cr 6001 项目支出. */
function welfarePayment(rand: Rand, day: number, month: number): Draft {
  const item = rand.pick(welfare);
  const [v1, v2] = [rand.pick(villages), rand.pick(villages)];
  const total = rand.amount(500, 60_000);
  const [a, b] = rand.split(total, 2) as [number, number];
  const summary = `财政直接支付${month}月${item.name}（${v1}、${v2}）`;
  return {
    day,
    summary,
    attachments: rand.int(1, 4),
    lines: [
      dr(summary, '5001', a, { func: item.func, counterparty: v1 }),
      dr(summary, '5001', b, { func: item.func, counterparty: v2 }),
      cr(summary, '4001', total),
      dr(summary, '710101', total, { func: item.func, econ_dep: item.econ }),
      cr(summary, '600102', total, { func: item.func }),
    ],
  };
}

/** 财政直接支付购置设备（项目）(example 4): Dr 1601 ×2 / Cr 4001, Dr 7101 / Cr 6001 项目支出. */
function equipment(rand: Rand, day: number, project: string): Draft {
  const total = rand.amount(3_000, 80_000, 100);
  const [it, furniture] = rand.split(total, 2) as [number, number];
  const summary = `财政直接支付购置办公设备及家具（${project}）`;
  const dims = { func: '2010301', project };
  return {
    day,
    summary,
    attachments: rand.int(2, 5),
    lines: [
      dr(summary, '160103', it),
      dr(summary, '160106', furniture),
      cr(summary, '4001', total),
      dr(summary, '710101', total, { ...dims, econ_dep: '31002' }),
      cr(summary, '600102', total, dims),
    ],
  };
}

/** 财政直接支付工程款（项目）: Dr 1613 建安 + 设备 / Cr 4001, Dr 7101 基础设施建设 / Cr 6001. */
function publicWorks(rand: Rand, day: number, project: string): Draft {
  const work = rand.pick(works);
  const total = rand.amount(50_000, 2_000_000, 100);
  const [build, gear] = rand.split(total, 2) as [number, number];
  const summary = `财政直接支付${work.name}工程进度款（${project}）`;
  const dims = { func: work.func, project };
  return {
    day,
    summary,
    attachments: rand.int(2, 8),
    lines: [
      dr(summary, '161301', build),
      dr(summary, '161302', gear),
      cr(summary, '4001', total),
      dr(summary, '710101', total, { ...dims, econ_dep: '31005' }),
      cr(summary, '600102', total, dims),
    ],
  };
}

/** 银行存款支付非财政专项资金: Dr 5001 / Cr 1002, Dr 7102 ×2 econ / Cr 8001 货币资金. */
function specialPayment(rand: Rand, flows: MonthFlows, day: number, project: string): Draft {
  const special = rand.pick(specials);
  const total = rand.amount(1_000, 300_000);
  const [service, labour] = rand.split(total, 2) as [number, number];
  const summary = `银行存款支付${special.name}专项（${project}）`;
  flows.bank += total;
  return {
    day,
    summary,
    attachments: rand.int(1, 5),
    lines: [
      dr(summary, '5001', total, { func: special.func, project }),
      cr(summary, '1002', total),
      dr(summary, '710102', service, { func: special.func, econ_dep: '30227', project }),
      dr(summary, '710102', labour, { func: special.func, econ_dep: '30226', project }),
      cr(summary, '800102', total),
    ],
  };
}

/** 计提本月固定资产折旧 (example 5), by department: Dr 5001 ×4 / Cr 1602. Financial only. */
function depreciation(rand: Rand, day: number): Draft {
  const total = rand.amount(400, 20_000);
  const parts = rand.split(total, 4);
  const depts = rand.shuffle(departments).slice(0, 4);
  const summary = '计提本月固定资产折旧';
  return {
    day,
    summary,
    attachments: 1,
    lines: [...parts.map((p, i) => dr(summary, '5001', p, { dept: depts[i]! })), cr(summary, '1602', total)],
  };
}

/**
 * One department's monthly salary cycle (examples 3a–3d), five vouchers:
 * 计提 (F only), 代扣 (F only), 直接支付实发 (F + B), 缴社保 and 缴公积金个税 from 零余额 (F + B).
 * Every 2201/2102 sub-account it credits is cleared by the end of the cycle.
 */
function salaryCycle(rand: Rand, flows: MonthFlows, year: number, month: number): Draft[] {
  const dept = rand.pick(departments);
  const gross = rand.amount(20_000, 150_000);
  const [d1, d2, d3] = rand.split(gross, 3) as [number, number, number];
  const basic = Math.round(gross * (0.55 + rand.next() * 0.15));
  const allowance = gross - basic;
  const insurance = Math.round(gross * 0.105);
  const housing = Math.round(gross * 0.12);
  const tax = Math.max(1, Math.round(gross * (0.01 + rand.next() * 0.03)));
  const withheld = insurance + housing + tax;
  const fromBasic = Math.round(withheld * 0.7);
  const fromAllowance = withheld - fromBasic;
  const netBasic = basic - fromBasic;
  const netAllowance = allowance - fromAllowance;
  const net = netBasic + netAllowance;
  const [pension, medical] = rand.split(insurance, 2) as [number, number];
  const func = dept === '农业农村办' ? '2130101' : '2010301';
  const accrueDay = workingDay(rand, year, month, 18, 22);
  const payDay = workingDay(rand, year, month, 24, 26);
  const remitDay = workingDay(rand, year, month, 26, 28);
  flows.quotaPersonnel += insurance + housing + tax;

  const s1 = `计提${dept}${month}月工资`;
  const s2 = `代扣${dept}${month}月社保、公积金、个税`;
  const s3 = `财政直接支付${dept}${month}月实发工资`;
  const s4 = `零余额账户缴纳${dept}${month}月代扣社会保险费`;
  const s5 = `零余额账户缴纳${dept}${month}月代扣住房公积金及个人所得税`;
  return [
    {
      day: accrueDay, summary: s1, attachments: 1,
      lines: [dr(s1, '5001', d1, { dept }), dr(s1, '5001', d2, { dept }), dr(s1, '5001', d3, { dept }), cr(s1, '220101', basic), cr(s1, '220102', allowance)],
    },
    {
      day: accrueDay, summary: s2, attachments: 1,
      lines: [dr(s2, '220101', fromBasic), dr(s2, '220102', fromAllowance), cr(s2, '220105', insurance), cr(s2, '220106', housing), cr(s2, '210208', tax)],
    },
    {
      day: payDay, summary: s3, attachments: 2,
      lines: [
        dr(s3, '220101', netBasic), dr(s3, '220102', netAllowance), cr(s3, '4001', net),
        dr(s3, '710101', net, { func, econ_dep: rand.pick(['30101', '30102', '30107']) }), cr(s3, '60010101', net, { func }),
      ],
    },
    {
      day: remitDay, summary: s4, attachments: 1,
      lines: [
        dr(s4, '220105', insurance), cr(s4, '1011', insurance),
        dr(s4, '710101', pension, { func: '2080505', econ_dep: '30108' }), dr(s4, '710101', medical, { func: '2101101', econ_dep: '30110' }),
        cr(s4, '800101', insurance),
      ],
    },
    {
      day: remitDay, summary: s5, attachments: 1,
      lines: [
        dr(s5, '220106', housing), dr(s5, '210208', tax), cr(s5, '1011', housing + tax),
        dr(s5, '710101', housing + tax, { func: '2210201', econ_dep: '30113' }), cr(s5, '800101', housing + tax),
      ],
    },
  ];
}

/** 收到财政授权支付额度 (example 1), split by 6001 detail: 人员经费 / 日常公用经费. */
function quotaArrival(day: number, personnel: number, publicPart: number, month: number): Draft {
  const total = personnel + publicPart;
  const summary = `收到${month}月财政授权支付额度到账通知书`;
  return {
    day,
    summary,
    attachments: 1,
    lines: [
      dr(summary, '1011', total),
      cr(summary, '4001', total),
      dr(summary, '800101', total),
      cr(summary, '60010101', personnel, { func: '2010301' }),
      cr(summary, '60010102', publicPart, { func: '2010301' }),
    ],
  };
}

/** 收到县级部门专项补助（非同级财政拨款, example 6a), for two projects. */
function specialGrant(rand: Rand, day: number, amount: number, projects: [string, string]): Draft {
  const special = rand.pick(specials);
  const [a, b] = rand.split(amount, 2) as [number, number];
  const summary = `收到县级部门${special.name}专项补助（非同级财政拨款）`;
  return {
    day,
    summary,
    attachments: 1,
    lines: [
      dr(summary, '1002', amount),
      cr(summary, '4601', amount),
      dr(summary, '800102', amount),
      cr(summary, '660101', a, { project: projects[0] }),
      cr(summary, '660101', b, { project: projects[1] }),
    ],
  };
}

/** Month sizes: busier at year end, quieter around 春节; they add up to `total` exactly. */
function monthSizes(total: number): number[] {
  const weights = [0.8, 0.85, 1, 1, 1, 1, 1, 0.95, 1, 1, 1.05, 1.35];
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.floor((total * w) / sum));
  sizes[11]! += total - sizes.reduce((a, b) => a + b, 0);
  return sizes;
}

/** Splits `total` fen into `n` positive amounts of roughly equal size. */
function spread(rand: Rand, total: number, n: number): number[] {
  return n === 1 ? [total] : rand.split(total, n);
}

function monthDrafts(rand: Rand, year: number, month: number, size: number): Draft[] {
  const flows: MonthFlows = { quotaPersonnel: 0, quotaPublic: 0, bank: 0 };
  const projects = Array.from({ length: 20 }, (_, i) => `P${year}-${String(i + 1).padStart(3, '0')}`);
  const quotaCount = Math.max(2, Math.round(size * 0.02));
  const grantCount = Math.max(1, Math.round(size * 0.015));
  const depreciationCount = Math.max(1, Math.round(size * 0.01));
  const cycles = Math.max(1, Math.round(size * 0.04));
  let rest = size - quotaCount - grantCount - depreciationCount - cycles * 5;
  if (rest < 0) throw new Error(`month too small for the patterns: ${size} vouchers`);

  const drafts: Draft[] = [];
  for (let i = 0; i < cycles; i++) drafts.push(...salaryCycle(rand, flows, year, month));
  for (let i = 0; i < depreciationCount; i++) drafts.push(depreciation(rand, daysIn(year, month)));
  for (; rest > 0; rest--) {
    const day = workingDay(rand, year, month, 3, daysIn(year, month));
    const r = rand.next();
    if (r < 0.35) drafts.push(publicExpense(rand, flows, day));
    else if (r < 0.47) drafts.push(villageGrant(rand, flows, day));
    else if (r < 0.67) drafts.push(welfarePayment(rand, day, month));
    else if (r < 0.75) drafts.push(equipment(rand, day, rand.pick(projects)));
    else if (r < 0.81) drafts.push(publicWorks(rand, day, rand.pick(projects)));
    else drafts.push(specialPayment(rand, flows, day, rand.pick(projects)));
  }
  // Money in covers the month's money out: a little more quota than spent, grants ahead of payments.
  const slack = () => 1 + rand.next() * 0.06;
  const personnel = spread(rand, Math.max(quotaCount, Math.round(flows.quotaPersonnel * slack())), quotaCount);
  const publicPart = spread(rand, Math.max(quotaCount, Math.round(flows.quotaPublic * slack())), quotaCount);
  for (let i = 0; i < quotaCount; i++) drafts.push(quotaArrival(workingDay(rand, year, month, 2, 5), personnel[i]!, publicPart[i]!, month));
  const grants = spread(rand, Math.max(grantCount * 100_000, Math.round(flows.bank * (1 + rand.next() * 0.1))), grantCount);
  for (let i = 0; i < grantCount; i++) {
    drafts.push(specialGrant(rand, workingDay(rand, year, month, 1, 10), grants[i]!, [rand.pick(projects), rand.pick(projects)]));
  }
  // Stable by day: the order within a day stays as drawn.
  return drafts.map((d, i) => ({ d, i })).sort((a, b) => a.d.day - b.d.day || a.i - b.i).map(({ d }) => d);
}

/**
 * The township's vouchers, in date order, one year after the other. Each year has its own
 * derived seed, so a year's vouchers do not depend on how many years come before it.
 */
export function* townshipVouchers(options: TownshipOptions): Generator<ImportVoucher> {
  for (let y = 0; y < options.years; y++) {
    const year = options.startYear + y;
    const rand = new Rand(prng((options.seed * 1_000_003 + year) >>> 0));
    let clock = 0;
    const newId = createUuidV7Generator({
      now: () => clock,
      random: (bytes) => {
        for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand.next() * 256);
      },
    });
    const sizes = monthSizes(options.vouchersPerYear);
    for (let month = 1; month <= 12; month++) {
      for (const draft of monthDrafts(rand, year, month, sizes[month - 1]!)) {
        if (draft.lines.length !== LINES_PER_VOUCHER) throw new Error(`generator bug: ${draft.summary} has ${draft.lines.length} lines`);
        const date = `${year}-${String(month).padStart(2, '0')}-${String(draft.day).padStart(2, '0')}`;
        clock = Date.UTC(year, month - 1, draft.day, 9);
        yield { id: newId(), word: '记', date, attachments: draft.attachments, lines: draft.lines };
      }
    }
  }
}

if (process.argv[1]?.endsWith('ledger-township.mjs')) {
  const count = Number(process.argv[2] ?? 3);
  const seed = Number(process.argv[3] ?? 20261128);
  let shown = 0;
  for (const voucher of townshipVouchers({ seed, startYear: 2026, years: 1, vouchersPerYear: 20_000 })) {
    if (shown++ >= count) break;
    console.log(JSON.stringify(voucher, null, 1));
  }
}
