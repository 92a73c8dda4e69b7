import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, databaseKinds, type TestServer } from './harness';
import { TestDevice, change } from './device';
import { appropriation, book, bookChanges, voucherChange } from './records';

/**
 * Identity, signing and the idempotent change stream, on both databases: enrollment with a
 * one-time code; unsigned, tampered, replayed, clock-skewed, retired, fenced and other-township
 * requests refused with typed errors; the same change again harmless, a different change under
 * the same (device, seq) a typed conflict; gaps and broken chains refused whole.
 */
describe.each(databaseKinds)('device protocol on %s', (kind) => {
  let server: TestServer;
  let device: TestDevice;
  const qingshan = book('420102');

  const newCode = async (township = '420102001') => (await server.admin.ok('POST', `/api/townships/${township}/enrollment-codes`)).code as string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    await server.admin.ok('POST', '/api/townships', { code: '420102001', name: '青山镇' });
    await server.admin.ok('POST', '/api/townships', { code: '420103002', name: '白沙镇' });
    device = new TestDevice(server.url);
  }, 60_000);
  afterAll(() => server.close(), 30_000);

  it('enrolls once with a one-time code, proving possession of the key it registers', async () => {
    const bad = await device.enroll('ABCD-EFGH-JKMN');
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'ENROLLMENT_CODE_INVALID', message: expect.stringContaining('登记码无效') } });

    const code = await newCode();
    // A proof made with another key is refused and does not use up the code.
    const impostor = new TestDevice(server.url);
    const forged = await fetch(`${server.url}/sync/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xc-protocol': '1', 'x-xc-app-version': '0.1.0' },
      body: JSON.stringify({ code, publicKey: impostor.publicKey, label: 'x', appVersion: '0.1.0', installationId: 'i', proof: Buffer.alloc(64, 1).toString('base64') }),
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ ok: false, error: { code: 'BAD_SIGNATURE' } });

    const enrolled = await device.enroll(code.toLowerCase());
    expect(enrolled.body).toMatchObject({ ok: true, value: { townshipCode: '420102001', townshipName: '青山镇', epoch: 1, versions: { protocol: 1, schema: 1 } } });
    const reused = await new TestDevice(server.url).enroll(code);
    expect(reused.body).toMatchObject({ ok: false, error: { code: 'ENROLLMENT_CODE_INVALID' } });
    expect(await server.admin.ok('GET', '/api/townships/420102001/devices')).toEqual([expect.objectContaining({ id: device.deviceId, status: 'active', current: true, epoch: 1 })]);
  });

  it('stores a page of changes and acknowledges the highest contiguous sequence', async () => {
    const pushed = await device.push([...bookChanges(qingshan), voucherChange(appropriation(qingshan.id, 1, 100_000_00))]);
    expect(pushed.body).toMatchObject({ ok: true, value: { ack: 9, applied: 9, duplicates: 0, issues: [] } });
    expect(await server.admin.ok('GET', '/api/townships/420102001/books')).toEqual([expect.objectContaining({ id: qingshan.id, vouchers: 1, postedVouchers: 1 })]);
  });

  it('takes the same page again harmlessly, and refuses a different change under the same sequence', async () => {
    // The exact page of seqs 1..9 again (as a device that lost the acknowledgement resends it).
    const replay = device.history.slice(0, 9).map((c) => change(c.kind, c.key, c.book, c.data, c.op));
    const page = device.page(replay, 1);
    const repeat = await device.send('/sync/v1/push', page);
    expect(repeat.body).toMatchObject({ ok: true, value: { ack: 9, applied: 0, duplicates: 9 } });

    const altered = replay.map((c, i) => (i === 8 ? { ...c, data: { ...(c.data as object), attachments: 5 } } : c));
    const conflict = await device.send('/sync/v1/push', device.page(altered, 1));
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ ok: false, error: { code: 'SEQUENCE_CONFLICT', message: expect.stringContaining('第 9 号变更'), details: { ack: 9, seqs: [9] } } });
    // Nothing of the conflicting page was kept.
    const voucher = await server.admin.ok('GET', `/api/townships/420102001/books/${qingshan.id}/vouchers?year=2026`);
    expect(voucher[0].attachments).toBe(1);
  });

  it('refuses a page that leaves a gap, or whose chain does not continue the stored one', async () => {
    const gap = await device.send('/sync/v1/push', device.page([voucherChange(appropriation(qingshan.id, 2, 5_00))], 12));
    expect(gap.status).toBe(409);
    expect(gap.body).toMatchObject({ ok: false, error: { code: 'SEQUENCE_GAP', details: { ack: 9 } } });

    const page = device.page([voucherChange(appropriation(qingshan.id, 2, 5_00))]);
    const broken = await device.send('/sync/v1/push', { ...page, headHash: 'f'.repeat(64) });
    expect(broken.body).toMatchObject({ ok: false, error: { code: 'CHAIN_BROKEN' } });
    const wrongPrev = await device.send('/sync/v1/push', { ...page, prevHash: '0'.repeat(64) });
    expect(wrongPrev.body).toMatchObject({ ok: false, error: { code: 'CHAIN_BROKEN' } });
    const ok = await device.push([voucherChange(appropriation(qingshan.id, 2, 5_00))]);
    expect(ok.body).toMatchObject({ ok: true, value: { ack: 10, applied: 1 } });
  });

  it('refuses unsigned, tampered, replayed and clock-skewed requests', async () => {
    const unsigned = await device.pull(0, 4096).then(() => device.send('/sync/v1/pull', { cursor: 0 }, { unsigned: true }));
    expect(unsigned.status).toBe(401);
    expect(unsigned.body).toMatchObject({ ok: false, error: { code: 'UNSIGNED' } });

    const tampered = await device.send('/sync/v1/pull', { cursor: 0 }, { encoding: 'identity', tamper: () => Buffer.from(JSON.stringify({ cursor: 5 })) });
    expect(tampered.body).toMatchObject({ ok: false, error: { code: 'BAD_SIGNATURE', message: expect.stringContaining('被改动') } });

    const original = await device.send('/sync/v1/pull', { cursor: 0 });
    expect(original.body.ok).toBe(true);
    const replayed = await fetch(`${server.url}/sync/v1/pull`, { method: 'POST', headers: device.lastHeaders, body: device.lastBody });
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toMatchObject({ ok: false, error: { code: 'REPLAYED' } });

    const skewed = await device.send('/sync/v1/pull', { cursor: 0 }, { timeOffsetMs: -3600_000 });
    expect(skewed.body).toMatchObject({ ok: false, error: { code: 'CLOCK_SKEW', details: { serverTime: expect.any(String) } } });

    const forgedEpoch = await device.send('/sync/v1/pull', { cursor: 0 }, { epoch: 7 });
    expect(forgedEpoch.body).toMatchObject({ ok: false, error: { code: 'DEVICE_FENCED' } });

    const stranger = new TestDevice(server.url);
    stranger.deviceId = device.deviceId;
    stranger.epoch = device.epoch;
    const wrongKey = await stranger.send('/sync/v1/pull', { cursor: 0 });
    expect(wrongKey.body).toMatchObject({ ok: false, error: { code: 'BAD_SIGNATURE' } });
  });

  it('refuses an app below the minimum version and another protocol, naming what to do', async () => {
    server.ctx.config.minAppVersion = '0.2.0';
    try {
      const old = await device.send('/sync/v1/pull', { cursor: 0 });
      expect(old.status).toBe(426);
      expect(old.body).toMatchObject({ ok: false, error: { code: 'APP_TOO_OLD', message: expect.stringContaining('0.2.0') } });
    } finally {
      server.ctx.config.minAppVersion = '0.0.0';
    }
    const r = await fetch(`${server.url}/sync/v1/pull`, { method: 'POST', headers: { ...device.lastHeaders, 'x-xc-protocol': '99' }, body: device.lastBody });
    expect(await r.json()).toMatchObject({ ok: false, error: { code: 'PROTOCOL_MISMATCH' } });
  });

  it("keeps townships apart: another township's device can neither write into nor read this township's books", async () => {
    const baisha = new TestDevice(server.url);
    await baisha.enroll(await newCode('420103002'));
    // Writing into 青山镇's book: refused, typed.
    const intrusion = await baisha.push([voucherChange(appropriation(qingshan.id, 3, 1_00))]);
    expect(intrusion.body).toMatchObject({ ok: true, value: { issues: [expect.objectContaining({ status: 'rejected', reason: 'NOT_OWNER', message: expect.stringContaining('其他乡镇') })] } });
    // Claiming the book itself: refused (region code and first owner).
    const claim = await baisha.push(bookChanges(qingshan).slice(0, 1));
    expect(claim.body).toMatchObject({ ok: true, value: { issues: expect.arrayContaining([expect.objectContaining({ reason: 'NOT_OWNER' })]) } });
    const vouchers = await server.admin.ok('GET', `/api/townships/420102001/books/${qingshan.id}/vouchers?year=2026`);
    expect(vouchers).toHaveLength(2);
    // Reading: its pull holds only its own township's feed; the operator API is closed to devices.
    await server.admin.ok('POST', '/api/townships/420102001/indicators', { bookId: qingshan.id, date: '2026-01-10', year: 2026, funcCode: '2010301', econDepCode: '30201', econGovCode: '50201', fundNature: '一般公共预算', docNo: '青财预〔2026〕1号', payMethod: '直接支付', amount: 50_000_00 });
    const theirs = await baisha.pull(0);
    expect(theirs.body.ok && theirs.body.value.changes).toEqual([]);
    const ours = await device.pull(0);
    expect(ours.body.ok && ours.body.value.changes).toEqual([expect.objectContaining({ kind: 'countyDecision', book: qingshan.id })]);
    expect((await fetch(`${server.url}/api/townships/420102001/books`, { headers: baisha.lastHeaders })).status).toBe(401);
  });

  it('refuses a retired device, and fences the old device when a replacement enrolls', async () => {
    const spare = new TestDevice(server.url);
    await spare.enroll(await newCode('420103002'));
    await server.admin.ok('POST', `/api/devices/${spare.deviceId}/retire`);
    const retired = await spare.pull(0);
    expect(retired.status).toBe(403);
    expect(retired.body).toMatchObject({ ok: false, error: { code: 'DEVICE_RETIRED', message: expect.stringContaining('停用') } });

    const replacement = new TestDevice(server.url);
    const enrolled = await replacement.enroll(await newCode(), '新电脑');
    expect(enrolled.body).toMatchObject({ ok: true, value: { epoch: 2 } });
    const fenced = await device.push([voucherChange(appropriation(qingshan.id, 4, 1_00))]);
    expect(fenced.status).toBe(403);
    expect(fenced.body).toMatchObject({ ok: false, error: { code: 'DEVICE_FENCED', message: expect.stringContaining('已被取代') } });
    const devices = await server.admin.ok('GET', '/api/townships/420102001/devices');
    expect(devices.map((d: { label: string; current: boolean }) => [d.label, d.current])).toEqual([['财政所电脑', false], ['新电脑', true]]);
    // The replacement writes the same book (same township) from its own sequence.
    const resumed = await replacement.push([voucherChange(appropriation(qingshan.id, 5, 2_00))]);
    expect(resumed.body).toMatchObject({ ok: true, value: { ack: 1, applied: 1, issues: [] } });
  });

  it('answers malformed payloads with typed errors and stays up', async () => {
    const replacement = new TestDevice(server.url);
    await replacement.enroll(await newCode());
    const cases: [unknown, string][] = [
      ['{"changes": [', 'INVALID_INPUT'],
      [{}, 'INVALID_INPUT'],
      [{ prevHash: '0'.repeat(64), headHash: '0'.repeat(64), changes: [] }, 'INVALID_INPUT'],
      [{ prevHash: '0'.repeat(64), headHash: '0'.repeat(64), changes: [{ seq: 1, kind: 'nonsense', key: 'k', book: null, op: 'put', schema: 1, data: {} }] }, 'INVALID_INPUT'],
      [{ prevHash: 'zz', headHash: '0'.repeat(64), changes: [change('book', 'b', 'b', {})] }, 'INVALID_INPUT'],
      [{ prevHash: '0'.repeat(64), headHash: '0'.repeat(64), changes: [{ ...change('book', 'b', 'b', {}), seq: 1, schema: 1 }, { ...change('book', 'c', 'c', {}), seq: 3, schema: 1 }] }, 'INVALID_INPUT'],
    ];
    for (const [payload, code] of cases) {
      const r = await replacement.send('/sync/v1/push', payload);
      expect(r.body).toMatchObject({ ok: false, error: { code } });
    }
    const garbage = await replacement.send('/sync/v1/push', { x: 1 }, { tamper: (b) => b, encoding: 'identity', headers: { ...replacement.lastHeaders, 'content-encoding': 'br' } });
    expect(garbage.body.ok).toBe(false);
    const notBrotli = await fetch(`${server.url}/sync/v1/enroll`, { method: 'POST', headers: { 'content-encoding': 'br', 'x-xc-protocol': '1' }, body: Buffer.from('not brotli at all') });
    expect(await notBrotli.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('无法解压') } });
    const weird = await fetch(`${server.url}/sync/v1/enroll`, { method: 'POST', headers: { 'content-encoding': 'zstd', 'x-xc-protocol': '1' }, body: Buffer.from('x') });
    expect(await weird.json()).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_ENCODING' } });
    // A schema-valid change with a record that breaks its kind's schema: stored as rejected, typed.
    const badRecord = await replacement.push([change('book', 'b-1', 'b-1', { id: 'b-1', name: 42 })]);
    expect(badRecord.body).toMatchObject({ ok: true, value: { issues: [expect.objectContaining({ reason: 'SCHEMA_INVALID', status: 'rejected', message: expect.stringContaining('数据格式不正确') })] } });
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe('device rate limit', () => {
  it('answers RATE_LIMITED once a device passes its requests per minute', async () => {
    const server = await startTestServer('pglite', { deviceRatePerMinute: 5 });
    try {
      await server.admin.ok('POST', '/api/townships', { code: '420102001', name: '青山镇' });
      const device = new TestDevice(server.url);
      await device.enroll((await server.admin.ok('POST', '/api/townships/420102001/enrollment-codes')).code);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await device.pull(0)).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      const limited = await device.pull(0);
      expect(limited.body).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringContaining('过于频繁') } });
    } finally {
      await server.close();
    }
  }, 60_000);
});
