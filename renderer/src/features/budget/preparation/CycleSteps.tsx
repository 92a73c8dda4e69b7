import { Alert, Steps } from 'antd';
import type { BudgetDraft, SubmissionSummary } from '../../../../../shared/api';
import { formatFen } from '../../../../../shared/domain';
import type { CycleState } from '../../../../../shared/domain/budget/types';
import { stampText } from '../common/dates';

const ORDER: CycleState[] = ['编制中', '一上已报送', '一下已下达', '二上已报送', '二下已批复'];

function lastOf(submissions: SubmissionSummary[], stage: '一上' | '二上'): SubmissionSummary | undefined {
  return submissions.filter((s) => s.stage === stage).at(-1);
}

const submitted = (s: SubmissionSummary | undefined) =>
  s ? `第${s.seq}次报送 ${stampText(s.submittedAt).slice(0, 10)}，支出 ${formatFen(s.expenditureTotal)} 元` : null;

/** 一上 → 一下 → 二上 → 二下 as antd Steps, each with what happened at it. */
export function CycleSteps({ draft }: { draft: BudgetDraft }) {
  const index = ORDER.indexOf(draft.state);
  const done = draft.state === '二下已批复';
  const current = done ? 4 : index;
  const controlTotal = draft.controlFigures.reduce((s, f) => s + f.amount, 0);
  const controlDoc = draft.controlFigures.find((f) => f.docNo)?.docNo ?? '';
  const approval = draft.events.filter((e) => e.toState === '二下已批复').at(-1);
  const lastEvent = draft.events.at(-1);
  const returned = lastEvent && (lastEvent.action === '退回一上' || lastEvent.action === '退回二上') ? lastEvent : null;

  // Waiting on the county shows on the county's step: 一上已报送 puts 一下 in progress, and so on.
  const status = (i: number): 'finish' | 'process' | 'wait' => (i < current ? 'finish' : i === current ? 'process' : 'wait');
  const items = [
    { title: '一上', content: submitted(lastOf(draft.submissions, '一上')) ?? '编制草案，主管报送一上' },
    { title: '一下', content: draft.controlFigures.length > 0 ? `${controlDoc} 控制数 ${formatFen(controlTotal)} 元` : '县级下达控制数' },
    { title: '二上', content: submitted(lastOf(draft.submissions, '二上')) ?? '按控制数调整后报送二上' },
    { title: '二下', content: approval ? `${approval.reason ?? '已批复'}，${stampText(approval.at).slice(0, 10)}` : '县级批复，生成预算指标' },
  ].map((item, i) => ({ ...item, status: done ? ('finish' as const) : status(i) }));

  return (
    <>
      <Steps data-testid="cycle-steps" size="small" current={Math.min(current, 3)} items={items} style={{ marginBottom: 6 }} />
      {returned && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 6 }}
          title={`县级已${returned.action}：${returned.reason ?? ''}`}
          description={`${stampText(returned.at)}，请按意见修改草案后重新报送。`}
        />
      )}
    </>
  );
}
