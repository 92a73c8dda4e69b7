import Database from 'better-sqlite3';
import type { Queryable } from '../../../server/src/db/database';
import { canonical, checkSyncTables, GENESIS, type OutboxRow } from '../../../electron/core/reliability/syncInvariants';

/**
 * The independent checker of the sync fault tests and the simulation (TigerBeetle's auditor):
 * it reads the township's SQLite FILE and the county's database with raw SQL and re-derives,
 * with none of the sync, ledger or report code under test:
 *
 * - every change once: the county holds exactly the township's outbox, change for change — the
 *   same (device, seq) keys, each once, with the same content and chain hashes — and the
 *   acknowledgement on both sides is the head of that chain;
 * - the record replica: each township record whose latest change the county applied is at the
 *   county with exactly that content (a deleted one is gone);
 * - the 科目余额表 of every book and every period from the first to the last with a posted line,
 *   recounted on both sides from the raw posted lines and the chart (期初, 本期, 本年累计, 期末 per
 *   account, rolled up to the parents): identical to the fen;
 * - every county change pulled and applied exactly once: the inbox is the township's feed 1..n,
 *   each 指标下达 an indicator with one 下达 movement of its amount, and each county indicator's
 *   movements (下达 at the county, 冻结/解冻/支付/退回 from the township) sum to the same 可执行 /
 *   冻结 / 已支付 on both sides;
 * - every closed month 已对账 at the county and at the township;
 * - the township file's own sync invariants (chain, acknowledgement, no half-applied page).
 */

export interface TownshipUnderCheck {
  name: string;
  databaseFile: string;
  townshipCode: string;
}

export interface CheckerOptions {
  /** Kinds whose changes the county may refuse in this scenario (e.g. payments on a simulated indicator). */
  allowRejected?: readonly string[];
  /** Compare the ledgers only (during a run, before convergence, the replica may lag). */
  phase?: 'final' | 'during';
}

export interface TownshipTally {
  changes: number;
  duplicatesAtCounty: number;
  rejected: number;
  held: number;
  postedLines: number;
  periods: number;
  pulled: number;
  countyIndicators: number;
  closedMonths: number;
}

const readonlyFile = (file: string) => new Database(file, { readonly: true, fileMustExist: true });

interface Movement {
  book: string;
  code: string;
  year: number;
  month: number;
  debit: number;
  credit: number;
}

interface ChartEntry {
  code: string;
  parentCode: string | null;
}

/** One side's 科目余额表 of a book for a period, recounted: code → [opening, period D, period C, ytd D, ytd C, closing] (balances as debit − credit). */
function trialBalanceOf(chart: readonly ChartEntry[], movements: readonly Movement[], year: number, month: number): Map<string, number[]> {
  const parent = new Map(chart.map((a) => [a.code, a.parentCode]));
  const out = new Map<string, number[]>(chart.map((a) => [a.code, [0, 0, 0, 0, 0, 0]]));
  const at = year * 12 + month;
  for (const m of movements) {
    const when = m.year * 12 + m.month;
    if (when > at) continue;
    const figures = [when < at ? m.debit - m.credit : 0, when === at ? m.debit : 0, when === at ? m.credit : 0, m.year === year ? m.debit : 0, m.year === year ? m.credit : 0, m.debit - m.credit];
    // The account and each of its parents (a code not in the chart is kept under its own code: a difference will show it).
    let code: string | null | undefined = m.code;
    const seen = new Set<string>();
    while (code && !seen.has(code)) {
      seen.add(code);
      let row = out.get(code);
      if (!row) out.set(code, (row = [0, 0, 0, 0, 0, 0]));
      for (let i = 0; i < 6; i++) row[i]! += figures[i]!;
      code = parent.get(code);
    }
  }
  return out;
}

function compareTrialBalances(where: string, township: Map<string, number[]>, county: Map<string, number[]>, fail: (message: string) => void): void {
  const names = ['期初', '本期借方', '本期贷方', '本年累计借方', '本年累计贷方', '期末'];
  let shown = 0;
  for (const code of [...new Set([...township.keys(), ...county.keys()])].sort()) {
    const a = township.get(code) ?? [0, 0, 0, 0, 0, 0];
    const b = county.get(code) ?? [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 6; i++) {
      if (a[i] !== b[i] && shown++ < 5) fail(`${where} 科目 ${code} ${names[i]}: township ${a[i]}, county ${b[i]}`);
    }
  }
}

const periodsBetween = (first: number, last: number): [number, number][] => {
  const out: [number, number][] = [];
  for (let p = first; p <= last; p++) out.push([Math.floor((p - 1) / 12), ((p - 1) % 12) + 1]);
  return out;
};

export async function checkTownshipAgainstCounty(county: Queryable, township: TownshipUnderCheck, options: CheckerOptions = {}): Promise<{ violations: string[]; tally: TownshipTally }> {
  const violations: string[] = [];
  const fail = (message: string) => violations.push(`${township.name}: ${message}`);
  const tally: TownshipTally = { changes: 0, duplicatesAtCounty: 0, rejected: 0, held: 0, postedLines: 0, periods: 0, pulled: 0, countyIndicators: 0, closedMonths: 0 };
  const final = (options.phase ?? 'final') === 'final';
  const allowRejected = new Set(options.allowRejected ?? []);

  const file = readonlyFile(township.databaseFile);
  try {
    file.prepare('BEGIN').run();
    const raw = {
      all: <T>(text: string, ...params: unknown[]) => file.prepare(text).all(...params) as T[],
      get: <T>(text: string, ...params: unknown[]) => file.prepare(text).get(...params) as T | undefined,
      hasTable: (name: string) => !!file.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(name),
    };
    // The file's own sync invariants first.
    checkSyncTables(raw, (invariant, message) => fail(`[${invariant}] ${message}`));

    const state = raw.get<{ device_id: string; ack_seq: number; ack_hash: string; pull_cursor: number }>('SELECT device_id, ack_seq, ack_hash, pull_cursor FROM sync_state WHERE singleton = 1');
    if (!state) {
      fail('not enrolled');
      return { violations, tally };
    }
    const outbox = raw.all<OutboxRow>('SELECT seq, kind, key, book_id, op, schema, data, content_hash, chain_hash FROM sync_outbox ORDER BY seq');
    tally.changes = outbox.length;

    // ---- every change once, at the county, the same ----
    const device = (await county.query<{ ack_seq: number; head_hash: string; township_code: string }>('SELECT ack_seq, head_hash, township_code FROM device WHERE id = $1', [state.device_id]))[0];
    if (!device) {
      fail(`the county has no device ${state.device_id}`);
      return { violations, tally };
    }
    if (device.township_code !== township.townshipCode) fail(`device ${state.device_id} belongs to ${device.township_code} at the county`);
    const twice = await county.query<{ seq: number; n: number }>('SELECT seq, count(*) AS n FROM received_change WHERE device_id = $1 GROUP BY seq HAVING count(*) > 1', [state.device_id]);
    for (const t of twice.slice(0, 5)) fail(`change ${t.seq} is stored ${t.n} times at the county`);
    const received = await county.query<{ seq: number; content_hash: string; chain_hash: string; status: string }>(
      'SELECT seq, content_hash, chain_hash, status FROM received_change WHERE device_id = $1 ORDER BY seq',
      [state.device_id],
    );
    if (device.ack_seq < state.ack_seq) fail(`the township recorded acknowledgement ${state.ack_seq}, the county holds ${device.ack_seq}`);
    if (final) {
      if (state.ack_seq !== outbox.length) fail(`not converged: acknowledged ${state.ack_seq} of ${outbox.length} changes`);
      if (received.length !== outbox.length) fail(`the county holds ${received.length} changes, the outbox ${outbox.length}`);
      if (device.ack_seq !== outbox.length) fail(`the county acknowledges ${device.ack_seq}, the outbox has ${outbox.length}`);
      if (device.head_hash !== (outbox.at(-1)?.chain_hash ?? GENESIS)) fail(`the county's head hash differs from the outbox's`);
    } else if (received.length < device.ack_seq) fail(`the county holds ${received.length} changes but acknowledges ${device.ack_seq}`);
    // (During a run a late request may be stored between the two reads: the acknowledgement was read first.)
    let mismatched = 0;
    const statusOf = new Map<number, string>();
    for (let i = 0; i < received.length; i++) {
      const r = received[i]!;
      const o = outbox[i];
      statusOf.set(r.seq, r.status);
      if (r.seq !== i + 1) {
        if (mismatched++ < 5) fail(`the county's changes are not numbered 1..n (position ${i + 1} holds ${r.seq})`);
      } else if (!o || o.content_hash !== r.content_hash || o.chain_hash !== r.chain_hash) {
        if (mismatched++ < 5) fail(`change ${r.seq} at the county differs from the outbox (${o ? 'hashes differ' : 'not in the outbox'})`);
      }
      if (r.status === 'rejected') tally.rejected++;
      if (r.status === 'held') tally.held++;
    }

    // ---- the replica: each record as its latest change made it ----
    if (final) {
      const latest = new Map<string, OutboxRow>();
      for (const o of outbox) latest.set(`${o.kind}\u0001${o.key}`, o);
      const replica = new Map(
        (await county.query<{ kind: string; key: string; data: string }>('SELECT kind, key, data FROM township_record WHERE township_code = $1', [township.townshipCode])).map((r) => [`${r.kind}\u0001${r.key}`, r.data]),
      );
      let differing = 0;
      for (const [k, o] of latest) {
        const status = statusOf.get(o.seq);
        if (status !== 'applied') {
          if (!allowRejected.has(o.kind) && differing++ < 5) fail(`${o.kind} ${o.key}: its latest change ${o.seq} is ${status ?? 'not at the county'}`);
          continue;
        }
        const there = replica.get(k);
        replica.delete(k);
        if (o.op === 'delete') {
          if (there !== undefined && differing++ < 5) fail(`${o.kind} ${o.key} was deleted at the township but is still at the county`);
        } else if (there === undefined || canonical(JSON.parse(there)) !== canonical(JSON.parse(o.data!))) {
          if (differing++ < 5) fail(`${o.kind} ${o.key}: the county's copy ${there === undefined ? 'is missing' : 'differs'} (change ${o.seq})`);
        }
      }
      for (const k of replica.keys()) if (differing++ < 5) fail(`the county holds ${k.replace('\u0001', ' ')}, which the township never sent`);
    }

    // ---- 科目余额表, recounted on both sides from raw rows ----
    const townshipMovements = raw.all<Movement>(`
      SELECT l.book_id AS book, l.account_code AS code, v.year, v.month, sum(l.debit) AS debit, sum(l.credit) AS credit
      FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE v.status = 'posted'
      GROUP BY l.book_id, l.account_code, v.year, v.month`);
    tally.postedLines = raw.get<{ n: number }>(`SELECT count(*) AS n FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE v.status = 'posted'`)!.n;
    const countyMovements = await county.query<Movement>(
      `SELECT book_id AS book, account_code AS code, year, month, sum(debit) AS debit, sum(credit) AS credit FROM ledger_line WHERE township_code = $1 GROUP BY book_id, account_code, year, month`,
      [township.townshipCode],
    );
    const countyLines = (await county.query<{ n: number }>('SELECT count(*) AS n FROM ledger_line WHERE township_code = $1', [township.townshipCode]))[0]!.n;
    if (final && countyLines !== tally.postedLines) fail(`posted lines: township ${tally.postedLines}, county ${countyLines}`);
    // (During a run the county lags behind the township: the ledgers are compared once converged.)
    const books = final ? raw.all<{ id: string }>('SELECT id FROM book') : [];
    for (const { id: bookId } of books) {
      const chartHere = raw.all<ChartEntry>('SELECT code, parent_code AS parentCode FROM account WHERE book_id = ?', bookId);
      const chartThere = (await county.query<{ data: string }>(`SELECT data FROM township_record WHERE township_code = $1 AND kind = 'account' AND book_id = $2`, [township.townshipCode, bookId])).map(
        (r) => JSON.parse(r.data) as ChartEntry,
      );
      const here = townshipMovements.filter((m) => m.book === bookId);
      const there = countyMovements.filter((m) => m.book === bookId);
      const when = [...here, ...there].map((m) => m.year * 12 + m.month);
      const closed = raw.all<{ year: number; month: number }>(`SELECT year, month FROM period WHERE book_id = ? AND status = 'closed'`, bookId).map((p) => p.year * 12 + p.month);
      if (when.length === 0 && closed.length === 0) continue;
      const first = Math.min(...when, ...closed);
      const last = Math.max(...when, ...closed);
      for (const [year, month] of periodsBetween(first, last)) {
        tally.periods++;
        compareTrialBalances(`book ${bookId.slice(-6)} ${year}-${String(month).padStart(2, '0')}`, trialBalanceOf(chartHere, here, year, month), trialBalanceOf(chartThere, there, year, month), fail);
      }
    }

    // ---- every closed month 已对账 on both sides ----
    if (final) {
      const checks = new Map(
        (await county.query<{ book_id: string; year: number; month: number; status: string }>('SELECT book_id, year, month, status FROM period_check WHERE township_code = $1', [township.townshipCode])).map((c) => [
          `${c.book_id}|${c.year}|${c.month}`,
          c.status,
        ]),
      );
      for (const p of raw.all<{ book_id: string; year: number; month: number; local: string | null }>(`
          SELECT p.book_id, p.year, p.month, c.status AS local FROM period p
          LEFT JOIN sync_period_check c ON c.book_id = p.book_id AND c.year = p.year AND c.month = p.month
          WHERE p.status = 'closed' AND p.year * 12 + p.month >= (SELECT start_year * 12 + start_month FROM book b WHERE b.id = p.book_id)`)) {
        tally.closedMonths++;
        const status = checks.get(`${p.book_id}|${p.year}|${p.month}`);
        if (status !== '已对账') fail(`closed month ${p.year}-${p.month} of book ${p.book_id.slice(-6)} is ${status ?? 'not checked'} at the county`);
        if (p.local !== '已对账') fail(`closed month ${p.year}-${p.month} of book ${p.book_id.slice(-6)} shows ${p.local ?? 'no check'} at the township`);
      }
    }

    // ---- county changes: pulled and applied exactly once ----
    const feed = await county.query<{ seq: number; kind: string; data: string }>('SELECT seq, kind, data FROM county_feed WHERE township_code = $1 ORDER BY seq', [township.townshipCode]);
    const inbox = raw.all<{ cursor: number; status: string; kind: string }>('SELECT cursor, status, kind FROM sync_inbox ORDER BY cursor');
    tally.pulled = inbox.length;
    if (final) {
      if (inbox.length !== feed.length || state.pull_cursor !== (feed.at(-1)?.seq ?? 0)) fail(`pulled ${inbox.length} county changes up to cursor ${state.pull_cursor}; the feed has ${feed.length} up to ${feed.at(-1)?.seq ?? 0}`);
      const notApplied = inbox.filter((i) => i.status !== 'applied');
      for (const n of notApplied.slice(0, 5)) fail(`county change ${n.cursor} (${n.kind}) is ${n.status} at the township`);
    }
    const pulledUpTo = state.pull_cursor;
    for (const f of feed) {
      if (f.seq > pulledUpTo || f.kind !== 'countyDecision') continue;
      const decision = JSON.parse(f.data) as { id: string; action: string; indicator?: { id: string; amount: number } };
      const records = raw.get<{ n: number }>('SELECT count(*) AS n FROM budget_county_record WHERE id = ?', decision.id)!.n;
      if (records !== 1) fail(`county decision ${decision.id} (${decision.action}) is recorded ${records} times at the township`);
      if (decision.indicator) {
        tally.countyIndicators++;
        const issued = raw.all<{ e: number }>(`SELECT executable_delta AS e FROM budget_indicator_movement WHERE indicator_id = ? AND kind = '下达'`, decision.indicator.id);
        if (issued.length !== 1 || issued[0]!.e !== decision.indicator.amount) fail(`indicator ${decision.indicator.id}: 下达 ${issued.map((i) => i.e).join('+') || 'none'} at the township, ${decision.indicator.amount} issued`);
      }
    }
    if (final) {
      const countySums = new Map(
        (await county.query<{ indicator_id: string; e: number; f: number; p: number }>(
          'SELECT indicator_id, sum(executable_delta) AS e, sum(frozen_delta) AS f, sum(paid_delta) AS p FROM indicator_movement WHERE township_code = $1 GROUP BY indicator_id',
          [township.townshipCode],
        )).map((r) => [r.indicator_id, r]),
      );
      for (const i of raw.all<{ id: string; e: number; f: number; p: number }>(`
          SELECT i.id, coalesce(sum(m.executable_delta), 0) AS e, coalesce(sum(m.frozen_delta), 0) AS f, coalesce(sum(m.paid_delta), 0) AS p
          FROM budget_indicator i LEFT JOIN budget_indicator_movement m ON m.indicator_id = i.id WHERE i.origin = 'county' GROUP BY i.id`)) {
        const c = countySums.get(i.id);
        if (!c || c.e !== i.e || c.f !== i.f || c.p !== i.p) {
          fail(`county indicator ${i.id}: township 可执行/冻结/已支付 ${i.e}/${i.f}/${i.p}, county ${c ? `${c.e}/${c.f}/${c.p}` : 'none'}`);
        }
      }
    }
    tally.duplicatesAtCounty = twice.length;
    return { violations, tally };
  } finally {
    if (file.inTransaction) file.prepare('COMMIT').run();
    file.close();
  }
}

/** Sums of the tallies of several townships. */
export function addTallies(tallies: readonly TownshipTally[]): TownshipTally {
  const sum: TownshipTally = { changes: 0, duplicatesAtCounty: 0, rejected: 0, held: 0, postedLines: 0, periods: 0, pulled: 0, countyIndicators: 0, closedMonths: 0 };
  for (const t of tallies) for (const k of Object.keys(sum) as (keyof TownshipTally)[]) sum[k] += t[k];
  return sum;
}
