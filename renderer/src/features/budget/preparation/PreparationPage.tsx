import { useState } from 'react';
import { App, Button, Flex, Popconfirm, Tabs, Tag, Tooltip, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import type { BudgetDraft, CountyApprovalResult } from '../../../../../shared/api';
import { formatFen, uuidv7 } from '../../../../../shared/domain';
import { errorMessage } from '../../../api/errorMessage';
import { hasRole } from '../../../api/session';
import { api } from '../../../api/transport';
import { useCommand } from '../../../api/useCommand';
import { ErrorResult } from '../../../components/ErrorResult';
import { LoadingBlock } from '../../../components/LoadingBlock';
import { useViewportHeight } from '../../../components/useViewportHeight';
import type { BudgetPageProps } from '../BudgetArea';
import { goBudget } from '../budgetTabs';
import { CountyButton } from '../common/CountyButton';
import { todayIn } from '../common/dates';
import { PromptModal } from '../common/PromptModal';
import { useAction } from '../common/useAction';
import { ApproveBudgetModal, ControlFiguresModal } from './CountyCycleModals';
import { CycleSteps } from './CycleSteps';
import { DraftTab } from './DraftTab';
import { StaffingTab } from './StaffingTab';
import { SubmissionsTab } from './SubmissionsTab';

type County = 'control' | 'return' | 'approve';
type Section = 'draft' | 'staffing' | 'submissions';

/** 预算编制: the draft, the staff roster behind 基本支出, and 二上二下 with frozen snapshots. */
export function PreparationPage({ book, user, year }: BudgetPageProps) {
  const { message } = App.useApp();
  const loaded = useCommand('budget.draftGet', { bookId: book.id, year });
  const [override, setOverride] = useState<BudgetDraft | null>(null);
  const [section, setSection] = useState<Section>('draft');
  const [county, setCounty] = useState<County | null>(null);
  const height = useViewportHeight();
  const action = useAction();
  const canSubmit = hasRole(user, 'supervisor');

  if (loaded.status === 'error') return <ErrorResult title="无法读取预算草案" error={loaded.error} onRetry={loaded.reload} />;
  if (loaded.status === 'loading') return <LoadingBlock text="正在读取预算草案…" />;
  // A command's answer is newer than the last read until the read is repeated.
  const draft = override && override.year === year ? override : loaded.data;

  function changed(next?: BudgetDraft) {
    setOverride(next ?? null);
    loaded.reload();
  }

  async function submit() {
    const stage = draft.nextSubmission;
    const done = await action.run('submit', () => api.send('budget.submit', { bookId: book.id, year, id: uuidv7() }), (s) => `已报送${s.stage}（第${s.seq}次），支出合计 ${formatFen(s.expenditureTotal)} 元`, `不能报送${stage ?? ''}`);
    if (done) changed();
  }

  async function withdraw() {
    const stage = draft.state === '二上已报送' ? '二上' : '一上';
    const done = await action.run('withdraw', () => api.send('budget.submissionWithdraw', { bookId: book.id, year }), () => `已撤回${stage}，预算草案可以修改后重新报送`, `不能撤回${stage}`);
    if (done) changed(done);
  }

  function countyDone(result: CountyApprovalResult, text: string) {
    message.success(text);
    changed(result.draft ?? undefined);
  }

  const submitHint = !draft.nextSubmission
    ? draft.state === '二下已批复'
      ? '预算已批复'
      : '等待县级批复'
    : !canSubmit
      ? '报送需要“主管”岗位'
      : draft.state === '一下已下达'
        ? '二上不能超出一下控制数'
        : undefined;

  return (
    <>
      <Flex align="center" gap={12} style={{ marginBottom: 4 }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <CycleSteps draft={draft} />
        </div>
        <Flex vertical gap={6} align="end" style={{ flex: 'none' }}>
          <span>
            当前状态：
            <Tag color={draft.editable ? 'blue' : draft.state === '二下已批复' ? 'green' : 'gold'} data-testid="cycle-state">
              {draft.state}
            </Tag>
          </span>
          <Flex gap={6}>
            {draft.state !== '二下已批复' && (
            <Tooltip title={submitHint}>
              <Popconfirm
                title={`报送${draft.nextSubmission ?? ''}？`}
                description={`报送后草案冻结为快照（支出合计 ${formatFen(draft.totals.expenditure)} 元），县级答复前不能修改。`}
                okText="报送"
                onConfirm={submit}
                disabled={!draft.nextSubmission || !canSubmit}
              >
                <Button size="small" type="primary" icon={<SendOutlined />} disabled={!draft.nextSubmission || !canSubmit} loading={action.busy === 'submit'} data-testid="cycle-submit">
                  {draft.nextSubmission ? `报送${draft.nextSubmission}` : '等待县级答复'}
                </Button>
              </Popconfirm>
            </Tooltip>
            )}
            {(draft.state === '一上已报送' || draft.state === '二上已报送') && (
              <Tooltip title={canSubmit ? '县级答复前可以撤回：草案恢复为可修改，已报送的快照保留' : '撤回需要“主管”岗位'}>
                <Popconfirm title={`撤回${draft.state === '二上已报送' ? '二上' : '一上'}？`} description="撤回后可以修改草案并重新报送。" okText="撤回" onConfirm={withdraw} disabled={!canSubmit}>
                  <Button size="small" disabled={!canSubmit} loading={action.busy === 'withdraw'} data-testid="cycle-withdraw">
                    撤回报送
                  </Button>
                </Popconfirm>
              </Tooltip>
            )}
            <CountyButton
              user={user}
              testId="cycle-county"
              onPick={(key) => setCounty(key as County)}
              items={[
                { key: 'control', label: '下达一下控制数', disabled: draft.state !== '一上已报送' },
                { key: 'return', label: '退回预算（一上或二上）', disabled: draft.state !== '一上已报送' && draft.state !== '二上已报送' },
                { key: 'approve', label: '二下批复，生成预算指标', disabled: draft.state !== '二上已报送' },
              ]}
            />
          </Flex>
        </Flex>
      </Flex>
      {draft.state === '二下已批复' && (
        <Typography.Text type="success" style={{ marginBottom: 4 }}>
          {year}年预算已批复，预算指标已生成：
          <Typography.Link onClick={() => goBudget(book.id, 'indicators')}>查看预算指标</Typography.Link>
        </Typography.Text>
      )}
      <Tabs
        size="small"
        activeKey={section}
        onChange={(k) => setSection(k as Section)}
        tabBarStyle={{ marginBottom: 6 }}
        items={[
          { key: 'draft', label: <span data-testid="prep-tab-draft">预算草案</span> },
          { key: 'staffing', label: <span data-testid="prep-tab-staffing">人员名册与标准</span> },
          { key: 'submissions', label: <span data-testid="prep-tab-submissions">报送记录与快照比较（{draft.submissions.length}）</span> },
        ]}
      />
      {section === 'draft' && <DraftTab book={book} user={user} draft={draft} onChange={changed} height={height} />}
      {section === 'staffing' && <StaffingTab book={book} user={user} draft={draft} onDraft={changed} />}
      {section === 'submissions' && <SubmissionsTab book={book} draft={draft} height={height} />}

      {county === 'control' && <ControlFiguresModal book={book} draft={draft} open onClose={() => setCounty(null)} onDone={(r) => countyDone(r, '已下达一下控制数（模拟县级批复），可按控制数调整草案后报送二上')} />}
      {county === 'approve' && <ApproveBudgetModal book={book} draft={draft} open onClose={() => setCounty(null)} onDone={(r) => countyDone(r, `二下已批复（模拟县级批复），生成 ${r.indicators.length} 个预算指标`)} />}
      <PromptModal
        open={county === 'return'}
        title="模拟县级批复（开发用）：退回预算"
        intro={`把${draft.state === '二上已报送' ? '二上' : '一上'}退回单位修改；单位改好后重新报送。`}
        reasonLabel="退回原因"
        dateLabel="退回日期"
        defaultDate={todayIn(year)}
        year={year}
        okText="退回"
        danger
        testId="return-budget"
        onCancel={() => setCounty(null)}
        onSubmit={async ({ reason, date }) => {
          try {
            const r = await api.send('budget.simulateCountyApproval', { action: '退回预算', bookId: book.id, id: uuidv7(), year, date, reason });
            countyDone(r, '预算已退回单位（模拟县级批复）');
            return null;
          } catch (error) {
            return errorMessage(error);
          }
        }}
      />
    </>
  );
}
