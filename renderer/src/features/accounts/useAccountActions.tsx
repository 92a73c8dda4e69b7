import { useState } from 'react';
import { App, Button, Flex, Tooltip, type ButtonProps } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined, TagsOutlined } from '@ant-design/icons';
import type { Account, Book, User } from '../../../../shared/api';
import { errorMessage } from '../../api/errorMessage';
import { hasRole } from '../../api/session';
import { api } from '../../api/transport';
import { MAINTAINERS, suggestChildCode } from './accountCodes';
import { AccountNameModal, type NameModalState } from './AccountNameModal';
import { DimensionsModal } from './DimensionsModal';

export type AccountAction = 'create' | 'rename' | 'toggle' | 'delete' | 'dims';

/** The keys, as township finance software has them: Ins 新增, F2 改名, F4 辅助核算, F8 停用/启用, Del 删除. */
export const ACTION_KEYS: Readonly<Record<AccountAction, string>> = Object.freeze({ create: 'Insert', rename: 'F2', dims: 'F4', toggle: 'F8', delete: 'Delete' });
const KEY_LABELS: Readonly<Record<AccountAction, string>> = Object.freeze({ create: 'Ins', rename: 'F2', dims: 'F4', toggle: 'F8', delete: 'Del' });

/**
 * 会计科目维护 on the selected account: 新增下级科目, 重命名, 停用/启用, 删除, 辅助核算. Who may is the
 * core's access (会计、主管、管理员); what is refused (an account with postings deleted, a used
 * account given children, a disabled parent …) comes back as the core's Chinese message.
 */
export function useAccountActions(book: Book, user: User | null, accounts: readonly Account[], paths: Map<string, string>, reload: () => void, refocus: () => void) {
  const { message, modal } = App.useApp();
  const [naming, setNaming] = useState<NameModalState | null>(null);
  const [dims, setDims] = useState<Account | null>(null);
  const allowed = hasRole(user, ...MAINTAINERS);
  const path = (a: Account) => paths.get(a.code) ?? a.name;

  function run(action: AccountAction, account: Account | null): void {
    if (!allowed || !account) return;
    switch (action) {
      case 'create': {
        const suggestedCode = suggestChildCode(accounts, account.code);
        if (!suggestedCode) {
          modal.warning({ title: '不能再增加下级科目', content: `科目 ${account.code} 的下级编码已满或已到最末一级（4-2-2-2）。`, afterClose: refocus });
          return;
        }
        setNaming({ mode: 'create', account, pathName: path(account), suggestedCode });
        return;
      }
      case 'rename':
        setNaming({ mode: 'rename', account, pathName: path(account) });
        return;
      case 'dims':
        setDims(account);
        return;
      case 'toggle': {
        const enabling = !account.enabled;
        modal.confirm({
          title: `${enabling ? '启用' : '停用'}科目 ${account.code} ${path(account)}？`,
          content: enabling ? '启用后可以再记入此科目。' : '停用后不能再记入此科目及其下级；停用的下级不再使上级成为非末级科目。有余额或有未记账凭证的科目不能停用。',
          okText: enabling ? '启用' : '停用',
          okButtonProps: { danger: !enabling, 'data-testid': 'account-toggle-ok' } as ButtonProps,
          afterClose: refocus,
          onOk: () => send(() => api.send('account.setEnabled', { bookId: book.id, code: account.code, enabled: enabling }), `已${enabling ? '启用' : '停用'}科目 ${account.code}`, `不能${enabling ? '启用' : '停用'}科目 ${account.code}`),
        });
        return;
      }
      case 'delete':
        modal.confirm({
          title: `删除科目 ${account.code} ${path(account)}？`,
          content: '只能删除本账套新增、没有下级且从未用于凭证的科目；不再使用的科目可以停用。',
          okText: '删除',
          okButtonProps: { danger: true, 'data-testid': 'account-delete-ok' } as ButtonProps,
          afterClose: refocus,
          onOk: () => send(() => api.send('account.delete', { bookId: book.id, code: account.code }), `已删除科目 ${account.code}`, `不能删除科目 ${account.code}`),
        });
        return;
    }
  }

  /** Runs a command; a refusal is shown as the core says it, and the dialog closes either way. */
  async function send(action: () => Promise<unknown>, done: string, refused: string): Promise<void> {
    try {
      await action();
      message.success(done);
      reload();
    } catch (error) {
      modal.error({ title: refused, content: <span data-testid="account-error">{errorMessage(error)}</span>, width: 480, afterClose: refocus });
    }
  }

  function toolbar(selected: Account | null) {
    const none = !selected;
    const tip = (action: AccountAction, text: string) => (allowed ? `${text}（${KEY_LABELS[action]}）` : '需要“会计”“主管”或“管理员”岗位');
    const button = (action: AccountAction, label: string, icon: React.ReactNode, extra: { danger?: boolean; disabled?: boolean } = {}) => (
      <Tooltip title={tip(action, label)}>
        <Button size="small" icon={icon} danger={extra.danger} disabled={!allowed || none || extra.disabled} onClick={() => run(action, selected)} data-testid={`account-${action}`}>
          {label}
        </Button>
      </Tooltip>
    );
    return (
      <Flex gap={6} wrap>
        {button('create', '新增下级', <PlusOutlined />)}
        {button('rename', '重命名', <EditOutlined />)}
        {button('dims', '辅助核算', <TagsOutlined />)}
        {button('toggle', selected && !selected.enabled ? '启用' : '停用', selected && !selected.enabled ? <CheckCircleOutlined /> : <StopOutlined />)}
        {button('delete', '删除', <DeleteOutlined />, { danger: true, disabled: selected?.level === 1 })}
      </Flex>
    );
  }

  const modals = (
    <>
      <AccountNameModal
        state={naming}
        afterClose={refocus}
        onCancel={() => setNaming(null)}
        onSubmit={async ({ code, name }) => {
          if (!naming) return;
          if (naming.mode === 'create') {
            await api.send('account.create', { bookId: book.id, parentCode: naming.account.code, code, name });
            message.success(`已增加科目 ${code} ${name}`);
          } else {
            await api.send('account.rename', { bookId: book.id, code: naming.account.code, name });
            message.success(`科目 ${naming.account.code} 已改名为“${name}”`);
          }
          setNaming(null);
          reload();
        }}
      />
      <DimensionsModal
        account={dims}
        afterClose={refocus}
        pathName={dims ? path(dims) : ''}
        onCancel={() => setDims(null)}
        onSubmit={async (next) => {
          if (!dims) return;
          await api.send('account.setDimensions', { bookId: book.id, code: dims.code, dimensions: next });
          message.success(`已保存科目 ${dims.code} 的辅助核算设置`);
          setDims(null);
          reload();
        }}
      />
    </>
  );

  /** The action a key stands for (when no dialog is open). */
  const actionOfKey = (key: string): AccountAction | null => (Object.entries(ACTION_KEYS).find(([, k]) => k === key)?.[0] as AccountAction | undefined) ?? null;

  return { allowed, run, toolbar, modals, actionOfKey, busy: naming !== null || dims !== null };
}
