import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/id';
import { caller } from '../../../test/helpers/core';
import { tempDir } from '../../../test/helpers/tmp';
import type { CoreServices } from '../context';
import { openDatabase } from '../db/open';
import { createDispatcher } from '../dispatcher';
import { handlers, type Handlers } from '../handlers';
import { createUser, openSession } from './users';
import { openCore, type Core } from '../index';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let clock: Date;
const open = () => openCore({ dataDir: dir.path, mode: 'browser', appVersion: '1', log: () => {}, now: () => clock, backupSchedule: false });
const minutes = (n: number) => {
  clock = new Date(clock.getTime() + n * 60_000);
};

beforeEach(() => {
  dir = tempDir();
  clock = new Date('2026-03-02T01:00:00Z'); // 09:00 北京时间
  core = open();
});
afterEach(() => {
  core.close();
  dir.cleanup();
});

const wang = { id: uuidv7(), username: 'wang', displayName: '王会计', password: 'wang-password1', roles: ['admin' as const] };

function lastSeen(): string | null {
  const raw = new Database(core.databaseFile, { readonly: true });
  try {
    return (raw.prepare('SELECT last_seen_at FROM user_session').get() as { last_seen_at: string | null }).last_seen_at;
  } finally {
    raw.close();
  }
}

describe('password rules', () => {
  it('wants at least 8 characters with letters and digits, in Chinese', async () => {
    const anon = caller(core);
    for (const [password, messages] of [
      ['abcdefgh', ['密码须同时包含字母和数字']],
      ['12345678', ['密码须同时包含字母和数字']],
      ['ab12', ['密码至少8位']],
    ] as const) {
      const error = await anon.fails('auth.bootstrap', { ...wang, password });
      expect(error.code).toBe('INVALID_INPUT');
      expect((error.details as { message: string }[]).map((d) => d.message)).toEqual(messages);
    }
    await anon.ok('auth.bootstrap', { ...wang, password: '青山镇2026abc' });
  });
});

describe('lockout after repeated failed logins', () => {
  it('locks the login name for 15 minutes after 5 failures, says until when, and survives a restart', async () => {
    await caller(core).ok('auth.bootstrap', wang);
    const anon = () => caller(core);
    for (let i = 0; i < 3; i++) expect(await anon().fails('auth.login', { username: 'wang', password: `guess${i}xyz` })).toEqual({ code: 'UNAUTHORIZED', message: '登录名或密码不正确' });
    core.close();
    core = open(); // the count is in the database, not in memory
    expect((await anon().fails('auth.login', { username: 'wang', password: 'guess3xyz' })).message).toBe('登录名或密码不正确');
    const locked = await anon().fails('auth.login', { username: 'wang', password: 'guess4xyz' });
    expect(locked).toEqual({
      code: 'UNAUTHORIZED',
      message: '该登录名连续 5 次密码错误，已被锁定。请于 09:15（约 15 分钟后）再试；如忘记密码，请联系管理员。',
      details: { lockedUntil: '2026-03-02T01:15:00.000Z' },
    });
    // While locked, even the right password is not tried.
    minutes(10);
    expect((await anon().fails('auth.login', { username: 'wang', password: 'wang-password1' })).message).toContain('请于 09:15（约 5 分钟后）再试');
    minutes(5);
    expect((await anon().ok('auth.login', { username: 'wang', password: 'wang-password1' })).user.username).toBe('wang');
    // A success clears the count: four more failures do not lock.
    for (let i = 0; i < 4; i++) expect((await anon().fails('auth.login', { username: 'wang', password: 'nope1234' })).message).toBe('登录名或密码不正确');
  });

  it('locks a name that does not exist just the same (no probing for names)', async () => {
    await caller(core).ok('auth.bootstrap', wang);
    for (let i = 0; i < 4; i++) await caller(core).fails('auth.login', { username: 'nobody', password: 'x1234567' });
    expect((await caller(core).fails('auth.login', { username: 'nobody', password: 'x1234567' })).message).toMatch(/^该登录名连续 5 次密码错误，已被锁定/);
    // Another name is not affected.
    expect((await caller(core).ok('auth.login', { username: 'wang', password: 'wang-password1' })).user.username).toBe('wang');
  });
});

describe('idle lock of the session', () => {
  it('ends a session after 30 minutes without a command, and records activity at most once a minute', async () => {
    const { token } = await caller(core).ok('auth.bootstrap', wang);
    const me = caller(core, token);
    expect(lastSeen()).toBe('2026-03-02T01:00:00.000Z');
    minutes(0.5);
    await me.ok('user.list', {});
    expect(lastSeen()).toBe('2026-03-02T01:00:00.000Z'); // within the minute: no write
    minutes(29);
    await me.ok('user.list', {});
    expect(lastSeen()).toBe('2026-03-02T01:29:30.000Z');
    minutes(29.9);
    await me.ok('user.list', {}); // still alive: 29.9 minutes since the last command
    minutes(30);
    expect(await me.fails('user.list', {})).toEqual({ code: 'UNAUTHORIZED', message: '会话已超时，请重新登录' });
    // Public commands still answer, as to nobody.
    expect(await me.ok('auth.status', {})).toEqual({ hasUsers: true, user: null });
    const again = await caller(core).ok('auth.login', { username: 'wang', password: 'wang-password1' });
    expect((await caller(core, again.token).ok('user.list', {})).map((u) => u.username)).toEqual(['wang']);
  });
});

describe('logs', () => {
  it('never print a command’s input, and scrub secrets out of the errors they print', async () => {
    const db = openDatabase(`${dir.path}/log.db`);
    const lines: string[] = [];
    const capture = (message: string, error: unknown) => lines.push(`${message} ${error instanceof Error ? `${error.message}\n${error.stack}` : String(error)}`);
    const services = {
      read: db.read,
      write: db.write,
      emit: () => {},
      now: () => clock,
      info: { appVersion: '1', mode: 'browser', dataDir: dir.path, databaseFile: `${dir.path}/log.db`, schemaVersion: 7, sqliteVersion: '' },
    } as unknown as CoreServices;
    const failing: Handlers = {
      ...handlers,
      'auth.bootstrap': (input) => {
        // A careless error that quotes the input.
        throw new Error(`cannot create ${input.username} with ${input.password}`);
      },
      'backup.verify': (input) => {
        throw Object.assign(new Error(`disk full while reading ${input.file} (${input.password})`), { code: 'SQLITE_FULL' });
      },
    };
    const dispatch = createDispatcher(failing, services, capture);
    const internal = await dispatch('auth.bootstrap', { ...wang, password: 'Secret-pass-2026' });
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    // A storage failure of an admin's command, logged too.
    const { token } = openSession(db.write, await createUser(db.write, wang, clock), clock);
    const storage = await dispatch('backup.verify', { file: '/mnt/usb/x.xcbak', password: 'Backup-key-2026' }, token);
    expect(storage).toMatchObject({ ok: false, error: { code: 'STORAGE_ERROR' } });
    db.close();

    const text = lines.join('\n');
    expect(text).toContain('command auth.bootstrap failed');
    expect(text).toContain('cannot create wang with [已隐去]');
    expect(text).toContain('command backup.verify failed on storage');
    expect(text).toContain('disk full while reading /mnt/usb/x.xcbak ([已隐去])');
    for (const secret of ['Secret-pass-2026', 'Backup-key-2026']) expect(text).not.toContain(secret);
  });
});
