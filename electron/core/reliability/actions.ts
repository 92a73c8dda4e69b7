import Database from 'better-sqlite3';
import type { Indicator, Payment } from '../../../shared/api/budgetTypes';
import type { CommandName } from '../../../shared/api/commands';
import type { AppErrorData } from '../../../shared/api/errors';
import type { Voucher } from '../../../shared/api/types';
import { uuidv7 } from '../../../shared/domain/id';
import type { Core } from '../index';
import type { Fact } from './invariants';
import { bookCreateInput, callerOf, CommandFailed, officeUsers, prepareBook, streamYear, type Caller, type Sessions } from './office';
import type { Random } from './random';

/**
 * The business an office does in a day, drawn at random from a seeded generator: vouchers
 * saved, edited, reviewed, posted, deleted and reversed; 结账 and 反结账; payments requested,
 * reviewed, confirmed (a voucher on both tracks), returned and refunded; indicator freezes;
 * new users and new books. Attempts to write into a closed period are mixed in and must be
 * refused. Each action is one or a few commands through `core.invoke`, as the screens send them.
 *
 * With `sync` on (the installation enrolled at a county server), the office also syncs (push,
 * acknowledgement, pull pages applied) and pays against the indicators the county issued, so
 * kills land in sync apply and in the recording of acknowledgements too.
 */

/** What the stream tells the harness. Facts are sent only after the command answered ok. */
export interface StreamReporter {
  /** Committed and answered: must survive any later crash. */
  ack(fact: Fact): void;
  /** About to undo an earlier fact (a deletion, a 反结账): from here on either outcome is acceptable. */
  intent(fact: Fact): void;
  /** Something the core must never do (INTERNAL, a write into a closed period accepted…). */
  bad(message: string): void;
  /** New session tokens after a re-login, for the next start. */
  sessions(sessions: Sessions): void;
  action(name: string): void;
}

interface TemplateLine {
  account: string;
  debit?: number;
  credit?: number;
  dims?: { func?: string; econ_dep?: string; project?: string };
}

/** The worked examples of test/fixtures/township-basic.json (balanced on both tracks), as templates. */
const templates: { summary: string; lines: TemplateLine[] }[] = [
  { summary: '收到财政授权支付额度到账通知书', lines: [{ account: '1011', debit: 10000000 }, { account: '4001', credit: 10000000 }, { account: '800101', debit: 10000000 }, { account: '60010102', credit: 10000000, dims: { func: '2010301' } }] },
  { summary: '零余额账户支付办公用品费', lines: [{ account: '5001', debit: 320000 }, { account: '1011', credit: 320000 }, { account: '710101', debit: 320000, dims: { func: '2010301', econ_dep: '30201' } }, { account: '800101', credit: 320000 }] },
  { summary: '计提本月工资', lines: [{ account: '5001', debit: 8000000 }, { account: '220101', credit: 8000000 }] },
  { summary: '代扣社保、公积金、个税', lines: [{ account: '220101', debit: 1500000 }, { account: '220105', credit: 800000 }, { account: '220106', credit: 500000 }, { account: '210208', credit: 200000 }] },
  { summary: '财政直接支付实发工资', lines: [{ account: '220101', debit: 6500000 }, { account: '4001', credit: 6500000 }, { account: '710101', debit: 6500000, dims: { func: '2010301', econ_dep: '30101' } }, { account: '60010101', credit: 6500000, dims: { func: '2010301' } }] },
  { summary: '零余额账户缴纳代扣款项', lines: [{ account: '220105', debit: 800000 }, { account: '220106', debit: 500000 }, { account: '210208', debit: 200000 }, { account: '1011', credit: 1500000 }, { account: '710101', debit: 1500000, dims: { func: '2010301', econ_dep: '30108' } }, { account: '800101', credit: 1500000 }] },
  { summary: '财政直接支付购置笔记本电脑（项目）', lines: [{ account: '160103', debit: 600000 }, { account: '4001', credit: 600000 }, { account: '710101', debit: 600000, dims: { func: '2010301', econ_dep: '31002', project: 'P2026-001' } }, { account: '600102', credit: 600000, dims: { func: '2010301', project: 'P2026-001' } }] },
  { summary: '计提本月固定资产折旧', lines: [{ account: '5001', debit: 10000 }, { account: '1602', credit: 10000 }] },
  { summary: '收到县农业农村局专项补助（非同级财政拨款）', lines: [{ account: '1002', debit: 5000000 }, { account: '4601', credit: 5000000 }, { account: '800102', debit: 5000000 }, { account: '660101', credit: 5000000 }] },
];

const pad = (n: number) => String(n).padStart(2, '0');
const dateIn = (month: number, day: number) => `${streamYear}-${pad(month)}-${pad(day)}`;

/** Refusals the rules may give an action of the stream; anything else is a finding. */
const expectedRefusals = new Set(['RULE_VIOLATION', 'NEEDS_CONFIRMATION', 'PERIOD_CLOSED', 'CONFLICT', 'FORBIDDEN', 'NOT_FOUND']);

type Action = { name: string; weight: number; run: () => Promise<void> };

export interface StreamOptions {
  /** The installation is enrolled: add 立即同步 and payments against county indicators. */
  sync?: boolean;
}

export class ActionStream {
  private wang: Caller;
  private li: Caller;
  private anon: Caller;
  private bookId = '';
  private indicator: Indicator | null = null;
  /** The earliest open month of the active book (13 when the year is closed). */
  private month = 1;
  private freezes: string[] = [];
  private readonly actions: Action[];

  constructor(
    private readonly core: Core,
    private current: Sessions,
    private readonly random: Random,
    private readonly report: StreamReporter,
    private readonly options: StreamOptions = {},
  ) {
    this.wang = callerOf(core, () => this.current.wang);
    this.li = callerOf(core, () => this.current.li);
    this.anon = callerOf(core, () => null);
    this.actions = [
      { name: 'voucher.new', weight: 26, run: () => this.newVoucher() },
      { name: 'voucher.edit', weight: 6, run: () => this.editDraft() },
      { name: 'voucher.review', weight: 12, run: () => this.review() },
      { name: 'voucher.post', weight: 12, run: () => this.post() },
      { name: 'voucher.unreview', weight: 2, run: () => this.unreview() },
      { name: 'voucher.delete', weight: 4, run: () => this.deleteDraft() },
      { name: 'voucher.reverse', weight: 3, run: () => this.reverse() },
      { name: 'period.close', weight: 4, run: () => this.close() },
      { name: 'period.reopen', weight: 0.6, run: () => this.reopen() },
      { name: 'closed.write', weight: 3, run: () => this.writeIntoClosed() },
      { name: 'payment.full', weight: 8, run: () => this.payment() },
      { name: 'payment.step', weight: 4, run: () => this.paymentStep() },
      { name: 'payment.return', weight: 1, run: () => this.paymentReturn() },
      { name: 'payment.refund', weight: 1.5, run: () => this.refund() },
      { name: 'indicator.freeze', weight: 1.5, run: () => this.freeze() },
      { name: 'indicator.unfreeze', weight: 1, run: () => this.unfreeze() },
      { name: 'user.create', weight: 0.4, run: () => this.newUser() },
      { name: 'book.create', weight: 0.3, run: () => this.newBook() },
      { name: 'report.read', weight: 6, run: () => this.read() },
    ];
    if (options.sync) {
      this.actions.push({ name: 'sync.now', weight: 12, run: () => this.sync() }, { name: 'payment.county', weight: 3, run: () => this.countyPayment() });
    }
  }

  /** Picks up where the last (killed) run left off: the latest book, its open month, its setup. */
  async init(): Promise<void> {
    await this.ensureSessions();
    const books = await this.wang.ok('book.list', {});
    const latest = books.reduce((a, b) => (a && a.createdAt >= b.createdAt ? a : b), books[0]);
    if (!latest) throw new Error('the campaign data directory has no book');
    await this.useBook(latest.id);
  }

  async step(): Promise<void> {
    const pick = () => {
      let x = this.random.next() * this.actions.reduce((s, a) => s + a.weight, 0);
      return this.actions.find((a) => (x -= a.weight) < 0) ?? this.actions[0]!;
    };
    // A book whose year is closed is done with: the office starts the next one.
    const action = this.month > 12 ? this.actions.find((a) => a.name === 'book.create')! : pick();
    this.report.action(action.name);
    try {
      await action.run();
    } catch (error) {
      if (error instanceof CommandFailed && expectedRefusals.has(error.error.code)) return;
      if (error instanceof CommandFailed && error.error.code === 'UNAUTHORIZED') {
        await this.ensureSessions(true);
        return;
      }
      this.report.bad(`${action.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // ---- set-up ----

  /** Tokens handed down by the harness stay valid for hours; a re-login happens only if one was refused. */
  private async ensureSessions(force = false): Promise<void> {
    const valid = async (token: string) => {
      const r = await this.core.invoke('auth.status', {}, token);
      return r.ok && (r.value as { user: unknown }).user !== null;
    };
    let changed = false;
    if (force || !(await valid(this.current.wang))) {
      this.current = { ...this.current, wang: (await this.anon.ok('auth.login', officeUsers.wang)).token };
      changed = true;
    }
    if (force || !(await valid(this.current.li))) {
      this.current = { ...this.current, li: (await this.anon.ok('auth.login', officeUsers.li)).token };
      changed = true;
    }
    if (changed) this.report.sessions(this.current);
  }

  private async useBook(bookId: string): Promise<void> {
    this.bookId = bookId;
    this.indicator = await prepareBook(this.wang, bookId);
    const periods = await this.wang.ok('period.list', { bookId });
    const closed = periods.filter((p) => p.year === streamYear && p.status === 'closed').map((p) => p.month);
    this.month = closed.length === 0 ? 1 : Math.max(...closed) + 1;
    const detail = await this.wang.ok('budget.indicatorGet', { bookId, id: this.indicator.id });
    const held = new Map<string, number>();
    for (const m of detail.movements) if (m.refKind === 'freeze') held.set(m.refId, (held.get(m.refId) ?? 0) + m.frozenDelta);
    this.freezes = [...held].filter(([, amount]) => amount > 0).map(([id]) => id);
  }

  // ---- helpers ----

  private randomDate(month = this.month): string {
    return dateIn(month, this.random.int(1, 28));
  }

  /** A month to write into: mostly the earliest open one, sometimes the next. */
  private writeMonth(): number {
    return this.month < 12 && this.random.chance(0.2) ? this.month + 1 : this.month;
  }

  private voucherInput(id: string, date: string) {
    const template = this.random.pick(templates);
    const scale = this.random.int(1, 300);
    return {
      bookId: this.bookId,
      id,
      word: '记' as const,
      date,
      attachments: this.random.int(0, 5),
      lines: template.lines.map((l) => ({
        summary: template.summary,
        accountCode: l.account,
        debit: ((l.debit ?? 0) * scale) / 100,
        credit: ((l.credit ?? 0) * scale) / 100,
        dims: l.dims,
      })),
    };
  }

  private async vouchers(month: number, status?: Voucher['status']): Promise<Voucher[]> {
    return this.wang.ok('voucher.list', { bookId: this.bookId, year: streamYear, month, ...(status ? { status } : {}) });
  }

  private pickSome<T>(items: T[], max: number): T[] {
    const chosen = [...items];
    for (let i = chosen.length - 1; i > 0; i--) {
      const j = this.random.int(0, i);
      [chosen[i], chosen[j]] = [chosen[j]!, chosen[i]!];
    }
    return chosen.slice(0, this.random.int(1, max));
  }

  private refusedUnlessClosedBatch(result: { done: string[] }, what: string) {
    if (result.done.length > 0) this.report.bad(`${what} in a closed period was accepted: ${result.done.join(', ')}`);
  }

  // ---- vouchers ----

  private async newVoucher(): Promise<void> {
    const input = this.voucherInput(uuidv7(), this.randomDate(this.writeMonth()));
    await this.wang.ok('voucher.save', input);
    this.report.ack({ k: 'voucher', id: input.id });
  }

  private async editDraft(): Promise<void> {
    const drafts = await this.vouchers(this.month, 'draft');
    if (drafts.length === 0) return this.newVoucher();
    const draft = this.random.pick(drafts);
    if (draft.kind !== 'normal') return;
    await this.wang.ok('voucher.save', this.voucherInput(draft.id, this.randomDate()));
  }

  private async review(): Promise<void> {
    const drafts = await this.vouchers(this.writeMonth(), 'draft');
    if (drafts.length === 0) return;
    await this.li.ok('voucher.review', { bookId: this.bookId, ids: this.pickSome(drafts, 8).map((v) => v.id) });
  }

  private async unreview(): Promise<void> {
    const reviewed = await this.vouchers(this.month, 'reviewed');
    if (reviewed.length === 0) return;
    await this.li.ok('voucher.unreview', { bookId: this.bookId, ids: [this.random.pick(reviewed).id] });
  }

  private async post(): Promise<void> {
    const reviewed = await this.vouchers(this.writeMonth(), 'reviewed');
    if (reviewed.length === 0) return;
    const result = await this.wang.ok('voucher.post', { bookId: this.bookId, ids: this.pickSome(reviewed, 8).map((v) => v.id) });
    for (const id of result.done) this.report.ack({ k: 'posted', id });
  }

  /**
   * Deletes a draft numbered after every posted voucher of its month. (Deleting one below a
   * posted number leaves a gap that 断号整理 cannot close, since posted vouchers keep their
   * numbers, and then the month can never be closed: the stream would stop closing months.)
   */
  private async deleteDraft(): Promise<void> {
    const all = await this.vouchers(this.month);
    const highestPosted = Math.max(0, ...all.filter((v) => v.status === 'posted').map((v) => v.number));
    const drafts = all.filter((v) => v.status === 'draft' && v.number > highestPosted);
    if (drafts.length === 0) return;
    const draft = this.random.pick(drafts);
    this.report.intent({ k: 'voucher', id: draft.id });
    await this.wang.ok('voucher.delete', { bookId: this.bookId, id: draft.id });
  }

  private async reverse(): Promise<void> {
    const months = Array.from({ length: this.month }, (_, i) => i + 1);
    const posted = (await this.vouchers(this.random.pick(months), 'posted')).filter((v) => v.kind === 'normal' && !v.reversedById);
    if (posted.length === 0) return;
    const newId = uuidv7();
    await this.wang.ok('voucher.reverse', { bookId: this.bookId, id: this.random.pick(posted).id, newId, date: this.randomDate() });
    this.report.ack({ k: 'voucher', id: newId });
  }

  // ---- 结账 ----

  /** Everything the screen would do to close the month: review, post, 断号整理, then 结账 — each its own command. */
  private async close(): Promise<void> {
    const month = this.month;
    const drafts = await this.vouchers(month, 'draft');
    if (drafts.length > 0) await this.li.ok('voucher.review', { bookId: this.bookId, ids: drafts.map((v) => v.id) });
    const reviewed = await this.vouchers(month, 'reviewed');
    if (reviewed.length > 0) {
      const posted = await this.wang.ok('voucher.post', { bookId: this.bookId, ids: reviewed.map((v) => v.id) });
      for (const id of posted.done) this.report.ack({ k: 'posted', id });
    }
    await this.wang.ok('voucher.renumber', { bookId: this.bookId, year: streamYear, month });
    // Posted vouchers keep their numbers, so a draft deleted below a voucher posted later leaves
    // a gap 断号整理 cannot close. The accountant fills it: new vouchers, renumbered into the
    // gaps, reviewed and posted.
    const numbers = new Set((await this.vouchers(month)).map((v) => v.number));
    const gaps = numbers.size === 0 ? 0 : Math.max(...numbers) - numbers.size;
    if (gaps > 0) {
      const fillers: string[] = [];
      for (let i = 0; i < Math.min(gaps, 20); i++) {
        const input = this.voucherInput(uuidv7(), this.randomDate(month));
        await this.wang.ok('voucher.save', input);
        this.report.ack({ k: 'voucher', id: input.id });
        fillers.push(input.id);
      }
      await this.wang.ok('voucher.renumber', { bookId: this.bookId, year: streamYear, month });
      await this.li.ok('voucher.review', { bookId: this.bookId, ids: fillers });
      const posted = await this.wang.ok('voucher.post', { bookId: this.bookId, ids: fillers });
      for (const id of posted.done) this.report.ack({ k: 'posted', id });
    }
    const result = await this.wang.call('period.close', { bookId: this.bookId, year: streamYear, month });
    if (!result.ok) {
      // A December that cannot close (年结 refused) ends the book: the stream moves to a new one.
      if (month === 12 && result.error.code === 'RULE_VIOLATION') this.month = 13;
      throw new CommandFailed('period.close', result.error);
    }
    this.report.ack({ k: 'closed', bookId: this.bookId, year: streamYear, month });
    this.month = month + 1;
  }

  private async reopen(): Promise<void> {
    if (this.month <= 1) return;
    const month = this.month - 1;
    this.report.intent({ k: 'closed', bookId: this.bookId, year: streamYear, month });
    await this.li.ok('period.reopen', { bookId: this.bookId, year: streamYear, month, reason: '更正本月差错' });
    this.month = month;
  }

  /** Writes aimed at a closed month: each must be refused with nothing written. */
  private async writeIntoClosed(): Promise<void> {
    if (this.month <= 1) return;
    const month = this.random.int(1, this.month - 1);
    const expectRefusal = (name: CommandName, r: { ok: boolean; error?: AppErrorData }) => {
      if (r.ok) this.report.bad(`${name} into closed ${streamYear}-${month} was accepted`);
      else if (r.error!.code === 'INTERNAL') this.report.bad(`${name} into closed month answered INTERNAL`);
    };
    switch (this.random.int(0, 4)) {
      case 0:
        expectRefusal('voucher.save', await this.wang.call('voucher.save', this.voucherInput(uuidv7(), this.randomDate(month))));
        break;
      case 1: {
        const posted = await this.vouchers(month, 'posted');
        if (posted.length === 0) return;
        const target = this.random.pick(posted);
        // Re-saving a posted voucher in a closed month: refused whatever the reason.
        expectRefusal('voucher.save', await this.wang.call('voucher.save', this.voucherInput(target.id, target.date)));
        break;
      }
      case 2:
        expectRefusal('voucher.renumber', await this.wang.call('voucher.renumber', { bookId: this.bookId, year: streamYear, month }));
        break;
      case 3: {
        const posted = (await this.vouchers(month, 'posted')).filter((v) => v.kind === 'normal' && !v.reversedById);
        if (posted.length === 0) return;
        expectRefusal('voucher.reverse', await this.wang.call('voucher.reverse', { bookId: this.bookId, id: this.random.pick(posted).id, newId: uuidv7(), date: this.randomDate(month) }));
        break;
      }
      default: {
        const all = await this.vouchers(month);
        if (all.length === 0) return;
        const ids = this.pickSome(all, 3).map((v) => v.id);
        const r1 = await this.li.call('voucher.unreview', { bookId: this.bookId, ids });
        if (r1.ok) this.refusedUnlessClosedBatch(r1.value, 'voucher.unreview');
        const r2 = await this.wang.call('voucher.delete', { bookId: this.bookId, id: ids[0]! });
        expectRefusal('voucher.delete', r2);
      }
    }
  }

  // ---- payments ----

  private paymentInput(amount: number, date: string, indicator?: Indicator) {
    const i = indicator ?? this.indicator!;
    return {
      bookId: this.bookId,
      id: uuidv7(),
      indicatorId: i.id,
      amount,
      elements: {
        regionCode: i.regionCode,
        year: i.year,
        funcCode: i.funcCode,
        econGovCode: i.econGovCode,
        econDepCode: i.econDepCode,
        fundNature: i.fundNature,
        projectCode: i.projectCode,
        docNo: i.docNo,
        supDocNo: i.supDocNo,
        payMethod: i.payMethod,
        directFund: i.directFund,
      },
      payee: { name: '青山文具店', account: '6222020200001234', bank: '工商银行青山支行' },
      purpose: '购买办公用品',
      date,
    };
  }

  private async payment(): Promise<void> {
    const day = this.random.int(1, 20);
    const input = this.paymentInput(this.random.int(1, 5000) * 100, dateIn(this.month, day));
    await this.wang.ok('budget.paymentCreate', input);
    this.report.ack({ k: 'payment', id: input.id });
    await this.li.ok('budget.paymentReview', { bookId: this.bookId, id: input.id });
    await this.confirm(input.id, dateIn(this.month, this.random.int(day, 28)));
  }

  /** A payment against an indicator the county issued (it passes the county's check, unlike the simulated one). */
  private async countyPayment(): Promise<void> {
    const issued = (await this.wang.ok('budget.indicatorList', { bookId: this.bookId, year: streamYear })).filter((i) => i.origin === 'county' && i.balance.available >= 100);
    if (issued.length === 0) return this.sync();
    const indicator = this.random.pick(issued);
    const day = this.random.int(1, 20);
    const input = this.paymentInput(this.random.int(1, Math.min(5000, Math.floor(indicator.balance.available / 100))) * 100, dateIn(this.month, day), indicator);
    await this.wang.ok('budget.paymentCreate', input);
    this.report.ack({ k: 'payment', id: input.id });
    await this.li.ok('budget.paymentReview', { bookId: this.bookId, id: input.id });
    await this.confirm(input.id, dateIn(this.month, this.random.int(day, 28)));
  }

  // ---- sync ----

  /**
   * 立即同步: push (pages, acknowledgements recorded) and pull (pages applied). Only "the county
   * cannot be reached" is an expected failure: any refusal after a crash (a chain or sequence the
   * county does not recognise) means the crash broke the sync's bookkeeping.
   */
  private async sync(): Promise<void> {
    const result = await this.wang.call('sync.now', {});
    if (!result.ok) {
      const code = (result.error.details as { code?: string } | undefined)?.code;
      if (result.error.code === 'SYNC_ERROR' && code === 'UNREACHABLE') return;
      this.report.bad(`sync.now: ${result.error.code}/${code ?? '—'} ${result.error.message}`);
      return;
    }
    const file = new Database(this.core.databaseFile, { readonly: true, fileMustExist: true });
    try {
      const state = file.prepare('SELECT ack_seq, pull_cursor FROM sync_state WHERE singleton = 1').get() as { ack_seq: number; pull_cursor: number };
      if (state.ack_seq < result.value.status.acknowledged) this.report.bad(`sync.now answered acknowledgement ${result.value.status.acknowledged}, the file has ${state.ack_seq}`);
      this.report.ack({ k: 'synced', id: 'last', ack: result.value.status.acknowledged, cursor: state.pull_cursor });
    } finally {
      file.close();
    }
  }

  private async confirm(id: string, date: string): Promise<void> {
    const voucherId = uuidv7();
    await this.wang.ok('budget.paymentConfirm', { bookId: this.bookId, id, voucherId, date });
    this.report.ack({ k: 'paid', id, voucherId });
  }

  private async pending(status: Payment['status']): Promise<Payment[]> {
    return this.wang.ok('budget.paymentList', { bookId: this.bookId, status });
  }

  /** Takes a request left half-way (by a kill, or on purpose) one step further. */
  private async paymentStep(): Promise<void> {
    const requested = await this.pending('申请');
    const reviewed = await this.pending('审核');
    if (reviewed.length > 0 && (requested.length === 0 || this.random.chance(0.5))) {
      const p = this.random.pick(reviewed);
      const from = p.appliedDate > dateIn(this.month, 1) ? Number(p.appliedDate.slice(8, 10)) : 1;
      if (Number(p.appliedDate.slice(5, 7)) > this.month) return;
      await this.confirm(p.id, dateIn(this.month, this.random.int(Math.min(from, 28), 28)));
    } else if (requested.length > 0) {
      await this.li.ok('budget.paymentReview', { bookId: this.bookId, id: this.random.pick(requested).id });
    } else {
      const input = this.paymentInput(this.random.int(1, 5000) * 100, dateIn(this.month, this.random.int(1, 20)));
      await this.wang.ok('budget.paymentCreate', input);
      this.report.ack({ k: 'payment', id: input.id });
    }
  }

  private async paymentReturn(): Promise<void> {
    const open = [...(await this.pending('申请')), ...(await this.pending('审核'))];
    if (open.length === 0) return;
    const p = this.random.pick(open);
    await this.li.ok('budget.paymentReturn', { bookId: this.bookId, id: p.id, reason: '收款账号有误', date: p.appliedDate });
  }

  private async refund(): Promise<void> {
    const paid = await this.pending('已支付');
    if (paid.length === 0) return;
    const p = this.random.pick(paid);
    const earliest = p.payDate && p.payDate > dateIn(this.month, 1) ? p.payDate : dateIn(this.month, 1);
    const date = earliest > dateIn(this.month, 28) ? earliest : dateIn(this.month, this.random.int(Number(earliest.slice(8, 10)), 28));
    const voucherId = uuidv7();
    await this.wang.ok('budget.paymentRefund', { bookId: this.bookId, id: p.id, voucherId, date, reason: '收款人账户退回' });
    this.report.ack({ k: 'refunded', id: p.id, voucherId });
  }

  private async freeze(): Promise<void> {
    const id = uuidv7();
    await this.li.ok('budget.indicatorFreeze', { bookId: this.bookId, id, indicatorId: this.indicator!.id, amount: this.random.int(1, 100) * 10_000, date: this.randomDate(), reason: '待核实项目' });
    this.freezes.push(id);
  }

  private async unfreeze(): Promise<void> {
    if (this.freezes.length === 0) return;
    const id = this.freezes.splice(this.random.int(0, this.freezes.length - 1), 1)[0]!;
    await this.li.ok('budget.indicatorUnfreeze', { bookId: this.bookId, freezeId: id, date: this.randomDate(), reason: '核实完毕' });
  }

  // ---- users and books ----

  private async newUser(): Promise<void> {
    const id = uuidv7();
    await this.wang.ok('user.create', { id, username: `clerk${this.random.int(0, 1e9)}`, displayName: '临时会计', password: 'clerk-password-9', roles: ['accountant'] });
    this.report.ack({ k: 'user', id });
  }

  /** 建账 (one large transaction: the chart and the classification tables), then its set-up. */
  private async newBook(): Promise<void> {
    const input = bookCreateInput(`青山镇${this.random.int(0, 1e9)}`);
    await this.anon.ok('book.create', input);
    this.report.ack({ k: 'book', id: input.id });
    await this.useBook(input.id);
  }

  // ---- reads, cross-checked ----

  private async read(): Promise<void> {
    const tb = await this.wang.ok('ledger.trialBalance', { bookId: this.bookId, year: streamYear, month: this.month });
    for (const track of ['financial', 'budget'] as const) {
      const t = tb.totals[track];
      if (t.closingDebit !== t.closingCredit || t.periodDebit !== t.periodCredit) this.report.bad(`科目余额表 ${track} does not balance in ${streamYear}-${this.month}`);
    }
    const detail = await this.wang.ok('budget.indicatorGet', { bookId: this.bookId, id: this.indicator!.id });
    const last = detail.movements.at(-1)?.balance;
    if (last && JSON.stringify(last) !== JSON.stringify(detail.balance)) this.report.bad('indicator balance differs from its last movement');
  }
}
