import type { TownshipKind } from '../../../shared/sync/kinds';
import { townshipMovementKinds } from '../../../shared/sync/kinds';
import type {
  AccountContent,
  AdjustmentContent,
  BookContent,
  BudgetEventContent,
  PeriodEventContent,
  BudgetCycleContent,
  IndicatorMovementContent,
  OperatorContent,
  PaymentContent,
  PeriodContent,
  ProjectContent,
  SubmissionContent,
  VoucherContent,
} from '../../../shared/sync/records';
import { rawSql } from '../db/sql';
import { periodDigest } from './digest';

/**
 * The content of township-owned records as they travel (shared/sync/records.ts): the whole
 * record with its children, read from the live tables. `null`: the record no longer exists
 * (a deletion); `undefined`: not a record this installation sends (the county's own indicator
 * movements, the county's sync user).
 */
export interface Reader {
  all<T>(query: { text: string; params: readonly unknown[] }): T[];
  get<T>(query: { text: string; params: readonly unknown[] }): T | undefined;
}

export const COUNTY_USERNAME = '__county__';

type Row = Record<string, unknown>;
const q = (text: string, keys: readonly string[]) => rawSql(text, [JSON.stringify(keys)]);
const inKeys = (expr: string) => `${expr} IN (SELECT value FROM json_each(?))`;

function groupBy<T extends Row>(rows: T[], key: string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = String(r[key]);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(r);
  }
  return out;
}

const str = (v: unknown) => v as string;
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => v as number;

function books(db: Reader, keys: readonly string[]): Map<string, BookContent> {
  const settings = groupBy(db.all<Row>(q(`SELECT book_id, key, value FROM book_setting WHERE ${inKeys('book_id')} ORDER BY book_id, key`, keys)), 'book_id');
  return new Map(
    db.all<Row>(q(`SELECT * FROM book WHERE ${inKeys('id')}`, keys)).map((r) => [
      str(r.id),
      {
        id: str(r.id), name: str(r.name), regionCode: str(r.region_code), unitType: str(r.unit_type), startYear: num(r.start_year), startMonth: num(r.start_month),
        supervisor: str(r.supervisor), createdAt: str(r.created_at),
        settings: (settings.get(str(r.id)) ?? []).map((s) => ({ key: str(s.key), value: str(s.value) })),
      },
    ]),
  );
}

function operators(db: Reader, keys: readonly string[]): Map<string, OperatorContent | undefined> {
  const roles = groupBy(db.all<Row>(q(`SELECT user_id, role FROM user_role WHERE ${inKeys('user_id')} ORDER BY user_id, role`, keys)), 'user_id');
  return new Map(
    db.all<Row>(q(`SELECT id, username, display_name, enabled FROM app_user WHERE ${inKeys('id')}`, keys)).map((r) => [
      str(r.id),
      r.username === COUNTY_USERNAME
        ? undefined
        : { id: str(r.id), username: str(r.username), displayName: str(r.display_name), enabled: num(r.enabled) as 0 | 1, roles: (roles.get(str(r.id)) ?? []).map((x) => str(x.role)) },
    ]),
  );
}

function accounts(db: Reader, keys: readonly string[]): Map<string, AccountContent> {
  const dims = groupBy(db.all<Row>(q(`SELECT book_id || '|' || account_code AS k, dimension FROM account_dimension WHERE ${inKeys(`book_id || '|' || account_code`)} ORDER BY k, dimension`, keys)), 'k');
  return new Map(
    db.all<Row>(q(`SELECT book_id || '|' || code AS k, * FROM account WHERE ${inKeys(`book_id || '|' || code`)}`, keys)).map((r) => [
      str(r.k),
      {
        bookId: str(r.book_id), code: str(r.code), name: str(r.name), parentCode: strOrNull(r.parent_code), level: num(r.level), track: r.track as 'financial' | 'budget',
        category: str(r.category), normalBalance: r.normal_balance as 'debit' | 'credit', contra: num(r.contra) as 0 | 1, enabled: num(r.enabled) as 0 | 1,
        dimensions: (dims.get(str(r.k)) ?? []).map((d) => str(d.dimension)),
      },
    ]),
  );
}

function periods(db: Reader, keys: readonly string[]): Map<string, PeriodContent> {
  return new Map(
    db.all<Row>(q(`SELECT book_id || '|' || year || '|' || month AS k, * FROM period WHERE ${inKeys(`book_id || '|' || year || '|' || month`)}`, keys)).map((r) => {
      const closed = r.status === 'closed';
      return [
        str(r.k),
        {
          bookId: str(r.book_id), year: num(r.year), month: num(r.month), status: r.status as 'open' | 'closed', closedAt: strOrNull(r.closed_at), closedBy: strOrNull(r.closed_by),
          // The close carries the period's 科目余额表 for the county to check (the period-close checkpoint).
          trialBalance: closed ? periodDigest(db, str(r.book_id), num(r.year), num(r.month)) : null,
        },
      ];
    }),
  );
}

function vouchers(db: Reader, keys: readonly string[]): Map<string, VoucherContent> {
  const lines = groupBy(db.all<Row>(q(`SELECT * FROM voucher_line WHERE ${inKeys('voucher_id')} ORDER BY voucher_id, line_no`, keys)), 'voucher_id');
  return new Map(
    db.all<Row>(q(`SELECT * FROM voucher WHERE ${inKeys('id')}`, keys)).map((r) => [
      str(r.id),
      {
        id: str(r.id), bookId: str(r.book_id), year: num(r.year), month: num(r.month), word: r.word as VoucherContent['word'], number: num(r.number), date: str(r.date),
        attachments: num(r.attachments), status: r.status as VoucherContent['status'], kind: r.kind as VoucherContent['kind'], reversesId: strOrNull(r.reverses_id),
        parallelReason: strOrNull(r.parallel_reason), preparedBy: str(r.prepared_by), reviewedBy: strOrNull(r.reviewed_by), reviewedAt: strOrNull(r.reviewed_at),
        postedBy: strOrNull(r.posted_by), postedAt: strOrNull(r.posted_at), createdAt: str(r.created_at), updatedAt: str(r.updated_at),
        lines: (lines.get(str(r.id)) ?? []).map((l) => ({
          lineNo: num(l.line_no), summary: str(l.summary), accountCode: str(l.account_code), track: l.track as 'financial' | 'budget', debit: num(l.debit), credit: num(l.credit),
          func: strOrNull(l.func), econDep: strOrNull(l.econ_dep), econGov: strOrNull(l.econ_gov), project: strOrNull(l.project), fund: strOrNull(l.fund),
          counterparty: strOrNull(l.counterparty), dept: strOrNull(l.dept),
        })),
      },
    ]),
  );
}

function projects(db: Reader, keys: readonly string[]): Map<string, ProjectContent> {
  const amounts = groupBy(db.all<Row>(q(`SELECT * FROM budget_project_amount WHERE ${inKeys('project_id')} ORDER BY project_id, year`, keys)), 'project_id');
  const targets = groupBy(db.all<Row>(q(`SELECT * FROM budget_project_target WHERE ${inKeys('project_id')} ORDER BY project_id, position`, keys)), 'project_id');
  const progress = groupBy(
    db.all<Row>(q(`SELECT t.project_id, g.* FROM budget_target_progress g JOIN budget_project_target t ON t.id = g.target_id WHERE ${inKeys('t.project_id')} ORDER BY t.project_id, g.target_id, g.year`, keys)),
    'project_id',
  );
  const evaluations = groupBy(db.all<Row>(q(`SELECT * FROM budget_project_evaluation WHERE ${inKeys('project_id')} ORDER BY project_id, year`, keys)), 'project_id');
  return new Map(
    db.all<Row>(q(`SELECT * FROM budget_project WHERE ${inKeys('id')}`, keys)).map((r) => [
      str(r.id),
      {
        id: str(r.id), bookId: str(r.book_id), code: str(r.code), name: str(r.name), class: r.class as ProjectContent['class'], funcCode: str(r.func_code),
        fundNature: r.fund_nature as ProjectContent['fundNature'], startDate: str(r.start_date), endDate: str(r.end_date), description: str(r.description),
        status: r.status as ProjectContent['status'], returnReason: strOrNull(r.return_reason), createdBy: str(r.created_by), createdAt: str(r.created_at), updatedAt: str(r.updated_at),
        amounts: (amounts.get(str(r.id)) ?? []).map((a) => ({ year: num(a.year), amount: num(a.amount) })),
        targets: (targets.get(str(r.id)) ?? []).map((t) => ({ id: str(t.id), position: num(t.position), name: str(t.name), type: str(t.type), unit: str(t.unit), targetValue: str(t.target_value), direction: str(t.direction) })),
        // Only when there is any: a project without 绩效 travels as it did before these fields.
        ...(progress.has(str(r.id))
          ? {
              progress: progress.get(str(r.id))!.map((g) => ({
                targetId: str(g.target_id), year: num(g.year), asOf: str(g.as_of), actualValue: str(g.actual_value), deviationReason: strOrNull(g.deviation_reason),
                correctiveAction: strOrNull(g.corrective_action), recordedBy: str(g.recorded_by), recordedAt: str(g.recorded_at),
              })),
            }
          : {}),
        ...(evaluations.has(str(r.id))
          ? { evaluations: evaluations.get(str(r.id))!.map((e) => ({ year: num(e.year), scoreTenths: num(e.score_tenths), summary: str(e.summary), evaluatedBy: str(e.evaluated_by), evaluatedAt: str(e.evaluated_at) })) }
          : {}),
      },
    ]),
  );
}

function submissions(db: Reader, keys: readonly string[]): Map<string, SubmissionContent> {
  const lines = groupBy(db.all<Row>(q(`SELECT * FROM budget_submission_line WHERE ${inKeys('submission_id')} ORDER BY submission_id, line_no`, keys)), 'submission_id');
  return new Map(
    db.all<Row>(q(`SELECT * FROM budget_submission WHERE ${inKeys('id')}`, keys)).map((r) => [
      str(r.id),
      {
        id: str(r.id), bookId: str(r.book_id), year: num(r.year), stage: r.stage as SubmissionContent['stage'], seq: num(r.seq), expenditureTotal: num(r.expenditure_total),
        revenueTotal: num(r.revenue_total), submittedBy: str(r.submitted_by), submittedAt: str(r.submitted_at),
        lines: (lines.get(str(r.id)) ?? []).map((l) => ({
          lineNo: num(l.line_no), section: str(l.section), funcCode: strOrNull(l.func_code), econCode: strOrNull(l.econ_code), projectId: strOrNull(l.project_id),
          projectCode: strOrNull(l.project_code), projectName: strOrNull(l.project_name), revenueCode: strOrNull(l.revenue_code), fundNature: l.fund_nature as SubmissionContent['lines'][number]['fundNature'],
          amount: num(l.amount), label: str(l.label),
        })),
      },
    ]),
  );
}

/** A budget year that has a roster but no 二上二下 row yet (staffing set first) is 编制中 since the epoch. */
const NO_CYCLE_STAMP = '2000-01-01T00:00:00.000Z';
const yearKey = `book_id || '|' || year`;

function budgetCycles(db: Reader, keys: readonly string[]): Map<string, BudgetCycleContent> {
  const cycles = new Map(db.all<Row>(q(`SELECT ${yearKey} AS k, * FROM budget_cycle WHERE ${inKeys(yearKey)}`, keys)).map((r) => [str(r.k), r]));
  const staffing = groupBy(db.all<Row>(q(`SELECT ${yearKey} AS k, * FROM budget_staffing WHERE ${inKeys(yearKey)} ORDER BY k, category`, keys)), 'k');
  const standards = groupBy(db.all<Row>(q(`SELECT ${yearKey} AS k, * FROM budget_standard WHERE ${inKeys(yearKey)} ORDER BY k, kind, category, econ_code, func_code`, keys)), 'k');
  const lines = groupBy(db.all<Row>(q(`SELECT ${yearKey} AS k, * FROM budget_draft_line WHERE ${inKeys(yearKey)} ORDER BY k, id`, keys)), 'k');
  const out = new Map<string, BudgetCycleContent>();
  for (const k of keys) {
    const cycle = cycles.get(k);
    if (!cycle && !staffing.has(k)) continue;
    const [bookId, year] = [k.slice(0, k.lastIndexOf('|')), Number(k.slice(k.lastIndexOf('|') + 1))];
    out.set(k, {
      bookId, year,
      state: (cycle?.state ?? '编制中') as BudgetCycleContent['state'],
      updatedAt: cycle ? str(cycle.updated_at) : NO_CYCLE_STAMP,
      staffing: (staffing.get(k) ?? []).map((r) => ({ category: str(r.category), headcount: num(r.headcount) })),
      standards: (standards.get(k) ?? []).map((r) => ({ kind: r.kind as '人员经费' | '日常公用经费', category: str(r.category), econCode: str(r.econ_code), funcCode: str(r.func_code), perCapita: num(r.per_capita) })),
      draftLines: (lines.get(k) ?? []).map((l) => ({
        id: str(l.id), section: l.section as BudgetCycleContent['draftLines'][number]['section'], funcCode: strOrNull(l.func_code), econCode: strOrNull(l.econ_code), projectId: strOrNull(l.project_id),
        revenueCode: strOrNull(l.revenue_code), fundNature: l.fund_nature as BudgetCycleContent['draftLines'][number]['fundNature'], amount: num(l.amount), origin: l.origin as 'computed' | 'entered', updatedAt: str(l.updated_at),
      })),
    });
  }
  return out;
}

function payments(db: Reader, keys: readonly string[]): Map<string, PaymentContent> {
  return new Map(
    db.all<Row>(q(`SELECT * FROM budget_payment WHERE ${inKeys('id')}`, keys)).map((r) => [
      str(r.id),
      {
        id: str(r.id), bookId: str(r.book_id), indicatorId: str(r.indicator_id), amount: num(r.amount), payeeName: str(r.payee_name), payeeAccount: str(r.payee_account),
        payeeBank: str(r.payee_bank), purpose: str(r.purpose), status: r.status as PaymentContent['status'], appliedDate: str(r.applied_date), appliedBy: str(r.applied_by),
        appliedAt: str(r.applied_at), reviewedBy: strOrNull(r.reviewed_by), reviewedAt: strOrNull(r.reviewed_at), returnedBy: strOrNull(r.returned_by),
        returnReason: strOrNull(r.return_reason), paidBy: strOrNull(r.paid_by), paidAt: strOrNull(r.paid_at), payDate: strOrNull(r.pay_date), voucherId: strOrNull(r.voucher_id),
        refundDate: strOrNull(r.refund_date), refundReason: strOrNull(r.refund_reason), refundVoucherId: strOrNull(r.refund_voucher_id),
      },
    ]),
  );
}

function adjustments(db: Reader, keys: readonly string[]): Map<string, AdjustmentContent> {
  const lines = groupBy(db.all<Row>(q(`SELECT * FROM budget_adjustment_line WHERE ${inKeys('adjustment_id')} ORDER BY adjustment_id, line_no`, keys)), 'adjustment_id');
  return new Map(
    db.all<Row>(q(`SELECT * FROM budget_adjustment WHERE ${inKeys('id')}`, keys)).map((r) => [
      str(r.id),
      {
        id: str(r.id), bookId: str(r.book_id), year: num(r.year), kind: r.kind as AdjustmentContent['kind'], reason: str(r.reason), docNo: strOrNull(r.doc_no),
        status: r.status as AdjustmentContent['status'], requestedBy: str(r.requested_by), requestedAt: str(r.requested_at), decidedBy: strOrNull(r.decided_by),
        decidedAt: strOrNull(r.decided_at), decisionNote: strOrNull(r.decision_note), effectiveDate: strOrNull(r.effective_date),
        lines: (lines.get(str(r.id)) ?? []).map((l) => ({ lineNo: num(l.line_no), indicatorId: str(l.indicator_id), delta: num(l.delta) })),
      },
    ]),
  );
}

function movements(db: Reader, keys: readonly string[]): Map<string, IndicatorMovementContent | undefined> {
  return new Map(
    db.all<Row>(q(`SELECT * FROM budget_indicator_movement WHERE ${inKeys('id')}`, keys)).map((r) => [
      str(r.id),
      // 下达/调整/调剂 follow the county's decisions: the county's, not sent back.
      (townshipMovementKinds as readonly string[]).includes(str(r.kind))
        ? {
            id: str(r.id), bookId: str(r.book_id), indicatorId: str(r.indicator_id), kind: r.kind as IndicatorMovementContent['kind'], date: str(r.date),
            executableDelta: num(r.executable_delta), frozenDelta: num(r.frozen_delta), paidDelta: num(r.paid_delta), refKind: r.ref_kind as IndicatorMovementContent['refKind'],
            refId: str(r.ref_id), summary: str(r.summary), userId: str(r.user_id), createdAt: str(r.created_at),
          }
        : undefined,
    ]),
  );
}

function budgetEvents(db: Reader, keys: readonly string[]): Map<string, BudgetEventContent> {
  return new Map(
    db.all<Row>(q(`SELECT * FROM budget_event WHERE ${inKeys('id')}`, keys)).map((r) => [
      str(r.id),
      {
        id: str(r.id), bookId: str(r.book_id), entity: r.entity as BudgetEventContent['entity'], entityId: str(r.entity_id), action: str(r.action), fromState: strOrNull(r.from_state),
        toState: str(r.to_state), reason: strOrNull(r.reason), userId: str(r.user_id), at: str(r.at),
      },
    ]),
  );
}

function periodEvents(db: Reader, keys: readonly string[]): Map<string, PeriodEventContent> {
  return new Map(
    db.all<Row>(q(`SELECT * FROM period_event WHERE ${inKeys('id')}`, keys)).map((r) => [
      str(r.id),
      { id: str(r.id), bookId: str(r.book_id), year: num(r.year), month: num(r.month), action: r.action as 'close' | 'reopen', reason: strOrNull(r.reason), userId: str(r.user_id), at: str(r.at) },
    ]),
  );
}

export interface KindSource {
  /** The live records of these keys (absent from the map: deleted). */
  read(db: Reader, keys: readonly string[]): Map<string, unknown>;
  /** Every key of the kind in the file, for the baseline at enrollment. */
  keys: string;
  bookOf(content: unknown, key: string): string | null;
}

const byBookId = (content: unknown) => (content as { bookId: string }).bookId;

export const kindSources: Record<TownshipKind, KindSource> = {
  book: { read: books, keys: 'SELECT id AS k FROM book ORDER BY id', bookOf: (_c, key) => key },
  operator: { read: operators, keys: 'SELECT id AS k FROM app_user ORDER BY id', bookOf: () => null },
  account: { read: accounts, keys: `SELECT book_id || '|' || code AS k FROM account ORDER BY k`, bookOf: byBookId },
  period: { read: periods, keys: `SELECT book_id || '|' || year || '|' || month AS k FROM period ORDER BY book_id, year, month`, bookOf: byBookId },
  project: { read: projects, keys: 'SELECT id AS k FROM budget_project ORDER BY id', bookOf: byBookId },
  submission: { read: submissions, keys: 'SELECT id AS k FROM budget_submission ORDER BY id', bookOf: byBookId },
  budgetCycle: { read: budgetCycles, keys: `SELECT ${yearKey} AS k FROM budget_cycle UNION SELECT ${yearKey} FROM budget_staffing ORDER BY k`, bookOf: byBookId },
  voucher: { read: vouchers, keys: 'SELECT id AS k FROM voucher ORDER BY book_id, year, month, id', bookOf: byBookId },
  payment: { read: payments, keys: 'SELECT id AS k FROM budget_payment ORDER BY id', bookOf: byBookId },
  adjustment: { read: adjustments, keys: 'SELECT id AS k FROM budget_adjustment ORDER BY id', bookOf: byBookId },
  indicatorMovement: { read: movements, keys: 'SELECT id AS k FROM budget_indicator_movement ORDER BY id', bookOf: byBookId },
  budgetEvent: { read: budgetEvents, keys: 'SELECT id AS k FROM budget_event ORDER BY id', bookOf: byBookId },
  periodEvent: { read: periodEvents, keys: 'SELECT id AS k FROM period_event ORDER BY id', bookOf: byBookId },
};

/** Audit kinds (audit/records.ts) whose touched records are township-owned sync kinds. */
export const auditKindToSync: Record<string, TownshipKind> = {
  voucher: 'voucher',
  period: 'period',
  account: 'account',
  book: 'book',
  user: 'operator',
  payment: 'payment',
  indicatorMovement: 'indicatorMovement',
};
