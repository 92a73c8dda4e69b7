import type { Book } from '../../../shared/api/types';
import type { ClassificationCodeSets } from '../../../shared/domain/ledger/dimensions';
import type { ExistingAccount } from '../../../shared/domain/imports/accounts';
import { indicatorKey, type IndicatorImportView, type IndicatorProjectView } from '../../../shared/domain/imports/indicators';
import type { LedgerImportView } from '../../../shared/domain/imports/vouchers';
import type { FundNature, ProjectStatus } from '../../../shared/domain/budget/types';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { loadLedgerChart } from '../ledger/chart';

/** What the pure import rules need to know of the book, read in the caller's transaction. */

type AnyDB = ReadableDB | WritableDB;

export function classificationSets(db: AnyDB, bookId: string): ClassificationCodeSets {
  const rows = db.all<{ kind: string; code: string }>(
    sql`SELECT kind, code FROM classification WHERE book_id = ${bookId} AND kind IN ('expenditure_function', 'expenditure_econ_department', 'expenditure_econ_government')`,
  );
  const set = (kind: string) => new Set(rows.filter((r) => r.kind === kind).map((r) => r.code));
  return { func: set('expenditure_function'), econ_dep: set('expenditure_econ_department'), econ_gov: set('expenditure_econ_government') };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

export function ledgerView(db: AnyDB, book: Book): LedgerImportView {
  const closed = db.all<{ year: number; month: number }>(sql`SELECT year, month FROM period WHERE book_id = ${book.id} AND status = 'closed'`);
  const vouchers = db.all<{ year: number; month: number; word: string; number: number }>(sql`SELECT year, month, word, number FROM voucher WHERE book_id = ${book.id}`);
  return {
    chart: loadLedgerChart(db, book.id),
    classificationCodes: classificationSets(db, book.id),
    voucherWords: book.voucherWords,
    start: { year: book.startYear, month: book.startMonth },
    closedPeriods: new Set(closed.map((p) => `${p.year}-${pad2(p.month)}`)),
    existingVouchers: new Set(vouchers.map((v) => `${v.year}-${pad2(v.month)}|${v.word}|${v.number}`)),
  };
}

export function existingAccounts(db: AnyDB, bookId: string): Map<string, ExistingAccount> {
  const rows = db.all<{ code: string; name: string; enabled: number; used: number }>(sql`
    SELECT a.code, a.name, a.enabled,
           EXISTS (SELECT 1 FROM voucher_line l WHERE l.book_id = a.book_id AND l.account_code = a.code) AS used
    FROM account a WHERE a.book_id = ${bookId}`);
  return new Map(rows.map((r) => [r.code, { name: r.name, enabled: r.enabled === 1, used: r.used === 1 }]));
}

export const AGENCY_SETTING = 'budget.agency';

export function indicatorView(db: AnyDB, book: Book): IndicatorImportView {
  const func = db.all<{ code: string; level: string }>(sql`SELECT code, level FROM classification WHERE book_id = ${book.id} AND kind = 'expenditure_function'`);
  const codes = classificationSets(db, book.id);
  const projects = db.all<{ id: string; code: string; name: string; status: ProjectStatus; func_code: string; fund_nature: FundNature }>(
    sql`SELECT id, code, name, status, func_code, fund_nature FROM budget_project WHERE book_id = ${book.id}`,
  );
  const existing = db.all<{
    year: number; func_code: string; econ_gov_code: string; econ_dep_code: string; fund_nature: string; project_code: string | null;
    doc_no: string; sup_doc_no: string | null; pay_method: string; direct_fund: number;
  }>(sql`
    SELECT i.year, i.func_code, i.econ_gov_code, i.econ_dep_code, i.fund_nature, p.code AS project_code, i.doc_no, i.sup_doc_no, i.pay_method, i.direct_fund
    FROM budget_indicator i LEFT JOIN budget_project p ON p.id = i.project_id WHERE i.book_id = ${book.id}`);
  const agency = db.get<{ value: string }>(sql`SELECT value FROM book_setting WHERE book_id = ${book.id} AND key = ${AGENCY_SETTING}`);
  return {
    regionCode: book.regionCode,
    agency: agency?.value ?? null,
    funcLevels: new Map(func.map((f) => [f.code, f.level])),
    econDep: codes.econ_dep ?? new Set(),
    econGov: codes.econ_gov ?? new Set(),
    projects: new Map(
      projects.map((p): [string, IndicatorProjectView] => [p.code, { id: p.id, name: p.name, status: p.status, funcCode: p.func_code, fundNature: p.fund_nature }]),
    ),
    existing: new Set(
      existing.map((i) =>
        indicatorKey({
          year: i.year, funcCode: i.func_code, econGovCode: i.econ_gov_code, econDepCode: i.econ_dep_code, fundNature: i.fund_nature,
          projectCode: i.project_code, docNo: i.doc_no, supDocNo: i.sup_doc_no, payMethod: i.pay_method, directFund: i.direct_fund === 1,
        }),
      ),
    ),
  };
}
