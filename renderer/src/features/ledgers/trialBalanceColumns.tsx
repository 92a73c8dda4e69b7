import { Tag, Typography, type TableColumnsType } from 'antd';
import { Money } from '../../components/Money';
import type { Amounts, BalanceLine } from './trialBalanceRows';

const amount = (key: keyof Amounts, title: string) => ({
  title,
  key,
  width: 112,
  align: 'right' as const,
  render: (_: unknown, line: BalanceLine) => {
    const value = line[key];
    if (value === undefined) return null;
    return <Money fen={value} strong={line.kind === 'total'} />;
  },
});

/** 科目余额表 columns: 期初、本期、本年累计、期末, each 借 and 贷. */
export function trialBalanceColumns(openAccount: (code: string) => void): TableColumnsType<BalanceLine> {
  return [
    {
      title: '科目编码',
      key: 'code',
      width: 96,
      render: (_, line) =>
        line.kind === 'account' ? (
          <Typography.Link className="xc-num" onClick={() => openAccount(line.code)} title="查看明细账">
            {line.code}
          </Typography.Link>
        ) : null,
    },
    {
      title: '科目名称',
      key: 'name',
      ellipsis: true,
      render: (_, line) => {
        if (line.kind === 'group') return <Typography.Text strong>{line.name}</Typography.Text>;
        if (line.kind === 'total')
          return (
            <>
              <Typography.Text strong>{line.name}</Typography.Text>
              {!line.balanced && (
                <Tag color="red" style={{ marginInlineStart: 6 }}>
                  借贷不平
                </Tag>
              )}
            </>
          );
        return <span style={{ paddingInlineStart: (line.level - 1) * 14 }}>{line.name}</span>;
      },
    },
    { title: '期初余额', children: [amount('openingDebit', '借方'), amount('openingCredit', '贷方')] },
    { title: '本期发生额', children: [amount('periodDebit', '借方'), amount('periodCredit', '贷方')] },
    { title: '本年累计发生额', children: [amount('ytdDebit', '借方'), amount('ytdCredit', '贷方')] },
    { title: '期末余额', children: [amount('closingDebit', '借方'), amount('closingCredit', '贷方')] },
  ];
}
