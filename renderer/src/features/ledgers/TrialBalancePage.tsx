import { useMemo, useState } from 'react';
import { Segmented, Table, Typography } from 'antd';
import type { Book } from '../../../../shared/api';
import { formatPeriod } from '../../../../shared/domain';
import { useCommand } from '../../api/useCommand';
import { ErrorResult } from '../../components/ErrorResult';
import { ExportExcelButton } from '../../components/export/ExportExcelButton';
import { PrintButton } from '../../components/export/PrintButton';
import { LedgerHeader } from './LedgerHeader';
import { goLedgerDetail } from './ledgerRoutes';
import { useLedgerKeys } from './useLedgerKeys';
import { PeriodPicker } from '../../components/PeriodPicker';
import { ReportTitle } from '../../components/ReportTitle';
import { useViewportHeight } from '../../components/useViewportHeight';
import { useWorkingPeriod } from '../vouchers/useWorkingPeriod';
import { trialBalanceColumns } from './trialBalanceColumns';
import { balanceLines, type BalanceLine } from './trialBalanceRows';

type Level = 'one' | 'all';

/** 科目余额表 of both tracks; a code opens its 明细账 from January to the chosen month. */
export function TrialBalancePage({ book }: { book: Book }) {
  const [period, setPeriod] = useWorkingPeriod(book);
  const [level, setLevel] = useState<Level>('one');
  const data = useCommand('ledger.trialBalance', { bookId: book.id, year: period.year, month: period.month });
  const height = useViewportHeight();
  const lines = useMemo(() => (data.status === 'ok' ? balanceLines(data.data, level === 'one') : []), [data, level]);
  const columns = useMemo(
    () => trialBalanceColumns((code) => goLedgerDetail(book.id, code, period.year, 1, period.month)),
    [book.id, period],
  );
  const periodLabel = formatPeriod(period);
  useLedgerKeys(book, 'trial', { accountCode: '1001', year: period.year, month: period.month });

  if (data.status === 'error') return <ErrorResult title="无法读取科目余额表" error={data.error} onRetry={data.reload} />;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', background: '#fff', padding: 8 }}>
      <LedgerHeader
        book={book}
        view="trial"
        place={{ accountCode: '1001', year: period.year, month: period.month }}
        extra={
          <>
            <ExportExcelButton command="export.trialBalance" input={{ bookId: book.id, year: period.year, month: period.month, level }} disabled={lines.length === 0} />
            <PrintButton request={{ document: 'trialBalance', bookId: book.id, year: period.year, month: period.month, level }} disabled={lines.length === 0} />
          </>
        }
      >
        <PeriodPicker value={period} onChange={setPeriod} />
        <Segmented<Level>
          size="small"
          value={level}
          onChange={setLevel}
          options={[
            { label: '一级科目', value: 'one' },
            { label: '全部级次', value: 'all' },
          ]}
          data-testid="trial-level"
        />
      </LedgerHeader>
      <ReportTitle title="科目余额表" unit={book.name} period={periodLabel} />
      {data.status === 'ok' && data.data.rows.length === 0 && (
        <Typography.Text type="secondary" style={{ marginBottom: 4 }} data-testid="trial-empty">
          截至{periodLabel}还没有已记账的凭证：凭证审核、记账后才会计入账簿。
        </Typography.Text>
      )}
      <Table<BalanceLine>
        data-testid="trial-balance"
        size="small"
        bordered
        virtual
        rowKey="key"
        loading={data.status === 'loading'}
        columns={columns}
        dataSource={lines}
        pagination={false}
        scroll={{ x: 1120, y: Math.max(height - 250, 200) }}
        rowClassName={(line) => (line.kind === 'group' ? 'xc-row-group' : line.kind === 'total' ? 'xc-row-total' : '')}
        onRow={(line) => (line.kind === 'account' ? ({ 'data-testid': `tb-row-${line.code}` } as object) : {})}
      />
    </div>
  );
}
