import { existsSync, renameSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { AppError } from '../../../shared/api/errors';
import type { SyncConfigureInput, SyncPackageExport, SyncRestoreInput, SyncRunResult, SyncStatus } from '../../../shared/api/syncCommands';
import { chainHash, changeText, GENESIS_HASH } from '../../../shared/sync/chain';
import type { CountyChange, EnrollResponse, PullResponse, PushResponse, TownshipChange, Versions } from '../../../shared/sync/messages';
import { enrollmentMessage } from '../../../shared/sync/signing';
import { SYNC_PROTOCOL_VERSION, SYNC_SCHEMA_VERSION } from '../../../shared/sync/version';
import type { CoreServices } from '../context';
import type { WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { applyCountyChange, pullIssueId, recordInbox } from './apply';
import { sha256Hex } from './digest';
import { createSyncClient, SyncRefusal, SyncTransportError, type Identity, type SyncClient } from './client';
import { createDeviceKey, keyFileOf, loadDeviceKey, signWith } from './keys';
import { openIssueCount, recordIssue, syncPushIssues } from './issues';
import { RESTORE_ACTION, writeBaseline } from './outbox';
import { downloadTownship, isEmptyInstallation, prepareRestore, restoringAdmin, writeRestore, type RestoreResult } from './restore';
import { hashPassword } from '../auth/password';
import { COUNTY_USERNAME } from './content';
import type { OperatorContent } from '../../../shared/sync/records';
import { buildUpPackage, readDownPackage, writePackage } from './offline';

export interface SyncOptions {
  /** Upper bound of a push page, in bytes of record JSON (before compression). */
  pageBytes?: number;
  /** The record schema this app applies (tests raise it to play an upgraded app). */
  supportedSchema?: number;
  timeoutMs?: number;
  /** The background timer; `false`: none (tests). */
  schedule?: { firstMs?: number; intervalMs?: number; maxBackoffMs?: number } | false;
}

interface StateRow {
  server_url: string;
  device_id: string;
  township_code: string;
  township_name: string;
  epoch: number;
  label: string;
  enrolled_at: string;
  ack_seq: number;
  ack_hash: string;
  pull_cursor: number;
  /** The county's feed id of the change at pull_cursor (null: cursor 0, or reached before feed ids). */
  pull_cursor_id: string | null;
  clock_offset_ms: number;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error_code: string | null;
  last_error: string | null;
  server_versions: string | null;
  county_key: string | null;
}

/**
 * Push pages adapt to how busy the county is. The first page of a sync is small; each next page
 * doubles (up to pageBytes) while the county answered the last one in under FAST_PAGE_MS, and
 * halves (down to MIN_PAGE_BYTES) while it took over SLOW_PAGE_MS. The county's time comes in its
 * Server-Timing header, which it sends only when other townships' pages were in the works at the
 * same time (server/src/http/deviceRoutes.ts): one township alone pushes 1 MB pages after a few
 * steps; thirty at once at month end push small ones, so no page waits long behind the others.
 * Time on the wire does not count: a slow line keeps its large pages (fewer requests, less overhead).
 */
const FIRST_PAGE_BYTES = 64 * 1024;
const MIN_PAGE_BYTES = 64 * 1024;
const FAST_PAGE_MS = 100;
const SLOW_PAGE_MS = 250;

interface PreparedPage {
  after: number;
  prevHash: string;
  size: number;
  page: OutboxRow[];
  body: Buffer;
}

type OutboxRow = { seq: number; kind: TownshipChange['kind']; key: string; book_id: string | null; op: 'put' | 'delete'; schema: number; data: string | null; chain_hash: string };
const PAGE_READ_ROWS = 128;

/** Refusals after which this device stops trying on its own: only a new enrollment helps. */
const terminal = new Set(['DEVICE_FENCED', 'DEVICE_RETIRED', 'UNKNOWN_DEVICE']);

export interface SyncService {
  status(): SyncStatus;
  configure(write: WritableDB, input: SyncConfigureInput): Promise<SyncStatus>;
  runNow(): Promise<SyncRunResult>;
  /**
   * 从县级恢复账套 into this empty installation: enrolls with the code (unless an interrupted
   * attempt already did), takes the township's books back from the county, verified, in one
   * transaction, and gives the named administrator the new password. Returns that user's id.
   */
  restore(write: WritableDB, input: SyncRestoreInput): Promise<RestoreResult & { adminId: string; operatorsWithoutPassword: string[] }>;
  /** 离线包: the unacknowledged changes and the pull cursor, signed, written as a file for the USB stick. */
  exportPackage(): SyncPackageExport;
  /** 离线包 from the county: checked against the county's key, then taken like the online answers. */
  importPackage(file: string): SyncRunResult;
  close(): void;
}

export function createSyncService(services: CoreServices, options: SyncOptions = {}): SyncService {
  const pageBytes = options.pageBytes ?? 1024 * 1024;
  const supportedSchema = options.supportedSchema ?? SYNC_SCHEMA_VERSION;
  const keyFile = keyFileOf(services.info.dataDir);
  let reachable: boolean | null = null;
  let running: Promise<SyncRunResult> | null = null;
  /** The county's time on the last push page (Server-Timing), null when it did not say (quick). */
  let lastPushServerMs: number | null = null;
  let closed = false;

  const state = (): StateRow | undefined => services.read.get<StateRow>(sql`SELECT * FROM sync_state WHERE singleton = 1`);
  // Bookkeeping of the exchange (ack, cursor, times, errors): outside the audit log, like sessions.
  const note = (assignments: Partial<Record<keyof StateRow, string | number | null>>) => {
    const keys = Object.keys(assignments) as (keyof StateRow)[];
    if (keys.length === 0) return;
    services.write.run({ text: `UPDATE sync_state SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE singleton = 1`, params: keys.map((k) => assignments[k] ?? null) });
  };

  function status(): SyncStatus {
    const s = state();
    const written = services.read.get<{ n: number | null }>(sql`SELECT max(seq) AS n FROM sync_outbox`)?.n ?? 0;
    const versions = s?.server_versions ? (JSON.parse(s.server_versions) as Versions) : null;
    return {
      configured: !!s,
      serverUrl: s?.server_url ?? null,
      township: s ? { code: s.township_code, name: s.township_name } : null,
      deviceId: s?.device_id ?? null,
      deviceLabel: s?.label ?? null,
      enrolledAt: s?.enrolled_at ?? null,
      pending: s ? Math.max(0, written - s.ack_seq) : 0,
      acknowledged: s?.ack_seq ?? 0,
      written: s ? written : 0,
      lastAttemptAt: s?.last_attempt_at ?? null,
      lastSuccessAt: s?.last_success_at ?? null,
      lastError: s?.last_error ? { code: s.last_error_code ?? 'SYNC_ERROR', message: s.last_error } : null,
      reachable,
      running: running !== null,
      openIssues: s ? openIssueCount(services.read) : 0,
      stopped: !!s?.last_error_code && terminal.has(s.last_error_code),
      clockOffsetMs: s?.clock_offset_ms ?? 0,
      versions: { protocol: SYNC_PROTOCOL_VERSION, schema: supportedSchema, minAppVersion: versions?.minAppVersion ?? null },
    };
  }

  const announce = () => {
    try {
      services.emit('sync.status', status());
    } catch {
      // A closed database during shutdown: nothing to announce.
    }
  };

  function clientFor(serverUrl: string): SyncClient {
    return createSyncClient({
      serverUrl,
      appVersion: services.info.appVersion,
      timeoutMs: options.timeoutMs,
      clockOffsetMs: () => state()?.clock_offset_ms ?? 0,
      onServerTime: (offset, versions) => {
        if (state()) note({ clock_offset_ms: offset, server_versions: JSON.stringify(versions) });
      },
      onServerTiming: (path, serverMs) => {
        if (path === '/sync/v1/push') lastPushServerMs = serverMs;
      },
    });
  }

  function identity(s: StateRow): Identity {
    const key = loadDeviceKey(keyFile);
    if (!key) throw new AppError('SYNC_ERROR', '本机的同步密钥文件丢失（数据目录 sync/device-key.pem），无法与县级同步。请向县财政局申请新的登记码，在“同步设置”中重新登记。');
    return { deviceId: s.device_id, epoch: s.epoch, key };
  }

  async function configure(write: WritableDB, input: SyncConfigureInput): Promise<SyncStatus> {
    if (running) await running.catch(() => undefined);
    const client = clientFor(input.serverUrl);
    let versions: Versions;
    try {
      versions = (await client.info()).versions;
    } catch (error) {
      throw asAppError(error);
    }
    if (versions.protocol !== SYNC_PROTOCOL_VERSION) {
      throw new AppError('SYNC_ERROR', `县级服务器的同步协议版本为 ${versions.protocol}，本机为 ${SYNC_PROTOCOL_VERSION}。请升级乡财通后再登记。`);
    }
    const installationId = services.read.get<{ id: string }>(sql`SELECT id FROM installation WHERE singleton = 1`)?.id ?? '';
    // The new key waits beside the old one until the county has accepted it.
    const pendingKey = `${keyFile}.pending`;
    const key = createDeviceKey(pendingKey);
    let enrolled: EnrollResponse;
    try {
      const label = input.label?.trim() || `${hostname()}`.slice(0, 60) || '财政所电脑';
      enrolled = await client.enroll<EnrollResponse>({
        code: input.code,
        publicKey: key.publicKey,
        label,
        appVersion: services.info.appVersion,
        installationId,
        proof: signWith(key, enrollmentMessage({ code: input.code, publicKey: key.publicKey, installationId })),
      });
      const at = services.now().toISOString();
      const offset = Math.round(Date.now() - Date.parse(enrolled.versions.serverTime));
      write.transaction((db) => {
        db.run(sql`DELETE FROM sync_state`);
        db.run(sql`
          INSERT INTO sync_state (singleton, server_url, device_id, township_code, township_name, epoch, label, enrolled_at, ack_seq, ack_hash, pull_cursor, clock_offset_ms, server_versions, county_key)
          VALUES (1, ${input.serverUrl.replace(/\/+$/, '')}, ${enrolled.deviceId}, ${enrolled.townshipCode}, ${enrolled.townshipName}, ${enrolled.epoch}, ${label}, ${at}, 0, ${GENESIS_HASH}, 0,
                  ${offset}, ${JSON.stringify(enrolled.versions)}, ${enrolled.countyPublicKey})`);
        // A new device: its own sequence from 1 and the township's feed from the start.
        db.run(sql`DELETE FROM sync_inbox`);
        db.run(sql`DELETE FROM sync_issue WHERE source IN ('push', 'pull')`);
        const written = writeBaseline(db, at);
        db.note({ township: enrolled.townshipCode, device: enrolled.deviceId, baselineChanges: written });
      });
      renameSync(pendingKey, keyFile);
    } catch (error) {
      if (existsSync(pendingKey)) rmSync(pendingKey, { force: true });
      throw asAppError(error);
    }
    reachable = true;
    announce();
    return status();
  }

  /**
   * The outbox rows of the next page after `after`: in sequence while the page's record JSON stays
   * within pageBytes (at least one row). Read 128 rows at a time: a township-year's first push is
   * 36 MB of JSON, and reading 5,000 rows for each 1 MB page took more of the push than the page.
   */
  function nextPage(after: number, limit = pageBytes): OutboxRow[] {
    const page: OutboxRow[] = [];
    let bytes = 0;
    for (let from = after; ; ) {
      const rows = services.read.all<OutboxRow>(sql`SELECT seq, kind, key, book_id, op, schema, data, chain_hash FROM sync_outbox WHERE seq > ${from} ORDER BY seq LIMIT ${PAGE_READ_ROWS}`);
      for (const r of rows) {
        if (page.length > 0 && bytes + (r.data?.length ?? 0) > limit) return page;
        page.push(r);
        bytes += (r.data?.length ?? 0) + 200;
      }
      if (rows.length < PAGE_READ_ROWS) return page;
      from = rows[rows.length - 1]!.seq;
    }
  }

  /** The push page after `after`, as the compressed request body (null: nothing to send). */
  async function preparePage(client: SyncClient, after: number, prevHash: string, size: number): Promise<PreparedPage | null> {
    const page = nextPage(after, size);
    if (page.length === 0) return null;
    const changes: TownshipChange[] = page.map((r) => ({ seq: r.seq, kind: r.kind, key: r.key, book: r.book_id, op: r.op, schema: r.schema, data: r.data === null ? null : JSON.parse(r.data) }));
    const body = await client.compressAsync({ prevHash, headHash: page[page.length - 1]!.chain_hash, changes });
    return { after, prevHash, size, page, body };
  }

  /** Pages of the outbox after the acknowledged sequence, bounded in bytes; the county applies each in one transaction. */
  async function push(client: SyncClient, id: Identity): Promise<number> {
    let pushed = 0;
    let size = Math.min(pageBytes, FIRST_PAGE_BYTES);
    let ahead: Promise<PreparedPage | null> | null = null;
    for (let guard = 0; guard < 100_000; guard++) {
      const s = state()!;
      let prepared: PreparedPage | null = ahead ? await ahead : null;
      ahead = null;
      if (!prepared || prepared.after !== s.ack_seq || prepared.prevHash !== s.ack_hash || prepared.size !== size) prepared = await preparePage(client, s.ack_seq, s.ack_hash, size);
      if (!prepared) return pushed;
      const sending = client.signedBody<PushResponse>(id, '/sync/v1/push', prepared.body);
      // While the county works on this page, the next one is made (read, compressed off the main
      // thread), on the guess that this one is acknowledged whole and the county stays quick.
      const last: OutboxRow = prepared.page[prepared.page.length - 1]!;
      const guess = Math.min(pageBytes, size * 2);
      ahead = new Promise((resolve) => setImmediate(resolve)).then((): Promise<PreparedPage | null> => preparePage(client, last.seq, last.chain_hash, guess)).catch(() => null);
      let answer: PushResponse;
      try {
        answer = await sending;
      } catch (error) {
        if (error instanceof SyncRefusal && error.data.code === 'SEQUENCE_GAP') {
          // The county has less than this device thought (its database was restored): resend from its ack.
          const details = error.data.details as { ack: number; ackHash: string };
          const ours = details.ack === 0 ? GENESIS_HASH : services.read.get<{ chain_hash: string }>(sql`SELECT chain_hash FROM sync_outbox WHERE seq = ${details.ack}`)?.chain_hash;
          if (ours === details.ackHash && details.ack < s.ack_seq) {
            note({ ack_seq: details.ack, ack_hash: details.ackHash });
            continue;
          }
        }
        throw error;
      }
      const at = services.now().toISOString();
      notBehind(answer.ack, answer.ackHash, s.ack_seq);
      services.write.scoped({ kind: 'system', action: 'sync.push', actor: null }).transaction((db) => {
        db.run(sql`UPDATE sync_state SET ack_seq = ${answer.ack}, ack_hash = ${answer.ackHash} WHERE singleton = 1`);
        syncPushIssues(db, answer.issues, at);
      });
      pushed += answer.ack - s.ack_seq;
      const serverMs = lastPushServerMs ?? 0;
      if (serverMs < FAST_PAGE_MS) size = Math.min(pageBytes, size * 2);
      else if (serverMs > SLOW_PAGE_MS) size = Math.max(Math.min(pageBytes, MIN_PAGE_BYTES), Math.floor(size / 2));
      if (answer.ack <= s.ack_seq) throw new AppError('SYNC_ERROR', '县级服务器没有确认收到本页变更，同步已暂停，稍后会自动重试。');
    }
    return pushed;
  }

  /**
   * One page of county changes in ONE local transaction: each applied (or held, or kept as
   * failed) and kept in the inbox, the cursor (and the feed id of the change at it) moved on, the
   * county's list of this device's unapplied changes taken over. A change already in the inbox is
   * not applied again: known by its feed id, since after a restored county database the same
   * cursor can bring another change (`restarted`: the page starts the feed again from its
   * beginning, and the cursor goes back to where the page ends).
   */
  function applyPullPage(changes: readonly CountyChange[], cursor: number, restarted: boolean, issues: PullResponse['issues']): number {
    let applied = 0;
    const at = services.now().toISOString();
    services.write.scoped({ kind: 'system', action: 'sync.pull', actor: null }).transaction((db) => {
      for (const change of changes) {
        if (alreadyReceived(db, change)) continue;
        const outcome = applyCountyChange(services, db, change, at, supportedSchema);
        if (outcome.status === 'applied') applied++;
        recordInbox(db, change, outcome, at);
      }
      const last = changes[changes.length - 1];
      if (restarted) {
        db.run(sql`UPDATE sync_state SET pull_cursor = ${cursor}, pull_cursor_id = ${last?.id ?? null} WHERE singleton = 1`);
      } else if (last) {
        // Only forward: an older 离线包 still brings its changes, not its cursor.
        db.run(sql`UPDATE sync_state SET pull_cursor = ${cursor}, pull_cursor_id = ${last.id ?? null} WHERE singleton = 1 AND pull_cursor < ${cursor}`);
      }
      syncPushIssues(db, issues, at);
    });
    return applied;
  }

  /**
   * Whether the inbox has this change. By feed id; a row pulled before feed ids (none) is the
   * same change when the feed brings the same content at the same position: it takes the id (and
   * its 同步异常 entry the id's name), so it is neither applied nor listed twice. From a county
   * that sends no ids, by cursor, as before.
   */
  function alreadyReceived(db: WritableDB, change: CountyChange): boolean {
    if (change.id === undefined) return !!db.get(sql`SELECT 1 FROM sync_inbox WHERE cursor = ${change.cursor}`);
    if (db.get(sql`SELECT 1 FROM sync_inbox WHERE feed_id = ${change.id}`)) return true;
    const legacy = db.get<{ id: number }>(sql`
      SELECT id FROM sync_inbox WHERE feed_id IS NULL AND cursor = ${change.cursor} AND kind = ${change.kind} AND key = ${change.key}
        AND book_id IS ${change.book} AND schema = ${change.schema} AND data = ${JSON.stringify(change.data)}`);
    if (!legacy) return false;
    db.run(sql`UPDATE sync_inbox SET feed_id = ${change.id} WHERE id = ${legacy.id}`);
    db.run(sql`UPDATE sync_issue SET id = ${pullIssueId(change)} WHERE id = ${pullIssueId({ cursor: change.cursor })}`);
    return true;
  }

  /** County changes after the cursor, one local transaction per page; held and failed ones are tried again first. */
  async function pull(client: SyncClient, id: Identity): Promise<{ pulled: number; applied: number }> {
    let pulled = 0;
    let applied = 0;
    const retry = services.read.all<{ id: number; feed_id: string | null; cursor: number; kind: string; key: string; book_id: string | null; schema: number; data: string; county_at: string; status: string }>(
      sql`SELECT * FROM sync_inbox WHERE status <> 'applied' ORDER BY id`,
    );
    const retryable = retry.filter((r) => r.status === 'failed' || r.schema <= supportedSchema);
    if (retryable.length > 0) {
      services.write.scoped({ kind: 'system', action: 'sync.apply', actor: null }).transaction((db) => {
        const at = services.now().toISOString();
        for (const r of retryable) {
          const change: CountyChange = { cursor: r.cursor, ...(r.feed_id === null ? {} : { id: r.feed_id }), kind: r.kind as never, key: r.key, book: r.book_id, schema: r.schema, data: JSON.parse(r.data), at: r.county_at };
          const outcome = applyCountyChange(services, db, change, at, supportedSchema);
          if (outcome.status === 'applied') applied++;
          db.run(sql`UPDATE sync_inbox SET status = ${outcome.status}, error = ${outcome.status === 'applied' ? null : outcome.message}, applied_at = ${outcome.status === 'applied' ? at : null} WHERE id = ${r.id}`);
        }
      });
    }
    for (let guard = 0; guard < 100_000; guard++) {
      const s = state()!;
      const page = await client.signed<PullResponse>(id, '/sync/v1/pull', { cursor: s.pull_cursor, cursorId: s.pull_cursor_id, maxBytes: pageBytes });
      applied += applyPullPage(page.changes, page.cursor, page.restarted === true, page.issues);
      pulled += page.changes.length;
      if (!page.more) {
        // What the county sent applies either way; a device behind the county then stops here.
        notBehind(page.ack, page.ackHash, state()!.ack_seq);
        break;
      }
    }
    return { pulled, applied };
  }

  /**
   * The county has acknowledged more changes than this device has ever written: its database is
   * older than what it sent (restored from a backup, or copied from elsewhere). New changes would
   * reuse sequence numbers the county holds with other content, and the county has records this
   * PC has lost: uploading stops, with the reason in 同步异常, until the county sorts it out.
   */
  function notBehind(countyAck: number, countyHash: string, localAck: number): void {
    const written = services.read.get<{ n: number | null }>(sql`SELECT max(seq) AS n FROM sync_outbox`)?.n ?? 0;
    const at = services.now().toISOString();
    if (countyAck <= written) {
      // Same length is not enough: the chain hash at the county's ack covers every change up to it.
      // Where the county is ahead of what this device recorded (a lost acknowledgement, a restored
      // file), the chain is recomputed from the records themselves, not taken from the stored hashes.
      if (ourChainAt(countyAck, localAck) !== countyHash) {
        const message = `本机第 ${countyAck} 号及以前的变更与县级已收到的不同：本机的同步记录与县级不一致（通常是从备份恢复过）。为免覆盖县级数据，上传已暂停，本机记账不受影响。`;
        services.write.scoped({ kind: 'system', action: 'sync.push', actor: null }).transaction((db) => {
          recordIssue(db, { id: 'push:chain', source: 'push', ref: String(countyAck), kind: 'sync', key: 'SEQUENCE_CONFLICT', status: 'rejected', reason: 'SEQUENCE_CONFLICT', message, action: '本机的同步记录与县级不一致，上传已暂停（本机记账不受影响）。请联系县财政局信息管理员核对，不要自行重新登记。' }, at);
        });
        throw new AppError('SYNC_ERROR', message, { code: 'SEQUENCE_CONFLICT' });
      }
      services.write.run(sql`UPDATE sync_issue SET resolved_at = ${at} WHERE id = 'push:behind' AND resolved_at IS NULL`);
      // The county holds less than it once acknowledged (its database was restored from an older
      // backup), on this device's own chain: the acknowledgement goes back to where the county is,
      // so the changes it lost are sent again.
      if (countyAck < localAck) note({ ack_seq: countyAck, ack_hash: countyHash });
      return;
    }
    const message = `县级已收到本机第 ${countyAck} 号及以前的变更，而本机只记录到第 ${written} 号：本机数据比县级的旧（通常是从备份恢复过，或数据文件是从别处拷来的）。为免覆盖县级数据，上传已暂停，本机记账不受影响。`;
    services.write.scoped({ kind: 'system', action: 'sync.push', actor: null }).transaction((db) => {
      recordIssue(db, { id: 'push:behind', source: 'push', ref: String(countyAck), kind: 'sync', key: 'DEVICE_BEHIND', status: 'rejected', reason: 'DEVICE_BEHIND', message, action: '请联系县财政局信息管理员核对：县级保存着本机丢失的那部分数据。不要自行重新登记。' }, at);
    });
    throw new AppError('SYNC_ERROR', message, { code: 'DEVICE_BEHIND' });
  }

  function ourChainAt(seq: number, trustedUpTo: number): string | undefined {
    if (seq === 0) return GENESIS_HASH;
    if (seq <= trustedUpTo) return services.read.get<{ chain_hash: string }>(sql`SELECT chain_hash FROM sync_outbox WHERE seq = ${seq}`)?.chain_hash;
    let head = trustedUpTo === 0 ? GENESIS_HASH : services.read.get<{ chain_hash: string }>(sql`SELECT chain_hash FROM sync_outbox WHERE seq = ${trustedUpTo}`)?.chain_hash;
    if (head === undefined) return undefined;
    for (let after = trustedUpTo; after < seq; ) {
      const rows = services.read.all<{ seq: number; kind: TownshipChange['kind']; key: string; book_id: string | null; op: 'put' | 'delete'; schema: number; data: string | null }>(
        sql`SELECT seq, kind, key, book_id, op, schema, data FROM sync_outbox WHERE seq > ${after} AND seq <= ${seq} ORDER BY seq LIMIT 1000`,
      );
      if (rows.length === 0) return undefined;
      for (const r of rows) {
        const change: TownshipChange = { seq: r.seq, kind: r.kind, key: r.key, book: r.book_id, op: r.op, schema: r.schema, data: r.data === null ? null : JSON.parse(r.data) };
        head = chainHash(sha256Hex, head, sha256Hex(changeText(change)));
      }
      after = rows[rows.length - 1]!.seq;
    }
    return head;
  }

  /** Every unacknowledged change as push pages (bounded in bytes), chained from the acknowledged head. */
  function pendingPages(s: StateRow): { prevHash: string; headHash: string; changes: TownshipChange[] }[] {
    const pages: { prevHash: string; headHash: string; changes: TownshipChange[] }[] = [];
    let prevHash = s.ack_hash;
    let after = s.ack_seq;
    for (;;) {
      const page = nextPage(after);
      if (page.length === 0) return pages;
      const last = page[page.length - 1]!;
      pages.push({ prevHash, headHash: last.chain_hash, changes: page.map((r) => ({ seq: r.seq, kind: r.kind, key: r.key, book: r.book_id, op: r.op, schema: r.schema, data: r.data === null ? null : JSON.parse(r.data) })) });
      prevHash = last.chain_hash;
      after = last.seq;
    }
  }

  function exportPackage(): SyncPackageExport {
    const s = state();
    if (!s) throw new AppError('SYNC_ERROR', '尚未登记到县级服务器：离线包只能由已登记的电脑导出（登记须联网一次，或在县财政局完成）。');
    const pages = pendingPages(s);
    const built = buildUpPackage(identity(s), s, { appVersion: services.info.appVersion, protocol: SYNC_PROTOCOL_VERSION, pushes: pages, pullCursor: s.pull_cursor, pullCursorId: s.pull_cursor_id }, services.now());
    const path = writePackage(services.info.dataDir, built.fileName, built.bytes);
    return { path, fileName: built.fileName, bytes: built.bytes.length, changes: pages.reduce((n, p) => n + p.changes.length, 0), pullCursor: s.pull_cursor };
  }

  function importPackage(file: string): SyncRunResult {
    const s = state();
    if (!s) throw new AppError('SYNC_ERROR', '尚未登记到县级服务器，不能导入县级离线包。');
    const down = readDownPackage(file, s);
    const before = s.ack_seq;
    const at = services.now().toISOString();
    // The acknowledgement only moves forward: an older package is still taken for its county changes.
    if (down.push.ack > s.ack_seq) {
      const ours = services.read.get<{ chain_hash: string }>(sql`SELECT chain_hash FROM sync_outbox WHERE seq = ${down.push.ack}`)?.chain_hash;
      if (ours !== down.push.ackHash) throw new AppError('SYNC_ERROR', '县级离线包确认的变更与本机记录不符（本机可能从备份恢复过），未导入。请联系县财政局。');
      note({ ack_seq: down.push.ack, ack_hash: down.push.ackHash });
    }
    const applied = applyPullPage(down.changes, down.cursor, down.restarted === true, down.issues);
    services.write.scoped({ kind: 'system', action: 'sync.package', actor: null }).transaction((db) => {
      if (down.push.error) {
        recordIssue(db, { id: 'push:package', source: 'push', ref: String(down.push.ack), kind: 'sync', key: down.push.error.code, status: 'rejected', reason: down.push.error.code, message: `县级导入离线包时未能全部入账：${down.push.error.message}`, action: '请重新导出离线包交县财政局导入；仍不成功请联系县财政局信息管理员。' }, at);
      } else {
        db.run(sql`UPDATE sync_issue SET resolved_at = ${at} WHERE id = 'push:package' AND resolved_at IS NULL`);
      }
    });
    note({ last_success_at: at, last_error: null, last_error_code: null });
    announce();
    return { pushed: Math.max(0, down.push.ack - before), pulled: down.changes.length, applied, status: status() };
  }

  function asAppError(error: unknown): AppError {
    if (error instanceof AppError) return error;
    if (error instanceof SyncRefusal) return new AppError('SYNC_ERROR', error.data.message, { code: error.data.code });
    if (error instanceof SyncTransportError) return new AppError('SYNC_ERROR', error.message, { code: 'UNREACHABLE' });
    return new AppError('SYNC_ERROR', `同步失败：${(error as Error).message}`);
  }

  async function run(): Promise<SyncRunResult> {
    const s = state();
    if (!s) throw new AppError('SYNC_ERROR', '尚未设置县级服务器：请管理员在“同步设置”中填写服务器地址和县财政局发放的登记码。');
    const id = identity(s);
    const client = clientFor(s.server_url);
    note({ last_attempt_at: services.now().toISOString() });
    if (!s.county_key) {
      // An enrollment from before 离线包: the county's key is public, take it now.
      try {
        note({ county_key: (await client.info()).countyPublicKey });
      } catch {
        // The sync below reports the connection problem.
      }
    }
    announce();
    let pushed = 0;
    let pulled = 0;
    let applied = 0;
    let pushError: unknown = null;
    try {
      try {
        pushed = await push(client, id);
        services.write.run(sql`UPDATE sync_issue SET resolved_at = ${services.now().toISOString()} WHERE id = 'push:chain' AND resolved_at IS NULL`);
      } catch (error) {
        // A broken chain or a conflicting sequence stops the push; what the county sends still comes in.
        // (found by the county, or by this device when the county's chain hash differs from its own: notBehind).
        const found = error instanceof AppError && ['SEQUENCE_CONFLICT', 'DEVICE_BEHIND'].includes((error.details as { code?: string } | undefined)?.code ?? '');
        if (!found && (!(error instanceof SyncRefusal) || !['SEQUENCE_CONFLICT', 'CHAIN_BROKEN'].includes(error.data.code))) throw error;
        pushError = error;
        if (error instanceof SyncRefusal) {
          services.write.scoped({ kind: 'system', action: 'sync.push', actor: null }).transaction((db) => {
            recordIssue(db, { id: 'push:chain', source: 'push', ref: String(state()!.ack_seq), kind: 'sync', key: error.data.code, status: 'rejected', reason: error.data.code, message: error.data.message, action: '本机的同步记录与县级不一致，上传已暂停（本机记账不受影响）。请联系县财政局信息管理员核对，不要自行重新登记。' }, services.now().toISOString());
          });
        }
      }
      ({ pulled, applied } = await pull(client, id));
      reachable = true;
      if (pushError) throw pushError;
      // What is still to send now: changes the pull wrote (the quota voucher of a 授权支付 indicator),
      // or changes the county lost (a restored county database, found by pull: notBehind).
      const written = services.read.get<{ n: number | null }>(sql`SELECT max(seq) AS n FROM sync_outbox`)?.n ?? 0;
      if (state()!.ack_seq < written) pushed += await push(client, id);
      note({ last_success_at: services.now().toISOString(), last_error: null, last_error_code: null });
      return { pushed, pulled, applied, status: status() };
    } catch (error) {
      reachable = !(error instanceof SyncTransportError);
      const appError = asAppError(error);
      const code = (appError.details as { code?: string } | undefined)?.code ?? appError.code;
      note({ last_error: appError.message, last_error_code: code });
      throw appError;
    } finally {
      announce();
    }
  }

  async function restore(write: WritableDB, input: SyncRestoreInput): Promise<RestoreResult & { adminId: string; operatorsWithoutPassword: string[] }> {
    if (!isEmptyInstallation(services.read)) throw new AppError('CONFLICT', '本机已有账套或用户：从县级恢复只能在新安装（或清空数据目录后）的电脑上进行，以免覆盖本机数据。');
    if (running) await running.catch(() => undefined);
    // Nothing syncs in the background here: the words of the sync's own connection error would mislead.
    const unreachable = (error: unknown): AppError => {
      const appError = asAppError(error);
      if ((appError.details as { code?: string } | undefined)?.code !== 'UNREACHABLE') return appError;
      return new AppError('SYNC_ERROR', `无法连接县级服务器（${input.serverUrl}），未恢复任何数据。请核对服务器地址、网线或无线网络后重试；登记码仍然有效时可直接重试。`, { code: 'UNREACHABLE' });
    };
    let s = state();
    if (!s || s.server_url !== input.serverUrl.replace(/\/+$/, '')) {
      if (!input.code) throw new AppError('INVALID_INPUT', '请填写县财政局发放的登记码', { issues: [{ path: ['code'], message: '请填写登记码' }] });
      try {
        await configure(write, { serverUrl: input.serverUrl, code: input.code, label: input.label });
      } catch (error) {
        throw unreachable(error);
      }
      s = state()!;
    }
    const client = clientFor(s.server_url);
    let download: Awaited<ReturnType<typeof downloadTownship>>;
    try {
      download = await downloadTownship(client, identity(s), pageBytes);
    } catch (error) {
      throw unreachable(error);
    }
    const prepared = await prepareRestore(download);
    const admin = restoringAdmin(prepared.records, input.username);
    const passwordHash = await hashPassword(input.password);
    const at = services.now().toISOString();
    const result = write.scoped({ kind: 'system', action: RESTORE_ACTION, actor: null }).transaction((db) => {
      if (!isEmptyInstallation(db)) throw new AppError('CONFLICT', '恢复期间本机已有人建账或添加用户，未恢复。请清空后重试。');
      // What a background sync may have pulled into the empty installation meanwhile is taken again below.
      db.run(sql`DELETE FROM sync_inbox`);
      db.run(sql`DELETE FROM sync_issue WHERE source IN ('pull', 'check')`);
      db.run(sql`DELETE FROM sync_period_check`);
      db.run(sql`DELETE FROM sync_notice`);
      db.run(sql`DELETE FROM sync_reference`);
      db.run(sql`DELETE FROM app_user WHERE username = ${COUNTY_USERNAME}`);
      const written = writeRestore(services, db, download, prepared, at);
      db.run(sql`UPDATE app_user SET password_hash = ${passwordHash} WHERE id = ${admin.id}`);
      db.note({ township: download.townshipCode, records: written.records, countyChanges: written.countyChanges, checkedPeriods: written.checkedPeriods });
      return written;
    });
    note({ last_success_at: at, last_error: null, last_error_code: null });
    announce();
    // Passwords never travel: every other operator who may log in needs a new one from the administrator.
    const operatorsWithoutPassword = prepared.records
      .of<OperatorContent>('operator')
      .filter((o) => o.enabled === 1 && o.id !== admin.id)
      .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0))
      .map((o) => `${o.displayName}（${o.username}）`);
    return { ...result, adminId: admin.id, operatorsWithoutPassword };
  }

  function runNow(): Promise<SyncRunResult> {
    if (!running) {
      running = run().finally(() => {
        running = null;
        announce();
      });
    }
    return running;
  }

  // The background sync: while configured and not refused for good, every interval; backing off
  // (up to the maximum) while the county cannot be reached. It never blocks work: a failure is a status.
  let timer: NodeJS.Timeout | null = null;
  if (options.schedule !== false) {
    const first = options.schedule?.firstMs ?? 15_000;
    const interval = options.schedule?.intervalMs ?? 120_000;
    const maxBackoff = options.schedule?.maxBackoffMs ?? 600_000;
    let delay = interval;
    const tick = async () => {
      timer = null;
      if (closed) return;
      try {
        const current = status();
        if (current.configured && !current.stopped) {
          await runNow();
          delay = interval;
        }
      } catch {
        delay = reachable === false ? Math.min(maxBackoff, delay * 2) : interval;
      }
      if (!closed) {
        timer = setTimeout(() => void tick(), delay);
        timer.unref();
      }
    };
    timer = setTimeout(() => void tick(), first);
    timer.unref();
  }

  return {
    status,
    configure,
    runNow,
    restore,
    exportPackage,
    importPackage,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
