import { useMemo, useState, type HTMLAttributes } from 'react';
import { App, Button, Flex, Input, Popconfirm, Segmented, Select, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { BudgetProject } from '../../../../../shared/api';
import { formatFen } from '../../../../../shared/domain';
import { PROJECT_CLASSES, PROJECT_STATUSES, type ProjectClass, type ProjectStatus } from '../../../../../shared/domain/budget/types';
import { hasRole } from '../../../api/session';
import { api } from '../../../api/transport';
import { useCommand } from '../../../api/useCommand';
import { ErrorResult } from '../../../components/ErrorResult';
import { ExportExcelButton } from '../../../components/export/ExportExcelButton';
import { Money } from '../../../components/Money';
import { useViewportHeight } from '../../../components/useViewportHeight';
import type { BudgetPageProps } from '../BudgetArea';
import { codeName } from '../common/classifications';
import { COUNTY_LABEL, CountyButton } from '../common/CountyButton';
import { PROJECT_STATUS_COLORS } from '../common/labels';
import { useAction } from '../common/useAction';
import { ProjectCountyModal } from './ProjectCountyModal';
import { ProjectDetailDrawer } from './ProjectDetailDrawer';
import { ProjectFormDrawer } from './ProjectFormDrawer';
import { ListTable, ListToolbar, TotalRow } from '../common/ListTable';

type StatusFilter = 'all' | ProjectStatus;

const requestedIn = (p: BudgetProject, year: number) => p.amounts.find((a) => a.year === year)?.amount ?? 0;

/** 项目库: every project of the 账套, filtered by status and class, with its lifecycle actions. */
export function ProjectsPage({ book, user, year }: BudgetPageProps) {
  const { message } = App.useApp();
  const list = useCommand('budget.projectList', { bookId: book.id });
  const height = useViewportHeight();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [klass, setKlass] = useState<ProjectClass | null>(null);
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<{ project: BudgetProject | null } | null>(null);
  const [viewing, setViewing] = useState<BudgetProject | null>(null);
  const [county, setCounty] = useState<BudgetProject | null>(null);
  const action = useAction();
  const canPrepare = hasRole(user, 'accountant', 'supervisor');
  const isAdmin = hasRole(user, 'admin');
  const canFinish = hasRole(user, 'supervisor');

  const all = useMemo(() => (list.status === 'ok' ? list.data : []), [list]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return all.filter(
      (p) =>
        (status === 'all' || p.status === status) &&
        (!klass || p.class === klass) &&
        (!q || p.code.toLowerCase().includes(q) || p.name.toLowerCase().includes(q) || p.funcCode.startsWith(q)),
    );
  }, [all, status, klass, query]);

  function refreshed(project: BudgetProject) {
    list.reload();
    setViewing((v) => (v && v.id === project.id ? project : v));
  }

  async function declare(p: BudgetProject) {
    const done = await action.run(`declare-${p.id}`, () => api.send('budget.projectDeclare', { bookId: book.id, id: p.id }), () => `项目“${p.name}”已申报，等待县级审核入库`, `项目“${p.name}”不能申报`);
    if (done) refreshed(done);
  }

  async function withdraw(p: BudgetProject) {
    const done = await action.run(`withdraw-${p.id}`, () => api.send('budget.projectWithdraw', { bookId: book.id, id: p.id }), () => `项目“${p.name}”已撤回申报，可修改后重新申报`, `项目“${p.name}”不能撤回申报`);
    if (done) refreshed(done);
  }

  async function finish(p: BudgetProject) {
    const done = await action.run(`finish-${p.id}`, () => api.send('budget.projectFinish', { bookId: book.id, id: p.id }), (r) => `项目“${p.name}”已结束，指标结余 ${formatFen(r.leftover)} 元待收回`, `项目“${p.name}”不能结束`);
    if (done) refreshed(done.project);
  }

  function actionsOf(p: BudgetProject, inDrawer = false) {
    const editable = p.status === '储备' || p.status === '退回';
    const size = inDrawer ? ('small' as const) : ('small' as const);
    const type = inDrawer ? ('default' as const) : ('link' as const);
    return (
      <Flex gap={inDrawer ? 8 : 0} wrap>
        {editable && canPrepare && (
          <Button size={size} type={type} onClick={() => setEditing({ project: p })} data-testid={`project-edit-${p.code}`}>
            修改
          </Button>
        )}
        {p.allowedActions.includes('declare') && canPrepare && (
          <Button size={size} type={type} loading={action.busy === `declare-${p.id}`} onClick={() => declare(p)} data-testid={`project-declare-${p.code}`}>
            申报
          </Button>
        )}
        {p.allowedActions.includes('withdraw') && canPrepare && (
          <Popconfirm title={`撤回“${p.name}”的申报？`} description="县级尚未审核前可以撤回：项目回到储备状态，可修改后重新申报。" okText="撤回申报" onConfirm={() => withdraw(p)}>
            <Button size={size} type={type} loading={action.busy === `withdraw-${p.id}`} data-testid={`project-withdraw-${p.code}`}>
              撤回
            </Button>
          </Popconfirm>
        )}
        {p.allowedActions.includes('finish') && canFinish && (
          <Popconfirm title={`结束项目“${p.name}”？`} description="结束后不能再对该项目支付；剩余指标作为结余待收回。" okText="结束项目" onConfirm={() => finish(p)}>
            <Button size={size} type={type} danger loading={action.busy === `finish-${p.id}`}>
              结束
            </Button>
          </Popconfirm>
        )}
        {p.status === '申报' && isAdmin && (
          <Tooltip title={COUNTY_LABEL}>
            <Button size={size} type={type} style={{ color: '#ad4e00' }} onClick={() => setCounty(p)} data-testid={`project-county-${p.code}`}>
              {inDrawer ? COUNTY_LABEL : '模拟批复'}
            </Button>
          </Tooltip>
        )}
      </Flex>
    );
  }

  const columns: TableColumnsType<BudgetProject> = [
    { title: '项目编码', dataIndex: 'code', width: 110, sorter: (a, b) => a.code.localeCompare(b.code), render: (code: string) => <span className="xc-num">{code}</span> },
    {
      title: '项目名称',
      dataIndex: 'name',
      ellipsis: true,
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (name: string, p) => <Typography.Link onClick={() => setViewing(p)}>{name}</Typography.Link>,
    },
    { title: '类别', dataIndex: 'class', width: 84 },
    { title: '支出功能分类', key: 'func', width: 200, ellipsis: true, render: (_, p) => codeName(p.funcCode, p.funcName) },
    { title: '资金性质', dataIndex: 'fundNature', width: 100 },
    { title: '起止', key: 'period', width: 124, render: (_, p) => <span className="xc-num">{`${p.startDate.slice(0, 7)} ~ ${p.endDate.slice(0, 7)}`}</span> },
    { title: `${year}年申报`, key: 'year', width: 116, align: 'right', sorter: (a, b) => requestedIn(a, year) - requestedIn(b, year), render: (_, p) => <Money fen={requestedIn(p, year)} /> },
    { title: '绩效指标', key: 'targets', width: 66, align: 'center', render: (_, p) => (p.targets.length === 0 ? <Tag color="warning">无</Tag> : p.targets.length) },
    {
      title: '状态',
      dataIndex: 'status',
      width: 72,
      sorter: (a, b) => PROJECT_STATUSES.indexOf(a.status) - PROJECT_STATUSES.indexOf(b.status),
      render: (s: ProjectStatus, p) => (
        <Tooltip title={p.status === '退回' ? `退回原因：${p.returnReason ?? ''}` : undefined}>
          <Tag color={PROJECT_STATUS_COLORS[s]} style={{ marginInlineEnd: 0 }}>
            {s}
          </Tag>
        </Tooltip>
      ),
    },
    { title: '操作', key: 'ops', width: 150, render: (_, p) => actionsOf(p) },
  ];

  if (list.status === 'error') return <ErrorResult title="无法读取项目库" error={list.error} onRetry={list.reload} />;

  const count = (s: ProjectStatus) => all.filter((p) => p.status === s).length;
  const declared = all.filter((p) => p.status === '申报');
  const total = shown.reduce((sum, p) => sum + requestedIn(p, year), 0);

  return (
    <>
      <ListToolbar
        extra={
          <>
            <CountyButton
              user={user}
              testId="project-county-menu"
              onPick={(key) => setCounty(all.find((p) => p.id === key) ?? null)}
              items={
                declared.length > 0
                  ? declared.map((p) => ({ key: p.id, label: `审核申报项目：${p.code} ${p.name}` }))
                  : [{ key: 'none', label: '没有待县级审核的申报项目', disabled: true }]
              }
            />
            <Tooltip title={canPrepare ? undefined : '需要“会计”或“主管”岗位'}>
              <Button size="small" type="primary" icon={<PlusOutlined />} disabled={!canPrepare} onClick={() => setEditing({ project: null })} data-testid="project-new">
                新建项目
              </Button>
            </Tooltip>
            <ExportExcelButton command="export.projects" input={{ bookId: book.id, year, ids: shown.length === all.length ? undefined : shown.map((p) => p.id) }} disabled={shown.length === 0} />
          </>
        }
      >
        <Segmented<StatusFilter>
          data-testid="project-status-filter"
          size="small"
          value={status}
          onChange={setStatus}
          options={[{ value: 'all', label: `全部 ${all.length}` }, ...PROJECT_STATUSES.map((s) => ({ value: s, label: `${s} ${count(s)}` }))]}
        />
        <Select<ProjectClass | null>
          data-testid="project-class-filter"
          size="small"
          value={klass}
          onChange={setKlass}
          style={{ width: 120 }}
          options={[{ value: null, label: '全部类别' }, ...PROJECT_CLASSES.map((c) => ({ value: c, label: c }))]}
        />
        <Input.Search size="small" allowClear placeholder="编码、名称或功能分类" value={query} onChange={(e) => setQuery(e.target.value)} style={{ width: 190 }} />
      </ListToolbar>
      <ListTable<BudgetProject>
        data-testid="project-table"
        loading={list.status === 'loading'}
        columns={columns}
        dataSource={shown}
        scroll={{ x: 1080, y: Math.max(height - 260, 200) }}
        onRow={(p) => ({ 'data-testid': `project-row-${p.code}`, onDoubleClick: () => setViewing(p) }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: all.length === 0 ? '项目库还没有项目：点“新建项目”录入，填好绩效目标后申报' : '没有符合筛选条件的项目' }}
        summary={() => (shown.length > 0 ? <TotalRow label={<>合计（{shown.length} 个项目）</>} span={6} cells={[<Money fen={total} strong />]} rest={3} /> : null)}
      />
      <ProjectFormDrawer
        book={book}
        year={year}
        open={editing !== null}
        project={editing?.project ?? null}
        onClose={() => setEditing(null)}
        onSaved={(p) => {
          message.success(`项目“${p.name}”已保存（${p.status}）`);
          setEditing(null);
          refreshed(p);
        }}
      />
      <ProjectDetailDrawer project={viewing} onClose={() => setViewing(null)} actions={viewing ? actionsOf(viewing, true) : null} />
      <ProjectCountyModal
        book={book}
        year={year}
        project={county}
        onClose={() => setCounty(null)}
        onDone={(p) => {
          message.success(p.status === '入库' ? `项目“${p.name}”已入库（模拟县级批复）` : `项目“${p.name}”已退回（模拟县级批复）`);
          refreshed(p);
        }}
      />
    </>
  );
}
