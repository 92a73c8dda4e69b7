import { GENESIS_HASH } from '../../../shared/sync/canonical';
import { chainHash } from '../../../shared/sync/chain';
import { ServerError } from '../../../shared/sync/errors';
import type { TownshipKind } from '../../../shared/sync/kinds';
import type { ChangeIssue, PushRequest, PushResponse, TownshipChange } from '../../../shared/sync/messages';
import { actionFor, type Verdict } from '../../../shared/sync/reasons';
import type { IndicatorMovementContent, PeriodContent, VoucherContent } from '../../../shared/sync/records';
import { judgeChange, movementEffect, needsOf, type ChangeNeeds, type DerivedMovement } from '../../../shared/sync/rules';
import type { ServerContext } from '../context';
import { sha256Hex } from '../crypto';
import { one, type Queryable } from '../db/database';
import { changeTexts } from './changeText';
import { checkPeriod } from './checkpoint';
import { integers, SplitColumns } from './splitColumns';
import type { AuthedDevice } from './devices';
import { versionsOf } from './devices';
import { PageView } from './view';

interface Judged {
  change: TownshipChange;
  contentHash: string;
  chainHash: string;
  /** JSON text of the change's data (null: none), as the county stores it. */
  dataJson: string | null;
  verdict: Verdict;
  content: unknown;
  /** 指标台账 movements the county derives from it (an adjustment the township approved itself). */
  movements: DerivedMovement[];
  /** Already stored as held: this is its re-evaluation. */
  retry: boolean;
}

function mergeNeeds(list: ChangeNeeds[]): ChangeNeeds {
  return {
    books: list.flatMap((n) => n.books),
    records: list.flatMap((n) => n.records),
    charts: list.flatMap((n) => n.charts),
    indicators: list.flatMap((n) => n.indicators),
    movements: list.flatMap((n) => n.movements),
  };
}

/**
 * One page of a device's changes, in ONE transaction. Idempotent by (device, seq): a change
 * already stored is compared with what is stored (same: counted as a duplicate; different:
 * SEQUENCE_CONFLICT and nothing of the page is kept); the new ones must continue the chain
 * exactly from the stored head (else CHAIN_BROKEN or SEQUENCE_GAP). Each new change is judged
 * with the shared rules and stored as applied, rejected or held; held ones are judged again
 * when what they wait for has arrived. The answer is the highest contiguous sequence stored.
 */
export async function handlePush(ctx: ServerContext, device: AuthedDevice, body: PushRequest): Promise<PushResponse> {
  const changes = body.changes;
  for (let i = 1; i < changes.length; i++) {
    if (changes[i]!.seq !== changes[0]!.seq + i) throw new ServerError('INVALID_INPUT', '一页中的变更序号必须连续递增。');
  }
  // Content hashes (canonical JSON, SHA-256) depend on nothing stored: made before the transaction,
  // so the page holds its locks and its database connection only for the work that needs them.
  const texts = changes.map(changeTexts);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    // One township's pushes (and the county's decisions for it) take turns: balance checks see a settled
    // state. Township, then device, locked in one statement (rows are locked in the FROM order).
    const current = await one<{ township_epoch: number; ack_seq: number; head_hash: string; status: string; epoch: number }>(
      tx,
      'SELECT t.epoch AS township_epoch, d.ack_seq, d.head_hash, d.status, d.epoch FROM township t, device d WHERE t.code = $1 AND d.id = $2 FOR UPDATE OF t, d',
      [device.townshipCode, device.id],
    );
    if (!current) throw new ServerError('UNKNOWN_DEVICE', '县级服务器没有这台电脑的登记记录。');
    if (current.status !== 'active') throw new ServerError('DEVICE_RETIRED', '这台电脑已被县财政局停用，不能再与县级同步。');
    if (current.epoch < current.township_epoch) throw new ServerError('DEVICE_FENCED', '本乡镇已在县级登记了另一台电脑，这台电脑已被取代，不能再向县级同步。');

    const first = changes[0]!.seq;
    const ack = current.ack_seq;
    if (first > ack + 1) {
      throw new ServerError('SEQUENCE_GAP', `县级只收到第 ${ack} 号变更，本次从第 ${first} 号开始，中间缺失；请从第 ${ack + 1} 号重新发送。`, { ack, ackHash: current.head_hash });
    }
    const before = first === 1 ? GENESIS_HASH : first - 1 === ack ? current.head_hash : (await one<{ chain_hash: string }>(tx, 'SELECT chain_hash FROM received_change WHERE device_id = $1 AND seq = $2', [device.id, first - 1]))!.chain_hash;
    if (body.prevHash !== before) {
      throw new ServerError('CHAIN_BROKEN', `变更链在第 ${first} 号之前与县级记录不符：本机的同步记录可能被改动或从备份恢复过。请联系县财政局。`, { ack, ackHash: current.head_hash });
    }

    // Recompute the chain over the page; stored ones must match what is stored.
    const stored = new Map<number, string>();
    if (first <= ack) {
      const last = Math.min(ack, changes[changes.length - 1]!.seq);
      for (const r of await tx.query<{ seq: number; chain_hash: string }>('SELECT seq, chain_hash FROM received_change WHERE device_id = $1 AND seq BETWEEN $2 AND $3', [device.id, first, last])) {
        stored.set(r.seq, r.chain_hash);
      }
    }
    let head = before;
    let duplicates = 0;
    const fresh: { change: TownshipChange; contentHash: string; chainHash: string; dataJson: string | null }[] = [];
    const conflicts: number[] = [];
    for (const [i, change] of changes.entries()) {
      const { contentHash, dataJson } = texts[i]!;
      head = chainHash(sha256Hex, head, contentHash);
      if (change.seq <= ack) {
        if (stored.get(change.seq) === head) duplicates++;
        else conflicts.push(change.seq);
      } else {
        fresh.push({ change, contentHash, chainHash: head, dataJson: change.data === undefined || change.data === null ? null : dataJson });
      }
    }
    if (conflicts.length > 0) {
      throw new ServerError(
        'SEQUENCE_CONFLICT',
        `第 ${conflicts.slice(0, 5).join('、')} 号变更与县级已收到的同号变更内容不同，整页未入账。常见原因：本机从备份恢复过。请联系县财政局处理，不要重新登记。`,
        { ack, ackHash: current.head_hash, seqs: conflicts.slice(0, 100) },
      );
    }
    if (head !== body.headHash) {
      throw new ServerError('CHAIN_BROKEN', '本页变更的哈希链与本机声明的不符，整页未入账（数据在本机或传输中损坏）。', { ack, ackHash: current.head_hash });
    }

    let applied = 0;
    // Whether the device had changes not applied (rejected or held) before this page: if not, and
    // this page applies all of its own, it has no open issues and the answer needs no query for them.
    let open = true;
    if (fresh.length > 0) {
      // Held changes (judged again below), and one rejected change if there is any.
      const waiting = await tx.query<{ seq: number; kind: string; key: string; book_id: string | null; op: string; schema: number; data: string | null; content_hash: string; chain_hash: string; status: string }>(
        `(SELECT seq, kind, key, book_id, op, schema, data, content_hash, chain_hash, status FROM received_change WHERE device_id = $1 AND status = 'held' ORDER BY seq LIMIT 1000)
         UNION ALL (SELECT seq, kind, key, book_id, op, schema, NULL, content_hash, chain_hash, status FROM received_change WHERE device_id = $1 AND status = 'rejected' LIMIT 1)`,
        [device.id],
      );
      open = waiting.length > 0;
      const heldChanges = waiting
        .filter((h) => h.status === 'held')
        .sort((a, b) => a.seq - b.seq)
        .map((h) => ({
          change: { seq: h.seq, kind: h.kind as TownshipKind, key: h.key, book: h.book_id, op: h.op as 'put' | 'delete', schema: h.schema, data: h.data === null ? null : JSON.parse(h.data) },
          contentHash: h.content_hash,
          chainHash: h.chain_hash,
          dataJson: h.data,
        }));
      const view = new PageView(device.townshipCode);
      await view.load(tx, mergeNeeds([...fresh, ...heldChanges].map((f) => needsOf(f.change))));

      const judged: Judged[] = [];
      const judge = (item: { change: TownshipChange; contentHash: string; chainHash: string; dataJson: string | null }, retry: boolean): Judged => {
        const { verdict, content, movements } = judgeChange(item.change, view);
        const j = { ...item, verdict, content, movements: verdict.status === 'applied' ? (movements ?? []) : [], retry };
        if (verdict.status === 'applied') takeEffect(view, j);
        return j;
      };
      for (const item of fresh) judged.push(judge(item, false));
      // What was held may go now that this page has arrived (in sequence order, until nothing moves).
      let pending = heldChanges;
      for (let round = 0; round < 5 && pending.length > 0; round++) {
        const still: typeof pending = [];
        for (const item of pending) {
          const j = judge(item, true);
          if (j.verdict.status === 'applied') judged.push(j);
          else still.push(item);
        }
        if (still.length === pending.length) break;
        pending = still;
      }
      const freshJudged = judged.filter((j) => !j.retry);
      applied = freshJudged.filter((j) => j.verdict.status === 'applied').length;
      if (applied < freshJudged.length) open = true;
      const lastSeq = fresh[fresh.length - 1]!.change.seq;
      head = fresh[fresh.length - 1]!.chainHash;
      await store(tx, device, judged, now, view, { ackSeq: lastSeq, headHash: head });
      // Period checkpoints last, on the page's final state (a close and a reopen in one page end reopened).
      const periods = new Map<string, PeriodContent>();
      for (const j of judged) if (j.verdict.status === 'applied' && j.change.kind === 'period' && j.content) periods.set(j.change.key, j.content as PeriodContent);
      for (const period of periods.values()) {
        const previous = await one<{ status: string }>(tx, 'SELECT status FROM period_check WHERE township_code = $1 AND book_id = $2 AND year = $3 AND month = $4', [device.townshipCode, period.bookId, period.year, period.month]);
        if (period.status === 'closed' || previous) await checkPeriod(tx, device.townshipCode, period, now);
      }
    } else {
      head = ack === 0 ? GENESIS_HASH : current.head_hash;
    }
    const ackNow = Math.max(ack, changes[changes.length - 1]!.seq);
    return { ack: ackNow, ackHash: ackNow === ack ? current.head_hash : head, applied, duplicates, issues: open ? await openIssues(tx, device.id) : [], versions: versionsOf(ctx) };
  });
}

/** Keeps the page's view current as an applied change takes effect. */
function takeEffect(view: PageView, j: Judged): void {
  const { change } = j;
  if (change.kind === 'book' && change.op === 'put') view.setOwner(change.key);
  // Derived movements were judged against the current balances: they take effect whatever the record's seq.
  for (const m of j.movements) {
    view.recordMovement(m.id);
    view.move(m.indicatorId, { executable: m.executableDelta, frozen: 0, paid: 0 });
  }
  // A held change re-judged after a newer change of the same record arrived must not overwrite it.
  const seqNow = view.recordSeq(change.kind, change.key);
  if (seqNow !== null && seqNow > change.seq) return;
  if (change.kind === 'indicatorMovement' && j.content) {
    const m = j.content as IndicatorMovementContent;
    if (!view.record('indicatorMovement', change.key)) view.move(m.indicatorId, movementEffect(m));
  }
  view.put(change.kind, change.key, change.op === 'delete' ? null : j.content, change.seq);
}

/**
 * Writes the page: the received changes (all of them, with their verdicts; the content itself
 * only for those not applied, which may be judged again), then the replica's final state per
 * record, the posted lines of the vouchers touched, the township's indicator movements and the
 * device's acknowledgement. The common part — received changes, records, ledger lines, the
 * acknowledgement — is ONE statement (data-modifying WITH, one round trip), each column one text
 * split in SQL (splitColumns.ts): no JSON for PostgreSQL to parse. Parsing a page of records out
 * of a JSON parameter (json_to_recordset) was most of the county's SQL time of a first push.
 * PostgreSQL keeps the record text exactly as the device sent it.
 */
async function store(tx: Queryable, device: AuthedDevice, judged: Judged[], now: Date, view: PageView, ack: { ackSeq: number; headHash: string }): Promise<void> {
  const fresh = judged.filter((j) => !j.retry);
  const retried = judged.filter((j) => j.retry && j.verdict.status === 'applied').map((j) => j.change.seq);
  if (retried.length > 0) {
    await tx.query(`UPDATE received_change SET status = 'applied', data = NULL, reason = NULL, message = NULL, action = NULL, depends_kind = NULL, depends_key = NULL, decided_at = $3 WHERE device_id = $1 AND seq = ANY($2::bigint[])`, [device.id, retried, now]);
  }

  // Final state per record among the applied changes (highest seq wins).
  const finalByRecord = new Map<string, Judged>();
  for (const j of judged) {
    if (j.verdict.status !== 'applied') continue;
    const k = `${j.change.kind}\u0001${j.change.key}`;
    const previous = finalByRecord.get(k);
    if (!previous || previous.change.seq < j.change.seq) finalByRecord.set(k, j);
  }
  const finals = [...finalByRecord.values()];
  const puts = finals.filter((j) => j.change.op === 'put');
  const deletes = finals.filter((j) => j.change.op === 'delete');
  if (deletes.length > 0) {
    await tx.query('DELETE FROM township_record WHERE township_code = $1 AND kind || chr(1) || key = ANY($2::text[])', [device.townshipCode, deletes.map((j) => `${j.change.kind}\u0001${j.change.key}`)]);
  }
  const books = puts.filter((j) => j.change.kind === 'book').map((j) => j.change.key);
  if (books.length > 0) {
    await tx.query('INSERT INTO book_owner (book_id, township_code) SELECT b, $1 FROM unnest($2::text[]) AS u(b) ON CONFLICT (book_id) DO NOTHING', [device.townshipCode, books]);
  }

  // Posted lines of the vouchers touched, for the 科目余额表 at the county.
  const vouchers = finals.filter((j) => j.change.kind === 'voucher');
  // Only vouchers the county had before this page can have lines (a first push has none to delete).
  const known = vouchers.filter((j) => view.wasStored('voucher', j.change.key));
  if (known.length > 0) await tx.query('DELETE FROM ledger_line WHERE township_code = $1 AND voucher_id = ANY($2::text[])', [device.townshipCode, known.map((j) => j.change.key)]);
  const lines = { book: [] as string[], voucher: [] as string[], lineNo: [] as number[], year: [] as number[], month: [] as number[], account: [] as string[], debit: [] as number[], credit: [] as number[] };
  for (const j of vouchers) {
    if (j.change.op !== 'put' || (j.content as VoucherContent).status !== 'posted') continue;
    const v = j.content as VoucherContent;
    for (const l of v.lines) {
      lines.book.push(v.bookId);
      lines.voucher.push(v.id);
      lines.lineNo.push(l.lineNo);
      lines.year.push(v.year);
      lines.month.push(v.month);
      lines.account.push(l.accountCode);
      lines.debit.push(l.debit);
      lines.credit.push(l.credit);
    }
  }

  const verdict = (j: Judged) => j.verdict;
  const split = new SplitColumns([
    ...fresh.flatMap((j) => [j.change.kind, j.change.key, j.change.op, j.contentHash, j.chainHash, verdict(j).status, j.dataJson]),
    ...puts.flatMap((j) => [j.change.kind, j.change.key, j.dataJson]),
    ...lines.book,
    ...lines.voucher,
    ...lines.account,
  ]);
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const deviceId = param(device.id);
  const township = param(device.townshipCode);
  const at = param(now);
  const separator = params.push(split.separator);
  const text = (values: readonly string[]) => SplitColumns.sql(params.push(split.text(values)), separator);
  const textOrNull = (values: readonly (string | null)[]) => SplitColumns.sqlOrNull(params.push(split.textOrNull(values)), separator);
  const ints = (values: readonly number[], type: 'int' | 'bigint') => `string_to_array(${param(integers(values))}::text, ',')::${type}[]`;
  const texts = (values: readonly (string | null)[]) => `${param(values)}::text[]`;
  await tx.query(
    `WITH received AS (
       INSERT INTO received_change (device_id, seq, township_code, kind, key, book_id, op, schema, data, content_hash, chain_hash,
                                    status, reason, message, action, depends_kind, depends_key, received_at, decided_at)
       SELECT ${deviceId}, x.s, ${township}, x.k, x.ky, x.b, x.o, x.sc, x.d, x.ch, x.cc, x.st, x.r, x.m, x.a, x.dk, x.dky, ${at}, ${at}
       FROM unnest(${[
         // Every fresh change; its content only when not applied (null: none).
         ints(fresh.map((j) => j.change.seq), 'bigint'),
         text(fresh.map((j) => j.change.kind)),
         text(fresh.map((j) => j.change.key)),
         texts(fresh.map((j) => j.change.book)),
         text(fresh.map((j) => j.change.op)),
         ints(fresh.map((j) => j.change.schema), 'int'),
         textOrNull(fresh.map((j) => (verdict(j).status === 'applied' ? null : j.dataJson))),
         text(fresh.map((j) => j.contentHash)),
         text(fresh.map((j) => j.chainHash)),
         text(fresh.map((j) => verdict(j).status)),
         texts(fresh.map((j) => verdict(j).reason ?? null)),
         texts(fresh.map((j) => verdict(j).message ?? null)),
         texts(fresh.map((j) => (verdict(j).reason ? actionFor(verdict(j).reason!) : null))),
         texts(fresh.map((j) => verdict(j).dependsOn?.kind ?? null)),
         texts(fresh.map((j) => verdict(j).dependsOn?.key ?? null)),
       ].join(', ')}) AS x(s, k, ky, b, o, sc, d, ch, cc, st, r, m, a, dk, dky)
     ), records AS (
       INSERT INTO township_record (township_code, kind, key, book_id, data, device_id, seq, updated_at)
       SELECT ${township}, x.k, x.ky, x.b, x.d, ${deviceId}, x.s, ${at}
       FROM unnest(${[
         // The final put of each record, its text as sent.
         text(puts.map((j) => j.change.kind)),
         text(puts.map((j) => j.change.key)),
         texts(puts.map((j) => (j.change.kind === 'book' ? j.change.key : j.change.book))),
         text(puts.map((j) => j.dataJson!)),
         ints(puts.map((j) => j.change.seq), 'bigint'),
       ].join(', ')}) AS x(k, ky, b, d, s)
       ON CONFLICT (township_code, kind, key) DO UPDATE SET book_id = excluded.book_id, data = excluded.data, device_id = excluded.device_id, seq = excluded.seq, updated_at = excluded.updated_at
       WHERE township_record.seq <= excluded.seq OR township_record.device_id <> excluded.device_id
     ), lines AS (
       INSERT INTO ledger_line (township_code, book_id, voucher_id, line_no, year, month, account_code, debit, credit)
       SELECT ${township}, x.b, x.v, x.n, x.y, x.m, x.a, x.d, x.c
       FROM unnest(${[
         text(lines.book),
         text(lines.voucher),
         ints(lines.lineNo, 'int'),
         ints(lines.year, 'int'),
         ints(lines.month, 'int'),
         text(lines.account),
         ints(lines.debit, 'bigint'),
         ints(lines.credit, 'bigint'),
       ].join(', ')}) AS x(b, v, n, y, m, a, d, c)
     )
     UPDATE device SET ack_seq = ${param(ack.ackSeq)}, head_hash = ${param(ack.headHash)} WHERE id = ${deviceId}`,
    params,
  );

  // The township's own indicator movements (append-only; the county's own are written where it
  // decides), with those derived from adjustments the township approved itself.
  const movements = [
    ...judged.filter((j) => j.verdict.status === 'applied' && j.change.kind === 'indicatorMovement' && j.content).map((j) => j.content as IndicatorMovementContent),
    ...judged.flatMap((j) => j.movements).map((m) => ({ ...m, frozenDelta: 0, paidDelta: 0 })),
  ];
  if (movements.length > 0) {
    await tx.query(
      `INSERT INTO indicator_movement (township_code, id, indicator_id, source, kind, executable_delta, frozen_delta, paid_delta)
       SELECT $1, i, ind, 'township', k, e, f, p FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[]) AS u(i, ind, k, e, f, p)
       ON CONFLICT (township_code, id) DO NOTHING`,
      [device.townshipCode, movements.map((m) => m.id), movements.map((m) => m.indicatorId), movements.map((m) => m.kind), movements.map((m) => m.executableDelta), movements.map((m) => m.frozenDelta), movements.map((m) => m.paidDelta)],
    );
  }
}

/**
 * The device's changes that are rejected or held, each record once: a later change of the same
 * record supersedes an earlier one (it is listed itself if it is not applied either).
 */
export async function openIssues(db: Queryable, deviceId: string): Promise<ChangeIssue[]> {
  const rows = await db.query<{ seq: number; kind: string; key: string; status: 'rejected' | 'held'; reason: string; message: string; action: string }>(
    `SELECT r.seq, r.kind, r.key, r.status, r.reason, r.message, r.action FROM received_change r
     WHERE r.device_id = $1 AND r.status <> 'applied'
       AND NOT EXISTS (SELECT 1 FROM received_change later WHERE later.township_code = r.township_code AND later.device_id = r.device_id AND later.kind = r.kind AND later.key = r.key
                       AND later.seq > r.seq)
     ORDER BY r.seq LIMIT 500`,
    [deviceId],
  );
  return rows.map((r) => ({ seq: r.seq, kind: r.kind, key: r.key, status: r.status, reason: r.reason, message: r.message, action: r.action }));
}
