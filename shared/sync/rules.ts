/**
 * The county's check of every township change, with the app's own rules (shared/domain): the
 * record's schema, ownership, a voucher's lines (both tracks balanced, amounts in fen, accounts
 * known), the period still open at the county, posted vouchers immutable, 指标 not overspent.
 *
 * Pure: the server loads what a page of changes refers to into a CountyView first (one query
 * per kind of fact, not per change), then judges change by change, updating the view as each
 * applied change takes effect, so a page is judged exactly as if its changes came one by one.
 */
import { balanceOf, balanceProblems, checkAvailable, movementDeltas, type IndicatorBalance } from '../domain/budget/indicatorLedger';
import { formatFen } from '../domain/money';
import type { LedgerAccount, VoucherLineInput } from '../domain/ledger/types';
import { validateVoucherLines } from '../domain/ledger/voucherRules';
import { canonicalJson } from './canonical';
import { kindLabels, townshipMovementKinds, type TownshipKind } from './kinds';
import type { TownshipChange } from './messages';
import {
  townshipContentSchemas,
  type AccountContent,
  type BookContent,
  type IndicatorMovementContent,
  type PaymentContent,
  type VoucherContent,
  type AdjustmentContent,
} from './records';
import { refuse, type Verdict } from './reasons';
import { SYNC_SCHEMA_VERSION } from './version';

export interface CountyView {
  townshipCode: string;
  /** Which township a book belongs to: this one, another, or none yet. */
  bookOwner(bookId: string): 'this' | 'other' | 'none';
  /** The latest applied content of a township record of this township, or null. */
  record(kind: TownshipKind, key: string): unknown;
  /**
   * The book's accounts as the county has them (applied account records), by code: at least those
   * the changes being judged name (needsOf). The same map while the chart stays as it is, a new one
   * once an account changes: a map handed out is never changed afterwards (the rules keep what they
   * derive from it, per map).
   */
  chart(bookId: string): ReadonlyMap<string, AccountContent>;
  /** The balance of an indicator the county issued to this township; null when it issued none such. */
  indicatorBalance(indicatorId: string): IndicatorBalance | null;
  /**
   * Whether the county's 指标台账 already carries this approved adjustment: the county approved
   * it itself (调整批准 wrote the movements), or the township's approval was recorded before.
   */
  adjustmentRecorded(adjustment: { id: string; lines: readonly { lineNo: number }[] }): boolean;
}

/** A movement the county writes to its 指标台账 because of an applied change (not a change itself). */
export interface DerivedMovement {
  id: string;
  indicatorId: string;
  kind: '调整' | '调剂';
  executableDelta: number;
}

/**
 * The county's 指标台账 id of one line of an adjustment the township approved itself: derived from
 * the request, so the same approval arriving again (a retry, a rebuilt device) finds it recorded.
 */
export const adjustmentMovementId = (adjustmentId: string, lineNo: number) => `adjustment:${adjustmentId}:${lineNo}`;

/** What a change refers to, read from its raw data before any check (the server preloads these). */
export interface ChangeNeeds {
  books: string[];
  /** Records, the accounts a voucher's lines name among them (kind 'account', key `book|code`). */
  records: { kind: TownshipKind; key: string }[];
  /** Books whose chart matters: chart() holds their accounts among the records above. */
  charts: string[];
  indicators: string[];
  /** 指标台账 ids whose presence at the county matters (the lines of an approved adjustment). */
  movements: string[];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function needsOf(change: TownshipChange): ChangeNeeds {
  const d = (change.data ?? {}) as Record<string, unknown>;
  const needs: ChangeNeeds = { books: [], records: [{ kind: change.kind, key: change.key }], charts: [], indicators: [], movements: [] };
  const book = change.book ?? str(d.bookId) ?? (change.kind === 'book' ? change.key : null);
  if (book) needs.books.push(book);
  if (change.kind === 'voucher') {
    if (book) needs.charts.push(book);
    if (book && Array.isArray(d.lines)) {
      for (const line of d.lines) {
        const code = str((line as Record<string, unknown>)?.accountCode);
        if (code !== null) needs.records.push({ kind: 'account', key: `${book}|${code}` });
      }
    }
    const year = d.year;
    const month = d.month;
    if (book && typeof year === 'number' && typeof month === 'number') needs.records.push({ kind: 'period', key: `${book}|${year}|${month}` });
    const reverses = str(d.reversesId);
    if (reverses) needs.records.push({ kind: 'voucher', key: reverses });
  }
  for (const field of ['indicatorId'] as const) {
    const indicator = str(d[field]);
    if (indicator) needs.indicators.push(indicator);
  }
  if (change.kind === 'adjustment' && Array.isArray(d.lines)) {
    for (const line of d.lines) {
      const indicator = str((line as Record<string, unknown>)?.indicatorId);
      if (indicator) needs.indicators.push(indicator);
      const lineNo = (line as Record<string, unknown>)?.lineNo;
      if (typeof lineNo === 'number') needs.movements.push(adjustmentMovementId(change.key, lineNo));
    }
  }
  return needs;
}

/** For a voucher whose period is only known from the county's copy (a deletion): that copy's period. */
export function periodKeyOf(voucher: { bookId: string; year: number; month: number }): string {
  return `${voucher.bookId}|${voucher.year}|${voucher.month}`;
}

const periodLabel = (year: number, month: number) => `${year}年${String(month).padStart(2, '0')}期`;

function voucherLabel(v: { word: string; number: number; year: number; month: number }): string {
  return `凭证 ${v.word}-${String(v.number).padStart(4, '0')}（${periodLabel(v.year, v.month)}）`;
}

/**
 * The parsed content of an applied change (null for a deletion), or the verdict that stops it;
 * for an applied change, the movements the county's 指标台账 takes from it.
 */
export type Judgement = { verdict: Verdict; content: unknown; movements?: DerivedMovement[] };

/**
 * Judges one change. `applied` carries the parsed content to store; anything else says why not.
 */
export function judgeChange(change: TownshipChange, view: CountyView): Judgement {
  const label = kindLabels[change.kind];
  if (change.schema > SYNC_SCHEMA_VERSION) {
    return { verdict: refuse('SCHEMA_TOO_NEW', `${label}（${change.key}）的数据格式版本 ${change.schema} 新于县级服务器支持的 ${SYNC_SCHEMA_VERSION}，已保存，待县级服务器升级后入账`), content: null };
  }
  let content: unknown = null;
  if (change.op === 'put') {
    const parsed = townshipContentSchemas[change.kind].safeParse(change.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `（字段 ${issue.path.map(String).join('.')}）` : '';
      return { verdict: refuse('SCHEMA_INVALID', `${label}（${change.key}）的数据格式不正确：${issue?.message ?? '无法识别'}${where}`), content: null };
    }
    content = parsed.data;
    const keyProblem = keyMismatch(change, content);
    if (keyProblem) return { verdict: refuse('SCHEMA_INVALID', `${label}（${change.key}）${keyProblem}`), content: null };
  }

  // Ownership: the book must be this township's (a book arrives first as a `book` record).
  const bookId = change.kind === 'book' ? change.key : change.book;
  if (change.kind !== 'operator') {
    if (!bookId) return { verdict: refuse('SCHEMA_INVALID', `${label}（${change.key}）没有注明所属账套`), content: null };
    const owner = view.bookOwner(bookId);
    if (owner === 'other') return { verdict: refuse('NOT_OWNER', `${label}（${change.key}）所属的账套已由其他乡镇登记，本乡镇不能写入`), content: null };
    if (change.kind === 'book' && change.op === 'put') {
      const book = content as BookContent;
      if (!view.townshipCode.startsWith(book.regionCode)) {
        return { verdict: refuse('NOT_OWNER', `账套“${book.name}”的财政区划 ${book.regionCode} 不属于本机登记的乡镇（${view.townshipCode}），县级不接收`), content: null };
      }
    } else if (change.kind !== 'book' && owner === 'none') {
      return { verdict: refuse('DEPENDS_ON', `${label}（${change.key}）所属的账套尚未在县级入账，等账套入账后再处理`, { kind: 'book', key: bookId }), content: null };
    }
  }

  switch (change.kind) {
    case 'voucher':
      return { verdict: judgeVoucher(change, content as VoucherContent | null, view), content };
    case 'indicatorMovement':
      return { verdict: judgeMovement(change, content as IndicatorMovementContent | null, view), content };
    case 'payment': {
      if (change.op === 'delete') return { verdict: { status: 'applied' }, content };
      const p = content as PaymentContent;
      if (!view.indicatorBalance(p.indicatorId)) {
        return { verdict: refuse('INDICATOR_UNKNOWN', `支付申请（${p.payeeName}，${formatFen(p.amount)} 元）所用的指标不是县级下达给本乡镇的指标`), content };
      }
      return { verdict: { status: 'applied' }, content };
    }
    case 'adjustment': {
      if (change.op === 'delete') {
        const stored = view.record('adjustment', change.key) as AdjustmentContent | null;
        if (stored?.status === '已批准') return { verdict: refuse('APPEND_ONLY', `${stored.kind}申请（${stored.reason}）在县级已是“已批准”，不能删除`), content };
        return { verdict: { status: 'applied' }, content };
      }
      const a = content as AdjustmentContent;
      if (new Set(a.lines.map((l) => l.lineNo)).size !== a.lines.length) return { verdict: refuse('SCHEMA_INVALID', `${a.kind}申请（${a.reason}）的行号有重复`), content };
      const unknown = a.lines.find((l) => !view.indicatorBalance(l.indicatorId));
      if (unknown) return { verdict: refuse('INDICATOR_UNKNOWN', `${a.kind}申请（${a.reason}）第${unknown.lineNo}行的指标不是县级下达给本乡镇的指标`), content };
      return judgeAdjustment(a, view);
    }
    default:
      return { verdict: { status: 'applied' }, content };
  }
}

/** The change's key and book must be those of its content: a record cannot be filed under another's key. */
function keyMismatch(change: TownshipChange, content: unknown): string | null {
  const c = content as Record<string, unknown>;
  let key: string;
  switch (change.kind) {
    case 'account':
      key = `${c.bookId}|${c.code}`;
      break;
    case 'period':
      key = `${c.bookId}|${c.year}|${c.month}`;
      break;
    case 'budgetCycle':
      key = `${c.bookId}|${c.year}`;
      break;
    default:
      key = String(c.id);
  }
  if (key !== change.key) return `的标识与内容不符（${change.key} ≠ ${key}）`;
  const book = change.kind === 'book' ? null : change.kind === 'operator' ? null : (c.bookId as string);
  if (change.kind !== 'book' && change.kind !== 'operator' && book !== change.book) return '注明的账套与内容不符';
  return null;
}

/** Per chart map of a CountyView (never changed once handed out): built once, not once per voucher. */
const lenientCharts = new WeakMap<ReadonlyMap<string, AccountContent>, Map<string, LedgerAccount>>();

function lenientChart(chart: ReadonlyMap<string, AccountContent>): Map<string, LedgerAccount> {
  // Leaf, enabled and required dimensions depend on when the voucher was written (an account may be
  // disabled or get sub-accounts later); the county checks what cannot change: the account exists,
  // its track, amounts and balance per track.
  const cached = lenientCharts.get(chart);
  if (cached) return cached;
  const out = new Map<string, LedgerAccount>();
  for (const a of chart.values()) {
    out.set(a.code, { code: a.code, name: a.name, track: a.track, category: a.category, normalBalance: a.normalBalance, isLeaf: true, enabled: true, requiredDims: [] });
  }
  lenientCharts.set(chart, out);
  return out;
}

function judgeVoucher(change: TownshipChange, v: VoucherContent | null, view: CountyView): Verdict {
  const existing = view.record('voucher', change.key) as VoucherContent | null;
  const subject = v ?? existing;
  if (!subject) return { status: 'applied' }; // deleting a voucher the county never had: nothing to do
  const name = voucherLabel(subject);
  const period = view.record('period', periodKeyOf(subject)) as { status: string } | null;
  if (period?.status === 'closed') {
    return refuse('PERIOD_CLOSED', `${name}所在的${periodLabel(subject.year, subject.month)}在县级已结账，不能${v ? '修改' : '删除'}`);
  }
  if (existing && existing.status === 'posted' && existing.kind !== 'closing' && (!v || canonicalJson(existing) !== canonicalJson(v))) {
    return refuse('POSTED_IMMUTABLE', `${voucherLabel(existing)}在县级已记账，不能${v ? '修改' : '删除'}`);
  }
  if (!v) return { status: 'applied' };
  if (existing && existing.bookId !== v.bookId) return refuse('NOT_OWNER', `${name}已属于另一个账套`);
  const chart = view.chart(v.bookId);
  for (const line of v.lines) {
    if (!chart.has(line.accountCode)) {
      return refuse('DEPENDS_ON', `${name}第${line.lineNo}行的科目 ${line.accountCode} 尚未在县级入账，等科目入账后再处理`, { kind: 'account', key: `${v.bookId}|${line.accountCode}` });
    }
    if (chart.get(line.accountCode)!.track !== line.track) {
      return refuse('VOUCHER_INVALID', `${name}第${line.lineNo}行的科目 ${line.accountCode} 属于${chart.get(line.accountCode)!.track === 'financial' ? '财务会计' : '预算会计'}，与分录所记不符`);
    }
  }
  if (v.reversesId && !view.record('voucher', v.reversesId)) {
    return refuse('DEPENDS_ON', `${name}冲销的原凭证尚未在县级入账，等原凭证入账后再处理`, { kind: 'voucher', key: v.reversesId });
  }
  const lines: VoucherLineInput[] = v.lines.map((l) => ({
    summary: l.summary,
    accountCode: l.accountCode,
    debit: l.debit,
    credit: l.credit,
    dims: { func: l.func ?? undefined, econ_dep: l.econDep ?? undefined, econ_gov: l.econGov ?? undefined },
  }));
  const kind = v.kind === 'reversal' ? 'redReversal' : v.kind;
  const { errors } = validateVoucherLines(lines, lenientChart(chart), { kind });
  if (errors.length > 0) return refuse('VOUCHER_INVALID', `${name}不符合记账规则：${errors[0]!.message}${errors.length > 1 ? `（共 ${errors.length} 处）` : ''}`);
  return { status: 'applied' };
}

function judgeMovement(change: TownshipChange, m: IndicatorMovementContent | null, view: CountyView): Verdict {
  const existing = view.record('indicatorMovement', change.key) as IndicatorMovementContent | null;
  if (!m) return refuse('APPEND_ONLY', `指标台账记录（${change.key}）只能追加，不能删除`);
  if (existing) {
    return canonicalJson(existing) === canonicalJson(m) ? { status: 'applied' } : refuse('APPEND_ONLY', `指标台账记录（${m.date} ${m.kind}）已在县级入账，不能修改`);
  }
  if (!(townshipMovementKinds as readonly string[]).includes(m.kind)) {
    return refuse('MOVEMENT_NOT_OWNED', `指标台账的“${m.kind}”（${m.date}）只能由县级产生，乡镇不能上报`);
  }
  const amount = m.kind === '冻结' ? m.frozenDelta : m.kind === '解冻' ? -m.frozenDelta : m.kind === '支付' ? m.paidDelta : -m.paidDelta;
  const expected = movementDeltas(m.kind, amount);
  if (amount <= 0 || expected.executable !== m.executableDelta || expected.frozen !== m.frozenDelta || expected.paid !== m.paidDelta) {
    return refuse('SCHEMA_INVALID', `指标台账记录（${m.date} ${m.kind}）的金额与类型不符`);
  }
  const balance = view.indicatorBalance(m.indicatorId);
  if (!balance) return refuse('INDICATOR_UNKNOWN', `指标台账记录（${m.date} ${m.kind} ${formatFen(amount)} 元）所属的指标不是县级下达给本乡镇的指标`);
  const after = balanceOf([
    { executable: balance.executable, frozen: balance.frozen, paid: balance.paid },
    { executable: m.executableDelta, frozen: m.frozenDelta, paid: m.paidDelta },
  ]);
  const problems = balanceProblems(after);
  if (problems.length > 0) {
    return refuse('INDICATOR_OVERSPENT', `指标台账记录（${m.date} ${m.kind} ${formatFen(amount)} 元）会使该指标在县级${problems[0]}：县级可用余额 ${formatFen(balance.available)} 元`);
  }
  return { status: 'applied' };
}

/**
 * An adjustment request. A township may approve its own (调整 by the 乡镇人民代表大会, 调剂 under
 * the finance rules): its 调整/调剂 movements are not sent as movements (kinds.ts), so the county
 * derives them from the approved request, once — unless it approved the request itself, which
 * wrote them already (a county 驳回 the township overtook by approving does not: the township's
 * ledger carries the movements, so the county's must too). Decreases are checked first against
 * what the county sees as available, as the app and the county's own 调整批准 do.
 */
function judgeAdjustment(a: AdjustmentContent, view: CountyView): Judgement {
  const stored = view.record('adjustment', a.id) as AdjustmentContent | null;
  if (stored?.status === '已批准' && (a.status !== '已批准' || a.kind !== stored.kind || canonicalJson(a.lines) !== canonicalJson(stored.lines))) {
    return { verdict: refuse('APPEND_ONLY', `${a.kind}申请（${a.reason}）在县级已是“已批准”，其类型、状态和各行金额不能再修改`), content: a };
  }
  if (a.status !== '已批准' || view.adjustmentRecorded(a)) return { verdict: { status: 'applied' }, content: a };
  const action = a.kind === '调剂' ? '调出' : '调减';
  // Several lines may name one indicator: each sees the lines before it.
  const taken = new Map<string, number>();
  for (const line of [...a.lines].sort((x, y) => x.delta - y.delta)) {
    const before = taken.get(line.indicatorId) ?? 0;
    if (line.delta < 0) {
      const b = view.indicatorBalance(line.indicatorId)!;
      const balance = balanceOf([b, { executable: before, frozen: 0, paid: 0 }]);
      const refusal = checkAvailable(balance, -line.delta, `（第${line.lineNo}行）`, action);
      if (refusal) {
        return {
          verdict: refuse(
            'INDICATOR_OVERSPENT',
            `本乡镇已批准的${a.kind}申请（${a.reason}）第${line.lineNo}行${action} ${formatFen(-line.delta)} 元，超过该指标在县级的可用余额 ${formatFen(refusal.available)} 元（差额 ${formatFen(refusal.shortfall)} 元），县级未记入指标台账`,
          ),
          content: a,
        };
      }
    }
    taken.set(line.indicatorId, before + line.delta);
  }
  const movements = a.lines.map((l) => ({ id: adjustmentMovementId(a.id, l.lineNo), indicatorId: l.indicatorId, kind: a.kind, executableDelta: l.delta }));
  return { verdict: { status: 'applied' }, content: a, movements };
}

/** The balance after an applied township movement (the server keeps its view current within a page). */
export function movementEffect(m: IndicatorMovementContent): { executable: number; frozen: number; paid: number } {
  return { executable: m.executableDelta, frozen: m.frozenDelta, paid: m.paidDelta };
}
