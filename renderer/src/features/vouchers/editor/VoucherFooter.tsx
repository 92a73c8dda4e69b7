import { Flex, Typography } from 'antd';
import type { Track } from '../../../../../shared/api';
import { formatFen } from '../../../../../shared/domain';
import { TRACK_LABELS } from '../../../../../shared/domain/ledger';
import type { TrackSums } from './voucherForm';

export interface Signatures {
  posted?: string;
  reviewed?: string;
  prepared?: string;
}

function TrackTotal({ track, sums }: { track: Track; sums: TrackSums }) {
  const { debit, credit } = sums[track];
  const balanced = debit === credit;
  const color = balanced ? undefined : '#cf1322';
  return (
    <span data-testid={`track-${track}`} style={{ whiteSpace: 'nowrap', color }}>
      <Typography.Text strong style={{ color }}>
        {TRACK_LABELS[track]}
      </Typography.Text>
      ：借 <span className="xc-num">{formatFen(debit)}</span>　贷 <span className="xc-num">{formatFen(credit)}</span>
      {!balanced && <span className="xc-num">（差额 {formatFen(debit - credit)}）</span>}
    </span>
  );
}

/** Under the grid: each track's own totals (平行记账 balances per track) and the signatures. */
export function VoucherFooter({ sums, signatures }: { sums: TrackSums; signatures: Signatures }) {
  const sign = (label: string, name?: string, testId?: string) => (
    <span style={{ whiteSpace: 'nowrap' }}>
      {label}：<span data-testid={testId} style={{ display: 'inline-block', minWidth: 56 }}>{name ?? ''}</span>
    </span>
  );
  return (
    <Flex justify="space-between" align="center" wrap gap={12} style={{ padding: '6px 2px 0', fontSize: 13 }}>
      <Flex gap={24} wrap>
        <TrackTotal track="financial" sums={sums} />
        <TrackTotal track="budget" sums={sums} />
      </Flex>
      <Flex gap={20}>
        {sign('记账', signatures.posted, 'sign-posted')}
        {sign('审核', signatures.reviewed, 'sign-reviewed')}
        {sign('出纳', undefined)}
        {sign('制单', signatures.prepared, 'sign-prepared')}
      </Flex>
    </Flex>
  );
}
