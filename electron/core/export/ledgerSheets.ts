import type { Track } from '../../../shared/api/schemas';
import type { Book, DimensionValues } from '../../../shared/api/types';
import { AppError } from '../../../shared/api/errors';
import { formatPeriod } from '../../../shared/domain/period';
import { TRACK_LABELS } from '../../../shared/domain/ledger/types';
import { listAccounts } from '../accounts/queries';
import type { ReadableDB } from '../db/handles';
import { rawSql, sql, type SqlValue } from '../db/sql';
import { dimensionBalance, generalLedger, journal } from '../ledger/books';
import { statement } from '../ledger/statements';
import { trialBalance } from '../ledger/trialBalance';
import { listVouchers, voucherLabel } from '../ledger/voucherQueries';
import { DIMENSION_LABELS, dimensionNames, monthRange, sideLabel, STATEMENT_IDS, STOCK_STATEMENTS, TRACK_SHORT, VOUCHER_STATUS_LABELS } from './labels';
import type { Snapshot } from './snapshot';
import type { ColumnSpec, SheetData, SheetRow } from './workbook';

/** Report layouts as data: each function answers the sheet's spec and its rows (in pages). */

const money = (key: string, header: string, group?: string, blankZero = false): ColumnSpec => ({ key, header, group, width: 16, kind: 'money', blankZero });
const text = (key: string, header: string, width: number, indented = false): ColumnSpec => ({ key, header, width, kind: 'text', indented });

function one(rows: SheetRow[]): SheetRow[][] {
  return [rows];
}

export function trialBalanceSheet(db: ReadableDB, book: Book, year: number, month: number, level: 'one' | 'all'): SheetData {
  const data = trialBalance(db, book.id, year, month);
  const amounts = [
    ['opening', '期初余额'],
    ['period', '本期发生额'],
    ['ytd', '本年累计发生额'],
    ['closing', '期末余额'],
  ] as const;
  const columns: ColumnSpec[] = [
    text('code', '科目编码', 12),
    text('name', '科目名称', 28, true),
    ...amounts.flatMap(([key, group]) => [money(`${key}Debit`, '借方', group), money(`${key}Credit`, '贷方', group)]),
  ];
  const rows: SheetRow[] = [];
  for (const track of ['financial', 'budget'] as const) {
    rows.push({ values: { code: '', name: TRACK_LABELS[track] }, style: 'group' });
    for (const row of data.rows) {
      if (row.track !== track || (level === 'one' && row.level !== 1)) continue;
      const { isLeaf: _leaf, track: _track, ...values } = row;
      rows.push({ values, indent: row.level - 1 });
    }
    rows.push({ values: { code: '', name: `${TRACK_LABELS[track]}合计`, ...data.totals[track] }, style: 'total' });
  }
  return {
    spec: { name: '科目余额表', title: '科目余额表', unitName: book.name, period: formatPeriod({ year, month }), columns, orientation: 'landscape' },
    pages: one(rows),
  };
}

interface DetailLineRow {
  month: number;
  date: string;
  word: string;
  number: number;
  summary: string;
  account_code: string;
  account_name: string;
  debit: number;
  credit: number;
  func: string | null;
  econ_dep: string | null;
  econ_gov: string | null;
  project: string | null;
  fund: string | null;
  counterparty: string | null;
  dept: string | null;
}

const dimensionKeys = ['func', 'econ_dep', 'econ_gov', 'project', 'fund', 'counterparty', 'dept'] as const;

/**
 * 明细账 of an account and its sub-accounts: 期初余额 (上年结转 in January), every posted line with
 * its running balance and 借/贷 direction, and after each month with lines its 本月合计 and 本年累计.
 * The lines stream from the snapshot in pages; only running sums are kept between pages.
 */
export function ledgerDetailSheet(
  snapshot: Snapshot,
  book: Book,
  input: { accountCode: string; year: number; fromMonth: number; toMonth: number; dims?: DimensionValues },
): SheetData {
  const db = snapshot.read;
  const account = db.get<{ name: string; normal_balance: 'debit' | 'credit' }>(
    sql`SELECT name, normal_balance FROM account WHERE book_id = ${book.id} AND code = ${input.accountCode}`,
  );
  if (!account) throw new AppError('NOT_FOUND', `找不到科目 ${input.accountCode}`);
  if (input.toMonth < input.fromMonth) throw new AppError('RULE_VIOLATION', `月份范围不正确：起始月 ${input.fromMonth} 月晚于结束月 ${input.toMonth} 月`);
  const sign = account.normal_balance === 'debit' ? 1 : -1;
  const like = `${input.accountCode}%`;
  const filters = dimensionKeys.filter((key) => input.dims?.[key]);
  const dimClause = filters.map((key) => `AND l.${key} = ?`).join(' ');
  const dimParams: SqlValue[] = filters.map((key) => input.dims![key]!);

  // Net before the range and the year's movements before the range (本年累计 starts from them).
  const before =
    filters.length === 0
      ? db.get<{ opening: number | null; yd: number | null; yc: number | null }>(sql`
          SELECT sum(debit - credit) AS opening,
                 sum(CASE WHEN year = ${input.year} THEN debit ELSE 0 END) AS yd,
                 sum(CASE WHEN year = ${input.year} THEN credit ELSE 0 END) AS yc
          FROM period_movement
          WHERE book_id = ${book.id} AND account_code LIKE ${like}
            AND (year < ${input.year} OR (year = ${input.year} AND month < ${input.fromMonth}))`)
      : db.get<{ opening: number | null; yd: number | null; yc: number | null }>(
          rawSql(
            `SELECT sum(l.debit - l.credit) AS opening,
                    sum(CASE WHEN v.year = ? THEN l.debit ELSE 0 END) AS yd,
                    sum(CASE WHEN v.year = ? THEN l.credit ELSE 0 END) AS yc
             FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
             WHERE v.book_id = ? AND v.status = 'posted' AND l.account_code LIKE ?
               AND (v.year < ? OR (v.year = ? AND v.month < ?)) ${dimClause}`,
            [input.year, input.year, book.id, like, input.year, input.year, input.fromMonth, ...dimParams],
          ),
        );
  const where = `v.book_id = ? AND v.status = 'posted' AND l.account_code LIKE ? AND v.year = ? AND v.month BETWEEN ? AND ? ${dimClause}`;
  const params: SqlValue[] = [book.id, like, input.year, input.fromMonth, input.toMonth, ...dimParams];

  const showAccount = !!db.get(sql`SELECT 1 FROM account WHERE book_id = ${book.id} AND parent_code LIKE ${like}`);
  // Dimension columns only for dimensions some line of the range carries.
  const present = dimensionKeys.filter(
    (key) => !!db.get(rawSql(`SELECT 1 FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE ${where} AND l.${key} IS NOT NULL LIMIT 1`, params)),
  );
  const names = dimensionNames(db, book.id, present);

  const columns: ColumnSpec[] = [
    { key: 'date', header: '日期', width: 11, kind: 'date' },
    text('voucher', '凭证字号', 10),
    ...(showAccount ? [text('account', '科目', 24)] : []),
    text('summary', '摘要', 34),
    ...present.map((key) => text(key, DIMENSION_LABELS[key], 20)),
    money('debit', '借方', undefined, true),
    money('credit', '贷方', undefined, true),
    text('side', '借或贷', 6),
    money('balance', '余额'),
  ];
  const lines = snapshot.pages<DetailLineRow>(
    rawSql(
      `SELECT v.month, v.date, v.word, v.number, l.summary, l.account_code, a.name AS account_name, l.debit, l.credit,
              l.func, l.econ_dep, l.econ_gov, l.project, l.fund, l.counterparty, l.dept
       FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
       JOIN account a ON a.book_id = l.book_id AND a.code = l.account_code
       WHERE ${where}
       ORDER BY v.month, v.date, v.word, v.number, l.line_no`,
      params,
    ),
  );
  const openingNet = before?.opening ?? 0;
  const startYtd = { debit: before?.yd ?? 0, credit: before?.yc ?? 0 };
  const balanceCells = (net: number) => ({ side: sideLabel(sign * net, account.normal_balance), balance: Math.abs(net) });
  const openingLabel = input.fromMonth === 1 && input.year > book.startYear ? '上年结转' : '期初余额';
  const lastDay = (month: number) => new Date(Date.UTC(input.year, month, 0)).toISOString().slice(0, 10);

  function* rows(): Generator<SheetRow[]> {
    let net = openingNet;
    const ytd = { ...startYtd };
    let month = 0;
    let monthSums = { debit: 0, credit: 0 };
    const firstDay = `${input.year}-${String(input.fromMonth).padStart(2, '0')}-01`;
    let out: SheetRow[] = [{ values: { date: firstDay, summary: openingLabel, ...balanceCells(net) }, style: 'subtotal', role: 'opening' }];
    const closeMonth = () => {
      if (month === 0) return;
      out.push({ values: { date: lastDay(month), summary: '本月合计', debit: monthSums.debit, credit: monthSums.credit, ...balanceCells(net) }, style: 'subtotal', role: 'monthTotal' });
      out.push({ values: { date: lastDay(month), summary: '本年累计', debit: ytd.debit, credit: ytd.credit, ...balanceCells(net) }, style: 'total', role: 'yearTotal' });
    };
    for (const page of lines) {
      for (const line of page) {
        if (line.month !== month) {
          closeMonth();
          month = line.month;
          monthSums = { debit: 0, credit: 0 };
        }
        net += line.debit - line.credit;
        monthSums.debit += line.debit;
        monthSums.credit += line.credit;
        ytd.debit += line.debit;
        ytd.credit += line.credit;
        const values: Record<string, string | number | null> = {
          date: line.date,
          voucher: voucherLabel(line.word, line.number),
          account: `${line.account_code} ${line.account_name}`,
          summary: line.summary,
          debit: line.debit,
          credit: line.credit,
          ...balanceCells(net),
        };
        for (const key of present) {
          const code = line[key];
          values[key] = code ? (names.get(`${key}:${code}`) ? `${code} ${names.get(`${key}:${code}`)}` : code) : '';
        }
        out.push({ values, role: 'line' });
      }
      yield out;
      out = [];
    }
    closeMonth();
    yield out;
  }

  const dimsText = filters.map((key) => `${DIMENSION_LABELS[key]}：${input.dims![key]}`).join('　');
  return {
    spec: {
      name: `明细账 ${input.accountCode}`,
      title: '明细账',
      unitName: book.name,
      period: monthRange(input.year, input.fromMonth, input.toMonth),
      subtitle: `科目：${input.accountCode} ${account.name}　余额方向：${account.normal_balance === 'debit' ? '借' : '贷'}${dimsText ? `　${dimsText}` : ''}`,
      columns,
      orientation: columns.length > 8 ? 'landscape' : 'portrait',
    },
    pages: rows(),
  };
}

export function generalLedgerSheet(db: ReadableDB, book: Book, accountCode: string, year: number): SheetData {
  const data = generalLedger(db, book.id, accountCode, year);
  const normal = data.normalBalance;
  const columns: ColumnSpec[] = [
    text('month', '月份', 8),
    text('summary', '摘要', 24),
    money('debit', '借方'),
    money('credit', '贷方'),
    text('side', '借或贷', 6),
    money('balance', '余额'),
  ];
  const rows: SheetRow[] = [];
  for (const row of data.rows) {
    const cells = { side: sideLabel(row.balance, normal), balance: Math.abs(row.balance) };
    if (row.month === 0) {
      rows.push({ values: { month: '', summary: year > book.startYear ? '上年结转' : '年初余额', ...cells }, style: 'subtotal', role: 'opening' });
      continue;
    }
    rows.push({ values: { month: `${row.month}月`, summary: '本月合计', debit: row.debit, credit: row.credit, ...cells }, role: 'monthTotal' });
    rows.push({ values: { month: `${row.month}月`, summary: '本年累计', debit: row.ytdDebit, credit: row.ytdCredit, ...cells }, style: 'total', role: 'yearTotal' });
  }
  return {
    spec: {
      name: `总账 ${accountCode}`,
      title: '总账',
      unitName: book.name,
      period: `${year}年度`,
      subtitle: `科目：${accountCode} ${data.accountName}　余额方向：${normal === 'debit' ? '借' : '贷'}`,
      columns,
      orientation: 'portrait',
    },
    pages: one(rows),
  };
}

export function journalSheet(db: ReadableDB, book: Book, accountCode: string, year: number, month: number): SheetData {
  const data = journal(db, book.id, accountCode, year, month);
  const kind = accountCode.startsWith('1001') ? '现金日记账' : '银行日记账';
  const columns: ColumnSpec[] = [
    { key: 'date', header: '日期', width: 11, kind: 'date' },
    text('voucher', '凭证字号', 10),
    text('summary', '摘要', 34),
    text('counter', '对方科目', 16),
    money('debit', '借方（收入）', undefined, true),
    money('credit', '贷方（支出）', undefined, true),
    money('balance', '余额'),
  ];
  const rows: SheetRow[] = data.rows.map((row) => ({
    values: { date: row.date, voucher: row.voucherLabel ?? '', summary: row.summary, counter: row.counterAccounts, debit: row.debit, credit: row.credit, balance: row.balance },
    style: row.kind === 'month' ? 'total' : row.kind === 'day' || row.kind === 'opening' ? 'subtotal' : 'normal',
    role: row.kind === 'month' ? 'monthTotal' : row.kind === 'day' ? 'dayTotal' : row.kind,
  }));
  return {
    spec: {
      name: kind,
      title: kind,
      unitName: book.name,
      period: formatPeriod({ year, month }),
      subtitle: `科目：${accountCode} ${data.accountName}`,
      columns,
      orientation: 'portrait',
    },
    pages: one(rows),
  };
}

export function dimensionBalanceSheet(
  db: ReadableDB,
  book: Book,
  input: { accountCode: string; year: number; fromMonth: number; toMonth: number; by: (keyof DimensionValues)[] },
): SheetData {
  const data = dimensionBalance(db, { ...input, bookId: book.id });
  const by = [...new Set(input.by)];
  const accountName = db.get<{ name: string }>(sql`SELECT name FROM account WHERE book_id = ${book.id} AND code = ${input.accountCode}`)?.name ?? '';
  const columns: ColumnSpec[] = [
    text('code', '科目编码', 12),
    text('name', '科目名称', 22),
    ...by.map((key) => text(key, DIMENSION_LABELS[key], 26)),
    text('openingSide', '方向', 5),
    money('opening', '期初余额'),
    money('periodDebit', '本期借方'),
    money('periodCredit', '本期贷方'),
    text('closingSide', '方向', 5),
    money('closing', '期末余额'),
  ];
  const net = (n: number) => (n > 0 ? '借' : n < 0 ? '贷' : '平');
  const total = { openingNet: 0, periodDebit: 0, periodCredit: 0, closingNet: 0 };
  const rows: SheetRow[] = data.map((row) => {
    total.openingNet += row.openingNet;
    total.periodDebit += row.periodDebit;
    total.periodCredit += row.periodCredit;
    total.closingNet += row.closingNet;
    const values: Record<string, string | number> = {
      code: row.accountCode,
      name: row.accountName,
      openingSide: net(row.openingNet),
      opening: Math.abs(row.openingNet),
      periodDebit: row.periodDebit,
      periodCredit: row.periodCredit,
      closingSide: net(row.closingNet),
      closing: Math.abs(row.closingNet),
    };
    for (const key of by) values[key] = row.values[key] ? `${row.values[key]} ${row.labels[key] ?? ''}`.trim() : (row.labels[key] ?? '（未填）');
    return { values };
  });
  rows.push({
    values: {
      code: '',
      name: '合计',
      openingSide: net(total.openingNet),
      opening: Math.abs(total.openingNet),
      periodDebit: total.periodDebit,
      periodCredit: total.periodCredit,
      closingSide: net(total.closingNet),
      closing: Math.abs(total.closingNet),
    },
    style: 'total',
  });
  return {
    spec: {
      name: `辅助余额表 ${input.accountCode}`,
      title: '辅助余额表',
      unitName: book.name,
      period: monthRange(input.year, input.fromMonth, input.toMonth),
      subtitle: `科目：${input.accountCode} ${accountName}　按：${by.map((k) => DIMENSION_LABELS[k]).join('、')}`,
      columns,
      orientation: 'landscape',
    },
    pages: one(rows),
  };
}

export function statementSheets(db: ReadableDB, book: Book, year: number, month: number, id?: string): SheetData[] {
  const ids = id ? [id] : STATEMENT_IDS;
  return ids.map((statementId) => {
    const data = statement(db, book.id, statementId, year, month);
    const stock = STOCK_STATEMENTS.has(statementId);
    const columns: ColumnSpec[] = [
      text('label', '项目', 46, true),
      { key: 'row', header: '行次', width: 6, kind: 'int' },
      ...(stock ? [money('value', '期末余额')] : [money('value', '本月数'), money('ytd', '本年累计数')]),
    ];
    const rows: SheetRow[] = data.lines
      .filter((line) => !line.hidden)
      .map((line, i) => ({
        values: { label: line.label, row: i + 1, value: line.value, ytd: line.ytdValue },
        indent: line.indent,
        style: /合计|总计/.test(line.label) ? 'total' : 'normal',
      }));
    return {
      spec: {
        name: data.title,
        title: data.title,
        unitName: book.name,
        period: formatPeriod({ year, month }),
        formCode: data.code,
        columns,
        orientation: 'portrait',
      },
      pages: one(rows),
    };
  });
}

/** 凭证列表 as one row per line (序时簿), with the voucher's number, date and people on each. */
export function voucherListSheet(
  db: ReadableDB,
  book: Book,
  input: { year: number; month: number; status?: 'draft' | 'reviewed' | 'posted'; ids?: string[] },
): SheetData {
  const chosen = input.ids ? new Set(input.ids) : null;
  const vouchers = listVouchers(db, book.id, input.year, input.month, input.status).filter((v) => !chosen || chosen.has(v.id));
  const columns: ColumnSpec[] = [
    { key: 'date', header: '日期', width: 11, kind: 'date' },
    text('label', '凭证字号', 10),
    text('summary', '摘要', 30),
    text('code', '科目编码', 11),
    text('account', '科目名称', 22),
    text('track', '体系', 6),
    money('debit', '借方', undefined, true),
    money('credit', '贷方', undefined, true),
    { key: 'attachments', header: '附单据', width: 7, kind: 'int' },
    text('status', '状态', 8),
    text('preparedBy', '制单', 9),
    text('reviewedBy', '审核', 9),
    text('postedBy', '记账', 9),
  ];
  const totals = { financial: { debit: 0, credit: 0 }, budget: { debit: 0, credit: 0 } } satisfies Record<Track, { debit: number; credit: number }>;
  const rows: SheetRow[] = [];
  for (const v of vouchers) {
    for (const line of v.lines) {
      totals[line.track].debit += line.debit;
      totals[line.track].credit += line.credit;
      rows.push({
        values: {
          date: v.date,
          label: v.label,
          summary: line.summary,
          code: line.accountCode,
          account: line.accountName,
          track: TRACK_SHORT[line.track],
          debit: line.debit,
          credit: line.credit,
          attachments: v.attachments,
          status: VOUCHER_STATUS_LABELS[v.status],
          preparedBy: v.preparedBy.displayName,
          reviewedBy: v.reviewedBy?.displayName ?? '',
          postedBy: v.postedBy?.displayName ?? '',
        },
      });
    }
  }
  for (const track of ['financial', 'budget'] as const) {
    rows.push({ values: { summary: `${TRACK_LABELS[track]}合计（${vouchers.length} 张凭证）`, debit: totals[track].debit, credit: totals[track].credit }, style: 'total' });
  }
  return {
    spec: {
      name: '凭证列表',
      title: '凭证列表',
      unitName: book.name,
      period: formatPeriod({ year: input.year, month: input.month }),
      columns,
      orientation: 'landscape',
    },
    pages: one(rows),
  };
}

export function accountsSheet(db: ReadableDB, book: Book, codes?: string[]): SheetData {
  const chosen = codes ? new Set(codes) : null;
  const accounts = listAccounts(db, book.id).filter((a) => !chosen || chosen.has(a.code));
  const columns: ColumnSpec[] = [
    text('code', '科目编码', 12),
    text('name', '科目名称', 30, true),
    { key: 'level', header: '级次', width: 6, kind: 'int' },
    text('track', '会计体系', 10),
    text('category', '类别', 10),
    text('normal', '余额方向', 8),
    text('leaf', '末级', 6),
    text('enabled', '状态', 6),
    text('dims', '辅助核算', 30),
  ];
  const rows: SheetRow[] = accounts.map((a) => ({
    values: {
      code: a.code,
      name: a.name,
      level: a.level,
      track: TRACK_LABELS[a.track],
      category: a.category,
      normal: a.normalBalance === 'debit' ? '借' : '贷',
      leaf: a.isLeaf ? '是' : '',
      enabled: a.enabled ? '启用' : '停用',
      dims: a.requiredDims.map((d) => DIMENSION_LABELS[d]).join('、'),
    },
    indent: a.level - 1,
  }));
  return {
    spec: { name: '会计科目', title: '会计科目表', unitName: book.name, period: `启用期间 ${formatPeriod({ year: book.startYear, month: book.startMonth })}`, columns, orientation: 'portrait', moneyUnit: false },
    pages: one(rows),
  };
}
