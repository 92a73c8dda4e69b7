import type { KeyboardEvent } from 'react';
import type { Move } from './gridMoves';
import { moveOfKey } from './gridMoves';
import { AmountInput } from './AmountInput';
import { LookupInput } from './LookupInput';
import type { AccountChart, ClassificationLookup } from './accountOptions';
import { isCellFlagged, type LineIssue } from './lineIssues';
import { dimFieldsOf, type CellField, type DimField, type LineForm } from './voucherForm';

export interface RowHandlers {
  register: (index: number, field: CellField) => (el: HTMLInputElement | null) => void;
  move: (index: number, field: CellField, how: Move) => void;
  summary: (index: number, value: string) => void;
  account: (index: number, code: string) => void;
  dim: (index: number, field: DimField, value: string) => void;
  amount: (index: number, side: 'debit' | 'credit', value: string) => void;
  commitAmount: (index: number, side: 'debit' | 'credit') => void;
  amountKey: (event: KeyboardEvent<HTMLInputElement>, index: number, side: 'debit' | 'credit') => void;
  focusLine: (index: number) => void;
}

interface Props {
  index: number;
  line: LineForm;
  chart: AccountChart;
  lookups: DimLookups;
  issues: readonly LineIssue[] | undefined;
  current: boolean;
  readOnly: boolean;
  digitGrid: boolean;
  on: RowHandlers;
}

export type DimLookups = Partial<Record<DimField, ClassificationLookup>>;

const DIM_PLACEHOLDER: Record<DimField, string> = {
  func: '功能分类',
  econ_dep: '经济分类',
  econ_gov: '政府经济分类',
  project: '项目',
  fund: '资金性质',
  counterparty: '往来单位',
  dept: '部门',
};
const DIM_EMPTY: Partial<Record<DimField, string>> = {
  func: '没有匹配的功能分类（项级，7位）',
  econ_dep: '没有匹配的部门经济分类（款级，5位）',
  econ_gov: '没有匹配的政府经济分类（款级，5位）',
};

/** One voucher line: 摘要 | 会计科目 | 辅助核算 | 借方 | 贷方. */
export function GridRow({ index, line, chart, lookups, issues, current, readOnly, digitGrid, on }: Props) {
  const id = (field: string) => `line-${index}-${field}`;
  const textKeys = (field: CellField) => (event: KeyboardEvent<HTMLInputElement>) => {
    const how = moveOfKey(event) ?? (event.key === 'ArrowUp' ? 'up' : event.key === 'ArrowDown' ? 'down' : null);
    if (!how) return;
    event.preventDefault();
    on.move(index, field, how);
  };
  const dims = dimFieldsOf(line.accountCode, chart.byCode);
  const rowClass = [current ? 'xc-current' : '', issues?.length ? 'xc-line-error' : ''].join(' ').trim() || undefined;

  return (
    <>
      <tr className={rowClass} onFocus={() => on.focusLine(index)} data-line={index}>
        <td className="xc-rowno">{index + 1}</td>
        <td>
          <input
            ref={on.register(index, 'summary')}
            data-testid={id('summary')}
            className={`xc-cell${isCellFlagged(issues, 'summary') ? ' xc-invalid' : ''}`}
            value={line.summary}
            readOnly={readOnly}
            maxLength={100}
            autoComplete="off"
            title={line.summary || undefined}
            onChange={(event) => on.summary(index, event.target.value)}
            onKeyDown={textKeys('summary')}
          />
        </td>
        <td>
          <LookupInput
            testId={id('account')}
            inputRef={on.register(index, 'account')}
            value={line.accountCode}
            display={(code) => (code ? chart.label(code) : '')}
            search={chart.search}
            onCommit={(code) => on.account(index, code)}
            onMove={(how) => on.move(index, 'account', how)}
            readOnly={readOnly}
            invalid={isCellFlagged(issues, 'account')}
            emptyText="没有匹配的末级科目：请输入科目编码、名称或拼音首字母（F2 列出全部）"
          />
        </td>
        <td>
          {dims.length > 0 && (
            <div className="xc-dims">
              {dims.map((field) => {
                const lookup = lookups[field];
                return (
                  <div key={field} style={field === 'func' ? { flexGrow: 1.4 } : undefined}>
                    {lookup ? (
                      <LookupInput
                        testId={id(field)}
                        inputRef={on.register(index, field)}
                        value={line.dims[field] ?? ''}
                        display={lookup.label}
                        search={lookup.search}
                        onCommit={(code) => on.dim(index, field, code)}
                        onMove={(how) => on.move(index, field, how)}
                        allowFree
                        readOnly={readOnly}
                        invalid={isCellFlagged(issues, field)}
                        placeholder={DIM_PLACEHOLDER[field]}
                        emptyText={DIM_EMPTY[field] ?? '没有匹配的代码'}
                      />
                    ) : (
                      <input
                        ref={on.register(index, field)}
                        data-testid={id(field)}
                        className={`xc-cell${isCellFlagged(issues, field) ? ' xc-invalid' : ''}`}
                        value={line.dims[field] ?? ''}
                        placeholder={DIM_PLACEHOLDER[field]}
                        title={line.dims[field] || DIM_PLACEHOLDER[field]}
                        readOnly={readOnly}
                        maxLength={40}
                        autoComplete="off"
                        onChange={(event) => on.dim(index, field, event.target.value)}
                        onKeyDown={textKeys(field)}
                      />
                    )}
                  </div>
                );
              })}
            </div>
          )}
        </td>
        {(['debit', 'credit'] as const).map((side) => (
          <td key={side}>
            <AmountInput
              testId={id(side)}
              inputRef={on.register(index, side)}
              text={line[side]}
              onChange={(value) => on.amount(index, side, value)}
              onCommit={() => on.commitAmount(index, side)}
              onKeyDown={(event) => on.amountKey(event, index, side)}
              digitGrid={digitGrid}
              readOnly={readOnly}
              invalid={isCellFlagged(issues, side)}
            />
          </td>
        ))}
      </tr>
      {issues && issues.length > 0 && (
        <tr>
          <td className="xc-rowno" />
          <td colSpan={5} className="xc-issue-cell" data-testid={`line-${index}-issues`}>
            {issues.map((issue) => issue.message).join('；')}
          </td>
        </tr>
      )}
    </>
  );
}
