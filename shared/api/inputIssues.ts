/**
 * Input problems in the accountant's words. Every message that reaches a user names the field
 * in Chinese (`分年度金额 第1行 年度：年度必须是整数`), never a program's path (`amounts.0.year`).
 *
 * - `FIELD_LABELS`: one Chinese name per input field of the command map (a field named the same
 *   in several commands means the same thing there); `COMMAND_FIELD_LABELS` overrides per command.
 *   A test (inputIssues.test.ts) walks every command's schema and fails for a field without a
 *   label: a new command with a new field adds its label here.
 * - `chineseLocaleError`: zod's own messages (wrong type, out of range…) in plain Chinese, with no
 *   type names or keys in them, for the checks whose schema gives no message of its own.
 */

/** Chinese names of input fields, by key. */
export const FIELD_LABELS: Readonly<Record<string, string>> = Object.freeze({
  account: '账号',
  accountCode: '会计科目',
  action: '批复事项',
  actualValue: '完成值',
  againstId: '对比的报送',
  amount: '金额',
  amounts: '分年度金额',
  asOf: '截止日期',
  attachments: '附单据张数',
  bank: '开户银行',
  beforeSeq: '起始序号',
  bookId: '账套',
  by: '汇总方式',
  category: '人员类别',
  cells: '单元格',
  class: '项目类别',
  code: '编码',
  codes: '编码',
  columns: '列',
  correctiveAction: '纠偏措施',
  counterparty: '往来单位',
  credit: '贷方金额',
  data: '文件内容',
  date: '日期',
  debit: '借方金额',
  defaultPayMethod: '默认支付方式',
  dept: '部门',
  description: '说明',
  deviationReason: '偏差原因',
  dimensions: '辅助核算项',
  dims: '辅助核算',
  directFund: '直达资金',
  direction: '指标方向',
  displayName: '姓名',
  docNo: '文号',
  document: '单据',
  econCode: '经济分类',
  econDepCode: '部门经济分类',
  econGovCode: '政府经济分类',
  econ_dep: '部门经济分类',
  econ_gov: '政府经济分类',
  elements: '指标要素',
  enabled: '启用状态',
  endDate: '结束日期',
  entries: '填报内容',
  figures: '控制数',
  file: '文件',
  fileName: '文件名',
  folder: '文件夹',
  freezeId: '冻结记录',
  from: '调出指标',
  fromMonth: '起始月份',
  func: '功能分类',
  funcCode: '支出功能分类',
  funcLevel: '功能分类级次',
  fund: '资金性质',
  fundNature: '资金性质',
  headcount: '人数',
  header: '表头',
  id: '标识',
  includeResolved: '是否包括已解决的问题',
  ids: '选中的记录',
  includeUnposted: '是否包括未记账凭证',
  indicatorId: '预算指标',
  issueDate: '下达日期',
  kind: '类别',
  label: '电脑名称',
  level: '级次',
  limit: '每页行数',
  lineNo: '行号',
  lines: '明细行',
  month: '月份',
  name: '名称',
  newId: '新凭证标识',
  note: '意见',
  numberFrom: '起始凭证号',
  numberTo: '截止凭证号',
  offset: '起始行',
  paper: '纸张',
  parallelReason: '平行记账原因',
  parentCode: '上级科目',
  part: '分段序号',
  parts: '分段数',
  password: '密码',
  payMethod: '支付方式',
  payee: '收款人',
  perCapita: '人均标准',
  period: '期间',
  post: '是否记账',
  project: '项目',
  projectCode: '项目编码',
  projectId: '项目',
  purpose: '用途',
  quotaArrival: '额度入账方式',
  reason: '原因',
  redBp: '红色预警档位',
  regionCode: '财政区划代码',
  revenueCode: '收入分类',
  roles: '角色',
  roster: '人员名册',
  rows: '数据行',
  scheduleMethod: '序时进度口径',
  score: '自评得分',
  serverUrl: '县级服务器地址',
  size: '文件大小',
  standards: '支出标准',
  startDate: '开始日期',
  startMonth: '启用月份',
  startYear: '启用年度',
  status: '状态',
  subtitle: '副标题',
  summary: '摘要',
  supDocNo: '上级指标文号',
  supervisor: '会计主管',
  targetId: '绩效指标',
  targetValue: '目标值',
  targets: '绩效目标',
  title: '标题',
  to: '调入指标',
  toMonth: '截止月份',
  topProjects: '列出的项目数',
  total: '合计',
  type: '类型',
  unit: '计量单位',
  unitType: '单位类型',
  uploadId: '上传的文件',
  username: '登录名',
  voucherId: '凭证标识',
  voucherWords: '凭证字方案',
  width: '列宽',
  word: '凭证字',
  year: '年度',
  yellowBp: '黄色预警档位',
});

/** Where a field means something more precise in one command: by key, or by `parent.key` (array indexes left out). */
export const COMMAND_FIELD_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.freeze({
  'voucher.save': { lines: '分录', summary: '摘要' },
  'account.create': { code: '科目编码', name: '科目名称' },
  'account.rename': { code: '科目编码', name: '科目名称' },
  'account.setEnabled': { code: '科目编码' },
  'account.delete': { code: '科目编码' },
  'account.setDimensions': { code: '科目编码' },
  'book.create': { name: '单位名称' },
  'budget.projectSave': { code: '项目编码', name: '项目名称', 'targets.name': '绩效指标名称', 'targets.type': '绩效指标类型' },
  'budget.simulateCountyApproval': { lines: '批复明细', kind: '控制数类别' },
  'budget.staffingSet': { 'standards.kind': '标准类别' },
  'budget.adjustmentCreate': { kind: '调整或调剂' },
  'budget.adjustmentApprove': { note: '审批意见', date: '生效日期' },
  'sync.configure': { code: '登记码' },
  'sync.restore': { code: '登记码', username: '原管理员登录名', password: '新密码' },
  'sync.packageImport': { path: '离线包文件位置' },
  'budget.adjustmentReject': { note: '驳回理由' },
  'budget.performanceEvaluate': { summary: '自评说明' },
  'classification.list': { kind: '分类种类' },
});

/** Chinese name of one key in one command: the command's `parent.key`, its `key`, then the common name. */
export function fieldLabel(command: string | null, key: string, parent?: string): string | undefined {
  const own = command ? COMMAND_FIELD_LABELS[command] : undefined;
  return (parent ? own?.[`${parent}.${key}`] : undefined) ?? own?.[key] ?? FIELD_LABELS[key];
}

/**
 * `['amounts', 0, 'year']` → `分年度金额 第1行 年度`. A key without a label is left out rather
 * than shown in English (the test keeps the labels complete); null when nothing is left.
 */
export function fieldPathText(command: string | null, path: readonly (string | number)[]): string | null {
  const parts: string[] = [];
  let parent: string | undefined;
  path.forEach((segment, i) => {
    if (typeof segment === 'number') {
      parts.push(`第${segment + 1}${i === path.length - 1 ? '项' : '行'}`);
      return;
    }
    const label = fieldLabel(command, segment, parent);
    if (label) parts.push(label);
    parent = segment;
  });
  return parts.length > 0 ? parts.join(' ') : null;
}

export interface InputIssue {
  path: readonly (string | number)[];
  message: string;
}

/**
 * The first problem as one sentence: `输入有误：分年度金额 第1行：年度必须是整数`. When the message
 * already starts with the field's own name, the name is not repeated in front of it.
 */
export function describeInputIssue(command: string | null, issue: InputIssue | undefined): string {
  if (!issue) return '输入有误：格式不正确';
  const where = fieldPathText(command, issue.path);
  if (!where) return `输入有误：${issue.message}`;
  const parts = where.split(' ');
  const last = parts[parts.length - 1]!;
  if (!/^第\d+[行项]$/.test(last) && issue.message.startsWith(last)) {
    const rest = parts.slice(0, -1).join(' ');
    return rest ? `输入有误：${rest}：${issue.message}` : `输入有误：${issue.message}`;
  }
  return `输入有误：${where}：${issue.message}`;
}

// ---- zod's own messages ----

const TYPE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  string: '文字',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '“是”或“否”',
  array: '一组数据',
  object: '一组字段',
  date: '日期',
  null: '空',
});

const SIZE_UNITS: Readonly<Record<string, string>> = Object.freeze({ string: '个字', array: '项', set: '项', file: '字节' });

const hasLatin = (text: string) => /[A-Za-z]/.test(text);

interface RawIssue {
  code?: string;
  expected?: string;
  input?: unknown;
  values?: readonly unknown[];
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  format?: string;
  keys?: readonly string[];
  divisor?: number;
}

/** zod's default messages, in Chinese without program words (used where a schema gives none). */
export function chineseLocaleError(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '必须填写';
      return `应为${TYPE_NAMES[issue.expected ?? ''] ?? '正确的格式'}`;
    case 'invalid_value': {
      const values = (issue.values ?? []).map(String);
      if (values.length > 0 && values.length <= 8 && !values.some(hasLatin)) return `只能是 ${values.join('、')} 之一`;
      return '不是可选的取值';
    }
    case 'too_small': {
      const unit = SIZE_UNITS[issue.origin ?? ''];
      const min = String(issue.minimum);
      if (unit === '个字' && min === '1') return '不能为空';
      if (unit) return `至少${min}${unit}`;
      return issue.inclusive === false ? `必须大于${min}` : `不能小于${min}`;
    }
    case 'too_big': {
      const unit = SIZE_UNITS[issue.origin ?? ''];
      const max = String(issue.maximum);
      if (unit) return `不能超过${max}${unit}`;
      return issue.inclusive === false ? `必须小于${max}` : `不能大于${max}`;
    }
    case 'invalid_format':
      return '格式不正确';
    case 'not_multiple_of':
      return `必须是${issue.divisor}的倍数`;
    case 'unrecognized_keys':
      return `含有${issue.keys?.length ?? ''}个本操作不接受的字段`;
    case 'invalid_union':
      return '不是可接受的格式或取值';
    default:
      return '格式不正确';
  }
}
