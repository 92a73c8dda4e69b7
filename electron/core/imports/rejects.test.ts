import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableChecksums } from '../reliability/snapshot';
import { uploadFile, xlsxOf } from '../../../test/helpers/imports';
import { scenarioSaveInput, scenarioVouchers, twoPersonOffice } from '../../../test/helpers/ledger';
import { tempDir } from '../../../test/helpers/tmp';
import { openCore, type Core } from '../index';

// Bad files get row-numbered Chinese errors in the preview, and applying them changes nothing:
// every table of the database file is compared before and after.

let dir: ReturnType<typeof tempDir>;
let core: Core;
beforeEach(() => {
  dir = tempDir();
  core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '1', log: () => {}, backupSchedule: false });
});
afterEach(() => {
  core.close();
  dir.cleanup();
});

const voucherHeaders = ['凭证日期', '凭证字', '凭证号', '摘要', '科目编码', '借方金额', '贷方金额', '附单据张数'];

describe('a bad voucher file', () => {
  it('lists every bad row by number and imports nothing', async () => {
    const office = await twoPersonOffice(core);
    const bookId = office.book.id;
    // 记-0001 of January is already in the book.
    const saved = await office.accountant.ok('voucher.save', scenarioSaveInput(bookId, scenarioVouchers[4]!));
    expect(saved.voucher.label).toBe('记-0001');
    const file = await xlsxOf(voucherHeaders, [
      // row 2–3: 记-2 does not balance
      ['2026-01-10', '记', 2, '计提折旧', '5001', 100, null, 1],
      ['2026-01-10', '记', 2, '计提折旧', '1602', null, 90],
      // row 4–5: 记-3 names an account that does not exist
      ['2026-01-11', '记', 3, '购买办公用品', '5999', 50, null],
      ['2026-01-11', '记', 3, '购买办公用品', '220101', null, 50],
      // row 6–7: 记-4 has a three-decimal amount (a number cell, as Excel stores it)
      ['2026-01-12', '记', 4, '计提折旧', '5001', 12.345, null],
      ['2026-01-12', '记', 4, '计提折旧', '1602', null, '12.35'],
      // row 8–9: 记-1 is already in the book
      ['2026-01-13', '记', 1, '计提折旧', '5001', 10, null],
      ['2026-01-13', '记', 1, '计提折旧', '1602', null, 10],
      // row 10–11 fine; row 12–13 use 记-5 again
      [new Date(Date.UTC(2026, 0, 14)), '记', 5, '计提折旧', '5001', '1,000.00', null],
      [new Date(Date.UTC(2026, 0, 14)), '记', 5, '计提折旧', '1602', null, 1000],
      ['2026-01-15', '记', 5, '计提折旧', '5001', 20, null],
      ['2026-01-15', '记', 5, '计提折旧', '1602', null, 20],
    ]);
    const uploadId = await uploadFile(office.accountant, file, '坏凭证.xlsx');
    const input = { kind: 'vouchers' as const, bookId, uploadId, post: false };
    const preview = await office.accountant.ok('imports.preview', input);
    const messages = preview.problems.map((p) => p.message);
    expect(messages).toEqual([
      '第 2–3 行：凭证 记-0002（2026年01期）：财务会计分录借贷不平：借方 100.00，贷方 90.00',
      '第 4 行：科目 5999 不存在',
      '第 6 行：借方金额 12.345 超过两位小数',
      '第 8–9 行：凭证号重复：凭证 记-0001（2026年01期）在账上已存在',
      '第 12 行：凭证号重复：凭证 记-0005（2026年01期）已在第 10 行出现过（日期 2026-01-14），同一张凭证的各行须连续排列且日期相同',
    ]);
    expect(preview.problems.map((p) => p.row)).toEqual([2, 4, 6, 8, 12]);
    expect(preview.canApply).toBe(false);
    expect(preview.totalRows).toBe(12);
    // The preview marks each row: both rows of the unbalanced voucher, not the good 记-5.
    const rowErrors = Object.fromEntries(preview.rows.map((r) => [r.row, r.errors.length]));
    expect(rowErrors).toMatchObject({ 2: 1, 3: 1, 4: 1, 5: 0, 6: 1, 10: 0, 11: 0, 12: 1 });

    const before = tableChecksums(core.databaseFile);
    const refused = await office.accountant.fails('imports.apply', input);
    expect(refused.code).toBe('RULE_VIOLATION');
    expect(refused.message).toMatch(/^文件有 5 处错误，未导入任何数据。第 2–3 行：/);
    expect((refused.details as { problems: unknown[] }).problems).toHaveLength(5);
    expect(tableChecksums(core.databaseFile)).toEqual(before);
    expect((await office.accountant.ok('voucher.list', { bookId, year: 2026, month: 1 })).map((v) => v.label)).toEqual(['记-0001']);
  });

  it('refuses a period that is closed, a date before the start, a word the book does not use', async () => {
    const office = await twoPersonOffice(core);
    const file = await xlsxOf(voucherHeaders, [
      ['2025-12-31', '记', 1, '计提折旧', '5001', 10, null],
      ['2025-12-31', '记', 1, '计提折旧', '1602', null, 10],
      ['2026-01-05', '收', 1, '计提折旧', '5001', 10, null],
      ['2026-1-5', '记', 2, '', '1602', null, 10],
      ['2026/02/30', '记', 3, '计提折旧', '5001', 10, null],
    ]);
    const preview = await office.accountant.ok('imports.preview', { kind: 'vouchers', bookId: office.book.id, uploadId: await uploadFile(office.accountant, file) });
    expect(preview.problems.map((p) => p.message)).toEqual([
      '第 2–3 行：凭证 记-0001（2025年12期）的日期早于账套启用期间2026年01期',
      '第 4 行：本账套使用“记”字凭证，不能使用“收”字',
      '第 5 行：凭证 记-0002（2026年01期）：凭证至少需要两行分录',
      '第 5 行：请填写摘要',
      '第 5 行：凭证 记-0002（2026年01期）：财务会计分录借贷不平：借方 0.00，贷方 10.00',
      '第 6 行：凭证日期：日期 2026/02/30 不存在',
    ]);
  });
});

describe('a bad opening-balance file', () => {
  it('names unbalanced tracks, unknown and non-leaf accounts and bad amounts; nothing is written', async () => {
    const office = await twoPersonOffice(core);
    const file = await xlsxOf(['科目编码', '辅助核算', '期初借方余额', '期初贷方余额'], [
      ['1002', null, 500, null],
      ['1999', null, 10, null],
      ['8001', null, 500, null],
      ['3001', null, null, '400.001'],
      ['1011', null, 5, 5],
      ['1002', null, 1, null],
    ]);
    const input = { kind: 'openingBalances' as const, bookId: office.book.id, uploadId: await uploadFile(office.accountant, file) };
    const preview = await office.accountant.ok('imports.preview', input);
    expect(preview.problems.map((p) => p.message)).toEqual([
      '第 3 行：科目 1999 不存在',
      '第 4 行：只能填写末级科目：8001 资金结存 下设明细科目',
      '第 5 行：期初贷方余额 400.001 超过两位小数',
      '第 6 行：期初借方余额和贷方余额只能填写一方',
      '第 7 行：科目 1002 的这一辅助核算组合与第 2 行重复',
    ]);
    const before = tableChecksums(core.databaseFile);
    expect((await office.accountant.fails('imports.apply', input)).code).toBe('RULE_VIOLATION');
    expect(tableChecksums(core.databaseFile)).toEqual(before);

    // Every row readable but the tracks do not balance: the file-level problem says by how much.
    const unbalanced = await xlsxOf(['科目编码', '期初借方余额', '期初贷方余额'], [
      ['1002', 500, null],
      ['3001', null, 400],
      ['800102', 500, null],
    ]);
    const second = await office.accountant.ok('imports.preview', { ...input, uploadId: await uploadFile(office.accountant, unbalanced) });
    expect(second.problems.map((p) => p.message)).toEqual([
      '财务会计科目期初余额借贷不平：借方合计 500.00，贷方合计 400.00，差额 100.00',
      '预算会计科目期初余额借贷不平：借方合计 500.00，贷方合计 0.00，差额 500.00',
    ]);
  });

  it('cannot replace the opening once a period is closed', async () => {
    const office = await twoPersonOffice(core);
    const file = await xlsxOf(['科目编码', '期初借方余额', '期初贷方余额'], [['1002', 500, null], ['3001', null, 500]]);
    const input = { kind: 'openingBalances' as const, bookId: office.book.id, uploadId: await uploadFile(office.accountant, file) };
    await office.accountant.ok('imports.apply', input);
    await office.accountant.ok('period.close', { bookId: office.book.id, year: 2026, month: 1 });
    const again = { ...input, uploadId: await uploadFile(office.accountant, file) };
    const preview = await office.accountant.ok('imports.preview', again);
    expect(preview.problems[0]!.message).toMatch(/^2026年01期已结账，期初余额不能再更改/);
    const before = tableChecksums(core.databaseFile);
    expect((await office.accountant.fails('imports.apply', again)).code).toBe('RULE_VIOLATION');
    expect(tableChecksums(core.databaseFile)).toEqual(before);
  });
});

describe('files that are not what they claim', () => {
  it('a file that is not xlsx, an old .xls, a sheet without the headers, an upload of someone else', async () => {
    const office = await twoPersonOffice(core);
    const bookId = office.book.id;
    const run = async (bytes: Buffer) =>
      office.accountant.fails('imports.preview', { kind: 'vouchers', bookId, uploadId: await uploadFile(office.accountant, bytes) });
    expect((await run(Buffer.from('凭证日期,凭证字\n2026-01-01,记'))).message).toMatch(/不是有效的 Excel 工作簿/);
    expect((await run(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(100)]))).message).toMatch(/旧版 Excel（\.xls）/);
    expect((await run(Buffer.concat([Buffer.from('PK'), Buffer.alloc(100)]))).message).toMatch(/不是有效的 Excel 工作簿/);
    const noHeader = await office.accountant.ok('imports.preview', { kind: 'vouchers', bookId, uploadId: await uploadFile(office.accountant, await xlsxOf(['甲', '乙'], [['1', '2']])) });
    expect(noHeader.problems[0]!.message).toMatch(/^工作表“Sheet1”中找不到表头行（应含 凭证日期、凭证字、凭证号、摘要、科目编码 等列）/);
    const missing = await office.accountant.ok('imports.preview', { kind: 'vouchers', bookId, uploadId: await uploadFile(office.accountant, await xlsxOf(['凭证日期', '凭证字', '摘要'], [['2026-01-01', '记', 'x']])) });
    expect(missing.problems.map((p) => p.message)).toEqual(['第 1 行（表头）：缺少必需的列 “凭证号”、“科目编码”']);
    // Another user cannot use this user's upload.
    const uploadId = await uploadFile(office.accountant, await xlsxOf(voucherHeaders, []));
    expect((await office.reviewer.fails('imports.preview', { kind: 'vouchers', bookId, uploadId })).code).toBe('NOT_FOUND');
  });
});
