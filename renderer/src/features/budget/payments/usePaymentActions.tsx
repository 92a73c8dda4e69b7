import { useState } from 'react';
import { App, Button, Flex, Tooltip } from 'antd';
import type { Book, Payment, User } from '../../../../../shared/api';
import { formatFen, uuidv7 } from '../../../../../shared/domain';
import { errorMessage } from '../../../api/errorMessage';
import { hasRole } from '../../../api/session';
import { api } from '../../../api/transport';
import { laterOf, todayIn } from '../common/dates';
import { PromptModal } from '../common/PromptModal';
import { useAction } from '../common/useAction';

type Prompt = { kind: 'return' | 'confirm' | 'refund'; payment: Payment };

/**
 * 审核 / 确认支付 / 退回 / 资金退回 of a payment, as buttons for the states and posts that allow
 * them. Separation of duties is the core's: when it refuses (reviewing your own request), its
 * message is shown as-is.
 */
export function usePaymentActions(book: Book, user: User, done: (payment: Payment) => void) {
  const { message } = App.useApp();
  const action = useAction();
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const canReview = hasRole(user, 'reviewer', 'supervisor');
  // 确认支付 is the 出纳's (who must not be the approver); 资金退回 may be registered by 会计 too.
  const canPay = hasRole(user, 'cashier');
  const canRefund = hasRole(user, 'cashier', 'accountant');

  async function review(p: Payment) {
    const result = await action.run(`review-${p.id}`, () => api.send('budget.paymentReview', { bookId: book.id, id: p.id }), () => `已审核：${p.purpose}（${formatFen(p.amount)} 元）`, '不能审核这笔支付申请');
    if (result) done(result);
  }

  function buttons(p: Payment, size: 'link' | 'default' = 'link') {
    const type = size === 'link' ? ('link' as const) : ('default' as const);
    const style = size === 'link' ? { paddingInline: 3 } : undefined;
    return (
      <Flex gap={size === 'link' ? 0 : 8} wrap>
        {p.allowedActions.includes('review') && canReview && (
          <Tooltip title={p.appliedBy.id === user.id ? '这是您自己提交的申请，须由其他审核人员审核' : undefined}>
            <Button size="small" type={type} style={style} loading={action.busy === `review-${p.id}`} onClick={() => review(p)} data-testid={`payment-review-${p.purpose}`}>
              审核
            </Button>
          </Tooltip>
        )}
        {p.allowedActions.includes('pay') && canPay && (
          <Tooltip title={p.reviewedBy?.id === user.id ? '审核人不能同时确认支付' : '确认后生成已记账的记账凭证'}>
            <Button size="small" type={type === 'link' ? 'link' : 'primary'} style={style} onClick={() => setPrompt({ kind: 'confirm', payment: p })} data-testid={`payment-confirm-${p.purpose}`}>
              确认支付
            </Button>
          </Tooltip>
        )}
        {p.allowedActions.includes('return') && (canReview || canRefund) && (
          <Button size="small" type={type} style={style} danger onClick={() => setPrompt({ kind: 'return', payment: p })} data-testid={`payment-return-${p.purpose}`}>
            退回
          </Button>
        )}
        {p.allowedActions.includes('refund') && canRefund && (
          <Button size="small" type={type} style={style} danger onClick={() => setPrompt({ kind: 'refund', payment: p })} data-testid={`payment-refund-${p.purpose}`}>
            资金退回
          </Button>
        )}
      </Flex>
    );
  }

  const p = prompt?.payment;
  const year = p?.elements.year ?? new Date().getFullYear();
  const modal = (
    <PromptModal
      open={prompt !== null}
      title={
        prompt?.kind === 'confirm'
          ? `确认支付：${p?.purpose ?? ''}`
          : prompt?.kind === 'refund'
            ? `登记资金退回：${p?.purpose ?? ''}`
            : `退回支付申请：${p?.purpose ?? ''}`
      }
      intro={
        prompt?.kind === 'confirm'
          ? `向 ${p?.payee.name ?? ''} 支付 ${formatFen(p?.amount ?? 0)} 元（${p?.elements.payMethod ?? ''}）。确认后在指标台账记为已支付，并生成已记账的记账凭证（财务会计与预算会计平行记账），凭证日期即支付日期。`
          : prompt?.kind === 'refund'
            ? `已支付的 ${formatFen(p?.amount ?? 0)} 元退回：指标恢复可用，原支付凭证以红字冲销。`
            : `退回后申请结束，冻结的 ${formatFen(p?.amount ?? 0)} 元恢复为可用；需要时请重新申请。`
      }
      reasonLabel={prompt?.kind === 'confirm' ? undefined : '退回原因'}
      dateLabel={prompt?.kind === 'return' ? undefined : prompt?.kind === 'refund' ? '退回日期' : '支付日期'}
      defaultDate={p ? laterOf(todayIn(year), prompt?.kind === 'refund' ? (p.payDate ?? p.appliedDate) : p.appliedDate) : undefined}
      year={year}
      okText={prompt?.kind === 'confirm' ? '确认支付' : prompt?.kind === 'refund' ? '登记资金退回' : '退回'}
      danger={prompt?.kind !== 'confirm'}
      testId={`payment-${prompt?.kind ?? 'prompt'}`}
      onCancel={() => setPrompt(null)}
      onSubmit={async ({ reason, date }) => {
        if (!prompt) return null;
        const id = prompt.payment.id;
        try {
          let result: Payment;
          if (prompt.kind === 'confirm') {
            result = await api.send('budget.paymentConfirm', { bookId: book.id, id, voucherId: uuidv7(), date });
            message.success(`已确认支付，已生成记账凭证 ${result.voucherLabel ?? ''}（已记账）`);
          } else if (prompt.kind === 'refund') {
            result = await api.send('budget.paymentRefund', { bookId: book.id, id, voucherId: uuidv7(), date, reason });
            message.success('已登记资金退回，指标已恢复，原凭证已红字冲销');
          } else {
            result = await api.send('budget.paymentReturn', { bookId: book.id, id, reason });
            message.success('已退回支付申请，冻结金额已释放');
          }
          done(result);
          return null;
        } catch (error) {
          return errorMessage(error);
        }
      }}
    />
  );

  return { buttons, modal };
}
