import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/api/errors';
import type { Role, UserCreateInput } from '../../../shared/api/schemas';
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
  write.transaction((db) => {
    if (db.get(sql`SELECT 1 FROM app_user WHERE username = ${input.username}`)) {
      throw new AppError('CONFLICT', `登录名“${input.username}”已被使用`, { issues: [{ path: ['username'], message: '登录名已存在' }] });
    }
    db.run(sql`INSERT INTO app_user (id, username, display_name, password_hash, enabled, created_at)
               VALUES (${input.id}, ${input.username}, ${input.displayName}, ${passwordHash}, 1, ${now.toISOString()})`);
    for (const role of new Set(input.roles)) db.run(sql`INSERT INTO user_role (user_id, role) VALUES (${input.id}, ${role})`);
  });
  return findUser(write, input.id)!;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function openSession(write: WritableDB, user: User, now: Date): Session {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + sessionHours * 3600_000).toISOString();
  write.run(sql`INSERT INTO user_session (token_hash, user_id, created_at, expires_at)
                VALUES (${hashToken(token)}, ${user.id}, ${now.toISOString()}, ${expiresAt})`);
  return { token, user, expiresAt };
}

export async function login(write: WritableDB, username: string, password: string, now: Date): Promise<Session> {
  const row = write.get<UserRow>({ text: `${selectUsers} WHERE u.username = ?`, params: [username] });
  // The same message whether the name or the password is wrong: no probing for names.
  const refused = new AppError('UNAUTHORIZED', '登录名或密码不正确');
  if (!row) {
    await hashPassword(password); // equal time either way
    throw refused;
  }
  if (!(await verifyPassword(password, row.password_hash))) throw refused;
  if (row.enabled !== 1) throw new AppError('FORBIDDEN', '该用户已被停用，请联系管理员');
  return openSession(write, toUser(row), now);
}

export function userForSession(db: ReadableDB, token: string, now: Date): User | null {
  const row = db.get<{ user_id: string; expires_at: string }>(
    sql`SELECT user_id, expires_at FROM user_session WHERE token_hash = ${hashToken(token)}`,
  );
  if (!row || row.expires_at <= now.toISOString()) return null;
  const user = findUser(db, row.user_id);
  return user && user.enabled ? user : null;
}

export function closeSession(write: WritableDB, token: string): void {
  write.run(sql`DELETE FROM user_session WHERE token_hash = ${hashToken(token)}`);
}
