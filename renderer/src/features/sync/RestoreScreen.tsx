import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Result, Typography } from 'antd';
import type { SyncRestoreResult } from '../../../../shared/api/syncCommands';
import { errorMessage, fieldIssues } from '../../api/errorMessage';
import { startSession } from '../../api/session';
import { api } from '../../api/transport';
import { navigate } from '../../app/routes';
import { setLastUsername } from '../auth/lastUsername';
import { StartFrame } from '../books/StartFrame';
import { NewPasswordFields } from '../auth/UserFields';

interface RestoreValues {
  serverUrl: string;
  code?: string;
  label?: string;
  username: string;
  password: string;
  password2: string;
}

const FIELDS = ['serverUrl', 'code', 'label', 'username', 'password'] as const;

/**
 * 从县级恢复账套, offered on first run: a replacement PC enrolls with a code from the county and
 * takes the township's books back, checked against the county's digests before anything is kept.
 * Passwords never travel, so the original administrator sets a new one here.
 */
export function RestoreScreen() {
  const [form] = Form.useForm<RestoreValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<SyncRestoreResult | null>(null);

  async function submit(values: RestoreValues) {
    setBusy(true);
    setError(null);
    try {
      const result = await api.send('sync.restore', {
        serverUrl: values.serverUrl,
        code: values.code?.trim() || undefined,
        label: values.label?.trim() || undefined,
        username: values.username,
        password: values.password,
      });
      setLastUsername(result.session.user.username);
      startSession(result.session);
      setDone(result);
    } catch (failure) {
      const leftover: string[] = [];
      for (const issue of fieldIssues(failure)) {
        const name = issue.path[0];
        if ((FIELDS as readonly unknown[]).includes(name)) form.setFields([{ name: name as (typeof FIELDS)[number], errors: [issue.message] }]);
        else leftover.push(issue.message);
      }
      setError([errorMessage(failure), ...leftover].join('；'));
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <StartFrame subtitle="从县级恢复账套">
        <Card size="small">
          <Result
            status="success"
            title="已从县级恢复本乡镇的账套"
            subTitle="恢复的数据已与县级保存的摘要逐条核对一致，各已结账月份的科目余额表与县级对账结果一致。"
            extra={
              <Button type="primary" data-testid="restore-open" onClick={() => navigate({ name: 'start' })}>
                打开账套
              </Button>
            }
          >
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label="账套">{done.books} 个</Descriptions.Item>
              <Descriptions.Item label="凭证">{done.vouchers} 张</Descriptions.Item>
              <Descriptions.Item label="恢复的记录">{done.records} 条</Descriptions.Item>
              <Descriptions.Item label="县级下发的记录">{done.countyChanges} 条</Descriptions.Item>
              <Descriptions.Item label="核对的已结账月份" span={2}>
                {done.checkedPeriods} 个
              </Descriptions.Item>
            </Descriptions>
            {done.operatorsWithoutPassword.length > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginTop: 12 }}
                title={`以下操作员的密码不随数据传输，须由管理员在“设置 → 用户管理”中重设后才能登录：${done.operatorsWithoutPassword.join('、')}`}
              />
            )}
          </Result>
        </Card>
      </StartFrame>
    );
  }

  return (
    <StartFrame subtitle="从县级恢复账套">
      <Card size="small" title="从县级恢复账套" styles={{ body: { padding: '12px 16px' } }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          原财政所电脑损坏或更换时使用：向县财政局申请本乡镇的登记码，本机登记后取回县级保存的全部账务和预算数据（凭证、科目、期间、项目、预算报送、指标、支付、调整调剂），
          核对无误后一次写入。登记后原电脑将不能再同步。密码不随数据传输：请为原管理员设置新密码。
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} data-testid="restore-error" />}
        <Form<RestoreValues> form={form} layout="horizontal" labelCol={{ flex: '120px' }} requiredMark={false} onFinish={submit} disabled={busy}>
          <Form.Item name="serverUrl" label="县级服务器地址" rules={[{ required: true, message: '请填写县级服务器地址' }]}>
            <Input data-testid="restore-server" placeholder="例如 http://192.168.1.10:8780" autoFocus />
          </Form.Item>
          <Form.Item name="code" label="登记码" extra="县财政局为本乡镇发放的一次性登记码（上次恢复中断、本机已登记的，可不填）">
            <Input data-testid="restore-code" />
          </Form.Item>
          <Form.Item name="label" label="电脑名称">
            <Input placeholder="例如 财政所会计电脑" maxLength={60} />
          </Form.Item>
          <Form.Item name="username" label="原管理员登录名" rules={[{ required: true, message: '请填写原账套管理员的登录名' }]}>
            <Input data-testid="restore-username" />
          </Form.Item>
          <NewPasswordFields label="新密码" testIds={['restore-password', 'restore-confirm']} />
          <Flex justify="flex-end" gap={8}>
            <Button onClick={() => navigate({ name: 'start' })} disabled={busy}>
              返回建账
            </Button>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="restore-submit">
              {busy ? '正在取回并核对…' : '登记并恢复'}
            </Button>
          </Flex>
        </Form>
      </Card>
    </StartFrame>
  );
}
