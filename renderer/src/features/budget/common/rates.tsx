import { Tag, Tooltip } from 'antd';
import type { ExecutionRow } from '../../../../../shared/api';
import { formatBp, formatPoints } from '../../../../../shared/domain/budget/execution';
import { BAND_COLORS, BAND_TEXT } from './labels';

export const rateText = (bp: number | null | undefined): string => (bp === null || bp === undefined ? '—' : formatBp(bp));

/** A gap to 序时进度 as township reports say it: 落后 / 超前 n 个百分点. */
export function gapText(gapBp: number | null | undefined): string {
  if (gapBp === null || gapBp === undefined) return '—';
  if (gapBp === 0) return '持平';
  return `${gapBp < 0 ? '落后' : '超前'}${formatPoints(gapBp)}`;
}

export function GapCell({ row }: { row: Pick<ExecutionRow, 'gapBp' | 'band' | 'description'> }) {
  return (
    <Tooltip title={row.description}>
      <span className="xc-num" style={{ color: row.band === 'red' ? '#cf1322' : row.band === 'yellow' ? '#d48806' : row.gapBp !== null && row.gapBp < 0 ? '#595959' : '#389e0d', whiteSpace: 'nowrap' }}>
        {gapText(row.gapBp)}
      </span>
    </Tooltip>
  );
}

export function BandTag({ band }: { band: ExecutionRow['band'] }) {
  return (
    <Tag color={BAND_COLORS[band]} style={{ marginInlineEnd: 0 }}>
      {BAND_TEXT[band]}
    </Tag>
  );
}
