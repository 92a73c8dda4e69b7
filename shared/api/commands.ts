import { z } from 'zod';
import { command, empty } from './command';
import { budgetCommands } from './budgetCommands';
import { importCommands } from './importCommands';
import { exportCommands } from './exportCommands';
import { systemCommands } from './systemCommands';
import { syncCommands } from './syncCommands';
import {
  bookCreateInputSchema,
  bookRefSchema,
  classificationKindSchema,
  accountCreateSchema,
  bookSetVoucherWordsSchema,
  accountDimensionsSchema,
  accountRefSchema,
  accountRenameSchema,
  accountSetEnabledSchema,
  dimensionBalanceInputSchema,
  generalLedgerInputSchema,
  journalInputSchema,
  ledgerDetailInputSchema,
  statementInputSchema,
  loginInputSchema,
  periodRefSchema,
  periodReopenInputSchema,
  userCreateInputSchema,
  userResetPasswordSchema,
  voucherBatchSchema,
  voucherListInputSchema,
  voucherRefSchema,
  voucherReverseInputSchema,
  voucherSaveInputSchema,
} from './schemas';
import type {
  Account,
  AppInfo,
  AuthStatus,
  BatchResult,
  Book,
  ClassificationItem,
  DimensionBalanceRow,
  GeneralLedger,
  Journal,
  LedgerDetail,
  PeriodInfo,
  Session,
  StatementData,
  TrialBalance,
  User,
  Voucher,
  VoucherSaveResult,
} from './types';

export type { Access } from './command';

/**
 * The one contract between renderer and core. Each command: a `domain.verb`
 * name, a zod input schema, a typed output (phantom) and the error codes it may
 * answer with besides the transport ones (UNKNOWN_COMMAND, INVALID_INPUT,
 * BODY_TOO_LARGE, UNAUTHORIZED, INTERNAL) that any command can produce.
 */

export const commands = {
  'system.ping': command<{ pong: true; at: number }>()({
    summary: '连通性检查（用于测量往返时延）',
    access: 'public',
    input: empty,
  }),
  'app.info': command<AppInfo>()({
    summary: '应用版本、数据目录与数据库版本',
    access: 'public',
    input: empty,
  }),
  'book.list': command<Book[]>()({
    summary: '本机全部账套',
    access: 'public',
    input: empty,
  }),
  'book.create': command<Book>()({
    summary: '建账：创建账套并装入会计科目与收支分类',
    access: 'public',
    input: bookCreateInputSchema,
    errors: ['CONFLICT'],
  }),
  'book.get': command<Book>()({
    summary: '一个账套的基本信息',
    access: 'public',
    input: bookRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'book.setVoucherWords': command<Book>()({
    summary: '设置凭证字方案：记，或 收/付/转（只能在开放期间还没有凭证时更改）',
    access: ['supervisor', 'admin'],
    input: bookSetVoucherWordsSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'account.list': command<Account[]>()({
    summary: '账套的会计科目（按编码排序）',
    access: 'public',
    input: bookRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'classification.list': command<ClassificationItem[]>()({
    summary: '账套的政府收支分类科目',
    access: 'public',
    input: bookRefSchema.extend({ kind: classificationKindSchema.optional() }),
    errors: ['NOT_FOUND'],
  }),
  'auth.status': command<AuthStatus>()({
    summary: '是否已有用户、当前会话的用户',
    access: 'public',
    input: empty,
  }),
  'auth.bootstrap': command<Session>()({
    summary: '本机第一次使用：创建第一个用户（须含管理员角色）并登录',
    access: 'public',
    input: userCreateInputSchema,
    errors: ['CONFLICT'],
  }),
  'auth.login': command<Session>()({
    summary: '登录',
    access: 'public',
    input: loginInputSchema,
  }),
  'auth.logout': command<{ loggedOut: true }>()({
    summary: '退出登录',
    access: 'session',
    input: empty,
  }),
  'user.list': command<User[]>()({
    summary: '本机用户',
    access: 'session',
    input: empty,
  }),
  'user.create': command<User>()({
    summary: '新增用户（管理员）',
    access: ['admin'],
    input: userCreateInputSchema,
    errors: ['CONFLICT'],
  }),
  'user.resetPassword': command<User>()({
    summary: '重设用户密码（管理员）：忘记密码，或从县级恢复的操作员（密码不随数据传输）；该用户已登录的会话随之失效',
    access: ['admin'],
    input: userResetPasswordSchema,
    errors: ['NOT_FOUND'],
  }),
  'voucher.save': command<VoucherSaveResult>()({
    summary: '保存凭证（新建或修改草稿）；借贷不平等错误不保存；平行记账提示须填写原因',
    access: ['accountant', 'supervisor'],
    input: voucherSaveInputSchema,
    errors: ['RULE_VIOLATION', 'NEEDS_CONFIRMATION', 'PERIOD_CLOSED', 'CONFLICT', 'NOT_FOUND'],
  }),
  'voucher.get': command<Voucher>()({
    summary: '一张凭证',
    access: 'session',
    input: voucherRefSchema,
    errors: ['NOT_FOUND'],
  }),
  'voucher.list': command<Voucher[]>()({
    summary: '某期间的凭证（按凭证字号）',
    access: 'session',
    input: voucherListInputSchema,
  }),
  'voucher.delete': command<{ deleted: true }>()({
    summary: '删除草稿凭证',
    access: ['accountant', 'supervisor'],
    input: voucherRefSchema,
    errors: ['RULE_VIOLATION', 'PERIOD_CLOSED', 'NOT_FOUND'],
  }),
  'voucher.review': command<BatchResult>()({
    summary: '审核（可批量）：制单人不能审核自己的凭证，出纳不能审核',
    access: ['reviewer', 'supervisor'],
    input: voucherBatchSchema,
  }),
  'voucher.unreview': command<BatchResult>()({
    summary: '取消审核（记账前）',
    access: ['reviewer', 'supervisor'],
    input: voucherBatchSchema,
  }),
  'voucher.post': command<BatchResult>()({
    summary: '记账（可批量）：只有已审核的凭证可以记账',
    access: ['accountant', 'reviewer', 'supervisor'],
    input: voucherBatchSchema,
  }),
  'voucher.reverse': command<VoucherSaveResult>()({
    summary: '红字冲销已记账凭证：生成与原凭证关联的红字凭证（草稿）',
    access: ['accountant', 'supervisor'],
    input: voucherReverseInputSchema,
    errors: ['RULE_VIOLATION', 'PERIOD_CLOSED', 'NOT_FOUND', 'CONFLICT'],
  }),
  'voucher.renumber': command<{ renumbered: number }>()({
    summary: '断号整理：只整理开放期间内未记账的凭证',
    access: ['accountant', 'supervisor'],
    input: periodRefSchema,
    errors: ['PERIOD_CLOSED'],
  }),
  'period.list': command<PeriodInfo[]>()({
    summary: '账套的会计期间与结账状态',
    access: 'session',
    input: bookRefSchema,
  }),
  'period.close': command<PeriodInfo>()({
    summary: '月末结账：检查全部记账、两套分录平衡、凭证号连续，生成结转凭证后锁定期间',
    access: ['accountant', 'supervisor'],
    input: periodRefSchema,
    errors: ['RULE_VIOLATION', 'PERIOD_CLOSED'],
  }),
  'period.reopen': command<PeriodInfo>()({
    summary: '反结账：仅主管，须填写原因并留痕',
    access: ['supervisor'],
    input: periodReopenInputSchema,
    errors: ['RULE_VIOLATION'],
  }),
  'ledger.trialBalance': command<TrialBalance>()({
    summary: '科目余额表（期初、本期、本年累计、期末；财务与预算两套分别平衡）',
    access: 'session',
    input: periodRefSchema,
  }),
  'ledger.detail': command<LedgerDetail>()({
    summary: '明细账（逐笔余额，可按辅助核算过滤，分页）',
    access: 'session',
    input: ledgerDetailInputSchema,
    errors: ['NOT_FOUND'],
  }),
  'ledger.general': command<GeneralLedger>()({
    summary: '总账：年初余额、各月本月合计、本年累计与余额',
    access: 'session',
    input: generalLedgerInputSchema,
    errors: ['NOT_FOUND'],
  }),
  'ledger.journal': command<Journal>()({
    summary: '现金/银行日记账：逐笔登记，每日小计与余额（日清月结）',
    access: 'session',
    input: journalInputSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'ledger.dimensionBalance': command<DimensionBalanceRow[]>()({
    summary: '辅助余额表：按功能分类、经济分类、项目等辅助核算汇总',
    access: 'session',
    input: dimensionBalanceInputSchema,
    errors: ['NOT_FOUND'],
  }),
  'statement.get': command<StatementData>()({
    summary: '报表：由账簿计算（资产负债表、收入费用表、净资产变动表、预算收入支出表、预算结转结余变动表、财政拨款预算收入支出表、预算结余与盈余差异调节表）',
    access: 'session',
    input: statementInputSchema,
    errors: ['NOT_FOUND'],
  }),
  'account.setEnabled': command<Account>()({
    summary: '启用或停用科目：有余额或有未记账凭证的科目不能停用',
    access: ['accountant', 'supervisor', 'admin'],
    input: accountSetEnabledSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'account.create': command<Account>()({
    summary: '增加下级科目（编码 4-2-2：上级编码加两位）',
    access: ['accountant', 'supervisor', 'admin'],
    input: accountCreateSchema,
    errors: ['NOT_FOUND', 'CONFLICT', 'RULE_VIOLATION'],
  }),
  'account.rename': command<Account>()({
    summary: '修改科目名称',
    access: ['accountant', 'supervisor', 'admin'],
    input: accountRenameSchema,
    errors: ['NOT_FOUND'],
  }),
  'account.delete': command<{ deleted: true }>()({
    summary: '删除科目：只能删除本账套新增、没有下级且从未用于凭证的科目',
    access: ['accountant', 'supervisor', 'admin'],
    input: accountRefSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'account.setDimensions': command<Account>()({
    summary: '设置科目必须填写的辅助核算项',
    access: ['accountant', 'supervisor', 'admin'],
    input: accountDimensionsSchema,
    errors: ['NOT_FOUND'],
  }),
  // Each domain that grows its own commands keeps them in its own file, spread in here.
  ...budgetCommands,
  ...exportCommands,
  ...systemCommands,
  ...importCommands,
  ...syncCommands,
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
export type ParsedInput<K extends CommandName> = z.output<Commands[K]['input']>;
export type CommandOutput<K extends CommandName> = Commands[K]['output'];
export type CommandErrorCode<K extends CommandName> = Commands[K]['errors'][number];

export const commandNames = Object.keys(commands) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}
