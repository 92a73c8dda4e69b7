import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildServer } from './app';
import { bootstrapAdmin } from './auth/operators';
import { defaultServerConfig, type ServerConfig, type ServerContext } from './context';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { openPglite } from './db/pglite';
import { openPostgres } from './db/postgres';

/**
 * `npm run server -- [--port N] [--host H] [--data-dir DIR] [--updates-dir DIR] [--bootstrap-admin NAME]`
 *
 * Environment (each also has the flag above where it applies):
 *   DATABASE_URL              PostgreSQL (postgres://user:pass@host:5432/db); unset: embedded PGlite in the data directory
 *   XIANGCAI_SERVER_DATA      data directory (PGlite database), default ./county-data
 *   PORT, HOST                default 8780 and 0.0.0.0
 *   XIANGCAI_UPDATES_DIR      served at /updates/ (latest.yml and installers), default <data dir>/updates
 *   XIANGCAI_MIN_APP_VERSION  apps below it are refused with the version to install (default 0.0.0)
 *   XIANGCAI_BODY_LIMIT       largest request body in bytes on the wire (default 8 MiB)
 *   XIANGCAI_DEVICE_RATE      requests per minute per device (default 240)
 *   XIANGCAI_TLS_KEY / XIANGCAI_TLS_CERT   PEM files: serve HTTPS
 *   XIANGCAI_ADMIN_USERNAME / XIANGCAI_ADMIN_PASSWORD   the first 管理员 of an empty server
 * Prints `XIANGCAI_SERVER_URL=<url>` once listening.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'updates-dir': { type: 'string' },
      'bootstrap-admin': { type: 'string' },
    },
  });
  const env = process.env;
  const dataDir = resolve(values['data-dir'] ?? env.XIANGCAI_SERVER_DATA ?? 'county-data');
  const port = Number(values.port ?? env.PORT ?? 8780);
  const host = values.host ?? env.HOST ?? '0.0.0.0';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`端口无效：${values.port ?? env.PORT}`);
    process.exit(2);
  }
  const config: ServerConfig = {
    ...defaultServerConfig,
    updatesDir: resolve(values['updates-dir'] ?? env.XIANGCAI_UPDATES_DIR ?? resolve(dataDir, 'updates')),
    minAppVersion: env.XIANGCAI_MIN_APP_VERSION ?? defaultServerConfig.minAppVersion,
    bodyLimit: env.XIANGCAI_BODY_LIMIT ? Number(env.XIANGCAI_BODY_LIMIT) : defaultServerConfig.bodyLimit,
    deviceRatePerMinute: env.XIANGCAI_DEVICE_RATE ? Number(env.XIANGCAI_DEVICE_RATE) : defaultServerConfig.deviceRatePerMinute,
  };

  let db: Database;
  try {
    db = env.DATABASE_URL ? await openPostgres({ connectionString: env.DATABASE_URL }) : await openPglite(resolve(dataDir, 'pglite'));
  } catch (error) {
    console.error(`无法打开数据库：${(error as Error).message}${env.DATABASE_URL ? '（请检查 DATABASE_URL）' : ''}`);
    process.exit(3);
  }
  try {
    const { from, to } = await migrate(db);
    if (from !== to) console.log(`数据库结构已从版本 ${from} 升级到 ${to}`);
  } catch (error) {
    console.error((error as Error).message);
    await db.close();
    process.exit(3);
  }

  const ctx: ServerContext = {
    db,
    config,
    now: () => new Date(),
    log: (message, error) => console.error(`[county] ${message}`, error ?? ''),
  };

  const adminName = values['bootstrap-admin'] ?? env.XIANGCAI_ADMIN_USERNAME;
  if (adminName) {
    const password = env.XIANGCAI_ADMIN_PASSWORD;
    if (!password) {
      console.error('设置初始管理员需要环境变量 XIANGCAI_ADMIN_PASSWORD（至少 8 位，含字母和数字）');
      process.exit(2);
    }
    try {
      const result = await bootstrapAdmin(ctx, adminName, password);
      console.log(result === 'created' ? `已创建初始管理员：${adminName}` : '已有县级操作员，未创建初始管理员（初始管理员只在空服务器上创建）');
    } catch (error) {
      console.error((error as Error).message);
      process.exit(2);
    }
  }

  const tls = env.XIANGCAI_TLS_KEY && env.XIANGCAI_TLS_CERT ? { key: readFileSync(env.XIANGCAI_TLS_KEY), cert: readFileSync(env.XIANGCAI_TLS_CERT) } : undefined;
  const app = buildServer(ctx, tls);
  const address = await app.listen({ port, host });
  const url = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1');
  console.log(`乡财通县级服务器已启动（数据库：${db.kind === 'postgres' ? 'PostgreSQL' : `内置 PGlite，${resolve(dataDir, 'pglite')}`}）`);
  console.log(`升级文件目录：${config.updatesDir}`);
  console.log(`XIANGCAI_SERVER_URL=${url}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
