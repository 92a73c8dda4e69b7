import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, List, Modal, Typography } from 'antd';
import type { BackupCheck } from '../../../../shared/api/systemCommands';
import { errorMessage } from '../../api/errorMessage';
import { endSession } from '../../api/session';
import { api } from '../../api/transport';
import { beijingTime } from './beijingTime';

/** A backup to check or restore; `encrypted: null` when the file is typed in (from another location). */
export interface RestoreTarget {
  file: string;
  encrypted: boolean | null;
}

/**
 * 检查 / 恢复. The core checks everything before it touches the live database (decryption,
 * integrity, version, 审计校验, 科目余额表 balance); a refusal says why and changes nothing.
 * After a restore every user logs in again.
 */
export function RestoreModal({ target, onClose }: { target: RestoreTarget | null; onClose: () => void }) {
  const { modal } = App.useApp();
  const [file, setFile] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState<'verify' | 'restore' | null>(null);
  const [check, setCheck] = useState<BackupCheck | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setFile(target?.file ?? '');
    setPassword('');
    setCheck(null);
    setError(null);
  }, [target]);

  const input = () => ({ file: file.trim(), password: password ? password : undefined });

  async function verify() {
    setBusy('verify');
    setError(null);
    setCheck(null);
    try {
      setCheck(await api.send('backup.verify', input()));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(null);
    }
  }

  function confirmRestore() {
    modal.confirm({
      title: '从备份恢复',
      content: '恢复前会再次检查备份。通过后，当前数据库改名保留在数据目录中，换上备份中的数据；备份之后录入的内容将不在恢复后的账套中。所有用户需要重新登录。确定恢复吗？',
      okText: '恢复',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => void restore(),
    });
  }

  async function restore() {
    setBusy('restore');
    setError(null);
    try {
      const result = await api.send('backup.restore', input());
      modal.success({
        title: '已从备份恢复',
        content: (
          <>
            <List size="small" dataSource={result.checks} renderItem={(line) => <List.Item style={{ padding: '2px 0' }}>{line}</List.Item>} />
            <Typography.Paragraph style={{ marginTop: 8 }}>
              恢复前的数据库已保留为：<Typography.Text copyable>{result.previousDatabase}</Typography.Text>
            </Typography.Paragraph>
            <Typography.Paragraph>请重新登录。</Typography.Paragraph>
          </>
        ),
        okText: '重新登录',
        onOk: () => {
          endSession();
          window.location.reload();
        },
      });
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Modal
      title="检查或恢复备份"
      open={target !== null}
      onCancel={onClose}
      width={600}
      destroyOnHidden
      footer={[
        <Button key="close" onClick={onClose}>
          关闭
        </Button>,
        <Button key="verify" data-testid="backup-verify" loading={busy === 'verify'} disabled={!file.trim() || busy !== null} onClick={() => void verify()}>
          检查备份
        </Button>,
        <Button key="restore" data-testid="backup-restore" danger type="primary" loading={busy === 'restore'} disabled={!file.trim() || busy !== null} onClick={confirmRestore}>
          恢复…
        </Button>,
      ]}
    >
      <Form layout="vertical" requiredMark={false}>
        <Form.Item label="备份文件（完整路径）">
          <Input data-testid="restore-file" value={file} onChange={(e) => setFile(e.target.value)} placeholder="例如 F:\乡财通备份\xiangcai-20260120T020000Z-daily.xcbak" />
        </Form.Item>
        {target?.encrypted !== false && (
          <Form.Item label="备份密码" extra="本机设置的备份密码制作的备份可以留空；从其他电脑带来的备份请输入制作时的备份密码。">
            <Input.Password data-testid="restore-password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" />
          </Form.Item>
        )}
      </Form>
      {check && (
        <Alert
          type="success"
          showIcon
          title={`备份检查通过${check.createdAt ? `（备份时间 ${beijingTime(check.createdAt)}）` : ''}：${check.books} 个账套、${check.vouchers} 张凭证`}
          description={<List size="small" dataSource={check.checks} renderItem={(line) => <List.Item style={{ padding: '2px 0' }}>{line}</List.Item>} />}
        />
      )}
      {error && <Alert data-testid="restore-error" type="error" showIcon title={error} />}
    </Modal>
  );
}
