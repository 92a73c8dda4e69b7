import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Table, Tag, Typography } from 'antd';
import { CloudDownloadOutlined, FolderOpenOutlined, SaveOutlined } from '@ant-design/icons';
import type { BackupFileInfo, BackupStatus } from '../../../../shared/api/systemCommands';
import { errorMessage } from '../../api/errorMessage';
import { hasRole, useSession } from '../../api/session';
import { api } from '../../api/transport';
import { useCommand } from '../../api/useCommand';
import { BackupConfigureModal } from './BackupConfigureModal';
import { beijingTime, megabytes } from './beijingTime';
import { RestoreModal, type RestoreTarget } from './RestoreModal';

/**
 * 设置 → 数据备份: where backups go (a second disk or a USB stick, encrypted there), the rotating
 * set, 立即备份, and 检查 / 恢复 of any backup. Automatic backups run daily, before 结账 and 年结,
 * and before an upgrade.
 */
export function BackupCard() {
  const { message } = App.useApp();
  const session = useSession();
  const isAdmin = hasRole(session?.user, 'admin');
  const mayBackup = hasRole(session?.user, 'admin', 'supervisor', 'accountant');
  const status = useCommand('backup.status', {});
  const [busy, setBusy] = useState(false);
  const [configuring, setConfiguring] = useState(false);
  const [restoring, setRestoring] = useState<RestoreTarget | null>(null);

  if (!mayBackup) {
    return (
      <Card size="small" title="数据备份" style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">只有会计、主管或管理员可以查看和进行备份。</Typography.Text>
      </Card>
    );
  }

  async function backupNow() {
    setBusy(true);
    try {
      const file = await api.send('backup.create', {});
      message.success(`已备份：${file.name}`);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
      status.reload();
    }
  }

  const data: BackupStatus | null = status.status === 'ok' ? status.data : null;
  return (
    <Card
      size="small"
      title="数据备份"
      style={{ marginBottom: 8 }}
      extra={
        <>
          <Button data-testid="backup-now" size="small" type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void backupNow()}>
            立即备份
          </Button>
          {isAdmin && (
            <Button data-testid="backup-configure" size="small" icon={<FolderOpenOutlined />} style={{ marginInlineStart: 8 }} onClick={() => setConfiguring(true)}>
              备份位置与密码
            </Button>
          )}
          {isAdmin && (
            <Button data-testid="restore-other" size="small" icon={<CloudDownloadOutlined />} style={{ marginInlineStart: 8 }} onClick={() => setRestoring({ file: '', encrypted: null })}>
              从其他位置恢复
            </Button>
          )}
        </>
      }
    >
      {status.status === 'error' && <Alert type="error" showIcon title={errorMessage(status.error)} style={{ marginBottom: 8 }} />}
      {data && (
        <>
          <Descriptions size="small" column={2} style={{ marginBottom: 8 }}>
            <Descriptions.Item label="备份位置">
              <Typography.Text copyable={{ text: data.folder }}>{data.folder}</Typography.Text>
              {!data.customFolder && <Typography.Text type="secondary">（数据目录，与数据库在同一块硬盘）</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label="加密">
              {data.encrypted ? <Tag color="green">AES-256-GCM 加密</Tag> : <Tag>未加密（未设置备份密码）</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="自动备份">每天一次（程序运行时）、结账和年结前、升级前</Descriptions.Item>
            <Descriptions.Item label="保留">
              最近 {data.policy.daily} 天每天 1 份、{data.policy.weekly} 周每周 1 份、{data.policy.monthly} 个月每月 1 份；手动备份不自动删除
            </Descriptions.Item>
          </Descriptions>
          {!data.customFolder && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              title="备份与数据库在同一块硬盘上：硬盘损坏时会一起丢失。建议设置到另一块硬盘或U盘（备份将加密保存）。"
            />
          )}
          {data.folderProblem && <Alert type="error" showIcon title={data.folderProblem} style={{ marginBottom: 8 }} />}
          {data.lastResult && !data.lastResult.ok && <Alert type="error" showIcon title={`${beijingTime(data.lastResult.at)}：${data.lastResult.message}`} style={{ marginBottom: 8 }} />}
        </>
      )}
      <Table<BackupFileInfo>
        size="small"
        rowKey="path"
        loading={status.status === 'loading'}
        dataSource={data?.files ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
        locale={{ emptyText: '还没有备份' }}
        columns={[
          { title: '备份时间（北京时间）', dataIndex: 'createdAt', width: 170, render: (at: string) => beijingTime(at) },
          { title: '类型', dataIndex: 'reasonLabel', width: 200 },
          { title: '大小', dataIndex: 'bytes', width: 90, render: (bytes: number) => megabytes(bytes) },
          { title: '加密', dataIndex: 'encrypted', width: 70, render: (encrypted: boolean) => (encrypted ? '是' : '否') },
          { title: '文件', dataIndex: 'name', ellipsis: true },
          {
            title: '',
            key: 'actions',
            width: 90,
            render: (_value, file) =>
              isAdmin ? (
                <Button size="small" type="link" onClick={() => setRestoring({ file: file.path, encrypted: file.encrypted })}>
                  检查/恢复
                </Button>
              ) : null,
          },
        ]}
      />
      <BackupConfigureModal open={configuring} status={data} onClose={() => setConfiguring(false)} onSaved={status.reload} />
      <RestoreModal target={restoring} onClose={() => setRestoring(null)} />
    </Card>
  );
}
