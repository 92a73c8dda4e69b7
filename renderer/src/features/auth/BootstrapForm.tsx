import { useRef, useState } from 'react';
import { Alert, Button, Form } from 'antd';
import { errorMessage } from '../../api/errorMessage';
import { startSession } from '../../api/session';
import { api } from '../../api/transport';
import { AuthCard } from './AuthCard';
import { setLastUsername } from './lastUsername';
import { newUserId, showUserFieldIssues, toUserInput, UserFields, type UserFormValues } from './UserFields';

/** First use on this computer: create the first user (always 管理员) and log in as them. */
export function BootstrapForm({ onDone }: { onDone: () => void }) {
  const [form] = Form.useForm<UserFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One id per attempt, kept across retries so a repeated click cannot make two users.
  const userId = useRef(newUserId());

  async function submit(values: UserFormValues) {
    setBusy(true);
    setError(null);
    try {
      const session = await api.send('auth.bootstrap', toUserInput(userId.current, values));
      setLastUsername(session.user.username);
      startSession(session);
      onDone();
    } catch (failure) {
      const leftover = showUserFieldIssues(form, failure);
      setError([errorMessage(failure), ...leftover].join('；'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard
      width={460}
      title="初始化用户"
      subtitle="本机还没有用户。请先建立第一个用户：他将是管理员，之后可在“设置 → 用户管理”中为会计、审核、出纳等岗位添加用户。"
    >
      <Form<UserFormValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ roles: ['admin'] }}
        onFinish={submit}
        style={{ rowGap: 0 }}
      >
        <UserFields testIdPrefix="bootstrap" lockedRoles={['admin']} />
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button data-testid="bootstrap-submit" type="primary" htmlType="submit" block loading={busy}>
          建立用户并登录
        </Button>
      </Form>
    </AuthCard>
  );
}
