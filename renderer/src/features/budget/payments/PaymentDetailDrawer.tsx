import type { ReactNode } from 'react';
import { Descriptions, Drawer, Tag, Typography } from 'antd';
import type { Book, Payment } from '../../../../../shared/api';
import { goBook } from '../../../app/routes';
import { Money } from '../../../components/Money';
import { goBudget } from '../budgetTabs';
import { stampText } from '../common/dates';
import { PAYMENT_STATUS_COLORS } from '../common/labels';
import { EventsTable } from '../projects/ProjectDetailDrawer';

export function VoucherLink({ book, id, label, testId }: { book: Book; id: string | null; label: string | null; testId?: string }) {
  if (!id) return null;
  return (
    <Typography.Link className="xc-num" data-testid={testId} onClick={() => goBook(book.id, 'vouchers', id)}>
      {label ?? '查看凭证'}
    </Typography.Link>
  );
}

/** One payment: elements as matched to the indicator, payee, vouchers, and who did what. */
export function PaymentDetailDrawer({ book, payment, actions, onClose }: { book: Book; payment: Payment | null; actions: ReactNode; onClose: () => void }) {
  return (
    <Drawer open={payment !== null} onClose={onClose} size={820} title={payment ? `支付申请：${payment.purpose}` : ''} extra={actions} destroyOnHidden>
      {payment && (
        <>
          <Descriptions
            size="small"
            bordered
            column={3}
            items={[
              { label: '状态', children: <Tag color={PAYMENT_STATUS_COLORS[payment.status]}>{payment.status}</Tag> },
              { label: '金额', children: <Money fen={payment.amount} strong /> },
              { label: '申请日期', children: payment.appliedDate },
              { label: '指标', span: 3, children: <Typography.Link onClick={() => goBudget(book.id, 'indicators', payment.indicatorId)}>{payment.indicatorLabel}</Typography.Link> },
              { label: '收款人', children: payment.payee.name },
              { label: '收款账号', children: <span className="xc-num">{payment.payee.account}</span> },
              { label: '开户银行', children: payment.payee.bank },
              { label: '支付方式', children: `${payment.elements.payMethod}${payment.elements.directFund ? '（直达资金）' : ''}` },
              { label: '资金性质', children: payment.elements.fundNature },
              { label: '经济分类', children: `${payment.elements.econDepCode} / ${payment.elements.econGovCode}` },
              { label: '申请人', children: `${payment.appliedBy.displayName} ${stampText(payment.appliedAt)}` },
              { label: '审核人', children: payment.reviewedBy ? `${payment.reviewedBy.displayName} ${stampText(payment.reviewedAt)}` : '—' },
              { label: '支付', children: payment.paidBy ? `${payment.paidBy.displayName} ${payment.payDate ?? ''}` : '—' },
              { label: '支付凭证', children: payment.voucherId ? <VoucherLink book={book} id={payment.voucherId} label={payment.voucherLabel} testId="payment-detail-voucher" /> : '—' },
              { label: '退回原因', span: 2, children: payment.returnReason ?? payment.refundReason ?? '—' },
              ...(payment.refundVoucherId ? [{ label: '资金退回凭证', span: 3, children: <VoucherLink book={book} id={payment.refundVoucherId} label={`红字冲销凭证（${payment.refundDate ?? ''}）`} /> }] : []),
            ]}
          />
          <Typography.Title level={5} style={{ margin: '12px 0 4px' }}>
            流转记录
          </Typography.Title>
          <EventsTable events={payment.events} />
        </>
      )}
    </Drawer>
  );
}
