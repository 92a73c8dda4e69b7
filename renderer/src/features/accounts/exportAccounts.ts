import { exportCsv } from '../../components/exportCsv';
import { TRACK_LABELS, balanceLabel, statusLabel } from './accountLabels';
import type { AccountRow } from './accountTree';

export function exportAccounts(bookName: string, rows: readonly AccountRow[]): void {
  exportCsv(
    `会计科目_${bookName}.csv`,
    ['科目编码', '科目名称', '类别', '财务/预算', '余额方向', '级次', '状态'],
    rows.map((row) => [
      row.code,
      row.pathName,
      row.category,
      TRACK_LABELS[row.track],
      balanceLabel(row.normalBalance),
      String(row.level),
      statusLabel(row.enabled),
    ]),
  );
}
