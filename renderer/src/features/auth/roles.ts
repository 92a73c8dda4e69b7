import type { Role } from '../../../../shared/api';

/** Short role names as township finance offices say them (岗位). */
export const ROLE_SHORT_LABELS: Record<Role, string> = {
  accountant: '会计',
  reviewer: '审核',
  cashier: '出纳',
  supervisor: '主管',
  admin: '管理员',
};

export const ROLE_HINTS: Record<Role, string> = {
  accountant: '填制凭证、记账、结账',
  reviewer: '审核凭证（不能审核自己填制的凭证）',
  cashier: '出纳（不能兼任审核）',
  supervisor: '会计主管：可做会计与审核的工作，可反结账',
  admin: '管理本机用户',
};

export const ROLE_ORDER: readonly Role[] = ['accountant', 'reviewer', 'cashier', 'supervisor', 'admin'];

export function rolesText(roles: readonly Role[]): string {
  return ROLE_ORDER.filter((r) => roles.includes(r))
    .map((r) => ROLE_SHORT_LABELS[r])
    .join('、');
}
