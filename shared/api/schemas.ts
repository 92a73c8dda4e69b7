import { z } from 'zod';
import { validateRegionCode } from '../domain/region';

/** Runtime schemas shared by core, renderer forms and (later) the county server. */

// Messages of zod's own checks (wrong type, unknown key) in Chinese too; our own checks name the field.
z.config(z.locales.zhCN());

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

const newPasswordSchema = z
  .string({ error: '请填写密码' })
  .min(8, '密码至少8位')
  .max(128, '密码不能超过128位');

export const userCreateInputSchema = z.object({
  id: uuidSchema,
  username: usernameSchema,
  displayName: requiredText('姓名', 20),
  password: newPasswordSchema,
  roles: z.array(roleSchema).min(1, '至少选择一个角色'),
});
export type UserCreateInput = z.infer<typeof userCreateInputSchema>;

export const loginInputSchema = z.object({
  username: z.string({ error: '请填写登录名' }).trim().min(1, '请填写登录名'),
  password: z.string({ error: '请填写密码' }).min(1, '请填写密码'),
});
