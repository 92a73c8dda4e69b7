import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Empty, Flex, Form, Input, List, Table, Tag, Typography } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import type { SyncIssue, SyncPeriodCheck, SyncStatus } from '../../../../shared/api/syncCommands';
import type { Book } from '../../../../shared/api';
import { formatFen } from '../../../../shared/domain/money';
import { errorMessage } from '../../api/errorMessage';
import { hasRole, useSession } from '../../api/session';
import { api } from '../../api/transport';
import { useCommand } from '../../api/useCommand';
import { PageHeader } from '../../components/PageHeader';
import { beijingTime } from '../settings/beijingTime';
import { describeSync, useSyncStatus } from './useSyncStatus';

const statusColors: Record<SyncIssue['status'], string> = { rejected: 'red', held: 'orange', failed: 'volcano', difference: 'magenta' };
const fieldLabels: Record<string, string> = {
  openingDebit: '期初借方', openingCredit: '期初贷方', periodDebit: '本期借方', periodCredit: '本期贷方',
  ytdDebit: '本年累计借方', ytdCredit: '本年累计贷方', closingDebit: '期末借方', closingCredit: '期末贷方',
};

/** 同步: where the sync stands, 立即同步, the 同步异常 inbox, the county's 对账结果 and notices, and 同步设置. */
export function SyncPage({ book }: { book: Book }) {
  const { status, reload } = useSyncStatus();
  const [includeResolved, setIncludeResolved] = useState(false);
  const inbox = useCommand('sync.issues', { includeResolved });
  const refresh = () => {
    reload();
    inbox.reload();
  };
  const data = inbox.status === 'ok' ? inbox.data : null;
  return (
    <div style={{ height: '100%', overflow: 'auto' }}>
      <PageHeader title="同步" />
      <StatusCard status={status} onDone={refresh} />
      <Card size="small" title={`同步异常${data ? `（${data.issues.filter((i) => !i.resolvedAt).length} 条待处理）` : ''}`} style={{ marginBottom: 8 }}
        extra={<Checkbox checked={includeResolved} onChange={(e) => setIncludeResolved(e.target.checked)}>显示已解决</Checkbox>}>
        <Table<SyncIssue>
          data-testid="sync-issues"
          size="small"
          rowKey="id"
          loading={inbox.status === 'loading'}
          dataSource={data?.issues ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有同步异常" /> }}
          columns={[
            { title: '状态', dataIndex: 'statusLabel', width: 110, render: (label: string, row) => (row.resolvedAt ? <Tag>已解决</Tag> : <Tag color={statusColors[row.status]}>{label}</Tag>) },
            { title: '类别', dataIndex: 'kindLabel', width: 100 },
            { title: '问题', dataIndex: 'message', render: (m: string) => <Typography.Text style={{ fontSize: 12 }}>{m}</Typography.Text> },
            { title: '处理办法', dataIndex: 'action', width: 320, render: (a: string) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a}</Typography.Text> },
            { title: '发现时间', dataIndex: 'firstSeenAt', width: 150, render: (at: string) => beijingTime(at) },
          ]}
        />
      </Card>
      <Card size="small" title="县级对账结果" style={{ marginBottom: 8 }}>
        <Table<SyncPeriodCheck>
          size="small"
          rowKey={(r) => `${r.bookId}|${r.year}|${r.month}`}
          dataSource={(data?.periodChecks ?? []).filter((c) => c.bookId === book.id)}
          pagination={false}
          locale={{ emptyText: '结账后，县级核对科目余额表的结果会显示在这里' }}
          columns={[
            { title: '期间', width: 110, render: (_: unknown, r) => `${r.year}年${String(r.month).padStart(2, '0')}期` },
            { title: '结果', dataIndex: 'status', width: 90, render: (s: string) => <Tag color={s === '已对账' ? 'green' : s === '有差异' ? 'red' : 'default'}>{s}</Tag> },
            {
              title: '差异',
              render: (_: unknown, r) =>
                r.differences.length === 0
                  ? '—'
                  : r.differences.slice(0, 5).map((d) => `${d.code} ${fieldLabels[d.field] ?? d.field}：本机 ${formatFen(d.township)}，县级 ${formatFen(d.county)}`).join('；') + (r.differences.length > 5 ? '……' : ''),
            },
            { title: '核对时间', dataIndex: 'checkedAt', width: 150, render: (at: string) => beijingTime(at) },
          ]}
        />
      </Card>
      {data && data.notices.length > 0 && (
        <Card size="small" title="县级通知" style={{ marginBottom: 8 }}>
          <List size="small" dataSource={data.notices} renderItem={(n) => <List.Item><List.Item.Meta title={`${n.title}（${beijingTime(n.publishedAt).slice(0, 10)}）`} description={n.body} /></List.Item>} />
        </Card>
      )}
      {status?.configured && <OfflinePackageCard onDone={refresh} />}
      <SyncSettingsCard status={status} onDone={refresh} />
    </div>
  );
}

function StatusCard({ status, onDone }: { status: SyncStatus | null; onDone: () => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  async function syncNow() {
    setBusy(true);
    try {
      const r = await api.send('sync.now', {});
      message.success(`同步完成：上传 ${r.pushed} 条，收到 ${r.pulled} 条${r.applied > 0 ? `，应用 ${r.applied} 条` : ''}`);
    } catch (error) {
      message.warning(errorMessage(error));
    } finally {
      setBusy(false);
      onDone();
    }
  }
  if (!status) return null;
  const { text } = describeSync(status);
  return (
    <Card size="small" title="同步状态" style={{ marginBottom: 8 }}
      extra={status.configured && <Button data-testid="sync-now" type="primary" size="small" icon={<SyncOutlined spin={busy || status.running} />} loading={busy} disabled={status.stopped} onClick={() => void syncNow()}>立即同步</Button>}>
      {!status.configured ? (
        <Typography.Text type="secondary">本机尚未登记到县级服务器，所有数据只保存在本机。登记后，凭证、结账和预算申请会自动上传县级，县级下达的指标和批复会自动取回。</Typography.Text>
      ) : (
        <>
          {status.lastError && <Alert type={status.stopped ? 'error' : 'warning'} showIcon style={{ marginBottom: 8 }} message={status.lastError.message} />}
          <Descriptions size="small" column={3} items={[
            { key: 's', label: '状态', children: <span data-testid="sync-state">{text}</span> },
            { key: 't', label: '乡镇', children: `${status.township?.name}（${status.township?.code}）` },
            { key: 'u', label: '县级服务器', children: status.serverUrl },
            { key: 'l', label: '上次成功', children: status.lastSuccessAt ? beijingTime(status.lastSuccessAt) : '尚无' },
            { key: 'p', label: '待上传', children: <span data-testid="sync-pending">{status.pending} 条</span> },
            { key: 'a', label: '已确认', children: `${status.acknowledged} / ${status.written}` },
            { key: 'r', label: '服务器可达', children: status.reachable === null ? '尚未连接' : status.reachable ? '是' : '否（离线）' },
            { key: 'd', label: '本机名称', children: status.deviceLabel },
            { key: 'e', label: '登记时间', children: beijingTime(status.enrolledAt) },
          ]} />
        </>
      )}
    </Card>
  );
}

/** 离线包: with no network, the exchange travels as signed files on a USB stick. */
function OfflinePackageCard({ onDone }: { onDone: () => void }) {
  const { message } = App.useApp();
  const [exported, setExported] = useState<{ path: string; changes: number } | null>(null);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);

  async function exportPackage() {
    setBusy('export');
    try {
      const r = await api.send('sync.packageExport', {});
      setExported({ path: r.path, changes: r.changes });
      message.success(`已导出离线包（${r.changes} 条变更）`);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }
  async function importPackage() {
    setBusy('import');
    try {
      const r = await api.send('sync.packageImport', { path });
      message.success(`已导入县级回执：县级确认 ${r.pushed} 条，收到 ${r.pulled} 条${r.applied > 0 ? `，应用 ${r.applied} 条` : ''}`);
      setPath('');
      onDone();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }
  return (
    <Card size="small" title="离线包（U盘）" style={{ marginBottom: 8 }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        没有网络时：导出离线包，用U盘交县财政局导入；县财政局发回的回执离线包在这里导入。离线包已签名，被改动或不是本机的会被拒绝；重复导入不会重复记账。
      </Typography.Paragraph>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
        <Button data-testid="sync-package-export" loading={busy === 'export'} onClick={() => void exportPackage()}>导出离线包</Button>
        {exported && <Typography.Text copyable={{ text: exported.path }} style={{ fontSize: 12 }}>已写入：{exported.path}（{exported.changes} 条变更）</Typography.Text>}
      </Flex>
      <Flex gap={8} wrap align="center">
        <Input data-testid="sync-package-path" placeholder={'县级回执文件的位置，例如 E:\\县级回执-420102001-20260201T080000.xcsync'} value={path} onChange={(e) => setPath(e.target.value)} style={{ width: 480 }} />
        <Button data-testid="sync-package-import" type="primary" disabled={!path.trim()} loading={busy === 'import'} onClick={() => void importPackage()}>导入回执</Button>
      </Flex>
    </Card>
  );
}

/** 同步设置: the county server's address and the one-time code from the county (管理员 only). */
function SyncSettingsCard({ status, onDone }: { status: SyncStatus | null; onDone: () => void }) {
  const session = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ serverUrl: string; code: string; label?: string }>();
  const [busy, setBusy] = useState(false);
  const admin = hasRole(session?.user, 'admin');

  async function submit(values: { serverUrl: string; code: string; label?: string }) {
    setBusy(true);
    try {
      const result = await api.send('sync.configure', values);
      message.success(`已登记到${result.township?.name}，正在上传本机数据`);
      form.resetFields(['code']);
      onDone();
      api.send('sync.now', {}).then(onDone, onDone);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title="同步设置" style={{ marginBottom: 8 }}>
      {!admin ? (
        <Typography.Text type="secondary">只有管理员可以设置县级服务器和登记本机。</Typography.Text>
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {status?.configured
              ? '本机已登记。如更换了县级服务器、或本机被县财政局停用/取代，可用新的登记码重新登记：重新登记后本机的全部数据会再上传一次。'
              : '向县财政局申请一次性登记码（例如 ABCD-EFGH-JKMN），填写县级服务器地址后登记。登记后本机的全部账务数据会上传县级。'}
          </Typography.Paragraph>
          <Form form={form} layout="inline" initialValues={{ serverUrl: status?.serverUrl ?? '' }} onFinish={(v) => void submit(v)}>
            <Form.Item name="serverUrl" label="县级服务器地址" rules={[{ required: true, message: '请填写县级服务器地址' }]}>
              <Input data-testid="sync-server-url" placeholder="http://192.168.1.10:8780" style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name="code" label="登记码" rules={[{ required: true, message: '请填写登记码' }]}>
              <Input data-testid="sync-code" placeholder="ABCD-EFGH-JKMN" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="label" label="本机名称">
              <Input placeholder="财政所电脑" style={{ width: 140 }} />
            </Form.Item>
            <Form.Item>
              <Button data-testid="sync-configure" type="primary" htmlType="submit" loading={busy}>
                {status?.configured ? '重新登记' : '登记'}
              </Button>
            </Form.Item>
          </Form>
        </>
      )}
    </Card>
  );
}
