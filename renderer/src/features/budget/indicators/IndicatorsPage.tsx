import { useMemo, useState, type HTMLAttributes } from 'react';
import { App, Checkbox, Input, Select, Typography } from 'antd';
import type { Indicator } from '../../../../../shared/api';
import { EXPENSE_KINDS, FUND_NATURES, PAY_METHODS, type ExpenseKind, type FundNature, type PayMethod } from '../../../../../shared/domain/budget/types';
import { hasRole } from '../../../api/session';
import { useCommand } from '../../../api/useCommand';
import { ErrorResult } from '../../../components/ErrorResult';
import { ExportExcelButton } from '../../../components/export/ExportExcelButton';
import { Money } from '../../../components/Money';
import type { BudgetPageProps } from '../BudgetArea';
import { goBudget } from '../budgetTabs';
import { CountyButton } from '../common/CountyButton';
import { rateText } from '../common/rates';
import { ratioBp } from '../../../../../shared/domain/budget/execution';
import { IndicatorLedgerDrawer } from './IndicatorLedgerDrawer';
import { IssueIndicatorModal } from './IssueIndicatorModal';
import { indicatorColumns } from './indicatorColumns';
import { ListTable, ListToolbar, TotalRow } from '../common/ListTable';

const sum = (rows: Indicator[], key: keyof Indicator['balance']) => rows.reduce((s, i) => s + i.balance[key], 0);

/** 预算指标: each approved indicator with its elements and 可执行/已支付/冻结/可用; a row opens its 台账. */
export function IndicatorsPage({ book, user, year, rest }: BudgetPageProps) {
  const list = useCommand('budget.indicatorList', { bookId: book.id, year });
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<ExpenseKind | null>(null);
  const [fund, setFund] = useState<FundNature | null>(null);
  const [pay, setPay] = useState<PayMethod | null>(null);
  const [directOnly, setDirectOnly] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const { message } = App.useApp();
  const canPay = hasRole(user, 'accountant', 'supervisor');
  const openId = rest[0] ?? null;

  const all = useMemo(() => (list.status === 'ok' ? list.data : []), [list]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return all.filter(
      (i) =>
        (!kind || i.expenseKind === kind) &&
        (!fund || i.fundNature === fund) &&
        (!pay || i.payMethod === pay) &&
        (!directOnly || i.directFund) &&
        (!q || [i.docNo, i.supDocNo ?? '', i.funcCode, i.funcName ?? '', i.econDepCode, i.econDepName ?? '', i.projectCode ?? '', i.projectName ?? ''].some((t) => t.toLowerCase().includes(q))),
    );
  }, [all, query, kind, fund, pay, directOnly]);
  const columns = useMemo(
    () => indicatorColumns({ open: (i) => goBudget(book.id, 'indicators', i.id), pay: (i) => goBudget(book.id, 'payments', 'new', i.id), canPay }),
    [book.id, canPay],
  );

  if (list.status === 'error') return <ErrorResult title="无法读取预算指标" error={list.error} onRetry={list.reload} />;
  const simulated = all.filter((i) => i.origin === 'simulated').length;
  const totalRate = ratioBp(sum(shown, 'paid'), sum(shown, 'executable'));

  return (
    <>
      <ListToolbar
        extra={
          <>
            <Typography.Text type="secondary">
              {year}年共 {all.length} 个指标{shown.length !== all.length ? `，显示 ${shown.length} 个` : ''}
              {simulated > 0 ? `（其中 ${simulated} 个由模拟县级批复生成）` : ''}
            </Typography.Text>
            <CountyButton user={user} testId="indicator-county" onPick={() => setIssuing(true)} items={[{ key: 'issue', label: '指标下达（年中追加、直达资金）' }]} />
            <ExportExcelButton command="export.indicators" input={{ bookId: book.id, year, ids: shown.length === all.length ? undefined : shown.map((i) => i.id) }} disabled={shown.length === 0} />
          </>
        }
      >
        <Input.Search size="small" allowClear placeholder="文号、功能分类、经济分类、项目" value={query} onChange={(e) => setQuery(e.target.value)} style={{ width: 220 }} data-testid="indicator-search" />
        <Select<ExpenseKind | null> size="small" value={kind} onChange={setKind} style={{ width: 120 }} options={[{ value: null, label: '全部支出类型' }, ...EXPENSE_KINDS.map((k) => ({ value: k, label: k }))]} />
        <Select<FundNature | null> size="small" value={fund} onChange={setFund} style={{ width: 140 }} options={[{ value: null, label: '全部资金性质' }, ...FUND_NATURES.map((k) => ({ value: k, label: k }))]} />
        <Select<PayMethod | null> size="small" value={pay} onChange={setPay} style={{ width: 120 }} options={[{ value: null, label: '全部支付方式' }, ...PAY_METHODS.map((k) => ({ value: k, label: k }))]} />
        <Checkbox checked={directOnly} onChange={(e) => setDirectOnly(e.target.checked)}>
          只看直达资金
        </Checkbox>
      </ListToolbar>
      <ListTable<Indicator>
        data-testid="indicator-table"
        loading={list.status === 'loading'}
        columns={columns}
        dataSource={shown}
        onRow={(i) => ({ 'data-testid': `indicator-row-${i.expenseKind}-${i.econDepCode}`, onDoubleClick: () => goBudget(book.id, 'indicators', i.id) }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: `${year}年还没有预算指标：预算二下批复后生成` }}
        summary={() => (shown.length > 0 ? <TotalRow label={<>合计（{shown.length} 个指标）</>} span={6} cells={[<Money fen={sum(shown, 'executable')} strong />, <Money fen={sum(shown, 'paid')} strong />, <Money fen={sum(shown, 'frozen')} strong />, <Money fen={sum(shown, 'available')} strong />, <span className="xc-num">{rateText(totalRate)}</span>]} rest={1} testId="indicator-total" /> : null)}
      />
      <IssueIndicatorModal
        book={book}
        year={year}
        open={issuing}
        onClose={() => setIssuing(false)}
        onDone={(r) => {
          message.success(`已下达指标（模拟县级批复）：${r.indicators[0]?.label ?? ''}`);
          list.reload();
        }}
      />
      <IndicatorLedgerDrawer book={book} user={user} id={openId} onClose={() => goBudget(book.id, 'indicators')} onChanged={list.reload} />
    </>
  );
}
