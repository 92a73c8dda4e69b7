import { Form, Input } from 'antd';
import type { FormInstance } from 'antd';
import type { Role, UserCreateInput } from '../../../../shared/api';
import { uuidv7 } from '../../../../shared/domain';
import { fieldIssues } from '../../api/errorMessage';
import { RoleCheckboxes } from './RoleCheckboxes';

export interface UserFormValues {
  username: string;
  displayName: string;
  password: string;
  password2: string;
  roles: Role[];
}

const FIELDS = ['username', 'displayName', 'password', 'roles'] as const;

/** 登录名, 姓名, 密码 ×2 and 岗位: shared by 初始化用户 and 用户管理 → 新增用户. */
export function UserFields({ testIdPrefix, lockedRoles = [] }: { testIdPrefix: string; lockedRoles?: readonly Role[] }) {
  return (
    <>
      <Form.Item
        name="username"
        label="登录名"
        extra="登录时输入，如 wangkj；可用汉字、字母、数字"
        rules={[{ required: true, whitespace: true, message: '请填写登录名' }, { max: 32, message: '登录名不能超过32个字符' }]}
      >
        <Input data-testid={`${testIdPrefix}-username`} autoComplete="off" />
      </Form.Item>
      <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 20, message: '姓名不能超过20个字' }]}>
        <Input data-testid={`${testIdPrefix}-name`} autoComplete="off" placeholder="凭证上签章处显示的名字" />
      </Form.Item>
      <NewPasswordFields testIds={[`${testIdPrefix}-password`, `${testIdPrefix}-password2`]} />
      <Form.Item name="roles" label="岗位（可多选）" rules={[{ required: true, type: 'array', min: 1, message: '至少选择一个岗位' }]}>
        <RoleCheckboxes locked={lockedRoles} testIdPrefix={`${testIdPrefix}-role`} />
      </Form.Item>
    </>
  );
}

/**
 * 密码 and 再次输入密码 (form values `password`, `password2`): the user's, a 重设密码, or the new
 * administrator password of 从县级恢复账套. The core checks the rule itself (8+, letters and digits).
 */
export function NewPasswordFields({ testIds, label = '密码', autoFocus }: { testIds: readonly [string, string]; label?: string; autoFocus?: boolean }) {
  return (
    <>
      <Form.Item name="password" label={label} extra="至少8位，须同时包含字母和数字" rules={[{ required: true, message: `请填写${label}` }, { min: 8, message: `${label}至少8位` }]}>
        <Input.Password data-testid={testIds[0]} autoComplete="new-password" autoFocus={autoFocus} />
      </Form.Item>
      <Form.Item
        name="password2"
        label={`再次输入${label}`}
        dependencies={['password']}
        rules={[
          { required: true, message: `请再次输入${label}` },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致')),
          }),
        ]}
      >
        <Input.Password data-testid={testIds[1]} autoComplete="new-password" />
      </Form.Item>
    </>
  );
}

export function toUserInput(id: string, values: UserFormValues): UserCreateInput {
  return {
    id,
    username: values.username.trim(),
    displayName: values.displayName.trim(),
    password: values.password,
    roles: values.roles,
  };
}

/** Puts the core's field problems next to the fields; returns the ones that fit no field. */
export function showUserFieldIssues(form: FormInstance<UserFormValues>, error: unknown): string[] {
  const leftover: string[] = [];
  for (const issue of fieldIssues(error)) {
    const name = issue.path[0];
    if ((FIELDS as readonly unknown[]).includes(name)) {
      form.setFields([{ name: name as (typeof FIELDS)[number], errors: [issue.message] }]);
    } else leftover.push(issue.message);
  }
  return leftover;
}

export const newUserId = uuidv7;
