import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readableHandle } from '../db/handles';
import { migrations } from '../db/migrations';
import { databaseFileName } from '../paths';
import { readAnchor } from './anchor';
import { formatAt } from './describe';
import { verifyAudit } from './verify';

/**
 * 审计校验 from the command line, for support staff: `node scripts/audit-check.mjs --data-dir DIR`
 * (or `--db FILE`). Opens the database read-only (the app may keep running), writes nothing.
 * Exit code 0: all well; 1: problems found (listed, the first broken entry named); 2: cannot check.
 */
export function auditCheck(argv: string[]): { code: number; lines: string[] } {
  let values: { 'data-dir'?: string; db?: string; json?: boolean; limit?: string };
  try {
    values = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' } } }).values;
  } catch (error) {
    return { code: 2, lines: [`参数有误：${(error as Error).message}`, usage] };
  }
  if (!values['data-dir'] && !values.db) return { code: 2, lines: [usage] };
  const file = resolve(values.db ?? join(values['data-dir']!, databaseFileName));
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : dirname(file);
  if (!existsSync(file)) return { code: 2, lines: [`找不到数据库文件：${file}`] };

  const latest = migrations[migrations.length - 1]!.version;
  let raw: Database.Database;
  try {
    raw = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { code: 2, lines: [`无法打开数据库文件 ${file}：${(error as Error).message}`] };
  }
  try {
    const version = raw.pragma('user_version', { simple: true }) as number;
    if (version > latest) return { code: 2, lines: [`数据库由更新版本的乡财通写入（数据库版本 ${version}，本工具支持到 ${latest}），请用新版本的工具检查。`] };
    if (!raw.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log'`).get()) {
      return { code: 2, lines: [`该数据库尚未启用审计日志（数据库版本 ${version}）。用本版本的乡财通打开一次即可启用。`] };
    }
    const report = verifyAudit(readableHandle(raw), { anchor: readAnchor(dataDir) });
    if (values.json) return { code: report.ok ? 0 : 1, lines: [JSON.stringify(report, null, 2)] };
    const limit = Number(values.limit ?? 50);
    const lines = [
      `乡财通审计校验：${file}`,
      `审计记录 ${report.entries} 条${report.head ? `，最后一条为第 ${report.head.seq} 条（${formatAt(report.head.at)}）` : ''}`,
      `核对：${report.checked.map((c) => `${c.label} ${c.count}`).join('，')}，期间发生额 ${report.movementsChecked} 行`,
      `本机另存的校验值：${{ match: '一致', missing: '无（如数据库是从别处复制来的，这是正常的）', mismatch: '不一致' }[report.anchor]}`,
      '',
      report.ok ? `结论：通过。${report.summary}` : `结论：未通过。${report.summary}`,
    ];
    if (!report.ok) {
      lines.push('', '问题清单：');
      report.problems.slice(0, limit).forEach((p, i) => lines.push(`${i + 1}. ${p.message}`));
      const more = report.problems.length - Math.min(limit, report.problems.length) + report.moreProblems;
      if (more > 0) lines.push(`……另有 ${more} 处未列出`);
    }
    return { code: report.ok ? 0 : 1, lines };
  } finally {
    raw.close();
  }
}

const usage = '用法：node scripts/audit-check.mjs --data-dir 数据目录 | --db 数据库文件 [--json] [--limit 50]';

// Run as a program (the bundle made by scripts/audit-check.mjs), not when imported by tests.
if (process.argv[1] && /audit-check[\\/]cli\.mjs$/.test(process.argv[1])) {
  const { code, lines } = auditCheck(process.argv.slice(2));
  for (const line of lines) (code === 2 ? console.error : console.log)(line);
  process.exitCode = code;
}
