import { useState } from 'react';
import { Button, Tooltip } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { endSession, useSession } from '../../api/session';
import { api } from '../../api/transport';
import { rolesText } from '../auth/roles';

/** Who is working (姓名 and 岗位) and 退出登录; nothing before login. */
export function UserBadge() {
  const session = useSession();
  const [busy, setBusy] = useState(false);
  if (!session) return null;

  async function logout() {
    setBusy(true);
    try {
      await api.send('auth.logout', {});
    } catch {
      // Logged out here whatever the core says: the token is dropped either way.
    } finally {
      setBusy(false);
      endSession();
    }
  }

  return (
    <>
      <Tooltip title={`登录名：${session.user.username}`}>
        <span data-testid="status-user" style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          <UserOutlined style={{ marginInlineEnd: 4 }} />
          {session.user.displayName}
          <span style={{ color: 'rgba(255,255,255,0.65)', marginInlineStart: 4 }}>（{rolesText(session.user.roles)}）</span>
        </span>
      </Tooltip>
      <Button data-testid="logout" size="small" ghost icon={<LogoutOutlined />} loading={busy} onClick={logout}>
        退出登录
      </Button>
    </>
  );
}
