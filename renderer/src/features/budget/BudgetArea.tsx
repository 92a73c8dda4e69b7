import { lazy, Suspense } from 'react';
import { Flex, InputNumber, Tabs, Typography } from 'antd';
import type { Book, User } from '../../../../shared/api';
import { LoadingBlock } from '../../components/LoadingBlock';
import { AdjustmentsPage } from './adjustments/AdjustmentsPage';
import { BUDGET_TABS, DEFAULT_TAB, goBudget, isBudgetTab, type BudgetTab } from './budgetTabs';
import { IndicatorsPage } from './indicators/IndicatorsPage';
import { PaymentsPage } from './payments/PaymentsPage';
import { PerformancePage } from './performance/PerformancePage';
import { PreparationPage } from './preparation/PreparationPage';
import { ProjectsPage } from './projects/ProjectsPage';
import { useBudgetYear } from './useBudgetYear';
import './budget.css';

// ECharts is the heaviest part of the area: it loads with the dashboard only.
const DashboardPage = lazy(() => import('./monitoring/DashboardPage'));

export interface BudgetPageProps {
  book: Book;
  user: User;
  year: number;
  /** Route parts after the tab (an opened record, a preset). */
  rest: readonly string[];
}

/**
 * 预算: 项目库 → 预算编制 (二上二下) → 预算指标 → 支付申请 → 调整调剂 → 执行监控 → 绩效监控.
 * Loaded on first opening (React.lazy from AreaPage), so the ledger screens never wait for it.
 */
export default function BudgetArea({ book, user, sub }: { book: Book; user: User; sub: readonly string[] }) {
  const [year, setYear] = useBudgetYear(book);
  const tab: BudgetTab = isBudgetTab(sub[0]) ? sub[0] : DEFAULT_TAB;
  const props: BudgetPageProps = { book, user, year, rest: sub.slice(1) };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', background: '#fff', padding: '0 8px 8px', minWidth: 0 }}>
      <Tabs
        data-testid="budget-tabs"
        size="small"
        activeKey={tab}
        onChange={(key) => goBudget(book.id, key as BudgetTab)}
        items={BUDGET_TABS.map((t) => ({ key: t.key, label: <span data-testid={`budget-tab-${t.key}`}>{t.label}</span> }))}
        tabBarStyle={{ marginBottom: 6 }}
        tabBarExtraContent={
          <Flex align="center" gap={4}>
            <Typography.Text type="secondary">预算年度</Typography.Text>
            <InputNumber
              data-testid="budget-year"
              size="small"
              min={2000}
              max={2099}
              precision={0}
              value={year}
              onChange={(value) => value && setYear(value)}
              suffix="年"
              style={{ width: 86 }}
            />
          </Flex>
        }
      />
      <div style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        {tab === 'projects' && <ProjectsPage {...props} />}
        {tab === 'preparation' && <PreparationPage {...props} />}
        {tab === 'indicators' && <IndicatorsPage {...props} />}
        {tab === 'payments' && <PaymentsPage {...props} />}
        {tab === 'adjustments' && <AdjustmentsPage {...props} />}
        {tab === 'performance' && <PerformancePage {...props} />}
        {tab === 'dashboard' && (
          <Suspense fallback={<LoadingBlock text="正在加载执行监控…" />}>
            <DashboardPage {...props} />
          </Suspense>
        )}
      </div>
    </div>
  );
}
