import { useState } from 'react';
import { Alert, App, Button, Card, List, Table, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { AuditEntrySummary, AuditReport } from '../../../../shared/api/systemCommands';
import { errorMessage } from '../../api/errorMessage';
import { hasRole, useSession } from '../../api/session';
import { api } from '../../api/transport';
import { useCommand } from '../../api/useCommand';
import { beijingTime } from './beijingTime';

/**
 * 设置 → 审计校验: checks the hash-chained audit log and, against it, the vouchers, 期间发生额,
 * indicator ledger and users in the file; names the first broken entry. Below, the latest entries.
 */
export function AuditCard() {
  const session = useSession();
  const allowed = hasRole(session?.user, 'admin', 'supervisor');
  if (!allowed) {
    return (
      <Card size="small" title="审计校验" style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">只有主管或管理员可以查看审计记录和进行审计校验。</Typography.Text>
      </Card>
    );
  }
  return <AuditCardBody />;
}

function AuditCardBody() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<AuditReport | null>(null);
  const entries = useCommand('audit.list', { limit: 20 });

  async function verify() {
    setBusy(true);
    try {
      const result = await api.send('audit.verify', {});
      setReport(result);
      entries.reload();
      if (result.ok) message.success('审计校验通过');
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      size="small"
      title="审计校验"
      style={{ marginBottom: 8 }}
      extra={
        <Button data-testid="audit-verify" type="primary" size="small" icon={<SafetyCertificateOutlined />} loading={busy} onClick={() => void verify()}>
          审计校验
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        每一次保存、审核、记账、结账等操作都记入审计日志（谁、何时、做了什么），每条记录以 SHA-256 与前一条相连。审计校验逐条核对这条链，
        并用它核对凭证、期间发生额、预算指标台账、支付申请和用户：在程序之外改动数据库文件会被发现，并指出最早出错的记录。
      </Typography.Paragraph>
      {report && <AuditResult report={report} />}
      <Table<AuditEntrySummary>
        size="small"
        rowKey="seq"
        loading={entries.status === 'loading'}
        dataSource={entries.status === 'ok' ? entries.data : []}
        pagination={false}
        title={() => '最近的审计记录'}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 70 },
          { title: '时间（北京时间）', dataIndex: 'at', width: 170, render: (at: string) => beijingTime(at) },
          {
            title: '操作',
            dataIndex: 'actionLabel',
            width: 200,
            render: (label: string, row) => (
              <span title={row.action}>
                {label}
                {row.kind === 'system' && <Tag style={{ marginInlineStart: 4 }}>系统</Tag>}
              </span>
            ),
          },
          { title: '操作人', dataIndex: 'actor', width: 140, render: (actor: string | null) => actor ?? '—' },
          {
            title: '涉及',
            dataIndex: 'records',
            render: (records: string[], row) =>
              records.length === 0 ? '—' : `${records.join('；')}${row.recordCount > records.length ? ` 等 ${row.recordCount} 项` : ''}`,
          },
        ]}
      />
    </Card>
  );
}

function AuditResult({ report }: { report: AuditReport }) {
  if (report.ok) {
    return <Alert data-testid="audit-result" type="success" showIcon title={report.summary} style={{ marginBottom: 8 }} />;
  }
  return (
    <Alert
      data-testid="audit-result"
      type="error"
      showIcon
      style={{ marginBottom: 8 }}
      title={report.summary}
      description={
        <List
          size="small"
          dataSource={report.problems.slice(0, 20)}
          footer={report.problems.length > 20 || report.moreProblems > 0 ? `另有 ${Math.max(0, report.problems.length - 20) + report.moreProblems} 处问题未列出（可用命令行工具查看全部）` : undefined}
          renderItem={(problem, index) => (
            <List.Item style={{ padding: '2px 0' }}>
              {index + 1}. {problem.message}
            </List.Item>
          )}
        />
      }
    />
  );
}
