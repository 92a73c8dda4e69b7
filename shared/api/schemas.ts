import { z } from 'zod';
import { validateRegionCode } from '../domain/region';
import { chineseLocaleError } from './inputIssues';

/** Runtime schemas shared by core, renderer forms and (later) the county server. */

// Messages of zod's own checks (wrong type, out of range) in plain Chinese too; the field is named
// in front of the message from the labels in inputIssues.ts.
z.config({ localeError: chineseLocaleError });

export const uuidSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, '标识格式不正确（应为 UUIDv7）');

export const unitTypeSchema = z.enum(['行政单位', '事业单位'], {
  error: '单位类型只能是“行政单位”或“事业单位”',
});
export type UnitType = z.infer<typeof unitTypeSchema>;

export const trackSchema = z.enum(['financial', 'budget']);
export type Track = z.infer<typeof trackSchema>;

export const regionCodeSchema = z.string().superRefine((code, ctx) => {
  const checked = validateRegionCode(code);
  if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.message });
});

export const yearSchema = z
  .number({ error: '年度必须是数字' })
  .int('年度必须是整数')
  .min(2000, '年度不能早于2000年')
  .max(2099, '年度不能晚于2099年');

export const monthSchema = z
  .number({ error: '月份必须是数字' })
  .int('月份必须是整数')
  .min(1, '月份应在1到12之间')
  .max(12, '月份应在1到12之间');

const requiredText = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过${max}个字`);

export const bookCreateInputSchema = z.object({
  /** Created by the creating side (UUIDv7) so a retried create is idempotent. */
  id: uuidSchema,
  name: requiredText('单位名称', 60),
  regionCode: regionCodeSchema,
  unitType: unitTypeSchema,
  startYear: yearSchema,
  startMonth: monthSchema,
  supervisor: requiredText('会计主管姓名', 20),
});
export type BookCreateInput = z.infer<typeof bookCreateInputSchema>;

export const bookRefSchema = z.object({ bookId: uuidSchema });

export const classificationKindSchema = z.enum([
  'revenue',
  'expenditure_function',
  'expenditure_econ_department',
  'expenditure_econ_government',
]);
export type ClassificationKind = z.infer<typeof classificationKindSchema>;

export const roleSchema = z.enum(['accountant', 'reviewer', 'cashier', 'supervisor', 'admin'], {
  error: '角色只能是 会计、审核、出纳、主管、管理员 之一',
});
export type Role = z.infer<typeof roleSchema>;
export const roleLabels: Record<Role, string> = {
  accountant: '会计（制单）',
  reviewer: '审核',
  cashier: '出纳',
  supervisor: '主管',
  admin: '管理员',
};

const usernameSchema = z
  .string({ error: '请填写登录名' })
  .trim()
  .min(1, '请填写登录名')
  .max(32, '登录名不能超过32个字符')
  .regex(/^[A-Za-z0-9_.\-\u4e00-\u9fa5]+$/, '登录名只能包含汉字、字母、数字、下划线、点和减号');

/** A new password (a user's, or the backup password): at least 8 characters, with letters and digits. */
export const newPasswordSchema = z
  .string({ error: '请填写密码' })
  .min(8, '密码至少8位')
  .max(128, '密码不能超过128位')
  .regex(/[A-Za-z]/, '密码须同时包含字母和数字')
  .regex(/[0-9]/, '密码须同时包含字母和数字');

export const userCreateInputSchema = z.object({
  id: uuidSchema,
  username: usernameSchema,
  displayName: requiredText('姓名', 20),
  password: newPasswordSchema,
  roles: z.array(roleSchema).min(1, '至少选择一个角色'),
});
export type UserCreateInput = z.infer<typeof userCreateInputSchema>;

/** 重设密码 by the administrator (a forgotten password, or operators restored from the county, whose passwords never travel). */
export const userResetPasswordSchema = z.object({
  id: z.string({ error: '请选择用户' }).min(1, '请选择用户').max(64, '用户标识过长'),
  password: newPasswordSchema,
});
export type UserResetPasswordInput = z.infer<typeof userResetPasswordSchema>;

export const loginInputSchema = z.object({
  username: z.string({ error: '请填写登录名' }).trim().min(1, '请填写登录名'),
  password: z.string({ error: '请填写密码' }).min(1, '请填写密码'),
});

// ---- Ledger: vouchers, periods, books ----

/** Integer fen, within the safe range. Negative only on 红字冲销 vouchers (checked by the rules). */
export const fenSchema = z
  .number({ error: '金额必须是数字（以分为单位）' })
  .int('金额必须是以“分”为单位的整数')
  .refine((n) => Number.isSafeInteger(n), '金额超出允许范围');

const dimValue = z.string().trim().max(40, '辅助核算代码不能超过40个字符').optional();
export const dimensionsSchema = z
  .object({ func: dimValue, econ_dep: dimValue, econ_gov: dimValue, project: dimValue, fund: dimValue, counterparty: dimValue, dept: dimValue })
  .strict();

export const voucherWordSchema = z.enum(['记', '收', '付', '转'], { error: '凭证字只能是 记、收、付、转' });
export type VoucherWord = z.infer<typeof voucherWordSchema>;

export const dateSchema = z
  .string({ error: '请填写日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2026-01-31')
  .refine((d) => {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, m - 1, day));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
  }, '日期不存在');

export const voucherLineInputSchema = z.object({
  summary: z.string({ error: '请填写摘要' }).trim().max(100, '摘要不能超过100个字'),
  accountCode: z.string({ error: '请选择会计科目' }).trim().regex(/^\d{4}(\d{2}){0,3}$/, '科目编码格式不正确'),
  debit: fenSchema,
  credit: fenSchema,
  dims: dimensionsSchema.optional(),
});
export type VoucherLineInputData = z.infer<typeof voucherLineInputSchema>;

export const voucherSaveInputSchema = z.object({
  bookId: uuidSchema,
  /** Made by the creating side: saving twice with the same id updates the same draft. */
  id: uuidSchema,
  word: voucherWordSchema.default('记'),
  date: dateSchema,
  attachments: z.number({ error: '附单据张数必须是数字' }).int('附单据张数必须是整数').min(0, '附单据张数不能为负').max(9999, '附单据张数过大'),
  lines: z.array(voucherLineInputSchema).min(2, '凭证至少需要两行分录').max(500, '一张凭证最多500行'),
  /** The reason given when saving despite a 平行记账 warning. */
  parallelReason: z.string().trim().min(2, '请说明原因').max(200, '原因不能超过200字').optional(),
});
export type VoucherSaveInput = z.infer<typeof voucherSaveInputSchema>;

export const voucherRefSchema = z.object({ bookId: uuidSchema, id: uuidSchema });
export const voucherBatchSchema = z.object({ bookId: uuidSchema, ids: z.array(uuidSchema).min(1, '请至少选择一张凭证').max(1000) });
export const voucherStatusSchema = z.enum(['draft', 'reviewed', 'posted']);
export type VoucherStatus = z.infer<typeof voucherStatusSchema>;
export const periodRefSchema = z.object({ bookId: uuidSchema, year: yearSchema, month: monthSchema });
export const voucherListInputSchema = periodRefSchema.extend({ status: voucherStatusSchema.optional() });
export const voucherReverseInputSchema = z.object({ bookId: uuidSchema, id: uuidSchema, newId: uuidSchema, date: dateSchema });
export const periodReopenInputSchema = periodRefSchema.extend({
  reason: z.string({ error: '请填写反结账原因' }).trim().min(2, '请填写反结账原因').max(200, '原因不能超过200字'),
});
export const ledgerDetailInputSchema = z.object({
  bookId: uuidSchema,
  accountCode: z.string().regex(/^\d{4}(\d{2}){0,3}$/, '科目编码格式不正确'),
  year: yearSchema,
  fromMonth: monthSchema,
  toMonth: monthSchema,
  dims: dimensionsSchema.optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const statementIdSchema = z.enum(
  ['balanceSheet', 'incomeExpense', 'netAssetChanges', 'budgetRevenueExpenditure', 'budgetCarryForwardChanges', 'fiscalAppropriationBudget', 'budgetSurplusReconciliation'],
  { error: '没有这张报表' },
);
export const statementInputSchema = periodRefSchema.extend({ id: statementIdSchema });
export const accountSetEnabledSchema = z.object({
  bookId: uuidSchema,
  code: z.string().regex(/^\d{4}(\d{2}){0,3}$/, '科目编码格式不正确'),
  enabled: z.boolean(),
});

const accountCodeSchema = z.string().regex(/^\d{4}(\d{2}){0,3}$/, '科目编码格式不正确（4-2-2-2 位）');
const accountNameSchema = z.string({ error: '请填写科目名称' }).trim().min(1, '请填写科目名称').max(40, '科目名称不能超过40个字');
export const dimensionKeySchema = z.enum(['func', 'econ_dep', 'econ_gov', 'project', 'fund', 'counterparty', 'dept']);
export const accountCreateSchema = z.object({
  bookId: uuidSchema,
  parentCode: accountCodeSchema,
  /** The new code: the parent's code plus two digits (4-2-2: 5001 → 500101 → 50010101). */
  code: accountCodeSchema,
  name: accountNameSchema,
});
export const accountRenameSchema = z.object({ bookId: uuidSchema, code: accountCodeSchema, name: accountNameSchema });
export const accountRefSchema = z.object({ bookId: uuidSchema, code: accountCodeSchema });
export const accountDimensionsSchema = z.object({ bookId: uuidSchema, code: accountCodeSchema, dimensions: z.array(dimensionKeySchema) });

export const generalLedgerInputSchema = z.object({ bookId: uuidSchema, accountCode: accountCodeSchema, year: yearSchema });
export const journalInputSchema = periodRefSchema.extend({ accountCode: accountCodeSchema });
export const dimensionBalanceInputSchema = z.object({
  bookId: uuidSchema,
  accountCode: accountCodeSchema,
  year: yearSchema,
  fromMonth: monthSchema,
  toMonth: monthSchema,
  by: z.array(dimensionKeySchema).min(1, '请至少选择一个辅助核算项').max(3, '最多按三个辅助核算项汇总'),
});

export const voucherWordsSchema = z.enum(['single', 'receiptPaymentTransfer'], { error: '凭证字方案只能是“记”或“收、付、转”' });
export const bookSetVoucherWordsSchema = z.object({ bookId: uuidSchema, voucherWords: voucherWordsSchema });
