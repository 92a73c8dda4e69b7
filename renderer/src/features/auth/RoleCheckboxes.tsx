import { Checkbox, Flex, Tooltip } from 'antd';
import type { Role } from '../../../../shared/api';
import { ROLE_HINTS, ROLE_ORDER, ROLE_SHORT_LABELS } from './roles';

/** 岗位 checkboxes; `locked` roles stay ticked (the first user must be 管理员). */
export function RoleCheckboxes({
  value = [],
  onChange,
  locked = [],
  testIdPrefix = 'role',
}: {
  value?: Role[];
  onChange?: (roles: Role[]) => void;
  locked?: readonly Role[];
  testIdPrefix?: string;
}) {
  const toggle = (role: Role, on: boolean) => {
    const next = on ? [...value, role] : value.filter((r) => r !== role);
    onChange?.(ROLE_ORDER.filter((r) => next.includes(r) || locked.includes(r)));
  };
  return (
    <Flex wrap gap={4}>
      {ROLE_ORDER.map((role) => (
        <Tooltip key={role} title={ROLE_HINTS[role]}>
          <Checkbox
            data-testid={`${testIdPrefix}-${role}`}
            checked={value.includes(role) || locked.includes(role)}
            disabled={locked.includes(role)}
            onChange={(event) => toggle(role, event.target.checked)}
          >
            {ROLE_SHORT_LABELS[role]}
          </Checkbox>
        </Tooltip>
      ))}
    </Flex>
  );
}
