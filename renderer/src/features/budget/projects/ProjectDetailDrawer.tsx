import type { ReactNode } from 'react';
import { Alert, Descriptions, Drawer, Table, Tag, Typography } from 'antd';
import type { BudgetEvent, BudgetProject } from '../../../../../shared/api';
import { formatFen } from '../../../../../shared/domain';
import { Money } from '../../../components/Money';
import { codeName } from '../common/classifications';
import { stampText } from '../common/dates';
import { PROJECT_STATUS_COLORS } from '../common/labels';

export function EventsTable({ events }: { events: BudgetEvent[] }) {
  return (
    <Table<BudgetEvent>
      size="small"
      rowKey={(e) => `${e.at}-${e.action}-${e.toState}`}
      pagination={false}
      dataSource={events}
      columns={[
        { title: '时间', dataIndex: 'at', width: 130, render: (at: string) => <span className="xc-num">{stampText(at)}</span> },
        { title: '操作', dataIndex: 'action', width: 110 },
        { title: '状态', key: 'state', width: 150, render: (_, e) => (e.fromState ? `${e.fromState} → ${e.toState}` : e.toState) },
        { title: '原因/说明', dataIndex: 'reason', ellipsis: true },
        { title: '经办人', key: 'by', width: 80, render: (_, e) => e.by.displayName },
      ]}
    />
  );
}

/** One project: its content, yearly amounts, 绩效目标 and the 状态记录 (who did what, why). */
export function ProjectDetailDrawer({ project, actions, onClose }: { project: BudgetProject | null; actions?: ReactNode; onClose: () => void }) {
  return (
    <Drawer open={project !== null} onClose={onClose} size={820} title={project ? `${project.code} ${project.name}` : ''} extra={actions} destroyOnHidden>
      {project && (
        <>
          {project.status === '退回' && project.returnReason && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={`县级退回原因：${project.returnReason}`} />}
          <Descriptions
            size="small"
            bordered
            column={3}
            items={[
              { label: '状态', children: <Tag color={PROJECT_STATUS_COLORS[project.status]}>{project.status}</Tag> },
              { label: '项目类别', children: project.class },
              { label: '资金性质', children: project.fundNature },
              { label: '支出功能分类', children: codeName(project.funcCode, project.funcName), span: 2 },
              { label: '起止日期', children: `${project.startDate} 至 ${project.endDate}` },
              { label: '申报金额合计', children: <Money fen={project.totalRequested} /> },
              { label: '分年度', span: 2, children: project.amounts.map((a) => `${a.year}年 ${formatFen(a.amount)} 元`).join('；') },
              { label: '项目概述', span: 3, children: project.description || '—' },
            ]}
          />
          <Typography.Title level={5} style={{ margin: '12px 0 4px' }}>
            绩效目标
          </Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={project.targets}
            locale={{ emptyText: '还没有绩效目标：申报前须至少填写一个' }}
            columns={[
              { title: '序号', dataIndex: 'position', width: 50, align: 'center' },
              { title: '指标名称', dataIndex: 'name' },
              { title: '类型', dataIndex: 'type', width: 70 },
              { title: '目标值', key: 'target', width: 140, render: (_, t) => <span className="xc-num">{`${t.direction} ${t.targetValue} ${t.unit}`}</span> },
            ]}
          />
          <Typography.Title level={5} style={{ margin: '12px 0 4px' }}>
            状态记录
          </Typography.Title>
          <EventsTable events={project.events} />
        </>
      )}
    </Drawer>
  );
}
