import Database from 'better-sqlite3';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/errors';
import { tempDir } from '../../../test/helpers/tmp';
import { migrations } from './migrations';
import { openDatabase } from './open';
import { sql } from './sql';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

describe('openDatabase', () => {
  it('creates a new file at the latest version with WAL, foreign keys, synchronous=FULL and STRICT tables', () => {
    const file = join(dir.path, 'x.db');
    const db = openDatabase(file);
    expect(db.schemaVersion).toBe(migrations.at(-1)!.version);
    expect(db.backupFile).toBeNull();
    db.close();

    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = raw.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`).all() as { name: string; strict: number }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['account', 'book', 'classification', 'installation', 'voucher', 'voucher_line', 'period_movement']));
    expect(tables.every((t) => t.strict === 1)).toBe(true);
    raw.close();
  });

  it('sets synchronous=FULL and foreign_keys=ON on the writer', () => {
    const db = openDatabase(join(dir.path, 'x.db'));
    expect(db.write.get<{ synchronous: number }>(sql`PRAGMA synchronous`)!.synchronous).toBe(2);
    expect(db.write.get<{ foreign_keys: number }>(sql`PRAGMA foreign_keys`)!.foreign_keys).toBe(1);
    db.close();
  });

  it('migrates an older file forward, after backing it up with its data', () => {
    const file = join(dir.path, 'x.db');
    const v1 = openDatabase(file, { migrations: migrations.slice(0, 1) });
    expect(v1.schemaVersion).toBe(1);
    v1.write.run(sql`INSERT INTO book VALUES ('b1', '旧账套', '420102', '行政单位', 2025, 1, '张三', '2025-01-01T00:00:00Z')`);
    v1.close();

    const now = new Date('2026-11-28T08:00:00Z');
    const upgraded = openDatabase(file, { now: () => now });
    expect(upgraded.schemaVersion).toBe(migrations.at(-1)!.version);
    expect(upgraded.backupFile).not.toBeNull();
    expect(upgraded.read.get<{ name: string }>(sql`SELECT name FROM book WHERE id = 'b1'`)!.name).toBe('旧账套');
    expect(upgraded.read.all(sql`SELECT * FROM installation`)).toEqual([]);
    upgraded.close();

    const backups = readdirSync(join(dir.path, 'backups'));
    // Named as every backup (backup/rotation.ts), in the same folder and rotating set.
    expect(backups).toEqual(['x-20261128T080000Z-premigrate-v1.db']);
    const backup = new Database(join(dir.path, 'backups', backups[0]!), { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    expect((backup.prepare('SELECT name FROM book').get() as { name: string }).name).toBe('旧账套');
    backup.close();
  });

  it('rolls back a failing migration and leaves the version where it was', () => {
    const file = join(dir.path, 'x.db');
    openDatabase(file, { migrations: migrations.slice(0, 1) }).close();
    const broken = [...migrations.slice(0, 1), { version: 2, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE t (a INTEGER) STRICT; INSERT INTO nowhere VALUES (1);') }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow(/nowhere/);
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 't'`).get()).toEqual({ n: 0 });
    raw.close();
  });

  it('refuses a database written by a newer version, in Chinese, without touching it', () => {
    const file = join(dir.path, 'x.db');
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    const before = statSync(file).mtimeMs;

    let caught: unknown;
    try {
      openDatabase(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('DB_NEWER_VERSION');
    expect((caught as AppError).message).toContain('更新版本');
    expect(statSync(file).mtimeMs).toBe(before);
    expect(existsSync(join(dir.path, 'backups'))).toBe(false);
    const again = new Database(file, { readonly: true });
    expect(again.pragma('user_version', { simple: true })).toBe(99);
    expect(again.pragma('journal_mode', { simple: true })).toBe('delete');
    again.close();
  });

  it('gives reports a handle that cannot write', () => {
    const db = openDatabase(join(dir.path, 'x.db'));
    // @ts-expect-error: a ReadableDB has no run()
    expect(db.read.run).toBeUndefined();
    expect(() => db.read.all(sql`INSERT INTO installation VALUES (1, 'x', 'y')`)).toThrow();
    expect(() => db.read.all(sql`DELETE FROM book`)).toThrow();
    expect(db.write.all(sql`SELECT * FROM installation`)).toEqual([]);
    db.close();
  });

  it('runs a whole transaction or none of it', () => {
    const db = openDatabase(join(dir.path, 'x.db'));
    expect(() =>
      db.write.transaction((tx) => {
        tx.run(sql`INSERT INTO book VALUES ('b1', '甲', '420102', '行政单位', 2026, 1, '张三', 'now')`);
        tx.run(sql`INSERT INTO book VALUES ('b2', '乙', '420102', '行政单位', 2026, 13, '张三', 'now')`);
      }),
    ).toThrow(/CHECK/);
    expect(db.read.all(sql`SELECT * FROM book`)).toEqual([]);
    db.close();
  });
});
