import type { Database } from './database';
import { m001County } from './migrations/001-county';
import { m002Offline } from './migrations/002-offline';
import { m003FeedId } from './migrations/003-feed-id';

/** Numbered, append-only: never edit one that has shipped, add the next. */
export interface ServerMigration {
  version: number;
  name: string;
  sql: string;
}

export const serverMigrations: readonly ServerMigration[] = [m001County, m002Offline, m003FeedId];

export const latestServerSchema = serverMigrations[serverMigrations.length - 1]!.version;

/**
 * Applies the missing migrations, in one transaction, each with its row in schema_version.
 * An advisory lock keeps two servers starting at once from both migrating. A database from a
 * newer server is refused, exactly as the app refuses a newer SQLite file.
 */
export async function migrate(db: Database, list: readonly ServerMigration[] = serverMigrations): Promise<{ from: number; to: number }> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
  )`);
  const latest = list.length === 0 ? 0 : list[list.length - 1]!.version;
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727001)');
    const current = (await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version'))[0]?.v ?? 0;
    if (current > latest) {
      throw new Error(`数据库由更新版本的县级服务器创建（数据库版本 ${current}，本程序最高支持 ${latest}），已拒绝启动。请升级县级服务器。`);
    }
    for (const migration of list) {
      if (migration.version <= current) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_version (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    return { from: current, to: Math.max(current, latest) };
  });
}
