import { amountInWords, formatFen } from '../../../../../shared/domain';
import { DigitHeader } from './AmountInput';
import type { AccountChart } from './accountOptions';
import { GridRow, type DimLookups, type RowHandlers } from './GridRow';
import type { IssuesByRow } from './lineIssues';
import type { LineForm, TrackSums } from './voucherForm';
import './voucherGrid.css';

interface Props {
  lines: readonly LineForm[];
  chart: AccountChart;
  lookups: DimLookups;
  issues: IssuesByRow;
  currentLine: number;
  readOnly: boolean;
  digitGrid: boolean;
  sums: TrackSums;
  on: RowHandlers;
}

/** The ruled grid of a 记账凭证 with its 合计 line (大写 of the 财务会计 debit total). */
export function VoucherGrid({ lines, chart, lookups, issues, currentLine, readOnly, digitGrid, sums, on }: Props) {
  const total = sums.financial;
  const balanced = total.debit === total.credit;
  return (
    <table className="xc-voucher-grid" data-testid="voucher-grid">
      <colgroup>
        <col style={{ width: 32 }} />
        <col style={{ width: '22%' }} />
        <col style={{ width: '26%' }} />
        <col />
        <col style={{ width: 146 }} />
        <col style={{ width: 146 }} />
      </colgroup>
      <thead>
        <tr>
          <th>行</th>
          <th>摘要</th>
          <th>会计科目</th>
          <th>辅助核算</th>
          <th>
            借方金额
            {digitGrid && <DigitHeader />}
          </th>
          <th>
            贷方金额
            {digitGrid && <DigitHeader />}
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line, index) => (
          <GridRow
            key={line.key}
            index={index}
            line={line}
            chart={chart}
            lookups={lookups}
            issues={issues.get(index)}
            current={index === currentLine}
            readOnly={readOnly}
            digitGrid={digitGrid}
            on={on}
          />
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={4}>
            合计：
            <span data-testid="total-words" style={{ fontWeight: 600, color: total.debit < 0 ? '#cf1322' : undefined }}>
              {total.debit === 0 ? '' : amountInWords(total.debit)}
            </span>
          </td>
          <td className="xc-num" style={{ textAlign: 'right', color: balanced ? undefined : '#cf1322' }} data-testid="total-debit">
            {formatFen(total.debit, { blankZero: true })}
          </td>
          <td className="xc-num" style={{ textAlign: 'right', color: balanced ? undefined : '#cf1322' }} data-testid="total-credit">
            {formatFen(total.credit, { blankZero: true })}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
