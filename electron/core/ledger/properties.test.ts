import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/id';
import { dualTrackVoucher } from '../../../shared/domain/ledger/fixtures/arbitraries';
import { tempDir } from '../../../test/helpers/tmp';
import { twoPersonOffice } from '../../../test/helpers/ledger';
import { openCore, type Core } from '../index';

// Property tests through the real command path and a real SQLite file, checked by an
// independent auditor that sums the raw voucher lines itself.
const financial = ['1011', '1002', '1602', '4001', '4601', '5001', '220101', '3001'];
const budget = ['800101', '800102', '710101', '60010102', '660101'];

let dir: ReturnType<typeof tempDir>;
let core: Core;
let office: Awaited<ReturnType<typeof twoPersonOffice>>;
beforeAll(async () => {
  dir = tempDir();
  core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '1', log: () => {} });
  office = await twoPersonOffice(core);
});
afterAll(() => {
  core.close();
  dir.cleanup();
});

const date = fc.integer({ min: 1, max: 28 }).map((d) => `2026-03-${String(d).padStart(2, '0')}`);

async function saveAndPost(lines: { summary: string; accountCode: string; debit: number; credit: number }[], when: string) {
  const { accountant, reviewer, book } = office;
  const { voucher } = await accountant.ok('voucher.save', { bookId: book.id, id: uuidv7(), date: when, attachments: 1, lines, parallelReason: '属性测试' });
  await reviewer.ok('voucher.review', { bookId: book.id, ids: [voucher.id] });
  await accountant.ok('voucher.post', { bookId: book.id, ids: [voucher.id] });
  return voucher;
}

/** The auditor: net debit per leaf account from raw posted lines, not from period_movement. */
function auditedNet(year: number, month: number): Map<string, number> {
  const raw = new Database(core.databaseFile, { readonly: true });
  const rows = raw
    .prepare(`SELECT l.account_code AS code, sum(l.debit - l.credit) AS net FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
              WHERE v.status = 'posted' AND (v.year * 12 + v.month) <= ? GROUP BY l.account_code`)
    .all(year * 12 + month) as { code: string; net: number }[];
  raw.close();
  return new Map(rows.filter((r) => r.net !== 0).map((r) => [r.code, r.net]));
}

describe('ledger properties', () => {
  it('random valid vouchers keep both tracks balanced, and the 科目余额表 equals the sum of postings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(dualTrackVoucher(financial, budget), date), { minLength: 1, maxLength: 4 }), async (vouchers) => {
        for (const [lines, when] of vouchers) await saveAndPost(lines, when);
        const tb = await office.accountant.ok('ledger.trialBalance', { bookId: office.book.id, year: 2026, month: 3 });
        for (const track of ['financial', 'budget'] as const) {
          expect(tb.totals[track].closingDebit).toBe(tb.totals[track].closingCredit);
          expect(tb.totals[track].periodDebit).toBe(tb.totals[track].periodCredit);
        }
        const audited = auditedNet(2026, 3);
        const leaves = new Map(tb.rows.filter((r) => r.isLeaf && (r.closingDebit || r.closingCredit)).map((r) => [r.code, r.closingDebit - r.closingCredit]));
        expect(leaves).toEqual(audited);
      }),
      { numRuns: 15 },
    );
  });

  it('a reversal nets its original to zero', async () => {
    await fc.assert(
      fc.asyncProperty(dualTrackVoucher(financial, budget), date, async (lines, when) => {
        const before = auditedNet(2026, 3);
        const original = await saveAndPost(lines, when);
        const { voucher: red } = await office.accountant.ok('voucher.reverse', { bookId: office.book.id, id: original.id, newId: uuidv7(), date: when });
        await office.reviewer.ok('voucher.review', { bookId: office.book.id, ids: [red.id] });
        await office.accountant.ok('voucher.post', { bookId: office.book.id, ids: [red.id] });
        expect(auditedNet(2026, 3)).toEqual(before);
      }),
      { numRuns: 10 },
    );
  });

  it('a closed period refuses every write and stays exactly as it was', async () => {
    const { accountant, reviewer, book } = office;
    // February: a posted voucher, a reviewed one is not allowed at close, so post everything, then close.
    const posted = await saveAndPost([
      { summary: '二月', accountCode: '5001', debit: 100, credit: 0 },
      { summary: '二月', accountCode: '1602', debit: 0, credit: 100 },
    ], '2026-02-10');
    const januaryClose = await accountant.call('period.close', { bookId: book.id, year: 2026, month: 1 });
    expect(januaryClose.ok).toBe(true);
    await accountant.ok('period.close', { bookId: book.id, year: 2026, month: 2 });
    const snapshot = () => {
      const raw = new Database(core.databaseFile, { readonly: true });
      const dump = JSON.stringify([
        raw.prepare(`SELECT * FROM voucher WHERE year = 2026 AND month = 2 ORDER BY id`).all(),
        raw.prepare(`SELECT l.* FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE v.year = 2026 AND v.month = 2 ORDER BY l.voucher_id, l.line_no`).all(),
        raw.prepare(`SELECT * FROM period_movement WHERE year = 2026 AND month = 2 ORDER BY account_code`).all(),
      ]);
      raw.close();
      return dump;
    };
    const before = snapshot();
    const writes = fc.oneof(
      fc.tuple(fc.constant('save' as const), dualTrackVoucher(financial, budget), fc.integer({ min: 1, max: 28 })),
      fc.constant(['delete'] as const),
      fc.constant(['review'] as const),
      fc.constant(['unreview'] as const),
      fc.constant(['post'] as const),
      fc.constant(['reverse'] as const),
      fc.constant(['renumber'] as const),
    );
    await fc.assert(
      fc.asyncProperty(writes, async (write) => {
        const ref = { bookId: book.id, id: posted.id };
        const batch = { bookId: book.id, ids: [posted.id] };
        let message: string;
        switch (write[0]) {
          case 'save':
            message = (await accountant.fails('voucher.save', { bookId: book.id, id: uuidv7(), date: `2026-02-${String(write[2]).padStart(2, '0')}`, attachments: 0, lines: write[1], parallelReason: '属性测试' })).message;
            break;
          case 'delete':
            message = (await accountant.fails('voucher.delete', ref)).message;
            break;
          case 'review':
            message = (await reviewer.ok('voucher.review', batch)).failed[0]!.message;
            break;
          case 'unreview':
            message = (await reviewer.ok('voucher.unreview', batch)).failed[0]!.message;
            break;
          case 'post':
            message = (await accountant.ok('voucher.post', batch)).failed[0]!.message;
            break;
          case 'reverse':
            message = (await accountant.fails('voucher.reverse', { ...ref, newId: uuidv7(), date: '2026-02-27' })).message;
            break;
          case 'renumber':
            message = (await accountant.fails('voucher.renumber', { bookId: book.id, year: 2026, month: 2 })).message;
            break;
        }
        expect(message).toContain('2026年02期已结账');
        expect(snapshot()).toBe(before);
      }),
      { numRuns: 30 },
    );
  });
});
