/**
 * The column layouts of the four imports. The same layout writes the template, reads an
 * uploaded file and writes the exports of vouchers and opening balances, so that an export
 * imports back unchanged. Headers are matched loosely (spaces, full-width forms, a trailing
 * “（元）” or “*” ignored) and by the aliases the provincial 一体化 export uses.
 */
import { DIMENSION_LABELS, type DimensionKey } from '../ledger/types';

export const IMPORT_KINDS = ['openingBalances', 'accounts', 'vouchers', 'indicators'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABELS: Readonly<Record<ImportKind, string>> = {
  openingBalances: '期初余额',
  accounts: '会计科目',
  vouchers: '凭证',
  indicators: '预算指标',
};

export interface ColumnSpec {
  key: string;
  header: string;
  aliases?: readonly string[];
  required: boolean;
  /** What to write, for the 说明 sheet and the header's note. */
  note: string;
  example: string | number;
  width: number;
  /** Offered as a drop-down (data validation) in the template. */
  list?: readonly string[];
  /** Amount columns are written as numbers with two decimals. */
  amount?: boolean;
}

export interface ImportLayout {
  kind: ImportKind;
  title: string;
  /** The data sheet's name in templates and exports. */
  sheetName: string;
  columns: readonly ColumnSpec[];
  /** Rules shown on the 说明 sheet, one per line. */
  rules: readonly string[];
  /** Rows of the example on the 说明 sheet (values by column key). */
  example: readonly Record<string, string | number>[];
}

const dimensionNotes: Record<DimensionKey, string> = {
  func: '支出功能分类代码，须到项级（7位），如 2010301',
  econ_dep: '部门经济分类代码，须到款级（5位），如 30201',
  econ_gov: '政府经济分类代码，须到款级（5位），如 50201',
  project: '项目代码（项目库中的项目）',
  fund: '资金性质，如 一般公共预算',
  counterparty: '往来单位名称或代码',
  dept: '部门名称或代码',
};

/** The seven 辅助核算 columns, in the order of the voucher screen. */
export const DIMENSION_COLUMNS: readonly ColumnSpec[] = (Object.keys(dimensionNotes) as DimensionKey[]).map((key) => ({
  key,
  header: DIMENSION_LABELS[key],
  aliases: key === 'func' ? ['功能分类', '功能科目'] : key === 'econ_dep' ? ['经济分类'] : [],
  required: false,
  note: `${dimensionNotes[key]}；科目要求该辅助核算时必填`,
  example: '',
  width: key === 'counterparty' || key === 'dept' ? 14 : 12,
}));

export const VOUCHER_WORDS = ['记', '收', '付', '转'] as const;

const vouchers: ImportLayout = {
  kind: 'vouchers',
  title: '凭证导入',
  sheetName: '凭证',
  columns: [
    { key: 'date', header: '凭证日期', aliases: ['日期', '制单日期'], required: true, note: '如 2026-01-05；同一张凭证的各行日期相同', example: '2026-01-05', width: 12 },
    { key: 'word', header: '凭证字', aliases: ['字'], required: true, note: '记，或 收/付/转（按本账套的凭证字方案）', example: '记', width: 8, list: VOUCHER_WORDS },
    { key: 'number', header: '凭证号', aliases: ['号', '凭证编号'], required: true, note: '整数；同一期间、同一凭证字内不能重复，也不能与账上已有凭证重复', example: 1, width: 8 },
    { key: 'summary', header: '摘要', required: true, note: '每行分录的摘要，最多100字', example: '收到财政授权支付额度', width: 28 },
    { key: 'account', header: '科目编码', aliases: ['科目代码', '会计科目编码', '科目'], required: true, note: '末级科目编码，如 1011、60010102', example: '1011', width: 12 },
    { key: 'accountName', header: '科目名称', required: false, note: '仅供核对，导入时以科目编码为准', example: '零余额账户用款额度', width: 20 },
    ...DIMENSION_COLUMNS,
    { key: 'debit', header: '借方金额', aliases: ['借方', '借方发生额'], required: false, note: '单位：元，最多两位小数；借方、贷方只填一方', example: 100000, width: 14, amount: true },
    { key: 'credit', header: '贷方金额', aliases: ['贷方', '贷方发生额'], required: false, note: '单位：元，最多两位小数', example: '', width: 14, amount: true },
    { key: 'attachments', header: '附单据张数', aliases: ['附件数', '附单据数', '单据张数'], required: false, note: '整数，填在凭证的任一行即可（各行不同时报错）', example: 1, width: 10 },
  ],
  rules: [
    '每行是一条分录；凭证日期所在月份、凭证字和凭证号相同的连续各行组成一张凭证。',
    '每张凭证的财务会计分录和预算会计分录须分别借贷平衡；只能使用末级科目；科目要求的辅助核算必须填写。',
    '凭证所在期间须已启用且未结账；凭证号不能与文件中其他凭证或账上已有凭证重复。',
    '默认导入为草稿，按正常流程审核、记账；主管可选择“直接记账”（用于迁入原系统已审核记账的凭证）。',
    '任何一行有错误时整个文件都不导入。',
  ],
  example: [
    { date: '2026-01-05', word: '记', number: 1, summary: '收到财政授权支付额度', account: '1011', accountName: '零余额账户用款额度', debit: 100000, attachments: 1 },
    { date: '2026-01-05', word: '记', number: 1, summary: '收到财政授权支付额度', account: '4001', accountName: '财政拨款收入', credit: 100000 },
    { date: '2026-01-05', word: '记', number: 1, summary: '收到财政授权支付额度', account: '800101', accountName: '零余额账户用款额度', debit: 100000 },
    { date: '2026-01-05', word: '记', number: 1, summary: '收到财政授权支付额度', account: '60010102', accountName: '日常公用经费', func: '2010301', credit: 100000 },
  ],
};

const openingBalances: ImportLayout = {
  kind: 'openingBalances',
  title: '期初余额导入',
  sheetName: '期初余额',
  columns: [
    { key: 'account', header: '科目编码', aliases: ['科目代码', '会计科目编码', '科目'], required: true, note: '末级科目编码', example: '100201', width: 12 },
    { key: 'accountName', header: '科目名称', required: false, note: '仅供核对，导入时以科目编码为准', example: '本单位存款', width: 20 },
    ...DIMENSION_COLUMNS,
    { key: 'openingDebit', header: '期初借方余额', aliases: ['借方余额', '期初借方'], required: false, note: '启用期间的期初余额（元）；借方、贷方只填一方', example: 500000, width: 14, amount: true },
    { key: 'openingCredit', header: '期初贷方余额', aliases: ['贷方余额', '期初贷方'], required: false, note: '启用期间的期初余额（元）', example: '', width: 14, amount: true },
    { key: 'ytdDebit', header: '本年累计借方', aliases: ['累计借方', '本年借方累计'], required: false, note: '年中启用时：启用前本年已发生的借方合计；1月启用时留空', example: '', width: 14, amount: true },
    { key: 'ytdCredit', header: '本年累计贷方', aliases: ['累计贷方', '本年贷方累计'], required: false, note: '年中启用时：启用前本年已发生的贷方合计；1月启用时留空', example: '', width: 14, amount: true },
  ],
  rules: [
    '每行是一个末级科目（及其辅助核算组合）在账套启用期间的期初余额。',
    '财务会计科目（1–5开头）的期初借方合计须等于贷方合计（资产 = 负债 + 净资产）；预算会计科目（6–8开头）同样须借贷相等。',
    '年中启用时可填写本年累计借方、贷方，两套科目的累计借贷也须分别相等；1月启用时留空。',
    '导入后，启用期间科目余额表的“期初余额”与本文件一致。重新导入会替换原有期初余额（只能在启用期间结账前）。',
    '任何一行有错误时整个文件都不导入。',
  ],
  example: [
    { account: '100201', accountName: '本单位存款', openingDebit: 500000 },
    { account: '3001', accountName: '累计盈余', openingCredit: 500000 },
    { account: '800102', accountName: '货币资金', openingDebit: 500000 },
    { account: '810107', accountName: '累计结转', openingCredit: 500000 },
  ],
};

export const DIMENSION_NAME_WORDS: Readonly<Record<string, DimensionKey>> = {
  支出功能分类: 'func',
  功能分类: 'func',
  部门经济分类: 'econ_dep',
  政府经济分类: 'econ_gov',
  项目: 'project',
  资金性质: 'fund',
  往来单位: 'counterparty',
  部门: 'dept',
};

const accounts: ImportLayout = {
  kind: 'accounts',
  title: '会计科目导入',
  sheetName: '会计科目',
  columns: [
    { key: 'code', header: '科目编码', aliases: ['科目代码'], required: true, note: '下级科目编码 = 上级编码 + 两位（4-2-2），如 500101、50010101', example: '500101', width: 12 },
    { key: 'name', header: '科目名称', required: true, note: '最多40字', example: '工资福利费用', width: 24 },
    { key: 'dims', header: '辅助核算', aliases: ['必填辅助核算', '辅助核算项'], required: false, note: `该科目记账时必须填写的辅助核算，用顿号分隔：${Object.keys(DIMENSION_NAME_WORDS).join('、')}；留空则按默认规则`, example: '', width: 28 },
  ],
  rules: [
    '每行增加一个下级科目；上级科目须已在账上，或在本文件中（先上级后下级，顺序不限）。',
    '一级科目由《政府会计制度》规定，不能导入；已用于凭证或有期初余额的科目不能再增加下级。',
    '科目编码不能与已有科目或文件中其他行重复。',
    '任何一行有错误时整个文件都不导入。',
  ],
  example: [
    { code: '500101', name: '工资福利费用', dims: '' },
    { code: '50010101', name: '基本工资', dims: '' },
    { code: '710102', name: '项目支出', dims: '支出功能分类、部门经济分类、项目' },
  ],
};

const indicators: ImportLayout = {
  kind: 'indicators',
  title: '预算指标导入（省一体化系统导出格式）',
  sheetName: '指标',
  columns: [
    { key: 'region', header: '财政区划', aliases: ['MOF_DIV_CODE', '财政区划代码', '区划'], required: true, note: '6位财政区划代码，须与本账套一致', example: '420102', width: 12 },
    { key: 'year', header: '年度', aliases: ['FISCAL_YEAR', '预算年度'], required: true, note: '如 2026', example: 2026, width: 8 },
    { key: 'agency', header: '预算单位', aliases: ['AGENCY_CODE', '单位', '预算单位代码'], required: true, note: '预算单位代码（可带名称）；同一文件只能是一个单位', example: '101001 青山镇人民政府', width: 22 },
    { key: 'func', header: '支出功能分类', aliases: ['EXP_FUNC_CODE', '功能分类', '功能科目'], required: true, note: '项级（7位）代码，可带名称', example: '2010301 行政运行', width: 20 },
    { key: 'econGov', header: '政府经济分类', aliases: ['GOV_BGT_ECO_CODE', '政府预算经济分类'], required: true, note: '款级（5位）代码，可带名称', example: '50201 办公经费', width: 18 },
    { key: 'econDep', header: '部门经济分类', aliases: ['DEP_BGT_ECO_CODE', '部门预算经济分类'], required: true, note: '款级（5位）代码，可带名称', example: '30201 办公费', width: 18 },
    { key: 'fund', header: '资金性质', aliases: ['FUND_TYPE_CODE', '资金性质代码'], required: true, note: '一般公共预算 / 政府性基金预算 / 国有资本经营预算', example: '一般公共预算', width: 16, list: ['一般公共预算', '政府性基金预算', '国有资本经营预算'] },
    { key: 'project', header: '项目', aliases: ['PRO_CODE', '项目代码', '项目编码'], required: false, note: '项目支出填写项目库中的项目代码（可带名称）；基本支出留空', example: '', width: 18 },
    { key: 'docNo', header: '指标文号', aliases: ['COR_BGT_DOC_NO', '本级指标文号', '文号'], required: true, note: '本级指标文号', example: '青财预〔2026〕1号', width: 18 },
    { key: 'supDocNo', header: '上级指标文号', aliases: ['SUP_BGT_DOC_NO'], required: false, note: '可空', example: '', width: 18 },
    { key: 'payMethod', header: '支付方式', aliases: ['PAY_TYPE_CODE', '支付方式代码'], required: true, note: '直接支付 / 授权支付（财政直接支付、财政授权支付亦可）', example: '授权支付', width: 12, list: ['直接支付', '授权支付'] },
    { key: 'directFund', header: '直达资金', aliases: ['直达资金标识', '是否直达资金', 'IS_DIRECT'], required: false, note: '是 / 否，空为否', example: '否', width: 10, list: ['是', '否'] },
    { key: 'amount', header: '金额', aliases: ['指标金额', 'AMOUNT', '可执行指标金额'], required: true, note: '单位：元，最多两位小数，须大于零', example: 120000, width: 14, amount: true },
    { key: 'bgtType', header: '指标类型', aliases: ['BGT_TYPE_CODE'], required: false, note: '可空，仅记录', example: '', width: 10 },
    { key: 'budgetLevel', header: '预算级次', aliases: ['BUDGET_LEVEL_CODE'], required: false, note: '可空，仅记录', example: '', width: 10 },
    { key: 'mofDep', header: '资金管理处室', aliases: ['BGT_MOF_DEP'], required: false, note: '可空，仅记录', example: '', width: 12 },
    { key: 'executable', header: '指标可执行标志', aliases: ['可执行标志', 'IS_EXECUTABLE'], required: false, note: '1 可执行 / 2 待分；待分指标不能导入', example: 1, width: 10 },
  ],
  rules: [
    '列与省预算管理一体化系统“指标”导出的列一致：财政区划、年度、预算单位、支出功能分类、政府经济分类、部门经济分类、资金性质、项目、指标文号、上级指标文号、支付方式、直达资金、金额。',
    '代码列可以是“代码 名称”的形式（如 2010301 行政运行），导入时取前面的代码。',
    '每行生成一条预算指标并登记“下达”；文件中要素完全相同的两行、或与账上已有指标完全相同的行视为重复，报错。',
    '财政区划须与本账套一致；同一文件只能是一个预算单位；项目须已入库。',
    '任何一行有错误时整个文件都不导入。',
  ],
  example: [
    { region: '420102', year: 2026, agency: '101001 青山镇人民政府', func: '2010301 行政运行', econGov: '50201 办公经费', econDep: '30201 办公费', fund: '一般公共预算', project: '', docNo: '青财预〔2026〕1号', supDocNo: '', payMethod: '授权支付', directFund: '否', amount: 120000, executable: 1 },
  ],
};

export const IMPORT_LAYOUTS: Readonly<Record<ImportKind, ImportLayout>> = { openingBalances, accounts, vouchers, indicators };
