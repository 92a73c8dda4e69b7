import { Button, Flex, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { Indicator } from '../../../../../shared/api';
import { ratioBp } from '../../../../../shared/domain/budget/execution';
import { Money } from '../../../components/Money';
import { codeName } from '../common/classifications';
import { rateText } from '../common/rates';

export const rateOf = (i: Indicator) => ratioBp(i.balance.paid, i.balance.executable);

const byNumber = (get: (i: Indicator) => number) => (a: Indicator, b: Indicator) => get(a) - get(b);

/** 预算指标 with its elements (文号, 功能分类, 经济分类, 项目, 资金性质, 支付方式, 直达) and balances. */
export function indicatorColumns({ open, pay, canPay }: { open: (i: Indicator) => void; pay: (i: Indicator) => void; canPay: boolean }): TableColumnsType<Indicator> {
  return [
    {
      title: '指标文号',
      key: 'doc',
      width: 122,
      ellipsis: true,
      sorter: (a, b) => a.docNo.localeCompare(b.docNo),
      render: (_, i) => (
        <Tooltip title={`点击查看指标台账${i.supDocNo ? `；上级指标文号：${i.supDocNo}` : ''}${i.origin === 'simulated' ? '；由“模拟县级批复（开发用）”生成' : ''}`}>
          <Typography.Link onClick={() => open(i)} data-testid={`indicator-open-${i.id}`}>
            {i.docNo}
          </Typography.Link>
        </Tooltip>
      ),
    },
    { title: '功能分类', key: 'func', ellipsis: { showTitle: true }, sorter: (a, b) => a.funcCode.localeCompare(b.funcCode), render: (_, i) => codeName(i.funcCode, i.funcName) },
    {
      title: '经济分类',
      key: 'econ',
      width: 116,
      ellipsis: true,
      sorter: (a, b) => a.econDepCode.localeCompare(b.econDepCode),
      render: (_, i) => <Tooltip title={`部门 ${codeName(i.econDepCode, i.econDepName)}；政府 ${i.econGovCode}`}>{codeName(i.econDepCode, i.econDepName)}</Tooltip>,
    },
    { title: '项目', key: 'project', width: 92, ellipsis: true, render: (_, i) => (i.projectCode ? <Tooltip title={`${i.projectCode} ${i.projectName ?? ''}`}>{i.projectName ?? i.projectCode}</Tooltip> : <Typography.Text type="secondary">{i.expenseKind}</Typography.Text>) },
    { title: '资金性质', dataIndex: 'fundNature', width: 84, ellipsis: { showTitle: true } },
    {
      title: '支付方式',
      key: 'pay',
      width: 90,
      render: (_, i) => (
        <Flex gap={2} align="center">
          {i.payMethod}
          {i.directFund && (
            <Tag color="magenta" style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', paddingInline: 3 }}>
              直达
            </Tag>
          )}
        </Flex>
      ),
    },
    { title: '可执行', key: 'executable', width: 104, align: 'right', sorter: byNumber((i) => i.balance.executable), render: (_, i) => <Money fen={i.balance.executable} /> },
    { title: '已支付', key: 'paid', width: 104, align: 'right', sorter: byNumber((i) => i.balance.paid), render: (_, i) => <Money fen={i.balance.paid} /> },
    { title: '冻结', key: 'frozen', width: 90, align: 'right', sorter: byNumber((i) => i.balance.frozen), render: (_, i) => <Money fen={i.balance.frozen} blankZero /> },
    { title: '可用', key: 'available', width: 104, align: 'right', sorter: byNumber((i) => i.balance.available), render: (_, i) => <Money fen={i.balance.available} strong /> },
    { title: '执行率', key: 'rate', width: 60, align: 'right', sorter: byNumber((i) => rateOf(i) ?? -1), render: (_, i) => <span className="xc-num">{rateText(rateOf(i))}</span> },
    {
      title: '操作',
      key: 'ops',
      width: 48,
      render: (_, i) => (
        <Tooltip title={!canPay ? '支付申请需要“会计”或“主管”岗位' : i.balance.available <= 0 ? '可用余额为零' : '对这个指标申请支付'}>
          <Button size="small" type="link" style={{ paddingInline: 2 }} disabled={!canPay || i.balance.available <= 0} onClick={() => pay(i)} data-testid={`indicator-pay-${i.id}`}>
            支付
          </Button>
        </Tooltip>
      ),
    },
  ];
}
