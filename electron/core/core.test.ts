import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/api/errors';
import type { Account, Book, ClassificationItem } from '../../shared/api/types';
import { bookInput } from '../../test/helpers/books';
import { tempDir } from '../../test/helpers/tmp';
import { migrations } from './db/migrations';
import { openCore, type Core } from './index';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const silent = (m: string, e: unknown) => { if (process.env.DEBUG_CORE) console.error(m, e); };

beforeEach(() => {
  dir = tempDir();
  core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '9.9.9', log: silent });
});
afterEach(() => {
  core.close();
  dir.cleanup();
});

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

describe('dispatcher', () => {
  it('answers an unknown command with a typed error, not a crash', async () => {
    const result = await core.invoke('ledger.drop-everything', {});
    expect(result).toEqual({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: '未知的操作：ledger.drop-everything', details: { name: 'ledger.drop-everything' } } });
  });

  it('rejects invalid input with Chinese messages naming the fields, and writes nothing', async () => {
    const result = await core.invoke('book.create', { ...bookInput(), regionCode: '99010', startMonth: 13, name: '  ' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.message).toMatch(/^输入有误：/);
    const issues = result.error.details as { path: string[]; message: string }[];
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: ['name'], message: '请填写单位名称' },
        { path: ['regionCode'], message: expect.stringContaining('6位数字') },
        { path: ['startMonth'], message: '月份应在1到12之间' },
      ]),
    );
    expect(value<Book[]>(await core.invoke('book.list', {}))).toEqual([]);
  });

  it('rejects unknown keys and wrong types in Chinese too', async () => {
    const result = await core.invoke('book.list', { drop: true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe('输入有误：含有1个本操作不接受的字段');
    const wrongType = await core.invoke('book.get', { bookId: 42 });
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) expect(wrongType.error.message).toBe('输入有误：账套：应为文字');
  });

  it('reports app info', async () => {
    const info = value<{ version: string; schemaVersion: number; dataDir: string; mode: string }>(await core.invoke('app.info', {}));
    expect(info).toMatchObject({ version: '9.9.9', schemaVersion: migrations.at(-1)!.version, dataDir: dir.path, mode: 'browser' });
  });
});

describe('建账 (book.create)', () => {
  it('creates a 行政单位 book with the chart that applies to it, both tracks, with pinyin initials', async () => {
    const events: unknown[] = [];
    core.subscribe((event) => events.push(event));
    const input = bookInput();
    const book = value<Book>(await core.invoke('book.create', input));
    expect(book).toMatchObject({ id: input.id, name: '青山镇人民政府', regionCode: '420102', unitType: '行政单位', startYear: 2026, startMonth: 1 });
    expect(events).toEqual([{ name: 'book.created', payload: { bookId: input.id, name: '青山镇人民政府' } }]);

    const accounts = value<Account[]>(await core.invoke('account.list', { bookId: input.id }));
    const byCode = new Map(accounts.map((a) => [a.code, a]));
    expect(byCode.get('1011')).toMatchObject({ name: '零余额账户用款额度', track: 'financial', category: '资产', normalBalance: 'debit', level: 1, pinyinInitials: 'lyezhyked' });
    expect(byCode.get('1001')!.isLeaf).toBe(false);
    expect(byCode.get('100101')).toMatchObject({ parentCode: '1001', level: 2, isLeaf: true, track: 'financial' });
    expect(byCode.get('7101')).toMatchObject({ name: '行政支出', pinyinInitials: 'xzzc', track: 'budget' });
    // 4-2-2 codes: a third-level seed account hangs under its second-level parent.
    expect(byCode.get('60010101')).toMatchObject({ parentCode: '600101', level: 3 });
    expect(byCode.get('600101')!.isLeaf).toBe(false);
    expect(byCode.has('71010101')).toBe(false);
    expect(accounts.some((a) => a.track === 'budget')).toBe(true);
    expect(byCode.get('6001')).toMatchObject({ track: 'budget', name: '财政拨款预算收入' });
    // 事业单位-only accounts are left out of a township government's chart.
    expect(byCode.has('1101')).toBe(false);
    expect(accounts.map((a) => a.code)).toEqual([...accounts.map((a) => a.code)].sort());
    expect(book.accountCount).toBe(accounts.length);
  });

  it('gives a 事业单位 its own accounts', async () => {
    const gov = value<Book>(await core.invoke('book.create', bookInput()));
    const inst = value<Book>(await core.invoke('book.create', bookInput({ name: '青山镇农业服务中心', unitType: '事业单位' })));
    const govCodes = new Set(value<Account[]>(await core.invoke('account.list', { bookId: gov.id })).map((a) => a.code));
    const instCodes = new Set(value<Account[]>(await core.invoke('account.list', { bookId: inst.id })).map((a) => a.code));
    expect(instCodes.has('1101')).toBe(true);
    expect(govCodes.has('1101')).toBe(false);
    expect(value<Book[]>(await core.invoke('book.list', {})).map((b) => b.name)).toEqual(['青山镇人民政府', '青山镇农业服务中心']);
  });

  it('loads the expenditure classifications', async () => {
    const book = value<Book>(await core.invoke('book.create', bookInput()));
    const items = value<ClassificationItem[]>(await core.invoke('classification.list', { bookId: book.id, kind: 'expenditure_function' }));
    expect(items.find((i) => i.code === '2010101')).toMatchObject({ name: '行政运行', level: '项', parentCode: '20101' });
    expect(items.every((i) => i.kind === 'expenditure_function')).toBe(true);
    const all = value<ClassificationItem[]>(await core.invoke('classification.list', { bookId: book.id }));
    expect(new Set(all.map((i) => i.kind))).toEqual(new Set(['revenue', 'expenditure_function', 'expenditure_econ_department', 'expenditure_econ_government']));
  });

  it('is idempotent for a retried request with the same id, and refuses a different book under that id', async () => {
    const input = bookInput();
    const first = value<Book>(await core.invoke('book.create', input));
    const again = value<Book>(await core.invoke('book.create', input));
    expect(again).toEqual(first);
    const clash = await core.invoke('book.create', { ...input, name: '别的镇' });
    expect(clash.ok).toBe(false);
    if (!clash.ok) expect(clash.error.code).toBe('CONFLICT');
    expect(value<Book[]>(await core.invoke('book.list', {}))).toHaveLength(1);
  });

  it('refuses a second book with the same name', async () => {
    await core.invoke('book.create', bookInput());
    const result = await core.invoke('book.create', bookInput());
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('CONFLICT');
      expect(result.error.message).toContain('青山镇人民政府');
    }
  });

  it('answers NOT_FOUND for a book that does not exist', async () => {
    const result = await core.invoke('account.list', { bookId: bookInput().id });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('NOT_FOUND');
  });

  it('keeps everything after the core is closed and opened again', async () => {
    const input = bookInput();
    await core.invoke('book.create', input);
    const before = value<Account[]>(await core.invoke('account.list', { bookId: input.id }));
    const installationId = core.installationId;
    core.close();
    core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '9.9.9', log: silent });
    expect(core.installationId).toBe(installationId);
    expect(value<Book[]>(await core.invoke('book.list', {})).map((b) => b.id)).toEqual([input.id]);
    expect(value<Account[]>(await core.invoke('account.list', { bookId: input.id }))).toEqual(before);
  });
});
