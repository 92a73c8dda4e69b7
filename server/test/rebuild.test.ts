import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordsDigest } from '../../shared/sync/rebuild';
import { TestDevice } from './device';
import { databaseKinds, startTestServer, type TestServer } from './harness';
import { appropriation, book, bookChanges, closedPeriod, chart, periodChange, voucherChange } from './records';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * /sync/v1/rebuild on both databases: a replacement device reads back, in pages, exactly the
 * current records the county holds for its own 乡镇 (the latest content per kind and key), with
 * the digest over all of them and the county's period-close checks; the fenced old device and an
 * unsigned request are refused; another 乡镇's records never appear.
 */
describe.each(databaseKinds)('rebuild from the county on %s', (kind) => {
  let server: TestServer;
  const code = async (township: string) => (await server.admin.ok('POST', `/api/townships/${township}/enrollment-codes`)).code as string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    await server.admin.ok('POST', '/api/townships', { code: '420102001', name: '青山镇' });
    await server.admin.ok('POST', '/api/townships', { code: '420103002', name: '白沙镇' });
  }, 60_000);
  afterAll(() => server.close(), 30_000);

  it("gives the replacement device its township's current records, digests and checks, and refuses the old one", async () => {
    const old = new TestDevice(server.url);
    await old.enroll(await code('420102001'));
    const qingshan = book('420102');
    const january = [appropriation(qingshan.id, 1, 100_000_00), appropriation(qingshan.id, 2, 2_500_00, { status: 'draft' })];
    expect((await old.push([...bookChanges(qingshan), ...january.map(voucherChange)])).body).toMatchObject({ ok: true });
    // Voucher 2, a draft, is posted later: its latest version replaces the first at the county; then January closes.
    const revised = { ...appropriation(qingshan.id, 2, 2_500_00, { id: january[1]!.id }), updatedAt: '2026-01-31T08:00:00.000Z' };
    expect((await old.push([voucherChange(revised), periodChange(closedPeriod(qingshan.id, 2026, 1, [january[0]!, revised]))])).body).toMatchObject({ ok: true, value: { issues: [] } });

    const other = new TestDevice(server.url);
    await other.enroll(await code('420103002'));
    const baisha = book('420103');
    expect((await other.push([...bookChanges(baisha), voucherChange(appropriation(baisha.id, 1, 7_00))])).body).toMatchObject({ ok: true });

    // The replacement PC for 青山镇 fences the old one.
    const replacement = new TestDevice(server.url);
    expect((await replacement.enroll(await code('420102001'))).body).toMatchObject({ ok: true, value: { epoch: 2 } });
    expect((await old.send('/sync/v1/rebuild', { after: null })).body).toMatchObject({ ok: false, error: { code: 'DEVICE_FENCED' } });
    expect((await replacement.send('/sync/v1/rebuild', { after: null }, { unsigned: true })).body).toMatchObject({ ok: false, error: { code: 'UNSIGNED' } });

    const received: { kind: string; key: string; book: string | null; data: unknown }[] = [];
    let after: unknown = null;
    let last: any;
    for (let pages = 0; ; pages++) {
      const r = await replacement.send('/sync/v1/rebuild', { after, limit: 7 });
      expect(r.body.ok).toBe(true);
      last = (r.body as { value: any }).value;
      received.push(...last.records);
      if (!last.next) break;
      expect(last.digest).toBeNull();
      after = last.next;
      expect(pages).toBeLessThan(20);
    }
    // What was stored last for each record of 青山镇, nothing of 白沙镇.
    const expected = [
      { kind: 'book', key: qingshan.id, book: qingshan.id, data: qingshan },
      ...chart(qingshan.id).map((a) => ({ kind: 'account', key: `${qingshan.id}|${a.code}`, book: qingshan.id, data: a })),
      { kind: 'period', key: `${qingshan.id}|2026|1`, book: qingshan.id, data: closedPeriod(qingshan.id, 2026, 1, [january[0]!, revised]) },
      { kind: 'voucher', key: january[0]!.id, book: qingshan.id, data: january[0] },
      { kind: 'voucher', key: revised.id, book: qingshan.id, data: revised },
    ];
    const byKey = (a: { kind: string; key: string }, b: { kind: string; key: string }) => (a.kind + a.key < b.kind + b.key ? -1 : 1);
    expect([...received].sort(byKey)).toEqual([...expected].sort(byKey));
    expect(received.map((r) => `${r.kind}|${r.key}`)).toEqual(received.map((r) => `${r.kind}|${r.key}`).sort());
    expect(last.counts).toEqual({ book: 1, account: chart(qingshan.id).length, period: 1, voucher: 2 });
    expect(last.digest).toBe(recordsDigest(sha256, expected));
    expect(last.periodChecks).toEqual([expect.objectContaining({ bookId: qingshan.id, year: 2026, month: 1, status: '已对账', countyDigest: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
  });
});
