import { z } from 'zod';
import { ServerError } from '../../../shared/sync/errors';
import { uuidv7 } from '../../../shared/domain/id';
import type { ServerContext } from '../context';
import { randomToken, sha256Hex } from '../crypto';
import { one, type Queryable } from '../db/database';
import { hashPassword, unusableHash, verifyPassword } from './password';
import { newPasswordSchema } from '../../../shared/api/schemas';

export const operatorRoles = ['admin', 'reviewer', 'readonly'] as const;
export type OperatorRole = (typeof operatorRoles)[number];
export const operatorRoleLabels: Record<OperatorRole, string> = { admin: '管理员', reviewer: '审核', readonly: '只读' };

export interface Operator {
  id: string;
  username: string;
  displayName: string;
  role: OperatorRole;
  roleLabel: string;
  enabled: boolean;
}

interface OperatorRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: OperatorRole;
  enabled: boolean;
}

const toOperator = (r: OperatorRow): Operator => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  roleLabel: operatorRoleLabels[r.role],
  enabled: r.enabled,
});

export const operatorCreateSchema = z.object({
  username: z.string().trim().regex(/^[A-Za-z0-9_.-]{2,32}$/, '登录名为 2–32 位字母、数字、下划线、点或短横线'),
  displayName: z.string().trim().min(1, '请填写姓名').max(40, '姓名不超过 40 字'),
  // The app's own rule: at least 8 characters, letters and digits.
  password: newPasswordSchema,
  role: z.enum(operatorRoles, { error: '角色只能是 admin（管理员）、reviewer（审核）或 readonly（只读）' }),
});
export type OperatorCreateInput = z.infer<typeof operatorCreateSchema>;

export async function countOperators(db: Queryable): Promise<number> {
  return (await one<{ n: number }>(db, 'SELECT count(*) AS n FROM operator'))!.n;
}

export async function createOperator(ctx: ServerContext, input: OperatorCreateInput): Promise<Operator> {
  const hash = await hashPassword(input.password);
  const id = uuidv7();
  try {
    await ctx.db.query(
      'INSERT INTO operator (id, username, display_name, password_hash, role, enabled, created_at) VALUES ($1, $2, $3, $4, $5, true, $6)',
      [id, input.username, input.displayName, hash, input.role, ctx.now()],
    );
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new ServerError('CONFLICT', `登录名“${input.username}”已被使用`);
    throw error;
  }
  return toOperator({ id, username: input.username, display_name: input.displayName, password_hash: hash, role: input.role, enabled: true });
}

export async function listOperators(db: Queryable): Promise<Operator[]> {
  return (await db.query<OperatorRow>('SELECT * FROM operator ORDER BY created_at, id')).map(toOperator);
}

/**
 * The first 管理员 of a fresh server (from `--bootstrap-admin` / XIANGCAI_ADMIN_*). Does
 * nothing once any operator exists: the bootstrap cannot be used to take over a running server.
 */
export async function bootstrapAdmin(ctx: ServerContext, username: string, password: string): Promise<'created' | 'exists'> {
  if ((await countOperators(ctx.db)) > 0) return 'exists';
  const parsed = operatorCreateSchema.safeParse({ username, displayName: '管理员', password, role: 'admin' });
  if (!parsed.success) throw new Error(`初始管理员无效：${parsed.error.issues[0]?.message}`);
  await createOperator(ctx, parsed.data);
  return 'created';
}

const maxFailures = 5;
const lockMinutes = 15;

/** Login: scrypt check, lockout after repeated failures, a bearer token whose hash is stored. */
export async function login(ctx: ServerContext, username: string, password: string): Promise<{ token: string; operator: Operator; expiresAt: string }> {
  const now = ctx.now();
  const throttle = await one<{ failures: number; locked_until: Date | null }>(ctx.db, 'SELECT failures, locked_until FROM login_failure WHERE username = $1', [username]);
  if (throttle?.locked_until && throttle.locked_until > now) {
    throw new ServerError('LOGIN_LOCKED', `登录失败次数过多，账号已锁定，请在 ${throttle.locked_until.toISOString()} 之后再试`);
  }
  const row = await one<OperatorRow>(ctx.db, 'SELECT * FROM operator WHERE username = $1', [username]);
  const ok = await verifyPassword(password, row?.password_hash ?? unusableHash);
  if (!row || !ok || !row.enabled) {
    const failures = (throttle?.failures ?? 0) + 1;
    const lockedUntil = failures >= maxFailures ? new Date(now.getTime() + lockMinutes * 60_000) : null;
    await ctx.db.query(
      `INSERT INTO login_failure (username, failures, locked_until) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO UPDATE SET failures = $2, locked_until = $3`,
      [username, lockedUntil ? 0 : failures, lockedUntil],
    );
    throw new ServerError('UNAUTHORIZED', row && ok && !row.enabled ? '该账号已停用' : '登录名或密码不正确');
  }
  await ctx.db.query('DELETE FROM login_failure WHERE username = $1', [username]);
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3600_000);
  await ctx.db.query('INSERT INTO operator_session (token_hash, operator_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [sha256Hex(token), row.id, now, expiresAt]);
  return { token, operator: toOperator(row), expiresAt: expiresAt.toISOString() };
}

export async function logout(ctx: ServerContext, token: string): Promise<void> {
  await ctx.db.query('DELETE FROM operator_session WHERE token_hash = $1', [sha256Hex(token)]);
}

export async function operatorForToken(ctx: ServerContext, token: string): Promise<Operator | null> {
  const row = await one<OperatorRow>(
    ctx.db,
    `SELECT o.* FROM operator_session s JOIN operator o ON o.id = s.operator_id
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND o.enabled`,
    [sha256Hex(token), ctx.now()],
  );
  return row ? toOperator(row) : null;
}
