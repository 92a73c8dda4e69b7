import { useState } from 'react';
import { Alert, App, Button, Form, Modal, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { User } from '../../../../shared/api';
import { hasRole, useSession } from '../../api/session';
import { useCommand } from '../../api/useCommand';
import { ErrorResult } from '../../components/ErrorResult';
import { errorMessage } from '../../api/errorMessage';
import { api } from '../../api/transport';
import { PageHeader } from '../../components/PageHeader';
import { ROLE_HINTS, ROLE_ORDER, ROLE_SHORT_LABELS } from '../auth/roles';
import { UserCreateModal } from './UserCreateModal';
import { NewPasswordFields } from '../auth/UserFields';

/** 设置 → 用户管理: who may log in on this computer, and in which 岗位. */
export function UsersPage() {
  const session = useSession();
  const users = useCommand('user.list', {});
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const isAdmin = hasRole(session?.user, 'admin');

  if (users.status === 'error') return <ErrorResult title="无法读取用户" error={users.error} onRetry={users.reload} />;
  return (
    <div style={{ background: '#fff', padding: 8, height: '100%', overflow: 'auto' }}>
      <PageHeader title="设置 · 用户管理">
        <Button
          data-testid="user-add"
          type="primary"
          size="small"
          icon={<PlusOutlined />}
          disabled={!isAdmin}
          title={isAdmin ? undefined : '只有管理员可以新增用户'}
          onClick={() => setAdding(true)}
        >
          新增用户
        </Button>
      </PageHeader>
      {!isAdmin && <Alert type="info" showIcon title="只有管理员可以新增用户；如需调整岗位，请联系管理员。" style={{ marginBottom: 8 }} />}
      <Table<User>
        size="small"
        rowKey="id"
        loading={users.status === 'loading'}
        // The county's stand-in (who county decisions are recorded under) is not a person who logs in.
        dataSource={users.status === 'ok' ? users.data.filter((u) => !u.username.startsWith('__')) : []}
        pagination={false}
        columns={[
          { title: '登录名', dataIndex: 'username', width: 160 },
          { title: '姓名', dataIndex: 'displayName', width: 140 },
          {
            title: '岗位',
            dataIndex: 'roles',
            render: (roles: User['roles']) =>
              ROLE_ORDER.filter((r) => roles.includes(r)).map((r) => (
                <Tag key={r} title={ROLE_HINTS[r]}>
                  {ROLE_SHORT_LABELS[r]}
                </Tag>
              )),
          },
          {
            title: '状态',
            dataIndex: 'enabled',
            width: 80,
            render: (enabled: boolean) => (enabled ? '启用' : <Typography.Text type="secondary">停用</Typography.Text>),
          },
          {
            title: '操作',
            width: 100,
            render: (_: unknown, user: User) =>
              isAdmin && !user.username.startsWith('__') ? (
                <Button type="link" size="small" data-testid={`user-reset-${user.username}`} onClick={() => setResetting(user)}>
                  重设密码
                </Button>
              ) : null,
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        不相容岗位分离：制单人不能审核自己填制的凭证；出纳不能兼任审核。这些规则由系统在审核、记账时检查。
      </Typography.Paragraph>
      <UserCreateModal open={adding} onClose={() => setAdding(false)} onCreated={users.reload} />
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </div>
  );
}

/** 重设密码: for a forgotten password, and for operators restored from the county (passwords never travel). */
function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; password2: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(values: { password: string }) {
    setBusy(true);
    setError(null);
    try {
      await api.send('user.resetPassword', { id: user.id, password: values.password });
      message.success(`已重设 ${user.displayName} 的密码，请告知本人登录后妥善保管`);
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={`重设密码：${user.displayName}（${user.username}）`} okText="重设" cancelText="取消" confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        <NewPasswordFields label="新密码" testIds={['reset-password', 'reset-confirm']} autoFocus />
      </Form>
    </Modal>
  );
}
