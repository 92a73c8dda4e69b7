import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';
import { redactForTest } from './redact';

describe('canonical JSON', () => {
  it('sorts keys, drops undefined members, writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: { z: 0, y: -1 } })).toBe('{"a":[true,null,"x"],"b":1,"d":{"y":-1,"z":0}}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
  });

  it('is the text SQLite’s JSON functions write, escapes included (record digests are made by SQLite)', () => {
    const db = new Database(':memory:');
    const values = ['plain', '引号"与\\反斜杠', 'tab\tnew\nline\rcr\bbs\fff', '\u0001\u001f', '零余额账户 1011', '😀', '\u2028\u2029', '', 'a/b'];
    const fromSqlite = (db.prepare(`SELECT json_array(${values.map(() => '?').join(', ')}, 0, -42, 9007199254740991, NULL) AS j`).get(...values) as { j: string }).j;
    expect(fromSqlite).toBe(canonicalJson([...values, 0, -42, 9007199254740991, null]));
    db.close();
  });

  it('redacts fields named like passwords, secrets and keys', () => {
    expect(redactForTest({ username: 'wang', password: 'x', nested: [{ backupPassword: 'y', apiKey: 'z', secret: 's', token: 't', bookId: 'b' }] })).toEqual({
      username: 'wang',
      password: '[已隐去]',
      nested: [{ backupPassword: '[已隐去]', apiKey: '[已隐去]', secret: '[已隐去]', token: '[已隐去]', bookId: 'b' }],
    });
  });
});
