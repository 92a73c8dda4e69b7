import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import type { BackupStatus } from '../../../../shared/api/systemCommands';
import { errorMessage, fieldIssues } from '../../api/errorMessage';
import { api } from '../../api/transport';

interface Values {
  folder: string;
  password: string;
  password2: string;
}

/** 备份位置与密码 (管理员). A folder of one's own needs a backup password: backups there are encrypted. */
export function BackupConfigureModal({ open, status, onClose, onSaved }: { open: boolean; status: BackupStatus | null; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const folder = values.folder?.trim() ? values.folder.trim() : null;
      await api.send('backup.configure', { folder, password: values.password ? values.password : undefined });
      message.success(folder ? `备份位置已设为 ${folder}` : '已改回默认备份位置');
      onSaved();
      onClose();
    } catch (failure) {
      const issues = fieldIssues(failure);
      form.setFields(issues.filter((i) => i.path[0] === 'folder' || i.path[0] === 'password').map((i) => ({ name: i.path[0] as keyof Values, errors: [i.message] })));
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="备份位置与密码" open={open} onCancel={onClose} onOk={() => void submit()} okText="保存" confirmLoading={busy} width={520} destroyOnHidden>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        preserve={false}
        initialValues={{ folder: status?.customFolder ? status.folder : '', password: '', password2: '' }}
      >
        <Form.Item name="folder" label="备份文件夹（完整路径）" extra={`留空则使用默认位置：${status?.defaultFolder ?? '数据目录下的 backups'}`}>
          <Input data-testid="backup-folder" placeholder="例如 E:\乡财通备份 或 F:\（U盘）" allowClear />
        </Form.Item>
        <Form.Item
          name="password"
          label={status?.encrypted ? '新的备份密码（不改则留空）' : '备份密码'}
          rules={[
            { min: 8, message: '密码至少8位' },
            { pattern: /^(?=.*[A-Za-z])(?=.*\d)/, message: '密码须同时包含字母和数字' },
          ]}
        >
          <Input.Password data-testid="backup-password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="password2"
          label="再次输入备份密码"
          dependencies={['password']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_rule, value: string) => ((value ?? '') === (getFieldValue('password') ?? '') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
            }),
          ]}
        >
          <Input.Password data-testid="backup-password2" autoComplete="new-password" />
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        备份到另一块硬盘或U盘时必须设置备份密码，备份文件用 AES-256-GCM 加密，丢失U盘也不会泄露账务数据。请把备份密码记在安全的地方：
        在另一台电脑上恢复备份时需要它，忘记密码将无法恢复。更改密码后，以前的备份仍需用原来的密码恢复。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
