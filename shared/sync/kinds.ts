/**
 * Record kinds of the sync and their one writer. Ownership is partitioned, so posted data never
 * needs merging: a township alone writes its books and requests; the county alone writes what
 * it issues and decides. Each side refuses a write to a kind it does not receive from that side.
 */
export const townshipKinds = [
  'book',
  'operator',
  'account',
  'period',
  'project',
  'submission',
  'budgetCycle',
  'voucher',
  'payment',
  'adjustment',
  'indicatorMovement',
  'budgetEvent',
  'periodEvent',
] as const;

export const countyKinds = ['countyDecision', 'referenceData', 'threshold', 'notice', 'periodCheck'] as const;

export type TownshipKind = (typeof townshipKinds)[number];
export type CountyKind = (typeof countyKinds)[number];
export type RecordKind = TownshipKind | CountyKind;

export const ownerOf = (kind: string): 'township' | 'county' | null =>
  (townshipKinds as readonly string[]).includes(kind) ? 'township' : (countyKinds as readonly string[]).includes(kind) ? 'county' : null;

export const isTownshipKind = (kind: string): kind is TownshipKind => ownerOf(kind) === 'township';
export const isCountyKind = (kind: string): kind is CountyKind => ownerOf(kind) === 'county';

export const kindLabels: Record<RecordKind, string> = {
  book: '账套',
  operator: '操作员',
  account: '会计科目',
  period: '会计期间',
  project: '项目',
  submission: '预算报送',
  budgetCycle: '年度预算进度',
  voucher: '凭证',
  payment: '支付申请',
  adjustment: '调整调剂申请',
  indicatorMovement: '指标台账',
  budgetEvent: '预算流转记录',
  periodEvent: '结账记录',
  countyDecision: '县级批复',
  referenceData: '基础数据',
  threshold: '预警阈值',
  notice: '通知',
  periodCheck: '对账结果',
};

/**
 * Order of the changes one transaction makes (they share a transaction, so any order is
 * consistent locally; the county applies them one by one). What others refer to comes first;
 * a period that closes comes last (after its closing voucher), one that reopens first (before
 * its closing voucher is withdrawn).
 */
export function changeOrder(kind: TownshipKind, periodStatus?: string | null): number {
  switch (kind) {
    case 'book':
      return 0;
    case 'operator':
      return 1;
    case 'account':
      return 2;
    case 'period':
      return periodStatus === 'closed' ? 20 : 3;
    case 'project':
      return 4;
    case 'submission':
      return 5;
    case 'budgetCycle':
      // After the submission it moves on (一上/二上已报送), before what the county answers.
      return 5;
    case 'adjustment':
      return 6;
    case 'voucher':
      return 7;
    case 'payment':
      return 8;
    case 'indicatorMovement':
      return 9;
    case 'budgetEvent':
    case 'periodEvent':
      // The trail of who moved what, when and why: after what it tells of.
      return 10;
  }
}

/** 指标台账 movements a township writes itself; 下达/调整/调剂 follow county decisions. */
export const townshipMovementKinds = ['冻结', '解冻', '支付', '退回'] as const;
