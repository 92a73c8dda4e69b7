import type { Band } from '../../../../../shared/domain/budget/execution';
import type { AdjustmentStatus, PaymentStatus, ProjectStatus } from '../../../../../shared/domain/budget/types';

export const PROJECT_STATUS_COLORS: Record<ProjectStatus, string> = {
  储备: 'default',
  申报: 'processing',
  入库: 'cyan',
  退回: 'error',
  执行中: 'success',
  已结束: 'default',
};

export const PAYMENT_STATUS_COLORS: Record<PaymentStatus, string> = {
  申请: 'processing',
  审核: 'gold',
  已支付: 'success',
  退回: 'error',
  已退款: 'purple',
};

export const ADJUSTMENT_STATUS_COLORS: Record<AdjustmentStatus, string> = {
  待审批: 'processing',
  已批准: 'success',
  已驳回: 'error',
};

export const BAND_COLORS: Record<Band, string> = { normal: 'success', yellow: 'warning', red: 'error' };
export const BAND_TEXT: Record<Band, string> = { normal: '正常', yellow: '黄色预警', red: '红色预警' };
/** Chart colours of the warning bands. */
export const BAND_FILL: Record<Band, string> = { normal: '#2f7ed8', yellow: '#f0a020', red: '#d4380d' };
