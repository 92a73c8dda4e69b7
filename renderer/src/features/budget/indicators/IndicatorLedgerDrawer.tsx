import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Flex, Form, Input, Modal, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Book, IndicatorMovement, User } from '../../../../../shared/api';
import { formatFen, uuidv7 } from '../../../../../shared/domain';
import type { MovementKind } from '../../../../../shared/domain/budget/types';
import { errorMessage } from '../../../api/errorMessage';
import { hasRole } from '../../../api/session';
import { api } from '../../../api/transport';
import { useCommand } from '../../../api/useCommand';
import { ErrorResult } from '../../../components/ErrorResult';
import { ExportTableButton } from '../../../components/export/ExportTableButton';
import { LoadingBlock } from '../../../components/LoadingBlock';
import { Money } from '../../../components/Money';
import { goBook } from '../../../app/routes';
import { goBudget } from '../budgetTabs';
import { codeName } from '../common/classifications';
import { todayIn } from '../common/dates';
import { fenOf, moneyRules, MoneyInput } from '../common/MoneyInput';
import { PromptModal } from '../common/PromptModal';
import { rateText } from '../common/rates';
import { rateOf } from './indicatorColumns';

const KIND_COLORS: Record<MovementKind, string> = { 下达: 'blue', 调整: 'geekblue', 调剂: 'purple', 冻结: 'orange', 解冻: 'gold', 支付: 'green', 退回: 'red' };

const delta = (fen: number) => (fen === 0 ? null : <Money fen={fen} />);

/** 指标台账: the indicator's elements and every movement with the running balance. */
export function IndicatorLedgerDrawer({ book, user, id, onClose, onChanged }: { book: Book; user: User; id: string | null; onClose: () => void; onChanged: () => void }) {
  return (
    <Drawer open={id !== null} onClose={onClose} size={1000} title="指标台账" destroyOnHidden>
      {id && <LedgerBody book={book} user={user} id={id} onChanged={onChanged} />}
    </Drawer>
  );
}

function LedgerBody({ book, user, id, onChanged }: { book: Book; user: User; id: string; onChanged: () => void }) {
  const { message } = App.useApp();
  const detail = useCommand('budget.indicatorGet', { bookId: book.id, id });
  const [freezing, setFreezing] = useState(false);
  const [unfreezing, setUnfreezing] = useState<string | null>(null);
  const [quotaOpen, setQuotaOpen] = useState(false);
  const settings = useCommand('budget.settingsGet', { bookId: book.id });
  const canFreeze = hasRole(user, 'supervisor');
  const canBookQuota = hasRole(user, 'accountant', 'supervisor');
  if (detail.status === 'loading') return <LoadingBlock text="正在读取指标台账…" />;
  if (detail.status === 'error') return <ErrorResult title="无法读取指标台账" error={detail.error} onRetry={detail.reload} />;
  const i = detail.data;
  const refresh = () => {
    detail.reload();
    onChanged();
  };
  // Freezes still held: 冻结 by ref minus its 解冻.
  const held = new Map<string, number>();
  for (const m of i.movements) if (m.refKind === 'freeze') held.set(m.refId, (held.get(m.refId) ?? 0) + m.frozenDelta);

  const columns: TableColumnsType<IndicatorMovement> = [
    { title: '日期', dataIndex: 'date', width: 92, render: (d: string) => <span className="xc-num">{d}</span> },
    { title: '类型', dataIndex: 'kind', width: 56, render: (k: MovementKind) => <Tag color={KIND_COLORS[k]}>{k}</Tag> },
    {
      title: '摘要',
      dataIndex: 'summary',
      ellipsis: true,
      render: (s: string, m) =>
        m.refKind === 'payment' ? (
          <Typography.Link onClick={() => goBudget(book.id, 'payments', m.refId)}>{s}</Typography.Link>
        ) : m.refKind === 'freeze' && (held.get(m.refId) ?? 0) > 0 && m.kind === '冻结' && canFreeze ? (
          <>
            {s}
            <Button size="small" type="link" onClick={() => setUnfreezing(m.refId)}>
              解冻
            </Button>
          </>
        ) : (
          s
        ),
    },
    { title: '可执行±', dataIndex: 'executableDelta', width: 104, align: 'right', render: delta },
    { title: '冻结±', dataIndex: 'frozenDelta', width: 100, align: 'right', render: delta },
    { title: '已支付±', dataIndex: 'paidDelta', width: 104, align: 'right', render: delta },
    { title: '可用余额', key: 'available', width: 110, align: 'right', render: (_, m) => <Money fen={m.balance.available} strong /> },
    { title: '经办人', key: 'by', width: 70, render: (_, m) => m.by.displayName },
  ];

  return (
    <>
      <Descriptions
        size="small"
        bordered
        column={4}
        items={[
          { label: '指标文号', children: <span data-testid="ledger-doc">{i.docNo}</span> },
          { label: '上级指标文号', children: i.supDocNo ?? '—' },
          { label: '年度', children: i.year },
          { label: '财政区划', children: i.regionCode },
          { label: '支出功能分类', span: 2, children: codeName(i.funcCode, i.funcName) },
          { label: '部门经济分类', children: codeName(i.econDepCode, i.econDepName) },
          { label: '政府经济分类', children: i.econGovCode },
          { label: '项目', span: 2, children: i.projectCode ? `${i.projectCode} ${i.projectName ?? ''}` : `（无，${i.expenseKind}）` },
          { label: '资金性质', children: i.fundNature },
          { label: '支付方式', children: `${i.payMethod}${i.directFund ? '（直达资金）' : ''}` },
          { label: '预算单位', span: 2, children: i.agencyName },
          { label: '来源', span: 2, children: i.origin === 'simulated' ? <Tag color="orange">模拟县级批复（开发用）</Tag> : '县级下达' },
        ]}
      />
      <Flex gap={16} align="center" wrap style={{ margin: '8px 0' }} data-testid="ledger-balance">
        <span>
          可执行 <Money fen={i.balance.executable} strong />
        </span>
        <span>
          已支付 <Money fen={i.balance.paid} strong />
        </span>
        <span>
          冻结（含在途） <Money fen={i.balance.frozen} strong />
        </span>
        <span>
          可用 <Money fen={i.balance.available} strong />
        </span>
        <span>执行率 {rateText(rateOf(i))}</span>
        <Flex gap={6} style={{ marginInlineStart: 'auto' }}>
          {canFreeze && (
            <Button size="small" onClick={() => setFreezing(true)} disabled={i.balance.available <= 0}>
              冻结
            </Button>
          )}
          <ExportTableButton
            bookId={book.id}
            title="指标台账"
            period={`${i.year}年`}
            columns={[{ header: '日期', kind: 'date', width: 11 }, { header: '类型', kind: 'text', width: 10 }, { header: '摘要', kind: 'text', width: 30 }, { header: '可执行增减', kind: 'money', width: 16 }, { header: '冻结增减', kind: 'money', width: 16 }, { header: '已支付增减', kind: 'money', width: 16 }, { header: '可执行', kind: 'money', width: 16 }, { header: '冻结', kind: 'money', width: 16 }, { header: '已支付', kind: 'money', width: 16 }, { header: '可用', kind: 'money', width: 16 }, { header: '经办人', kind: 'text', width: 10 }]}
            rows={i.movements.map((m) => [m.date, m.kind, m.summary, m.executableDelta, m.frozenDelta, m.paidDelta, m.balance.executable, m.balance.frozen, m.balance.paid, m.balance.available, m.by.displayName])}
          />
        </Flex>
      </Flex>
      {i.quota && (
        <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }} data-testid="ledger-quota">
          <span>零余额账户用款额度：已入账</span>
          <Money fen={i.quota.booked} strong />
          {i.quotaVouchers.length > 0 && (
            <span>
              （
              {i.quotaVouchers.map((q, n) => (
                <span key={q.voucherId}>
                  {n > 0 ? '、' : ''}
                  <Typography.Link className="xc-num" onClick={() => goBook(book.id, 'vouchers', q.voucherId)} title={`${q.date} ${q.amount > 0 ? '额度到账' : '额度调减'} ${formatFen(Math.abs(q.amount))} 元`}>
                    {q.voucherLabel}
                  </Typography.Link>
                </span>
              ))}
              ）
            </span>
          )}
          {settings.status === 'ok' && settings.data.quotaArrival === 'withPayment' ? (
            <Typography.Text type="secondary">本账套设置为随支付登记额度：额度在每笔支付凭证中一并记账。</Typography.Text>
          ) : i.quota.outstanding !== 0 ? (
            <>
              <Tag color="orange">
                待登记 {i.quota.outstanding < 0 ? '调减 ' : ''}
                {formatFen(Math.abs(i.quota.outstanding))} 元
              </Tag>
              {canBookQuota && (
                <Button size="small" type="primary" onClick={() => setQuotaOpen(true)} data-testid="quota-register">
                  登记额度到账
                </Button>
              )}
            </>
          ) : null}
        </Flex>
      )}
      <Table<IndicatorMovement> data-testid="ledger-movements" size="small" rowKey="id" columns={columns} dataSource={i.movements} pagination={false} scroll={{ y: 360 }} />
      <FreezeModal
        open={freezing}
        available={i.balance.available}
        onCancel={() => setFreezing(false)}
        onSubmit={async (amount, reason) => {
          try {
            await api.send('budget.indicatorFreeze', { bookId: book.id, id: uuidv7(), indicatorId: i.id, amount, reason, date: todayIn(i.year) });
            message.success(`已冻结 ${formatFen(amount)} 元`);
            refresh();
            return null;
          } catch (error) {
            return errorMessage(error);
          }
        }}
      />
      <PromptModal
        open={quotaOpen}
        title="登记额度到账"
        intro={i.quota ? `生成已记账的额度${i.quota.outstanding < 0 ? '调减' : '到账'}凭证 ${formatFen(Math.abs(i.quota.outstanding))} 元：借 1011 零余额账户用款额度 / 贷 4001 财政拨款收入，借 8001 资金结存-零余额账户用款额度 / 贷 6001 财政拨款预算收入（调减则方向相反）。凭证日期须在未结账的月份。` : undefined}
        dateLabel="到账日期"
        defaultDate={todayIn(i.year)}
        year={i.year}
        okText="登记"
        testId="quota"
        onCancel={() => setQuotaOpen(false)}
        onSubmit={async ({ date }) => {
          try {
            const next = await api.send('budget.quotaRegister', { bookId: book.id, indicatorId: i.id, voucherId: uuidv7(), date });
            message.success(`已登记额度到账，凭证 ${next.quotaVouchers[next.quotaVouchers.length - 1]?.voucherLabel ?? ''}（已记账）`);
            refresh();
            return null;
          } catch (error) {
            return errorMessage(error);
          }
        }}
      />
      <PromptModal
        open={unfreezing !== null}
        title="解除冻结"
        reasonLabel="解冻原因"
        dateLabel="解冻日期"
        defaultDate={todayIn(i.year)}
        year={i.year}
        okText="解冻"
        testId="unfreeze"
        onCancel={() => setUnfreezing(null)}
        onSubmit={async ({ reason, date }) => {
          try {
            await api.send('budget.indicatorUnfreeze', { bookId: book.id, freezeId: unfreezing!, reason, date });
            message.success('已解除冻结');
            refresh();
            return null;
          } catch (error) {
            return errorMessage(error);
          }
        }}
      />
    </>
  );
}

function FreezeModal({ open, available, onCancel, onSubmit }: { open: boolean; available: number; onCancel: () => void; onSubmit: (amount: number, reason: string) => Promise<string | null> }) {
  const [form] = Form.useForm<{ amount: string; reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title="冻结指标"
      okText="冻结"
      confirmLoading={busy}
      destroyOnHidden
      onCancel={onCancel}
      onOk={async () => {
        let v: { amount: string; reason: string };
        try {
          v = await form.validateFields();
        } catch {
          return;
        }
        setBusy(true);
        const failure = await onSubmit(fenOf(v.amount), v.reason.trim());
        setBusy(false);
        setError(failure);
        if (!failure) onCancel();
      }}
    >
      <Form form={form} layout="vertical" requiredMark={false} preserve={false}>
        <Form.Item name="amount" label="冻结金额" rules={moneyRules('冻结金额')} extra={`可用余额 ${formatFen(available)} 元`}>
          <MoneyInput style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="reason" label="冻结原因" rules={[{ required: true, whitespace: true, min: 2, message: '请填写冻结原因（至少2个字）' }]}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Modal>
  );
}
