import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scenarioSaveInput, scenarioVouchers, twoPersonOffice } from '../../../test/helpers/ledger';
import { tempDir } from '../../../test/helpers/tmp';
import { openCore, type Core } from '../index';

let dir: ReturnType<typeof tempDir>;
let core: Core;
beforeEach(() => {
  dir = tempDir();
  core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '1', log: () => {} });
});
afterEach(() => {
  core.close();
  dir.cleanup();
});

describe('chart maintenance', () => {
  it('adds 4-2-2 sub-accounts, posts only to leaves, renames, and never deletes a used account', async () => {
    const { book, accountant, reviewer } = await twoPersonOffice(core);
    const bad = await accountant.fails('account.create', { bookId: book.id, parentCode: '5001', code: '500201', name: '办公费' });
    expect(bad).toMatchObject({ code: 'RULE_VIOLATION', message: expect.stringContaining('上级编码 5001 加两位数字') });
    const office = await accountant.ok('account.create', { bookId: book.id, parentCode: '5001', code: '500101', name: '商品和服务费用' });
    expect(office).toMatchObject({ code: '500101', level: 2, track: 'financial', category: '费用', normalBalance: 'debit', isLeaf: true, pinyinInitials: 'sphfwfy' });
    await accountant.ok('account.create', { bookId: book.id, parentCode: '500101', code: '50010101', name: '办公费' });
    expect((await accountant.fails('account.create', { bookId: book.id, parentCode: '5001', code: '500101', name: '重复' })).code).toBe('CONFLICT');

    // 5001 and 500101 now have children: a voucher on them is refused, on the leaf it posts.
    const input = scenarioSaveInput(book.id, scenarioVouchers[1]!);
    const refused = await accountant.fails('voucher.save', input);
    expect(refused.message).toContain('只能记入末级科目');
    input.lines[0]!.accountCode = '50010101';
    const { voucher } = await accountant.ok('voucher.save', input);
    await reviewer.ok('voucher.review', { bookId: book.id, ids: [voucher.id] });
    await accountant.ok('voucher.post', { bookId: book.id, ids: [voucher.id] });

    expect((await accountant.ok('account.rename', { bookId: book.id, code: '50010101', name: '办公用品费' })).pinyinInitials).toBe('bgypf');
    expect((await accountant.fails('account.delete', { bookId: book.id, code: '50010101' })).message).toContain('已用于凭证，不能删除');
    expect((await accountant.fails('account.delete', { bookId: book.id, code: '500101' })).message).toContain('有下级科目');
    expect((await accountant.fails('account.delete', { bookId: book.id, code: '5001' })).message).toContain('不能删除');
    expect((await accountant.fails('account.setEnabled', { bookId: book.id, code: '50010101', enabled: false })).message).toContain('有余额');
    expect((await accountant.fails('account.create', { bookId: book.id, parentCode: '50010101', code: '5001010101', name: '下级' })).message).toContain('已用于凭证');

    await accountant.ok('account.create', { bookId: book.id, parentCode: '500101', code: '50010102', name: '印刷费' });
    expect(await accountant.ok('account.delete', { bookId: book.id, code: '50010102' })).toEqual({ deleted: true });
  });

  it('lets the book choose the required dimensions of an account', async () => {
    const { book, accountant } = await twoPersonOffice(core);
    const accounts = await accountant.ok('account.list', { bookId: book.id });
    expect(accounts.find((a) => a.code === '710101')!.requiredDims).toEqual(['func', 'econ_dep']);
    const input = scenarioSaveInput(book.id, scenarioVouchers[1]!);
    delete input.lines[2]!.dims!.econ_dep;
    expect((await accountant.fails('voucher.save', input)).message).toContain('部门经济分类');
    const changed = await accountant.ok('account.setDimensions', { bookId: book.id, code: '710101', dimensions: ['func', 'project'] });
    expect(changed.requiredDims).toEqual(['func', 'project']);
    expect((await accountant.fails('voucher.save', input)).message).toContain('项目');
    input.lines[2]!.dims!.project = 'P2026-001';
    await accountant.ok('voucher.save', input);
  });
});
