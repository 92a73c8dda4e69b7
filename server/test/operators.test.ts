import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, serverMigrations } from '../src/db/migrate';
import { apiClient, databaseKinds, openTestDatabase, startTestServer, type TestServer } from './harness';

describe.each(databaseKinds)('county server basics on %s', (kind) => {
  let server: TestServer;
  const updates = { path: mkdtempSync(join(tmpdir(), 'xiangcai-updates-')), cleanup() { rmSync(this.path, { recursive: true, force: true }); } };

  beforeAll(async () => {
    mkdirSync(updates.path, { recursive: true });
    writeFileSync(join(updates.path, 'latest.yml'), 'version: 0.2.0\npath: xiangcai-setup-0.2.0.exe\n');
    writeFileSync(join(updates.path, 'xiangcai-setup-0.2.0.exe'), Buffer.alloc(4096, 7));
    server = await startTestServer(kind, { updatesDir: updates.path, bodyLimit: 64 * 1024 });
  }, 60_000);
  afterAll(async () => {
    await server.close();
    updates.cleanup();
  }, 30_000);

  it('records its schema version and refuses a database from a newer server', async () => {
    const rows = await server.db.query<{ version: number }>('SELECT version FROM schema_version ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(serverMigrations.map((m) => m.version));
    // Migrating again changes nothing.
    const latest = serverMigrations[serverMigrations.length - 1]!.version;
    expect(await migrate(server.db)).toEqual({ from: latest, to: latest });
    await expect(migrate(server.db, [])).rejects.toThrow(/更新版本的县级服务器/);
  });

  it('logs operators in with scrypt passwords, and enforces the roles 管理员/审核/只读', async () => {
    const anon = apiClient(server.url);
    const wrong = await anon.request('POST', '/api/login', { username: 'admin', password: 'not-it-123' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: '登录名或密码不正确' } });
    const stored = await server.db.query<{ password_hash: string }>(`SELECT password_hash FROM operator WHERE username = 'admin'`);
    expect(stored[0]!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);

    const weak = await server.admin.request('POST', '/api/operators', { username: 'zhang', displayName: '张审核', password: 'onlyletters', role: 'reviewer' });
    expect(weak.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('密码须同时包含字母和数字') } });
    await server.admin.ok('POST', '/api/operators', { username: 'zhang', displayName: '张审核', password: 'zhang-pass1', role: 'reviewer' });
    await server.admin.ok('POST', '/api/operators', { username: 'zhao', displayName: '赵只读', password: 'zhao-pass1', role: 'readonly' });
    const duplicate = await server.admin.request('POST', '/api/operators', { username: 'zhang', displayName: '又一个', password: 'zhang-pass2', role: 'readonly' });
    expect(duplicate.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const reviewer = apiClient(server.url, (await anon.ok('POST', '/api/login', { username: 'zhang', password: 'zhang-pass1' })).token);
    const reader = apiClient(server.url, (await anon.ok('POST', '/api/login', { username: 'zhao', password: 'zhao-pass1' })).token);
    expect(await reader.ok('GET', '/api/me')).toMatchObject({ username: 'zhao', role: 'readonly', roleLabel: '只读' });
    const denied = await reader.request('POST', '/api/townships', { code: '420102001', name: '青山镇' });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '权限不足：此操作需要 管理员 角色' } });
    expect((await reviewer.request('POST', '/api/townships', { code: '420102001', name: '青山镇' })).status).toBe(403);
    expect((await anon.request('GET', '/api/townships')).body).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });

    // Logout ends the token.
    await reader.ok('POST', '/api/logout');
    expect((await reader.request('GET', '/api/me')).status).toBe(401);
  });

  it('locks a login name after repeated failures', async () => {
    const anon = apiClient(server.url);
    for (let i = 0; i < 5; i++) await anon.request('POST', '/api/login', { username: 'zhang', password: `wrong-${i}x` });
    const locked = await anon.request('POST', '/api/login', { username: 'zhang', password: 'zhang-pass1' });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ ok: false, error: { code: 'LOGIN_LOCKED' } });
  });

  it('registers townships, issues one-time enrollment codes, lists devices', async () => {
    await server.admin.ok('POST', '/api/townships', { code: '420102001', name: '青山镇' });
    const bad = await server.admin.request('POST', '/api/townships', { code: '42', name: '短' });
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('财政区划代码') } });
    const again = await server.admin.request('POST', '/api/townships', { code: '420102001', name: '青山镇' });
    expect(again.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const code = await server.admin.ok('POST', '/api/townships/420102001/enrollment-codes');
    expect(code.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    // Stored only as a hash.
    const stored = await server.db.query<{ code_hash: string }>('SELECT code_hash FROM enrollment_code');
    expect(stored.some((r) => r.code_hash.includes(code.code.replace(/-/g, '')))).toBe(false);
    expect(await server.admin.ok('GET', '/api/townships/420102001/devices')).toEqual([]);
    expect((await server.admin.request('POST', '/api/townships/999999999/enrollment-codes')).status).toBe(404);
    expect(await server.admin.ok('GET', '/api/townships')).toEqual([expect.objectContaining({ code: '420102001', name: '青山镇', epoch: 0, devices: 0 })]);
  });

  it('serves electron-updater files from the configured directory, and nothing outside it', async () => {
    const yml = await fetch(`${server.url}/updates/latest.yml`);
    expect(yml.status).toBe(200);
    expect(await yml.text()).toContain('version: 0.2.0');
    const installer = await fetch(`${server.url}/updates/xiangcai-setup-0.2.0.exe`);
    expect(installer.status).toBe(200);
    expect((await installer.arrayBuffer()).byteLength).toBe(4096);
    for (const path of ['/updates/missing.yml', '/updates/..%2f..%2fetc%2fpasswd', '/updates/%2e%2e/package.json']) {
      const r = await fetch(server.url + path);
      expect(r.status).toBe(404);
    }
  });

  it('refuses bodies above the limit and unknown paths with typed Chinese errors', async () => {
    const big = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'x'.repeat(3 * 1024 * 1024), password: 'y' }) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ ok: false, error: { code: 'BODY_TOO_LARGE' } });
    const garbage = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const devicePush = await fetch(`${server.url}/sync/v1/push`, { method: 'POST', body: Buffer.alloc(128 * 1024, 1) });
    expect(devicePush.status).toBe(413);
    expect(await (await fetch(`${server.url}/health`)).json()).toMatchObject({ ok: true });
  });
});

describe('PostgreSQL test database', () => {
  it('gives each test file a schema of its own', async () => {
    const a = await openTestDatabase('postgres');
    const b = await openTestDatabase('postgres');
    await migrate(a.db);
    expect(await b.db.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'operator'`)).toEqual([]);
    await a.drop();
    await b.drop();
  }, 60_000);
});
