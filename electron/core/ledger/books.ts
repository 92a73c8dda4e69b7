import { AppError } from '../../../shared/api/errors';
import type { DimensionBalanceRow, DimensionValues, GeneralLedger, Journal, JournalRow } from '../../../shared/api/types';
import type { ReadableDB } from '../db/handles';
import { rawSql, sql } from '../db/sql';
import { voucherLabel } from './voucherQueries';

interface AccountInfo {
  name: string;
  normal_balance: 'debit' | 'credit';
}

function requireAccount(db: ReadableDB, bookId: string, code: string): AccountInfo {
  const account = db.get<AccountInfo>(sql`SELECT name, normal_balance FROM account WHERE book_id = ${bookId} AND code = ${code}`);
  if (!account) throw new AppError('NOT_FOUND', `找不到科目 ${code}`);
  return account;
}

/** 总账: from the per-month movements of the account and its sub-accounts. */
export function generalLedger(db: ReadableDB, bookId: string, code: string, year: number): GeneralLedger {
  const account = requireAccount(db, bookId, code);
  const sign = account.normal_balance === 'debit' ? 1 : -1;
  const like = `${code}%`;
  const opening = db.get<{ n: number | null }>(
    sql`SELECT sum(debit - credit) AS n FROM period_movement WHERE book_id = ${bookId} AND account_code LIKE ${like} AND year < ${year}`,
  )?.n ?? 0;
  const months = db.all<{ month: number; d: number; c: number }>(sql`
    SELECT month, sum(debit) AS d, sum(credit) AS c FROM period_movement
    WHERE book_id = ${bookId} AND account_code LIKE ${like} AND year = ${year} GROUP BY month ORDER BY month`);
  const rows: GeneralLedger['rows'] = [{ month: 0, label: '年初余额', debit: 0, credit: 0, ytdDebit: 0, ytdCredit: 0, balance: sign * opening }];
  let net = opening;
  let ytdDebit = 0;
  let ytdCredit = 0;
  for (const m of months) {
    net += m.d - m.c;
    ytdDebit += m.d;
    ytdCredit += m.c;
    rows.push({ month: m.month, label: `${m.month}月 本月合计`, debit: m.d, credit: m.c, ytdDebit, ytdCredit, balance: sign * net });
  }
  return { accountCode: code, accountName: account.name, normalBalance: account.normal_balance, year, rows };
}

/**
 * 现金/银行日记账 (1001, 1002, 1021 and their sub-accounts): every posted line in date order,
 * the accounts on the other side of the voucher, a 本日合计 after each day and 本月合计.
 */
export function journal(db: ReadableDB, bookId: string, code: string, year: number, month: number): Journal {
  if (!/^(1001|1002|1021)/.test(code)) throw new AppError('RULE_VIOLATION', '日记账只适用于库存现金（1001）、银行存款（1002）和其他货币资金（1021）');
  const account = requireAccount(db, bookId, code);
  const like = `${code}%`;
  const opening = db.get<{ n: number | null }>(sql`
    SELECT sum(debit - credit) AS n FROM period_movement
    WHERE book_id = ${bookId} AND account_code LIKE ${like} AND (year < ${year} OR (year = ${year} AND month < ${month}))`)?.n ?? 0;
  const lines = db.all<{ date: string; voucher_id: string; word: string; number: number; summary: string; debit: number; credit: number; counter: string | null }>(
    rawSql(
      `SELECT v.date, v.id AS voucher_id, v.word, v.number, l.summary, l.debit, l.credit,
              (SELECT group_concat(DISTINCT o.account_code) FROM voucher_line o
                WHERE o.voucher_id = v.id AND o.track = 'financial' AND o.account_code NOT LIKE ?) AS counter
       FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
       WHERE v.book_id = ? AND v.status = 'posted' AND v.year = ? AND v.month = ? AND l.account_code LIKE ?
       ORDER BY v.date, v.word, v.number, l.line_no`,
      [like, bookId, year, month, like],
    ),
  );
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const rows: JournalRow[] = [{ kind: 'opening', date: first, voucherId: null, voucherLabel: null, summary: '期初余额', counterAccounts: '', debit: 0, credit: 0, balance: opening }];
  let balance = opening;
  let day = { date: '', debit: 0, credit: 0 };
  let monthDebit = 0;
  let monthCredit = 0;
  const closeDay = () => {
    if (day.date) rows.push({ kind: 'day', date: day.date, voucherId: null, voucherLabel: null, summary: '本日合计', counterAccounts: '', debit: day.debit, credit: day.credit, balance });
  };
  for (const line of lines) {
    if (line.date !== day.date) {
      closeDay();
      day = { date: line.date, debit: 0, credit: 0 };
    }
    balance += line.debit - line.credit;
    day.debit += line.debit;
    day.credit += line.credit;
    monthDebit += line.debit;
    monthCredit += line.credit;
    rows.push({
      kind: 'line',
      date: line.date,
      voucherId: line.voucher_id,
      voucherLabel: voucherLabel(line.word, line.number),
      summary: line.summary,
      counterAccounts: (line.counter ?? '').split(',').filter(Boolean).join('、'),
      debit: line.debit,
      credit: line.credit,
      balance,
    });
  }
  closeDay();
  const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  rows.push({ kind: 'month', date: last, voucherId: null, voucherLabel: null, summary: '本月合计', counterAccounts: '', debit: monthDebit, credit: monthCredit, balance });
  return { accountCode: code, accountName: account.name, year, month, rows };
}

const classificationKinds: Record<string, string> = {
  func: 'expenditure_function',
  econ_dep: 'expenditure_econ_department',
  econ_gov: 'expenditure_econ_government',
};

/** 辅助余额表: balances of an account (and its sub-accounts) grouped by up to three dimensions. */
export function dimensionBalance(
  db: ReadableDB,
  input: { bookId: string; accountCode: string; year: number; fromMonth: number; toMonth: number; by: (keyof DimensionValues)[] },
): DimensionBalanceRow[] {
  requireAccount(db, input.bookId, input.accountCode);
  const by = [...new Set(input.by)];
  const columns = by.map((key) => `l.${key}`).join(', ');
  const rows = db.all<Record<string, string | number | null>>(
    rawSql(
      `SELECT l.account_code, a.name AS account_name, ${columns},
         sum(CASE WHEN v.year < ? OR v.month < ? THEN l.debit - l.credit ELSE 0 END) AS opening,
         sum(CASE WHEN v.year = ? AND v.month BETWEEN ? AND ? THEN l.debit ELSE 0 END) AS pd,
         sum(CASE WHEN v.year = ? AND v.month BETWEEN ? AND ? THEN l.credit ELSE 0 END) AS pc
       FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
       JOIN account a ON a.book_id = l.book_id AND a.code = l.account_code
       WHERE v.book_id = ? AND v.status = 'posted' AND l.account_code LIKE ?
         AND (v.year < ? OR (v.year = ? AND v.month <= ?))
       GROUP BY l.account_code, ${columns}
       ORDER BY l.account_code, ${columns}`,
      [input.year, input.fromMonth, input.year, input.fromMonth, input.toMonth, input.year, input.fromMonth, input.toMonth,
       input.bookId, `${input.accountCode}%`, input.year, input.year, input.toMonth],
    ),
  );
  const names = new Map<string, string>();
  for (const key of by) {
    const kind = classificationKinds[key];
    if (!kind) continue;
    for (const c of db.all<{ code: string; name: string }>(sql`SELECT code, name FROM classification WHERE book_id = ${input.bookId} AND kind = ${kind}`)) {
      names.set(`${key}:${c.code}`, c.name);
    }
  }
  return rows
    .map((r) => {
      const values: DimensionValues = {};
      const labels: DimensionBalanceRow['labels'] = {};
      for (const key of by) {
        const value = r[key];
        if (typeof value === 'string' && value) {
          values[key] = value;
          labels[key] = names.get(`${key}:${value}`) ?? value;
        } else {
          labels[key] = '（未填）';
        }
      }
      const opening = Number(r.opening);
      const pd = Number(r.pd);
      const pc = Number(r.pc);
      return {
        accountCode: String(r.account_code),
        accountName: String(r.account_name),
        values,
        labels,
        openingNet: opening,
        periodDebit: pd,
        periodCredit: pc,
        closingNet: opening + pd - pc,
      };
    })
    .filter((r) => r.openingNet !== 0 || r.periodDebit !== 0 || r.periodCredit !== 0);
}
