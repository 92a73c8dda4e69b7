import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api/errorMessage';
import { startSession } from '../../api/session';
import { api } from '../../api/transport';
import { AuthCard } from './AuthCard';
import { getLastUsername, setLastUsername } from './lastUsername';

interface Values {
  username: string;
  password: string;
}

export function LoginForm({ bookName }: { bookName: string }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lastUsername = getLastUsername();

  async function submit(values: Values) {
    setBusy(true);
    setError(null);
    try {
      const session = await api.send('auth.login', { username: values.username.trim(), password: values.password });
      setLastUsername(session.user.username);
      startSession(session);
    } catch (failure) {
      setError(errorMessage(failure));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard title="登录" subtitle={`打开账套：${bookName}`}>
      <Form<Values> form={form} layout="vertical" requiredMark={false} initialValues={{ username: lastUsername }} onFinish={submit}>
        <Form.Item name="username" label="登录名" rules={[{ required: true, whitespace: true, message: '请填写登录名' }]}>
          <Input data-testid="login-username" prefix={<UserOutlined />} autoFocus={!lastUsername} autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请填写密码' }]}>
          <Input.Password data-testid="login-password" prefix={<LockOutlined />} autoFocus={!!lastUsername} autoComplete="current-password" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button data-testid="login-submit" type="primary" htmlType="submit" block loading={busy}>
          登录
        </Button>
      </Form>
    </AuthCard>
  );
}
