import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/id';
import { caller } from '../../../test/helpers/core';
import { tempDir } from '../../../test/helpers/tmp';
import { openCore, type Core } from '../index';

let dir: ReturnType<typeof tempDir>;
let core: Core;
beforeEach(() => {
  dir = tempDir();
  core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '1', log: () => {} });
});
afterEach(() => {
  core.close();
  dir.cleanup();
});

const admin = () => ({ id: uuidv7(), username: 'wang', displayName: '王会计', password: 'correct horse 1', roles: ['admin', 'accountant', 'supervisor'] as const });

describe('users and sessions', () => {
  it('bootstraps the first user, who must be an admin, and only once', async () => {
    const anon = caller(core);
    expect(await anon.ok('auth.status', {})).toEqual({ hasUsers: false, user: null });
    const noAdmin = await anon.fails('auth.bootstrap', { ...admin(), roles: ['accountant'] });
    expect(noAdmin.code).toBe('RULE_VIOLATION');

    const session = await anon.ok('auth.bootstrap', { ...admin(), roles: [...admin().roles] });
    expect(session.user).toMatchObject({ username: 'wang', displayName: '王会计', roles: ['accountant', 'supervisor', 'admin'] });
    expect(session.token.length).toBeGreaterThan(30);

    const again = await anon.fails('auth.bootstrap', { ...admin(), username: 'li', roles: ['admin'] });
    expect(again.code).toBe('CONFLICT');
    expect(await caller(core, session.token).ok('auth.status', {})).toMatchObject({ hasUsers: true, user: { username: 'wang' } });
  });

  it('stores only a scrypt hash, logs in with the right password and refuses a wrong one', async () => {
    await caller(core).ok('auth.bootstrap', { ...admin(), roles: ['admin'] });
    const raw = new Database(core.databaseFile, { readonly: true });
    const stored = (raw.prepare('SELECT password_hash FROM app_user').get() as { password_hash: string }).password_hash;
    raw.close();
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain('correct horse 1');

    const wrong = await caller(core).fails('auth.login', { username: 'wang', password: 'wrong password' });
    expect(wrong).toEqual({ code: 'UNAUTHORIZED', message: '登录名或密码不正确' });
    const unknown = await caller(core).fails('auth.login', { username: 'nobody', password: 'correct horse 1' });
    expect(unknown.message).toBe('登录名或密码不正确');
    const session = await caller(core).ok('auth.login', { username: 'wang', password: 'correct horse 1' });
    expect(session.user.username).toBe('wang');
  });

  it('requires a session and the right role, and forgets a session at logout', async () => {
    const { token } = await caller(core).ok('auth.bootstrap', { ...admin(), roles: ['admin'] });
    expect((await caller(core).fails('user.list', {})).code).toBe('UNAUTHORIZED');
    expect((await caller(core, 'forged-token').fails('user.list', {})).code).toBe('UNAUTHORIZED');

    const asAdmin = caller(core, token);
    await asAdmin.ok('user.create', { id: uuidv7(), username: 'zhao', displayName: '赵出纳', password: 'cashier-pass1', roles: ['cashier'] });
    const cashier = await caller(core).ok('auth.login', { username: 'zhao', password: 'cashier-pass1' });
    const denied = await caller(core, cashier.token).fails('user.create', { id: uuidv7(), username: 'x', displayName: '某', password: 'whatever1', roles: ['reviewer'] });
    expect(denied).toEqual({ code: 'FORBIDDEN', message: '权限不足：此操作需要 管理员 角色' });

    const duplicate = await asAdmin.fails('user.create', { id: uuidv7(), username: 'zhao', displayName: '另一个', password: 'whatever1', roles: ['reviewer'] });
    expect(duplicate.code).toBe('CONFLICT');
    expect((await asAdmin.ok('user.list', {})).map((u) => u.username)).toEqual(['wang', 'zhao']);

    await asAdmin.ok('auth.logout', {});
    expect((await asAdmin.fails('user.list', {})).code).toBe('UNAUTHORIZED');
  });

  it('refuses a short password with a Chinese message', async () => {
    const error = await caller(core).fails('auth.bootstrap', { ...admin(), password: 'short1', roles: ['admin'] });
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.details).toEqual([{ path: ['password'], message: '密码至少8位' }]);
  });
});
