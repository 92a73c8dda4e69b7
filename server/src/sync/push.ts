import { GENESIS_HASH } from '../../../shared/sync/canonical';
import { chainHash, changeText } from '../../../shared/sync/chain';
import { ServerError } from '../../../shared/sync/errors';
import type { TownshipKind } from '../../../shared/sync/kinds';
import type { ChangeIssue, PushRequest, PushResponse, TownshipChange } from '../../../shared/sync/messages';
import { actionFor, type Verdict } from '../../../shared/sync/reasons';
import type { IndicatorMovementContent, PeriodContent, VoucherContent } from '../../../shared/sync/records';
import { judgeChange, movementEffect, needsOf, type ChangeNeeds, type DerivedMovement } from '../../../shared/sync/rules';
import type { ServerContext } from '../context';
import { sha256Hex } from '../crypto';
import { one, type Queryable } from '../db/database';
import { checkPeriod } from './checkpoint';
import type { AuthedDevice } from './devices';
import { versionsOf } from './devices';
import { PageView } from './view';

interface Judged {
  change: TownshipChange;
  contentHash: string;
  chainHash: string;
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
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    // One township's pushes (and the county's decisions for it) take turns: balance checks see a settled state.
    const township = await one<{ epoch: number }>(tx, 'SELECT epoch FROM township WHERE code = $1 FOR UPDATE', [device.townshipCode]);
    const current = await one<{ ack_seq: number; head_hash: string; status: string; epoch: number }>(tx, 'SELECT ack_seq, head_hash, status, epoch FROM device WHERE id = $1 FOR UPDATE', [device.id]);
    if (!township || !current) throw new ServerError('UNKNOWN_DEVICE', '县级服务器没有这台电脑的登记记录。');
    if (current.status !== 'active') throw new ServerError('DEVICE_RETIRED', '这台电脑已被县财政局停用，不能再与县级同步。');
    if (current.epoch < township.epoch) throw new ServerError('DEVICE_FENCED', '本乡镇已在县级登记了另一台电脑，这台电脑已被取代，不能再向县级同步。');

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
    const fresh: { change: TownshipChange; contentHash: string; chainHash: string }[] = [];
    const conflicts: number[] = [];
    for (const change of changes) {
      const content = sha256Hex(changeText(change));
      head = chainHash(sha256Hex, head, content);
      if (change.seq <= ack) {
        if (stored.get(change.seq) === head) duplicates++;
        else conflicts.push(change.seq);
      } else {
        fresh.push({ change, contentHash: content, chainHash: head });
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
    if (fresh.length > 0) {
      const held = await tx.query<{ seq: number; kind: string; key: string; book_id: string | null; op: string; schema: number; data: string | null; content_hash: string; chain_hash: string }>(
        `SELECT seq, kind, key, book_id, op, schema, data, content_hash, chain_hash FROM received_change WHERE device_id = $1 AND status = 'held' ORDER BY seq LIMIT 1000`,
        [device.id],
      );
      const heldChanges = held.map((h) => ({
        change: { seq: h.seq, kind: h.kind as TownshipKind, key: h.key, book: h.book_id, op: h.op as 'put' | 'delete', schema: h.schema, data: h.data === null ? null : JSON.parse(h.data) },
        contentHash: h.content_hash,
        chainHash: h.chain_hash,
      }));
      const view = new PageView(device.townshipCode);
      await view.load(tx, mergeNeeds([...fresh, ...heldChanges].map((f) => needsOf(f.change))));

      const judged: Judged[] = [];
      const judge = (item: { change: TownshipChange; contentHash: string; chainHash: string }, retry: boolean): Judged => {
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
      applied = judged.filter((j) => j.verdict.status === 'applied' && !j.retry).length;
      await store(tx, device, judged, now, view);
      const lastSeq = fresh[fresh.length - 1]!.change.seq;
      await tx.query('UPDATE device SET ack_seq = $2, head_hash = $3 WHERE id = $1', [device.id, lastSeq, fresh[fresh.length - 1]!.chainHash]);
      head = fresh[fresh.length - 1]!.chainHash;
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
    return { ack: ackNow, ackHash: ackNow === ack ? current.head_hash : head, applied, duplicates, issues: await openIssues(tx, device.id), versions: versionsOf(ctx) };
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
 * record, the posted lines of the vouchers touched and the township's indicator movements. Each
 * as one statement over a JSON parameter (json_to_recordset): a 1 MB page is a handful of
 * statements, and PostgreSQL keeps the record text exactly as the device sent it.
 */
async function store(tx: Queryable, device: AuthedDevice, judged: Judged[], now: Date, view: PageView): Promise<void> {
  const fresh = judged.filter((j) => !j.retry);
  if (fresh.length > 0) {
    const rows = fresh.map((j) => ({
      s: j.change.seq, k: j.change.kind, ky: j.change.key, b: j.change.book, o: j.change.op, sc: j.change.schema,
      d: j.verdict.status === 'applied' || j.change.data === undefined ? null : j.change.data,
      ch: j.contentHash, cc: j.chainHash, st: j.verdict.status, r: j.verdict.reason ?? null, m: j.verdict.message ?? null,
      a: j.verdict.reason ? actionFor(j.verdict.reason) : null, dk: j.verdict.dependsOn?.kind ?? null, dky: j.verdict.dependsOn?.key ?? null,
    }));
    await tx.query(
      `INSERT INTO received_change (device_id, seq, township_code, kind, key, book_id, op, schema, data, content_hash, chain_hash,
                                    status, reason, message, action, depends_kind, depends_key, received_at, decided_at)
       SELECT $1, x.s, $2, x.k, x.ky, x.b, x.o, x.sc, x.d::text, x.ch, x.cc, x.st, x.r, x.m, x.a, x.dk, x.dky, $3, $3
       FROM json_to_recordset($4::json) AS x(s bigint, k text, ky text, b text, o text, sc int, d json, ch text, cc text, st text, r text, m text, a text, dk text, dky text)`,
      [device.id, device.townshipCode, now, JSON.stringify(rows)],
    );
  }
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
  if (puts.length > 0) {
    const rows = puts.map((j) => ({ k: j.change.kind, ky: j.change.key, b: j.change.kind === 'book' ? j.change.key : j.change.book, d: j.change.data, s: j.change.seq }));
    await tx.query(
      `INSERT INTO township_record (township_code, kind, key, book_id, data, device_id, seq, updated_at)
       SELECT $1, x.k, x.ky, x.b, x.d::text, $2, x.s, $3 FROM json_to_recordset($4::json) AS x(k text, ky text, b text, d json, s bigint)
       ON CONFLICT (township_code, kind, key) DO UPDATE SET book_id = excluded.book_id, data = excluded.data, device_id = excluded.device_id, seq = excluded.seq, updated_at = excluded.updated_at
       WHERE township_record.seq <= excluded.seq OR township_record.device_id <> excluded.device_id`,
      [device.townshipCode, device.id, now, JSON.stringify(rows)],
    );
  }
  if (deletes.length > 0) {
    await tx.query('DELETE FROM township_record WHERE township_code = $1 AND kind || chr(1) || key = ANY($2::text[])', [device.townshipCode, deletes.map((j) => `${j.change.kind}\u0001${j.change.key}`)]);
  }
  const books = puts.filter((j) => j.change.kind === 'book').map((j) => j.change.key);
  if (books.length > 0) {
    await tx.query('INSERT INTO book_owner (book_id, township_code) SELECT b, $1 FROM unnest($2::text[]) AS u(b) ON CONFLICT (book_id) DO NOTHING', [device.townshipCode, books]);
  }

  // Posted lines of the vouchers touched, for the 科目余额表 at the county.
  const vouchers = finals.filter((j) => j.change.kind === 'voucher');
  if (vouchers.length > 0) {
    // Only vouchers the county had before this page can have lines (a first push has none to delete).
    const known = vouchers.filter((j) => view.wasStored('voucher', j.change.key));
    if (known.length > 0) await tx.query('DELETE FROM ledger_line WHERE township_code = $1 AND voucher_id = ANY($2::text[])', [device.townshipCode, known.map((j) => j.change.key)]);
    const lines = vouchers
      .filter((j) => j.change.op === 'put' && (j.content as VoucherContent).status === 'posted')
      .flatMap((j) => {
        const v = j.content as VoucherContent;
        return v.lines.map((l) => ({ b: v.bookId, v: v.id, n: l.lineNo, y: v.year, m: v.month, a: l.accountCode, d: l.debit, c: l.credit }));
      });
    if (lines.length > 0) {
      await tx.query(
        `INSERT INTO ledger_line (township_code, book_id, voucher_id, line_no, year, month, account_code, debit, credit)
         SELECT $1, x.b, x.v, x.n, x.y, x.m, x.a, x.d, x.c FROM json_to_recordset($2::json) AS x(b text, v text, n int, y int, m int, a text, d bigint, c bigint)`,
        [device.townshipCode, JSON.stringify(lines)],
      );
    }
  }

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
