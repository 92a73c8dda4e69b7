/**
 * Why the county did not apply a change: a typed reason, the Chinese message the accountant
 * reads in 同步异常, and what to do. `rejected`: the change will never apply as it is (a later
 * change of the same record may fix it). `held`: it waits for something else first (a record it
 * refers to, or a county server that understands its schema) and is applied once that arrives.
 */
export const rejectionReasons = {
  SCHEMA_INVALID: { status: 'rejected', action: '这通常是程序版本问题：请把乡财通升级到最新版本后点“立即同步”；如仍出现，请联系县财政局信息管理员。' },
  NOT_OWNER: { status: 'rejected', action: '请核对账套的财政区划与本机登记的乡镇是否一致；如本机登记错了乡镇，请向县财政局申请新的登记码重新登记。' },
  VOUCHER_INVALID: { status: 'rejected', action: '请在本机打开该凭证核对：草稿可直接修改后保存；已记账的请用红字冲销更正。修改后会自动重新同步。' },
  PERIOD_CLOSED: { status: 'rejected', action: '县级已收到该期间的结账。如确需修改，请由主管反结账后再修改，反结账也会同步到县级。' },
  POSTED_IMMUTABLE: { status: 'rejected', action: '已记账凭证只能用红字冲销更正。请核对本机数据是否被改动过（设置 → 审计校验），并联系县财政局。' },
  INDICATOR_UNKNOWN: { status: 'rejected', action: '该指标不是县级下达的（可能是“模拟县级批复”产生的）。请等县级正式下达指标后，在正式指标下重新申请支付。' },
  INDICATOR_OVERSPENT: { status: 'rejected', action: '请核对该指标在县级的可用余额（县级可能已调减指标或批准了其他调减），与县财政局联系确认后再处理这笔支付或调整调剂。' },
  MOVEMENT_NOT_OWNED: { status: 'rejected', action: '指标下达、调整、调剂只能由县级产生。请核对本机数据是否被改动过（设置 → 审计校验）。' },
  APPEND_ONLY: { status: 'rejected', action: '指标台账只能追加。请核对本机数据是否被改动过（设置 → 审计校验），并联系县财政局。' },
  DEPENDS_ON: { status: 'held', action: '无需操作：它所依赖的记录到达县级并通过校验后，会自动入账。若依赖的记录被拒收，请先处理那一条。' },
  SCHEMA_TOO_NEW: { status: 'held', action: '县级服务器版本较旧，暂时保存未入账；县级服务器升级后会自动入账。可告知县财政局信息管理员。' },
} as const satisfies Record<string, { status: 'rejected' | 'held'; action: string }>;

export type RejectionReason = keyof typeof rejectionReasons;

export interface Verdict {
  status: 'applied' | 'rejected' | 'held';
  reason?: RejectionReason;
  message?: string;
  /** For `held` with DEPENDS_ON: the record it waits for. */
  dependsOn?: { kind: string; key: string };
}

export function refuse(reason: RejectionReason, message: string, dependsOn?: { kind: string; key: string }): Verdict {
  return { status: rejectionReasons[reason].status, reason, message, dependsOn };
}

export const actionFor = (reason: string): string =>
  (rejectionReasons as Record<string, { action: string }>)[reason]?.action ?? '请联系县财政局信息管理员。';
