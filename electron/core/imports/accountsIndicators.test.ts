import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableChecksums } from '../reliability/snapshot';
import { admittedProject, budgetOffice } from '../../../test/helpers/budget';
import { uploadFile, xlsxOf } from '../../../test/helpers/imports';
import { twoPersonOffice } from '../../../test/helpers/ledger';
import { tempDir } from '../../../test/helpers/tmp';
import { openCore, type Core } from '../index';

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

describe('会计科目 import', () => {
  it('adds sub-accounts under existing parents or parents in the file, with their required dimensions', async () => {
    const office = await twoPersonOffice(core);
    const bookId = office.book.id;
    const file = await xlsxOf(['科目编码', '科目名称', '辅助核算'], [
      ['50010101', '基本工资', null],
      [500101, '工资福利费用', null],
      ['710104', '专项资金支出', '支出功能分类、部门经济分类、项目'],
      ['121201', '应收工程款', '往来单位'],
    ]);
    const input = { kind: 'accounts' as const, bookId, uploadId: await uploadFile(office.accountant, file) };
    const preview = await office.accountant.ok('imports.preview', input);
    expect(preview.problems).toEqual([]);
    expect(preview.summary[0]).toBe('增加 4 个下级科目（121201 应收工程款、500101 工资福利费用、710104 专项资金支出、50010101 基本工资）');
    expect((await office.accountant.ok('imports.apply', input)).created).toBe(4);
    const accounts = new Map((await office.accountant.ok('account.list', { bookId })).map((a) => [a.code, a]));
    expect(accounts.get('50010101')).toMatchObject({ name: '基本工资', parentCode: '500101', level: 3, track: 'financial', isLeaf: true });
    expect(accounts.get('500101')!.isLeaf).toBe(false);
    expect(accounts.get('5001')!.isLeaf).toBe(false);
    expect(accounts.get('710104')!.requiredDims).toEqual(['econ_dep', 'func', 'project']);
    expect(accounts.get('121201')!.requiredDims).toEqual(['counterparty']);
    expect(accounts.get('500101')!.pinyinInitials).toBe('gzflfy');
    // The new leaf takes postings and its required dimension is enforced.
    const refused = await office.accountant.fails('voucher.save', {
      bookId, id: (await import('../../../shared/domain/id')).uuidv7(), word: '记', date: '2026-01-10', attachments: 0,
      lines: [{ summary: '工程款', accountCode: '121201', debit: 100, credit: 0 }, { summary: '工程款', accountCode: '1011', debit: 0, credit: 100 }],
    });
    expect(refused.message).toMatch(/须填写辅助核算“往来单位”/);
  });

  it('errors for a bad parent, duplicates and a wrong code length; nothing is written', async () => {
    const office = await twoPersonOffice(core);
    const bookId = office.book.id;
    const file = await xlsxOf(['科目编码', '科目名称', '辅助核算'], [
      ['5001', '业务活动费用', null],
      ['50010', '五位编码', null],
      ['999901', '没有上级', null],
      ['220101', '已有科目', null],
      ['500102', '商品和服务费用', null],
      ['500102', '重复', null],
      ['50010201', '办公费', '功能'],
      ['100201', '本单位存款', null],
      ['40010101', '停用上级之下', null],
      ['500100', '以00结尾', null],
    ]);
    const input = { kind: 'accounts' as const, bookId, uploadId: await uploadFile(office.accountant, file) };
    const preview = await office.accountant.ok('imports.preview', input);
    expect(preview.problems.map((p) => p.message)).toEqual([
      '第 2 行：科目编码 5001 是一级科目；一级科目由《政府会计制度》规定，不能导入，只能增加下级科目',
      '第 3 行：科目编码 50010 长度不对：下级科目编码为上级编码加两位（4-2-2，共6、8或10位）',
      '第 4 行：上级科目 9999 不存在（账上和文件中都没有）',
      '第 5 行：科目编码 220101 已存在（基本工资（含离退休费））',
      '第 7 行：科目编码 500102 与第 6 行重复',
      '第 8 行：辅助核算“功能”无法识别，可填：支出功能分类、功能分类、部门经济分类、政府经济分类、项目、资金性质、往来单位、部门',
      '第 9 行：科目编码 100201 已存在（本单位存款）',
      '第 10 行：上级科目 400101 一般公共预算财政拨款 已停用',
      '第 11 行：科目编码 500100 的末两位不能是 00（应为 01–99）',
    ]);
    const before = tableChecksums(core.databaseFile);
    expect((await office.accountant.fails('imports.apply', input)).code).toBe('RULE_VIOLATION');
    expect(tableChecksums(core.databaseFile)).toEqual(before);
  });
});

// The provincial 一体化 export: a title row above the header, MOF field names for some headers,
// “code name” cells, amounts with thousands separators, a 合计 row at the bottom.
const provincialHeaders = ['财政区划', 'FISCAL_YEAR', '预算单位', '支出功能分类', 'GOV_BGT_ECO_CODE', '部门经济分类', '资金性质', '项目', '本级指标文号', '上级指标文号', '支付方式', '直达资金标识', '金额（元）', '指标可执行标志'];

describe('指标 import in the provincial layout', () => {
  it('creates each indicator with a 下达 movement of its amount', async () => {
    const office = await budgetOffice(core);
    const project = await admittedProject(office);
    const file = await xlsxOf(provincialHeaders, [
      ['420102 青山镇', 2026, '101001 青山镇人民政府', '2010301 行政运行', '50201 办公经费', '30201 办公费', '一般公共预算资金', null, '青财预〔2026〕1号', '鄂财预〔2025〕88号', '财政授权支付', '否', '120,000.00', 1],
      ['420102', '2026', '101001 青山镇人民政府', '[2010301]行政运行', '50101', '30101 基本工资', '一般公共预算', '', '青财预〔2026〕1号', null, '财政直接支付', '是', 365000.1, '1 可执行'],
      ['420102', 2026, '101001 青山镇人民政府', '2130701 对村级公益事业建设的补助', '50306 设备购置', '31002 办公设备购置', '一般公共预算', `${project.code} ${project.name}`, '青财预〔2026〕2号', null, '直接支付', null, 80000, null],
      ['合计', null, null, null, null, null, null, null, null, null, null, null, 565000.1, null],
    ], { titleRows: ['青山镇2026年预算指标明细（导出）'] });
    const input = { kind: 'indicators' as const, bookId: office.bookId, uploadId: await uploadFile(office.accountant, file, '指标导出.xlsx'), issueDate: '2026-01-06' };
    const preview = await office.accountant.ok('imports.preview', input);
    expect(preview.problems).toEqual([]);
    expect(preview.totalRows).toBe(3);
    expect(preview.summary[0]).toBe('3 条指标，金额合计 565,000.10，2026年度');
    expect((await office.accountant.ok('imports.apply', input)).created).toBe(3);

    const indicators = await office.accountant.ok('budget.indicatorList', { bookId: office.bookId, year: 2026 });
    expect(indicators.map((i) => [i.docNo, i.funcCode, i.econGovCode, i.econDepCode, i.fundNature, i.projectCode, i.supDocNo, i.payMethod, i.directFund, i.expenseKind, i.balance.executable, i.balance.available])).toEqual([
      ['青财预〔2026〕1号', '2010301', '50101', '30101', '一般公共预算', null, null, '直接支付', true, '人员经费', 36500010, 36500010],
      ['青财预〔2026〕1号', '2010301', '50201', '30201', '一般公共预算', null, '鄂财预〔2025〕88号', '授权支付', false, '日常公用经费', 12000000, 12000000],
      ['青财预〔2026〕2号', '2130701', '50306', '31002', '一般公共预算', project.code, null, '直接支付', false, '项目支出', 8000000, 8000000],
    ]);
    const detail = await office.accountant.ok('budget.indicatorGet', { bookId: office.bookId, id: indicators[0]!.id });
    expect(detail.movements.map((m) => [m.kind, m.date, m.executableDelta, m.summary])).toEqual([['下达', '2026-01-06', 36500010, '下达指标 青财预〔2026〕1号（导入：指标导出.xlsx）']]);
    expect(indicators.every((i) => i.origin === 'county')).toBe(true);
    // The 授权支付 indicator brought its quota: one posted arrival voucher dated the 下达 date.
    const quota = await office.accountant.ok('voucher.list', { bookId: office.bookId, year: 2026, month: 1 });
    expect(quota.map((v) => [v.date, v.status, v.lines.find((l) => l.accountCode === '1011')?.debit])).toEqual([['2026-01-06', 'posted', 12000000]]);
    // The project starts executing with its first indicator.
    expect((await office.accountant.ok('budget.projectGet', { bookId: office.bookId, id: project.id })).status).toBe('执行中');

    // The same file again: every row is a duplicate of an indicator already in the book.
    const again = await office.accountant.ok('imports.preview', { ...input, uploadId: await uploadFile(office.accountant, file) });
    expect(again.problems.map((p) => p.row)).toEqual([3, 4, 5]);
    expect(again.problems[0]!.message).toBe('第 3 行：账上已有要素完全相同的指标（文号 青财预〔2026〕1号），可能已经导入过');
  });

  it('row errors: another region, an unknown classification, a 待分 indicator, a project not admitted, a duplicate row', async () => {
    const office = await budgetOffice(core);
    const draft = await office.accountant.ok('budget.projectSave', (await import('../../../test/helpers/budget')).projectInput(office.bookId, { code: 'P2026-009', name: '储备项目' }));
    const good = ['420102', 2026, '101001', '2010301', '50201', '30201', '一般公共预算', null, '青财预〔2026〕1号', null, '授权支付', '否', 1000, 1];
    const file = await xlsxOf(provincialHeaders, [
      good,
      ['330106', 2026, '101001', '2010301', '50201', '30201', '一般公共预算', null, '青财预〔2026〕3号', null, '授权支付', '否', 1000, 1],
      ['420102', 2026, '101001', '2010388', '502', '30201', '专户资金', null, '青财预〔2026〕3号', null, '网银', '否', 1000.001, 1],
      ['420102', 2026, '101001', '2010301', '50201', '30201', '一般公共预算', null, '青财预〔2026〕4号', null, '授权支付', '否', 1000, 2],
      ['420102', 2026, '101001', '2130701', '50306', '31002', '一般公共预算', draft.code, '青财预〔2026〕5号', null, '直接支付', '否', 1000, 1],
      good,
      ['420102', 2027, '999999', '2010301', '50201', '30201', '一般公共预算', null, '青财预〔2026〕6号', null, '授权支付', '否', 0, 1],
    ]);
    const input = { kind: 'indicators' as const, bookId: office.bookId, uploadId: await uploadFile(office.accountant, file), issueDate: '2026-01-06' };
    const preview = await office.accountant.ok('imports.preview', input);
    expect(preview.problems.map((p) => p.message)).toEqual([
      '第 3 行：财政区划 330106 与本账套的财政区划 420102 不一致',
      '第 4 行：支出功能分类 2010388 不在本账套的分类代码表中',
      '第 4 行：政府经济分类须细化到款级（5位代码），“502”不符合',
      '第 4 行：资金性质“专户资金”无法识别，应为 一般公共预算 / 政府性基金预算 / 国有资本经营预算',
      '第 4 行：支付方式“网银”无法识别，应为 直接支付 或 授权支付',
      '第 4 行：金额 1000.001 超过两位小数',
      '第 5 行：指标可执行标志为“待分”（2）：待分指标尚未分配到单位，不能导入',
      '第 6 行：项目 P2026-009“储备项目”状态为“储备”，未入库的项目不能下达指标',
      '第 7 行：与第 2 行的指标要素完全相同（文号、分类、资金性质、项目、支付方式、直达资金），重复',
      '第 8 行：年度 2027 与第 2 行的 2026 不同：一次只能导入一个年度的指标',
      '第 8 行：预算单位“999999”与第 2 行的“101001”不同：一个文件只能是一个预算单位',
      '第 8 行：金额须大于零',
    ]);
    const before = tableChecksums(core.databaseFile);
    expect((await office.accountant.fails('imports.apply', input)).code).toBe('RULE_VIOLATION');
    expect(tableChecksums(core.databaseFile)).toEqual(before);
  });
});
