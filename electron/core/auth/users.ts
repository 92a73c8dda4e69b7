import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/api/errors';
import type { Role, UserCreateInput, UserResetPasswordInput } from '../../../shared/api/schemas';
import type { Session, User } from '../../../shared/api/types';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { hashPassword, verifyPassword } from './password';

const sessionHours = 12;

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  enabled: number;
  roles: string | null;
}

const selectUsers = `
  SELECT u.*, (SELECT group_concat(role) FROM user_role r WHERE r.user_id = u.id) AS roles
  FROM app_user u`;

const roleOrder: Role[] = ['accountant', 'reviewer', 'cashier', 'supervisor', 'admin'];

function toUser(row: UserRow): User {
  const roles = new Set((row.roles ?? '').split(',').filter(Boolean));
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: roleOrder.filter((r) => roles.has(r)),
    enabled: row.enabled === 1,
  };
}

export function listUsers(db: ReadableDB): User[] {
  return db.all<UserRow>({ text: `${selectUsers} ORDER BY u.created_at, u.id`, params: [] }).map(toUser);
}

export function findUser(db: ReadableDB | WritableDB, id: string): User | null {
  const row = db.get<UserRow>({ text: `${selectUsers} WHERE u.id = ?`, params: [id] });
  return row ? toUser(row) : null;
}

export function hasUsers(db: ReadableDB): boolean {
  return !!db.get(sql`SELECT 1 FROM app_user LIMIT 1`);
}

export async function createUser(write: WritableDB, input: UserCreateInput, now: Date): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return write.transaction((db) => insertUser(db, input, passwordHash, now));
}

/** 重设密码: the new hash; the user's sessions end and a lock from failed logins is lifted. */
export async function resetPassword(write: WritableDB, input: UserResetPasswordInput): Promise<User> {
  const target = findUser(write, input.id);
  if (!target || target.username.startsWith('__')) throw new AppError('NOT_FOUND', '找不到该用户');
  const passwordHash = await hashPassword(input.password);
  write.transaction((db) => {
    db.run(sql`UPDATE app_user SET password_hash = ${passwordHash} WHERE id = ${target.id}`);
    db.run(sql`DELETE FROM user_session WHERE user_id = ${target.id}`);
    db.run(sql`DELETE FROM login_throttle WHERE username = ${target.username}`);
  });
  return findUser(write, target.id)!;
}

/** The user row and roles; the caller holds the transaction (and hashed the password before it, as hashing takes ~100 ms). */
export function insertUser(db: WritableDB, input: UserCreateInput, passwordHash: string, now: Date): User {
  if (db.get(sql`SELECT 1 FROM app_user WHERE username = ${input.username}`)) {
    throw new AppError('CONFLICT', `登录名“${input.username}”已被使用`, { issues: [{ path: ['username'], message: '登录名已存在' }] });
  }
  db.run(sql`INSERT INTO app_user (id, username, display_name, password_hash, enabled, created_at)
             VALUES (${input.id}, ${input.username}, ${input.displayName}, ${passwordHash}, 1, ${now.toISOString()})`);
  for (const role of new Set(input.roles)) db.run(sql`INSERT INTO user_role (user_id, role) VALUES (${input.id}, ${role})`);
  return findUser(db, input.id)!;
}

/** 本机第一次使用: the first user and their session, in one transaction (one audit entry). */
export async function bootstrap(write: WritableDB, input: UserCreateInput, now: Date): Promise<Session> {
  const passwordHash = await hashPassword(input.password);
  return write.transaction((db) => {
    if (db.get(sql`SELECT 1 FROM app_user LIMIT 1`)) throw new AppError('CONFLICT', '本机已有用户，请登录后由管理员添加新用户');
    return openSession(db, insertUser(db, input, passwordHash, now), now);
  });
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Failed logins in a row before the login name is locked, and for how long. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** A session with no command for this long is locked: the user logs in again. */
export const IDLE_MINUTES = 30;
/** last_seen_at is written at most this often (one write a minute per active user, not one per command). */
export const TOUCH_EVERY_MS = 60_000;

export function openSession(write: WritableDB, user: User, now: Date): Session {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + sessionHours * 3600_000).toISOString();
  write.run(sql`INSERT INTO user_session (token_hash, user_id, created_at, expires_at, last_seen_at)
                VALUES (${hashToken(token)}, ${user.id}, ${now.toISOString()}, ${expiresAt}, ${now.toISOString()})`);
  return { token, user, expiresAt };
}

/** 15:42 (北京时间), for “请于 15:42 之后再试”. */
function clock(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 16);
}

function lockedOut(lockedUntil: string, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 60_000));
  return new AppError(
    'UNAUTHORIZED',
    `该登录名连续 ${LOCK_AFTER_FAILURES} 次密码错误，已被锁定。请于 ${clock(lockedUntil)}（约 ${minutes} 分钟后）再试；如忘记密码，请联系管理员。`,
    { lockedUntil },
  );
}

/**
 * 登录. Failed attempts are counted per login name in the database (so a restart does not
 * reset them, and a name that does not exist is locked just like one that does: no probing
 * for names). After LOCK_AFTER_FAILURES in a row the name is locked for LOCK_MINUTES; while
 * locked, not even the right password is tried. Each attempt is written in its own (audited)
 * transaction, so refused logins leave their trace in the audit log.
 */
export async function login(write: WritableDB, username: string, password: string, now: Date): Promise<Session> {
  const stamp = now.toISOString();
  const throttle = write.get<{ locked_until: string | null }>(sql`SELECT locked_until FROM login_throttle WHERE username = ${username}`);
  if (throttle?.locked_until && throttle.locked_until > stamp) throw lockedOut(throttle.locked_until, now);

  const row = write.get<UserRow>({ text: `${selectUsers} WHERE u.username = ?`, params: [username] });
  // The same message whether the name or the password is wrong: no probing for names.
  const refused = new AppError('UNAUTHORIZED', '登录名或密码不正确');
  let ok = false;
  if (row) ok = await verifyPassword(password, row.password_hash);
  else await hashPassword(password); // equal time either way

  if (!ok) {
    const lockedUntil = write.transaction((db) => {
      db.run(sql`
        INSERT INTO login_throttle (username, failures, locked_until) VALUES (${username}, 1, NULL)
        ON CONFLICT (username) DO UPDATE SET
          failures = CASE WHEN locked_until IS NOT NULL AND locked_until <= ${stamp} THEN 1 ELSE failures + 1 END,
          locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= ${stamp} THEN NULL ELSE locked_until END`);
      const failures = db.get<{ failures: number }>(sql`SELECT failures FROM login_throttle WHERE username = ${username}`)!.failures;
      if (failures < LOCK_AFTER_FAILURES) {
        db.note({ outcome: '密码错误', failures });
        return null;
      }
      const until = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
      db.run(sql`UPDATE login_throttle SET failures = 0, locked_until = ${until} WHERE username = ${username}`);
      db.note({ outcome: '连续密码错误，已锁定', lockedUntil: until });
      return until;
    });
    throw lockedUntil ? lockedOut(lockedUntil, now) : refused;
  }
  if (row!.enabled !== 1) throw new AppError('FORBIDDEN', '该用户已被停用，请联系管理员');
  return write.transaction((db) => {
    db.run(sql`DELETE FROM login_throttle WHERE username = ${username}`);
    db.note({ outcome: '登录成功', userId: row!.id });
    return openSession(db, toUser(row!), now);
  });
}

export type SessionLookup =
  | { status: 'active'; user: User; tokenHash: string; lastSeenAt: string }
  | { status: 'none' | 'expired' | 'idle' };

/** The session of a token: active, or why not (idle sessions get their own message). */
export function lookupSession(db: ReadableDB, token: string, now: Date): SessionLookup {
  const tokenHash = hashToken(token);
  const row = db.get<{ user_id: string; expires_at: string; created_at: string; last_seen_at: string | null }>(
    sql`SELECT user_id, expires_at, created_at, last_seen_at FROM user_session WHERE token_hash = ${tokenHash}`,
  );
  if (!row) return { status: 'none' };
  if (row.expires_at <= now.toISOString()) return { status: 'expired' };
  const lastSeenAt = row.last_seen_at ?? row.created_at;
  if (now.getTime() - Date.parse(lastSeenAt) >= IDLE_MINUTES * 60_000) return { status: 'idle' };
  const user = findUser(db, row.user_id);
  return user && user.enabled ? { status: 'active', user, tokenHash, lastSeenAt } : { status: 'none' };
}

export function userForSession(db: ReadableDB, token: string, now: Date): User | null {
  const found = lookupSession(db, token, now);
  return found.status === 'active' ? found.user : null;
}

/**
 * Session bookkeeping, not business data: written on the core's own handle, outside any
 * command, so it is not audited; at most once a minute per session.
 */
export function touchSession(write: WritableDB, found: { tokenHash: string; lastSeenAt: string }, now: Date): void {
  if (now.getTime() - Date.parse(found.lastSeenAt) < TOUCH_EVERY_MS) return;
  write.run(sql`UPDATE user_session SET last_seen_at = ${now.toISOString()} WHERE token_hash = ${found.tokenHash}`);
}

export function closeSession(write: WritableDB, token: string): void {
  write.run(sql`DELETE FROM user_session WHERE token_hash = ${hashToken(token)}`);
}
