import { Tag, Typography, type TableColumnsType } from 'antd';
import { DIMENSION_LABELS } from '../../../../shared/domain/ledger';
import { TRACK_COLORS, TRACK_LABELS, balanceLabel, statusLabel } from './accountLabels';
import type { AccountRow } from './accountTree';

/** Columns of the 会计科目 table; in search results the name column shows the full path. */
export function accountColumns(flat: boolean): TableColumnsType<AccountRow> {
  return [
    {
      title: '科目编码',
      dataIndex: 'code',
      width: flat ? 110 : 150,
      className: 'xc-num',
      sorter: flat ? (a, b) => a.code.localeCompare(b.code) : undefined,
    },
    {
      title: '科目名称',
      key: 'name',
      ellipsis: true,
      render: (_, row) => (
        <>
          <Typography.Text type={row.enabled ? undefined : 'secondary'}>{flat ? row.pathName : row.name}</Typography.Text>
          {row.contra && (
            <Tag variant="filled" style={{ marginInlineStart: 6 }}>
              备抵
            </Tag>
          )}
        </>
      ),
    },
    { title: '类别', dataIndex: 'category', width: 80 },
    {
      title: '财务/预算',
      dataIndex: 'track',
      width: 90,
      render: (track: AccountRow['track']) => (
        <Tag color={TRACK_COLORS[track]} variant="filled">
          {TRACK_LABELS[track]}
        </Tag>
      ),
    },
    {
      title: '余额方向',
      dataIndex: 'normalBalance',
      width: 72,
      align: 'center',
      render: (side: AccountRow['normalBalance']) => balanceLabel(side),
    },
    { title: '级次', dataIndex: 'level', width: 52, align: 'center', className: 'xc-num' },
    {
      title: '辅助核算',
      key: 'dims',
      width: 170,
      ellipsis: true,
      render: (_, row) => row.requiredDims.map((k) => DIMENSION_LABELS[k]).join('、'),
    },
    {
      title: '状态',
      dataIndex: 'enabled',
      width: 64,
      align: 'center',
      render: (enabled: boolean) =>
        enabled ? statusLabel(true) : <Typography.Text type="secondary">{statusLabel(false)}</Typography.Text>,
    },
  ];
}
