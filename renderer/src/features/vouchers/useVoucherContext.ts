import { useMemo } from 'react';
import type { Account, ClassificationItem, PeriodInfo } from '../../../../shared/api';
import { periodKey } from '../../../../shared/domain';
import { useCommand, type CommandState } from '../../api/useCommand';
import { buildChart, buildClassificationLookup, type AccountChart } from './editor/accountOptions';
import type { DimLookups } from './editor/GridRow';

export interface VoucherContext {
  chart: AccountChart;
  lookups: DimLookups;
  closedPeriods: ReadonlySet<string>;
}

function settled<T>(state: CommandState<T>, fallback: T): T | undefined {
  if (state.status === 'ok') return state.data;
  // Classification tables and period states only help; without them entry still works.
  if (state.status === 'error') return fallback;
  return undefined;
}

/** What the voucher screens need besides the voucher: the chart, classification codes, closed periods. */
export function useVoucherContext(bookId: string): { context: VoucherContext | null; error: unknown; reload: () => void } {
  const accounts = useCommand('account.list', { bookId });
  const func = useCommand('classification.list', { bookId, kind: 'expenditure_function' });
  const econ = useCommand('classification.list', { bookId, kind: 'expenditure_econ_department' });
  const econGov = useCommand('classification.list', { bookId, kind: 'expenditure_econ_government' });
  const periods = useCommand('period.list', { bookId });

  const funcItems = settled<ClassificationItem[]>(func, []);
  const econItems = settled<ClassificationItem[]>(econ, []);
  const econGovItems = settled<ClassificationItem[]>(econGov, []);
  const periodItems = settled<PeriodInfo[]>(periods, []);
  const accountItems: Account[] | undefined = accounts.status === 'ok' ? accounts.data : undefined;

  const context = useMemo(() => {
    if (!accountItems || !funcItems || !econItems || !econGovItems || !periodItems) return null;
    return {
      chart: buildChart(accountItems),
      lookups: {
        func: buildClassificationLookup(funcItems, 7),
        econ_dep: buildClassificationLookup(econItems, 5),
        econ_gov: buildClassificationLookup(econGovItems, 5),
      },
      closedPeriods: new Set(periodItems.filter((p) => p.status === 'closed').map((p) => periodKey(p))),
    };
  }, [accountItems, funcItems, econItems, econGovItems, periodItems]);

  return {
    context,
    error: accounts.status === 'error' ? accounts.error : null,
    reload: accounts.reload,
  };
}
