import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/errors';
import type { User } from '../../../shared/api/types';
import { uuidv7 } from '../../../shared/domain/id';
import { tempDir } from '../../../test/helpers/tmp';
import { scenarioSaveInput, scenarioVouchers, twoPersonOffice } from '../../../test/helpers/ledger';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { openCore, type Core } from '../index';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeUncaptured } from '../audit/capture';
import { digestRecords, kindByName } from '../audit/records';
import { sql } from '../db/sql';
import { importPostedVouchers, type ImportVoucher } from './bulkImport';
import { loadLedgerChart } from './chart';

// The import path against a real SQLite file: the 科目余额表 afterwards must equal postings
// summed here, independently of the database; a bad voucher must leave its batch unwritten.
let dir: ReturnType<typeof tempDir>;
let core: Core;
let db: OpenedDatabase;
let office: Awaited<ReturnType<typeof twoPersonOffice>>;
let user: User;

beforeEach(async () => {
  dir = tempDir();
  core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '1', log: () => {} });
  office = await twoPersonOffice(core);
  user = (await office.accountant.ok('auth.status', {})).user!;
  // A second connection to the same file, as an import tool would hold it.
  db = openDatabase(core.databaseFile);
});
afterEach(() => {
  db.close();
  core.close();
  dir.cleanup();
});

/** Small seeded PRNG: the same vouchers on every run. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

/** The scenario's nine vouchers (2, 4 and 6 lines, one or both tracks), scaled and spread over months 1–`months`, in date order. */
function township(count: number, months: number, seed = 7): ImportVoucher[] {
  const next = lcg(seed);
  const vouchers = Array.from({ length: count }, (_, i) => {
    const v = scenarioVouchers[i % scenarioVouchers.length]!;
    const factor = 1 + next(40);
    const month = 1 + next(months);
    const day = 1 + next(28);
    const input = scenarioSaveInput(office.book.id, v);
    return {
      id: input.id,
      word: '记' as const,
      date: `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      attachments: 1,
      lines: input.lines.map((l) => ({ ...l, debit: l.debit * factor, credit: l.credit * factor })),
    };
  });
  return vouchers.sort((a, b) => a.date.localeCompare(b.date));
}

/** The independent side: net debit per account up to a month, and debit/credit per track, from the input alone. */
function summed(vouchers: readonly ImportVoucher[], upToMonth: number) {
  const net = new Map<string, number>();
  const tracks = { financial: { debit: 0, credit: 0 }, budget: { debit: 0, credit: 0 } };
  for (const v of vouchers) {
    if (Number(v.date.slice(5, 7)) > upToMonth) continue;
    for (const l of v.lines) {
      net.set(l.accountCode, (net.get(l.accountCode) ?? 0) + l.debit - l.credit);
      const t = tracks[Number(l.accountCode[0]) <= 5 ? 'financial' : 'budget'];
      t.debit += l.debit;
      t.credit += l.credit;
    }
  }
  return { net: new Map([...net].filter(([, n]) => n !== 0)), tracks };
}

function counts() {
  const raw = new Database(core.databaseFile, { readonly: true });
  const one = (text: string) => (raw.prepare(text).get() as { n: number }).n;
  const result = {
    vouchers: one('SELECT count(*) AS n FROM voucher'),
    lines: one('SELECT count(*) AS n FROM voucher_line'),
    movements: one('SELECT count(*) AS n FROM period_movement'),
    movementDebit: one('SELECT coalesce(sum(debit), 0) AS n FROM period_movement'),
    movementCredit: one('SELECT coalesce(sum(credit), 0) AS n FROM period_movement'),
    periods: one('SELECT count(*) AS n FROM period'),
  };
  raw.close();
  return result;
}

const chart = () => loadLedgerChart(db.write, office.book.id);
const importAll = (vouchers: ImportVoucher[], batchSize = 10_000) => importPostedVouchers(db.write, office.book, user, vouchers, chart(), { batchSize });

function rejection(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('import unexpectedly succeeded');
}

describe('importPostedVouchers', () => {
  it('writes posted vouchers in batches; the 科目余额表 equals the independently summed postings, per track and balanced', async () => {
    const vouchers = township(600, 6);
    const progress: number[] = [];
    const result = importPostedVouchers(db.write, office.book, user, vouchers, chart(), { batchSize: 97, onBatch: (p) => progress.push(p.vouchers) });
    const lineCount = vouchers.reduce((n, v) => n + v.lines.length, 0);
    expect(result).toMatchObject({ vouchers: 600, lines: lineCount, batches: 7 });
    expect(progress).toEqual([97, 194, 291, 388, 485, 582, 600]);
    expect(result.periods).toEqual([1, 2, 3, 4, 5, 6].map((month) => ({ year: 2026, month })));

    for (const month of [3, 6]) {
      const tb = await office.accountant.ok('ledger.trialBalance', { bookId: office.book.id, year: 2026, month });
      const expected = summed(vouchers, month);
      const leaves = new Map(tb.rows.filter((r) => r.isLeaf && r.closingDebit - r.closingCredit !== 0).map((r) => [r.code, r.closingDebit - r.closingCredit]));
      expect(leaves).toEqual(expected.net);
      for (const track of ['financial', 'budget'] as const) {
        const t = tb.totals[track];
        expect(t.closingDebit, track).toBe(t.closingCredit);
        expect(t.ytdDebit, track).toBe(t.ytdCredit);
        expect({ debit: t.ytdDebit, credit: t.ytdCredit }, track).toEqual(expected.tracks[track]);
      }
    }

    const raw = new Database(core.databaseFile, { readonly: true });
    // Numbered 1…n per period without gaps, in date order.
    const numbered = raw.prepare(`SELECT month, number, date FROM voucher ORDER BY month, number`).all() as { month: number; number: number; date: string }[];
    for (let month = 1; month <= 6; month++) {
      const ofMonth = numbered.filter((r) => r.month === month);
      expect(ofMonth.map((r) => r.number)).toEqual(ofMonth.map((_, i) => i + 1));
      expect(ofMonth.map((r) => r.date)).toEqual([...ofMonth.map((r) => r.date)].sort());
    }
    // Posted by the importing user; periods created open.
    expect(raw.prepare(`SELECT status, kind, prepared_by, posted_by, count(*) AS n FROM voucher GROUP BY 1, 2, 3, 4`).all()).toEqual([
      { status: 'posted', kind: 'normal', prepared_by: user.id, posted_by: user.id, n: 600 },
    ]);
    expect(raw.prepare(`SELECT month, status FROM period ORDER BY month`).all()).toEqual([1, 2, 3, 4, 5, 6].map((month) => ({ month, status: 'open' })));
    // The per-batch movements equal those re-derived from the lines.
    const derived = raw
      .prepare(`SELECT l.account_code, v.month, sum(l.debit) AS debit, sum(l.credit) AS credit FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id GROUP BY 1, 2 ORDER BY 1, 2`)
      .all();
    expect(raw.prepare(`SELECT account_code, month, debit, credit FROM period_movement ORDER BY 1, 2`).all()).toEqual(derived);
    raw.close();
  });

  it('continues the numbering of a period after vouchers saved through the app', async () => {
    const { accountant, book } = office;
    await accountant.ok('voucher.save', { ...scenarioSaveInput(book.id, scenarioVouchers[1]!), date: '2026-07-03' });
    const vouchers = township(5, 1).map((v) => ({ ...v, date: `2026-07-${v.date.slice(8)}` }));
    importAll(vouchers);
    const list = await accountant.ok('voucher.list', { bookId: book.id, year: 2026, month: 7 });
    expect(list.map((v) => v.label)).toEqual(['记-0001', '记-0002', '记-0003', '记-0004', '记-0005', '记-0006']);
  });

  it('numbers 收/付/转 separately in a book that uses them, and refuses a 凭证字 outside the scheme', async () => {
    const words = ['收', '付', '转'] as const;
    const vouchers = township(9, 1).map((v, i) => ({ ...v, word: words[i % 3]! }));
    const refused = rejection(() => importAll(vouchers)).details as { rejectedCount: number; rejected: { issues: { code: string }[] }[] };
    expect(refused.rejectedCount).toBe(9);
    expect(refused.rejected.map((r) => r.issues.map((i) => i.code))).toEqual(Array(9).fill(['WORD_NOT_IN_SCHEME']));

    await office.accountant.ok('book.setVoucherWords', { bookId: office.book.id, voucherWords: 'receiptPaymentTransfer' });
    const book = await office.accountant.ok('book.get', { bookId: office.book.id });
    importPostedVouchers(db.write, book, user, vouchers, chart());
    const labels = (await office.accountant.ok('voucher.list', { bookId: book.id, year: 2026, month: 1 })).map((v) => v.label).sort();
    expect(labels).toEqual(['付-0001', '付-0002', '付-0003', '收-0001', '收-0002', '收-0003', '转-0001', '转-0002', '转-0003']);
    const single = { ...township(1, 1, 3)[0]!, word: '记' as const };
    expect(rejection(() => importPostedVouchers(db.write, book, user, [single], chart())).message).toContain('收、付、转');
  });

  it('rejects a whole batch holding one unbalanced voucher and writes nothing of it', () => {
    const vouchers = township(50, 3);
    const bad = vouchers[23]!;
    vouchers[23] = { ...bad, lines: bad.lines.map((l, i) => (i === 0 ? { ...l, debit: l.debit + 1 } : l)) };
    const before = counts();
    const error = rejection(() => importAll(vouchers));
    expect(error.code).toBe('RULE_VIOLATION');
    expect(error.message).toContain('第1批导入未写入');
    expect(error.message).toContain('借贷不平');
    expect(error.details).toMatchObject({ batch: 0, committedVouchers: 0, rejectedCount: 1, rejected: [{ index: 23, id: bad.id }] });
    expect(counts()).toEqual(before);
  });

  it('keeps the batches before a bad one and writes nothing of the bad batch', () => {
    const vouchers = township(30, 2);
    // A financial line moved to a disabled account (400101 was disabled so that 4001 is the leaf).
    vouchers[25] = { ...vouchers[25]!, lines: vouchers[25]!.lines.map((l, i) => (i === 0 ? { ...l, accountCode: '400101' } : l)) };
    const error = rejection(() => importAll(vouchers, 20));
    expect(error.message).toContain('已停用');
    expect(error.details).toMatchObject({ batch: 1, committedVouchers: 20 });
    const after = counts();
    expect(after.vouchers).toBe(20);
    expect(after.lines).toBe(vouchers.slice(0, 20).reduce((n, v) => n + v.lines.length, 0));
  });

  it('refuses a repeated voucher id, a closed period, and a 平行记账 warning without a reason — each without writing', async () => {
    const vouchers = township(20, 1);
    importAll(vouchers);
    const before = counts();

    const again = [...township(3, 1, 99), vouchers[4]!];
    expect(rejection(() => importAll(again)).code).toBe('CONFLICT');
    expect(counts()).toEqual(before);

    // Dr 5001 / Cr 1011 with no budget lines: a 平行记账 warning, accepted only with a reason.
    const noBudget: ImportVoucher = {
      id: uuidv7(), date: '2026-01-20', attachments: 1,
      lines: [
        { summary: '支付代收代付款', accountCode: '5001', debit: 1000, credit: 0 },
        { summary: '支付代收代付款', accountCode: '1011', debit: 0, credit: 1000 },
      ],
    };
    const warned = rejection(() => importAll([noBudget]));
    expect(warned.details).toMatchObject({ rejected: [{ issues: [{ code: 'PARALLEL_MISSING' }] }] });
    expect(counts()).toEqual(before);
    expect(importAll([{ ...noBudget, parallelReason: '原系统已确认：代收代付' }]).vouchers).toBe(1);

    await office.accountant.ok('period.close', { bookId: office.book.id, year: 2026, month: 1 });
    const closedBefore = counts();
    const late = { ...township(1, 1, 5)[0]!, date: '2026-01-31' };
    expect(rejection(() => importAll([late])).code).toBe('PERIOD_CLOSED');
    expect(counts()).toEqual(closedBefore);
  });

  describe('in the audit chain', () => {
    /** Every voucher record the audit log names, with the digest of its latest entry. */
    function auditedVouchers(): Map<string, { digest: string | null; action: string; info: Record<string, unknown> }> {
      const raw = new Database(core.databaseFile, { readonly: true });
      const latest = new Map<string, { digest: string | null; action: string; info: Record<string, unknown> }>();
      for (const row of raw.prepare('SELECT action, payload FROM audit_log ORDER BY seq').all() as { action: string; payload: string }[]) {
        for (const r of (JSON.parse(row.payload).records ?? []) as { t: string; k: string; d: string | null; i: Record<string, unknown> }[]) {
          if (r.t === 'voucher') latest.set(r.k, { digest: r.d, action: row.action, info: r.i });
        }
      }
      raw.close();
      return latest;
    }

    it('vouches for every imported voucher with the digest 审计校验 recomputes from the file, without capture triggers', async () => {
      const vouchers = township(120, 2);
      // Text that JSON escapes: the digest made in JS must be the one SQLite's JSON gives.
      vouchers[7] = { ...vouchers[7]!, lines: vouchers[7]!.lines.map((l) => ({ ...l, summary: ` 引号"\\反斜杠\t制表\u2028😀 ` })) };
      importAll(vouchers, 50);
      // The last batch's transaction (the writer's temp tables): every voucher key is there for
      // whoever reads what it touched, all of them vouched for by the import, none by a trigger.
      expect(db.write.all(sql`SELECT vouched, count(*) AS n FROM temp.audit_touched WHERE kind = 'voucher' GROUP BY vouched`)).toEqual([{ vouched: 1, n: 20 }]);
      expect(db.write.get(sql`SELECT count(*) AS n FROM temp.audit_vouched`)).toEqual({ n: 20 });

      const audited = auditedVouchers();
      const ids = vouchers.map((v) => v.id);
      expect(ids.every((id) => audited.has(id))).toBe(true);
      // Read back here, by the recorder's own SQL digest: equal to what the import vouched for.
      const fromFile = digestRecords(db.read, kindByName.get('voucher')!, ids);
      for (const record of fromFile) expect(audited.get(record.key)!.digest, record.key).toBe(record.digest);
      const labels = (await office.accountant.ok('voucher.list', { bookId: office.book.id, year: 2026, month: 1 })).slice(0, 3);
      for (const v of labels) {
        expect(audited.get(v.id)!.info).toMatchObject({ label: v.label, period: '2026年01月', status: 'posted', lines: v.lines.length, debit: v.lines.reduce((n, l) => n + l.debit, 0) });
      }

      const report = await office.accountant.ok('audit.verify', {});
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.checked.find((c) => c.kind === 'voucher')!.count).toBe(120);
    });

    it('finds an imported voucher line edited behind the app’s back, in the app and from the command line', async () => {
      const vouchers = township(40, 1);
      importAll(vouchers, 25);
      const target = vouchers[31]!.id;
      const label = (await office.accountant.ok('voucher.get', { bookId: office.book.id, id: target })).label;
      expect((await office.accountant.ok('audit.verify', {})).ok).toBe(true);

      // Only the 摘要 of one line: amounts, balances and 期间发生额 all still agree.
      const raw = new Database(core.databaseFile);
      raw.prepare(`UPDATE voucher_line SET summary = '改过的摘要' WHERE voucher_id = ? AND line_no = 1`).run(target);
      raw.close();

      const report = await office.accountant.ok('audit.verify', {});
      expect(report.ok).toBe(false);
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]).toMatchObject({ kind: 'record', action: 'system.write' });
      expect(report.problems[0]!.message).toMatch(new RegExp(`^凭证“${label}，2026年01月”的当前内容与最后一次记录它的第 \\d+ 条审计记录（.*系统写入 system.write）不符：它在程序之外被修改。$`));

      const check = spawnSync(process.execPath, [join(__dirname, '../../../scripts/audit-check.mjs'), '--data-dir', dir.path], { encoding: 'utf8' });
      expect(check.status).toBe(1);
      expect(check.stdout).toContain(`凭证“${label}，2026年01月”的当前内容与最后一次记录它的`);
    });

    it('uses a vouched digest as given, unless the same transaction touched the record again', async () => {
      importAll(township(3, 1));
      const write = (id: string, touchAgain: boolean) =>
        db.write.transaction((tx) => {
          writeUncaptured(tx, ['voucher', 'voucher_line'], (vouch) => {
            tx.run(sql`INSERT INTO voucher (id, book_id, year, month, word, number, date, attachments, status, kind, prepared_by, created_at, updated_at)
                       VALUES (${id}, ${office.book.id}, 2026, 1, '记', ${touchAgain ? 90 : 91}, '2026-01-30', 0, 'draft', 'normal', ${user.id}, 'x', 'x')`);
            // Wrong on purpose: what the log records must then be this digest, not the row's.
            vouch([{ kind: 'voucher', key: id, digest: '0'.repeat(64), info: { label: 'x' } }]);
          });
          if (touchAgain) tx.run(sql`UPDATE voucher SET attachments = 2 WHERE id = ${id}`);
        });
      write(uuidv7(), true);
      expect((await office.accountant.ok('audit.verify', {})).problems).toEqual([]);
      const stale = uuidv7();
      write(stale, false);
      const report = await office.accountant.ok('audit.verify', {});
      expect(report.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^凭证“记-0091，2026年01月”的当前内容与最后一次记录它的第 \d+ 条审计记录（.*系统写入 system.write）不符/)]);
    });

    it('puts the capture triggers back after a batch that failed, so later writes are audited again', async () => {
      const vouchers = township(10, 1);
      importAll(vouchers);
      // A repeated id: the batch fails inside its transaction, after the triggers were dropped.
      expect(rejection(() => importAll([...township(2, 1, 41), vouchers[0]!])).code).toBe('CONFLICT');
      // A tracked write on the same connection outside the import: captured, so 审计校验 still passes.
      db.write.transaction((tx) => tx.run(sql`UPDATE account SET name = '办公费用' WHERE book_id = ${office.book.id} AND code = '5001'`));
      const triggers = db.write.all<{ name: string }>(sql`SELECT name FROM sqlite_temp_master WHERE type = 'trigger' AND tbl_name IN ('voucher', 'voucher_line') ORDER BY name`);
      expect(triggers.map((t) => t.name)).toEqual(['audit_d_voucher', 'audit_d_voucher_line', 'audit_i_voucher', 'audit_i_voucher_line', 'audit_u_voucher', 'audit_u_voucher_line']);
      const report = await office.accountant.ok('audit.verify', {});
      expect(report.problems).toEqual([]);
      // …and a voucher changed by an ordinary transaction on that connection is captured too.
      const raw = new Database(core.databaseFile, { readonly: true });
      const last = JSON.parse((raw.prepare('SELECT payload FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { payload: string }).payload);
      raw.close();
      expect(last.records).toEqual([expect.objectContaining({ t: 'account', k: `${office.book.id}|5001` })]);
    });
  });
});
