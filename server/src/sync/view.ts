import type { IndicatorBalance } from '../../../shared/domain/budget/indicatorLedger';
import type { TownshipKind } from '../../../shared/sync/kinds';
import type { AccountContent } from '../../../shared/sync/records';
import { adjustmentMovementId, type ChangeNeeds, type CountyView } from '../../../shared/sync/rules';
import type { Queryable } from '../db/database';

const recordKey = (kind: string, key: string) => `${kind}\u0001${key}`;

/**
 * What a page of changes refers to, loaded in a few queries and then kept current in memory
 * as each change of the page is applied (so the page is judged as if its changes came one by one).
 */
export class PageView implements CountyView {
  readonly townshipCode: string;
  private owners = new Map<string, string>();
  private records = new Map<string, { data: unknown; seq: number } | null>();
  /** Records the county had before this page (their derived rows, such as ledger lines, may exist). */
  private stored = new Set<string>();
  private charts = new Map<string, Map<string, AccountContent>>();
  /** What chart() hands out: a copy, never changed afterwards (the rules cache what they derive from it). */
  private chartSnapshots = new Map<string, ReadonlyMap<string, AccountContent>>();
  private balances = new Map<string, IndicatorBalance | null>();
  /** Adjustments the county approved itself (its 调整批准 wrote their movements). */
  private countyApproved = new Set<string>();
  /** Of the 指标台账 ids asked for, those the county holds (or this page has written). */
  private movements = new Set<string>();
  private movementsAsked = new Set<string>();

  constructor(townshipCode: string) {
    this.townshipCode = townshipCode;
  }

  async load(tx: Queryable, needs: ChangeNeeds): Promise<void> {
    // Book owners and records in one statement (one round trip a page): the owners come as rows of
    // kind '' (no record kind is empty), key the book, data its township.
    const books = [...new Set(needs.books)].filter((b) => !this.owners.has(b));
    // Each record once (every voucher of a page names its period and its accounts).
    const wanted = [...new Map(needs.records.filter((r) => !this.records.has(recordKey(r.kind, r.key))).map((r) => [recordKey(r.kind, r.key), r])).values()];
    const charts = [...new Set(needs.charts)].filter((b) => !this.charts.has(b));
    for (const b of charts) this.charts.set(b, new Map());
    if (books.length > 0 || wanted.length > 0) {
      for (const r of wanted) this.records.set(recordKey(r.kind, r.key), null);
      const rows = await tx.query<{ kind: string; key: string; data: string; seq: number }>(
        `SELECT '' AS kind, book_id AS key, township_code AS data, 0::bigint AS seq FROM book_owner WHERE book_id = ANY($3::text[])
         UNION ALL
         SELECT t.kind, t.key, t.data, t.seq FROM township_record t
         JOIN json_to_recordset($2::json) AS w(kind text, key text) ON t.kind = w.kind AND t.key = w.key
         WHERE t.township_code = $1`,
        [this.townshipCode, JSON.stringify(wanted), books],
      );
      for (const r of rows) {
        if (r.kind === '') {
          this.owners.set(r.key, r.data);
          continue;
        }
        const data = JSON.parse(r.data) as unknown;
        this.records.set(recordKey(r.kind, r.key), { data, seq: r.seq });
        this.stored.add(recordKey(r.kind, r.key));
        if (r.kind === 'account') {
          const account = data as AccountContent;
          this.charts.get(account.bookId)?.set(account.code, account);
        }
      }
    }
    const indicators = [...new Set(needs.indicators)].filter((i) => !this.balances.has(i));
    if (indicators.length > 0) {
      for (const i of indicators) this.balances.set(i, null);
      const rows = await tx.query<{ id: string; e: number | null; f: number | null; p: number | null }>(
        `SELECT i.id, sum(m.executable_delta) AS e, sum(m.frozen_delta) AS f, sum(m.paid_delta) AS p
         FROM indicator i LEFT JOIN indicator_movement m ON m.indicator_id = i.id AND m.township_code = i.township_code
         WHERE i.township_code = $1 AND i.id = ANY($2::text[]) GROUP BY i.id`,
        [this.townshipCode, indicators],
      );
      for (const r of rows) {
        const executable = r.e ?? 0;
        const frozen = r.f ?? 0;
        const paid = r.p ?? 0;
        this.balances.set(r.id, { executable, frozen, paid, available: executable - frozen - paid });
      }
    }
    const adjustments = [...new Set(needs.records.filter((r) => r.kind === 'adjustment').map((r) => r.key))];
    if (adjustments.length > 0) {
      const rows = await tx.query<{ target_id: string }>(
        `SELECT DISTINCT target_id FROM decision WHERE township_code = $1 AND target_kind = 'adjustment' AND action = '调整批准' AND target_id = ANY($2::text[])`,
        [this.townshipCode, adjustments],
      );
      for (const r of rows) this.countyApproved.add(r.target_id);
    }
    const movements = [...new Set(needs.movements)].filter((m) => !this.movementsAsked.has(m));
    if (movements.length > 0) {
      for (const m of movements) this.movementsAsked.add(m);
      for (const r of await tx.query<{ id: string }>('SELECT id FROM indicator_movement WHERE township_code = $1 AND id = ANY($2::text[])', [this.townshipCode, movements])) {
        this.movements.add(r.id);
      }
    }
  }

  bookOwner(bookId: string): 'this' | 'other' | 'none' {
    const owner = this.owners.get(bookId);
    return owner === undefined ? 'none' : owner === this.townshipCode ? 'this' : 'other';
  }

  record(kind: TownshipKind, key: string): unknown {
    return this.records.get(recordKey(kind, key))?.data ?? null;
  }

  /** Whether the county held this record before the page (loaded, not put by the page). */
  wasStored(kind: TownshipKind, key: string): boolean {
    return this.stored.has(recordKey(kind, key));
  }

  recordSeq(kind: TownshipKind, key: string): number | null {
    return this.records.get(recordKey(kind, key))?.seq ?? null;
  }

  chart(bookId: string): ReadonlyMap<string, AccountContent> {
    let snapshot = this.chartSnapshots.get(bookId);
    if (!snapshot) {
      snapshot = new Map(this.charts.get(bookId) ?? []);
      this.chartSnapshots.set(bookId, snapshot);
    }
    return snapshot;
  }

  indicatorBalance(indicatorId: string): IndicatorBalance | null {
    return this.balances.get(indicatorId) ?? null;
  }

  adjustmentRecorded(adjustment: { id: string; lines: readonly { lineNo: number }[] }): boolean {
    // The lines' movements are written in one statement: one of them present means all are.
    return this.countyApproved.has(adjustment.id) || adjustment.lines.some((l) => this.movements.has(adjustmentMovementId(adjustment.id, l.lineNo)));
  }

  // ---- kept current as changes apply ----

  setOwner(bookId: string): void {
    if (!this.owners.has(bookId)) this.owners.set(bookId, this.townshipCode);
  }

  put(kind: TownshipKind, key: string, data: unknown, seq: number): void {
    this.records.set(recordKey(kind, key), data === null ? null : { data, seq });
    if (kind === 'account') {
      const a = data as AccountContent | null;
      const book = key.slice(0, key.lastIndexOf('|'));
      const code = key.slice(key.lastIndexOf('|') + 1);
      const chart = this.charts.get(book);
      if (chart) {
        if (a) chart.set(code, a);
        else chart.delete(code);
        this.chartSnapshots.delete(book);
      }
    }
  }

  /** A movement this page writes (so a second change of the same approval in the page finds it). */
  recordMovement(id: string): void {
    this.movements.add(id);
  }

  move(indicatorId: string, d: { executable: number; frozen: number; paid: number }): void {
    const b = this.balances.get(indicatorId);
    if (!b) return;
    const executable = b.executable + d.executable;
    const frozen = b.frozen + d.frozen;
    const paid = b.paid + d.paid;
    this.balances.set(indicatorId, { executable, frozen, paid, available: executable - frozen - paid });
  }
}
