import { formatFen } from '../../../shared/domain';

/**
 * An amount in 元, right-aligned by its column, tabular digits, red when negative (红字).
 * `blankZero` for voucher-like grids; reports show 0.00.
 */
export function Money({ fen, blankZero = false, strong = false }: { fen: number; blankZero?: boolean; strong?: boolean }) {
  return (
    <span className="xc-num" style={{ color: fen < 0 ? '#cf1322' : undefined, fontWeight: strong ? 600 : undefined, whiteSpace: 'nowrap' }}>
      {formatFen(fen, { blankZero })}
    </span>
  );
}
