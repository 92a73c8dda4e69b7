import { useMemo } from 'react';
import { Select } from 'antd';
import type { Account, Book } from '../../../../shared/api';
import { matchesAccountQuery } from '../../../../shared/domain';
import { useCommand } from '../../api/useCommand';

/** An account picker that finds by code, name or 拼音首字母 (`lyed` → 1011), optionally limited. */
export function AccountSelect({
  book,
  value,
  onChange,
  only,
  testId,
  width = 260,
}: {
  book: Book;
  value: string;
  onChange: (code: string) => void;
  only?: (account: Account) => boolean;
  testId?: string;
  width?: number;
}) {
  const accounts = useCommand('account.list', { bookId: book.id });
  const options = useMemo(
    () =>
      accounts.status === 'ok'
        ? accounts.data.filter((a) => !only || only(a)).map((a) => ({ value: a.code, label: `${a.code} ${a.name}`, account: a }))
        : [],
    [accounts, only],
  );
  return (
    <Select
      data-testid={testId}
      size="small"
      showSearch={{ filterOption: (input, option) => !!option && matchesAccountQuery(option.account, input) }}
      value={value}
      options={options}
      loading={accounts.status === 'loading'}
      onChange={onChange}
      style={{ width }}
    />
  );
}
