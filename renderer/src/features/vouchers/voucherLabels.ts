import type { VoucherStatus } from '../../../../shared/api';

export const STATUS_LABELS: Record<VoucherStatus, string> = { draft: '草稿', reviewed: '已审核', posted: '已记账' };
export const STATUS_COLORS: Record<VoucherStatus, string> = { draft: 'default', reviewed: 'blue', posted: 'green' };
