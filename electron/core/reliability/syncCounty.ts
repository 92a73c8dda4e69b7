import Database from 'better-sqlite3';
import type { CampaignCounty } from './campaign';
import type { Violation } from './invariants';
import type { Random } from './random';

/**
 * The county side of a crash campaign with sync, over the county server's operator API only
 * (electron/core never imports the server): a one-time code for the enrollment, and after each
 * kill the county's work for the next lives (indicators issued to the township's books, notices)
 * and a cross-check of the county's acknowledgement against the file.
 */
export interface HttpCountyOptions {
  /** The county server, e.g. http://127.0.0.1:8780. */
  url: string;
  /** An operator token (管理员 or 审核). */
  token: string;
  townshipCode: string;
  pageBytes?: number;
  /** Chance per kill that the county issues something (default 0.7). */
  workChance?: number;
}

interface Envelope<T> {
  ok: boolean;
  value?: T;
  error?: { code: string; message: string };
}

export function httpCounty(options: HttpCountyOptions): CampaignCounty & { issued: { indicators: number; notices: number } } {
  const issued = { indicators: 0, notices: 0 };
  /** The county's acknowledgement at the last check: "ahead" counts only lives in which it moved. */
  let lastCountyAck = -1;
  let lastCursor = 0;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(options.url + path, {
      method,
      headers: { authorization: `Bearer ${options.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const result = (await response.json()) as Envelope<T>;
    if (!result.ok) throw new Error(`${method} ${path}: ${result.error?.code} ${result.error?.message}`);
    return result.value as T;
  };
  const township = encodeURIComponent(options.townshipCode);

  async function work(random: Random): Promise<void> {
    if (!random.chance(options.workChance ?? 0.7)) return;
    const books = await call<{ id: string }[]>('GET', `/api/townships/${township}/books`);
    if (books.length === 0) return;
    for (let i = random.int(1, 4); i > 0; i--) {
      const month = random.int(1, 12);
      await call('POST', `/api/townships/${township}/indicators`, {
        bookId: random.pick(books).id,
        date: `2026-${String(month).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
        year: 2026,
        funcCode: '2010301',
        econDepCode: random.pick(['30201', '30202', '30211']),
        fundNature: '一般公共预算',
        docNo: `县财预〔2026〕${random.int(1, 99_999)}号`,
        payMethod: random.pick(['直接支付', '授权支付']),
        amount: random.int(1_000, 50_000) * 100,
      });
      issued.indicators++;
    }
    if (random.chance(0.3)) {
      await call('POST', '/api/notices', { title: `通知 ${random.int(1, 1e6)}`, body: '请按时完成月度结账。', townshipCode: options.townshipCode });
      issued.notices++;
    }
  }

  return {
    issued,
    pageBytes: options.pageBytes,
    async enrollment() {
      const { code } = await call<{ code: string }>('POST', `/api/townships/${township}/enrollment-codes`);
      return { serverUrl: options.url, code };
    },
    async afterKill({ random, databaseFile }) {
      const violations: Violation[] = [];
      const file = new Database(databaseFile, { readonly: true, fileMustExist: true });
      let local: { device_id: string; ack_seq: number; pull_cursor: number } | undefined;
      try {
        local = file.prepare('SELECT device_id, ack_seq, pull_cursor FROM sync_state WHERE singleton = 1').get() as typeof local;
      } finally {
        file.close();
      }
      let serverAhead = false;
      const pulled = !!local && local.pull_cursor > lastCursor;
      if (local) lastCursor = local.pull_cursor;
      if (local) {
        const devices = await call<{ id: string; ackSeq: number }[]>('GET', `/api/townships/${township}/devices`);
        const device = devices.find((d) => d.id === local!.device_id);
        if (!device) violations.push({ invariant: 'county', message: `the county has no device ${local.device_id}` });
        else if (device.ackSeq < local.ack_seq) {
          violations.push({ invariant: 'county', message: `the township recorded acknowledgement ${local.ack_seq}, the county holds only ${device.ackSeq}` });
        } else serverAhead = device.ackSeq > local.ack_seq && device.ackSeq !== lastCountyAck;
        if (device) lastCountyAck = device.ackSeq;
      }
      await work(random);
      return { violations, serverAhead, pulled };
    },
  };
}
