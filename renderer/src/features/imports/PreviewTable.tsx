import { useMemo, useState } from 'react';
import { Flex, Switch, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ImportPreview, ImportPreviewRow } from '../../../../shared/api/importCommands';

/** The file's rows as read, each row's errors beside it; rows with errors shaded red. */
export function PreviewTable({ preview, height }: { preview: ImportPreview; height: number }) {
  const [errorsOnly, setErrorsOnly] = useState(false);
  const rows = useMemo(() => (errorsOnly ? preview.rows.filter((r) => r.errors.length > 0) : preview.rows), [preview, errorsOnly]);
  const columns = useMemo<ColumnsType<ImportPreviewRow>>(
    () => [
      { title: '行号', dataIndex: 'row', width: 56, fixed: 'left', align: 'right' },
      ...preview.columns.map((c) => ({
        title: c.title,
        key: c.key,
        width: c.amount ? 110 : c.key === 'summary' || c.key === 'name' || c.key === 'agency' ? 160 : 96,
        align: c.amount ? ('right' as const) : undefined,
        ellipsis: true,
        render: (_: unknown, r: ImportPreviewRow) => r.cells[c.key] ?? '',
      })),
      {
        title: '错误',
        key: 'errors',
        width: 320,
        render: (_: unknown, r: ImportPreviewRow) => (r.errors.length > 0 ? <div className="import-errors">{r.errors.join('；')}</div> : null),
      },
    ],
    [preview],
  );
  const withErrors = preview.rows.filter((r) => r.errors.length > 0).length;
  return (
    <>
      <Flex align="center" gap={12} style={{ marginBottom: 4 }}>
        <Typography.Text type="secondary">
          共 {preview.totalRows} 行数据{preview.rowsShown < preview.totalRows ? `，显示其中 ${preview.rowsShown} 行（含全部有错误的行）` : ''}；有错误的行 {withErrors} 行
        </Typography.Text>
        <Switch size="small" checked={errorsOnly} onChange={setErrorsOnly} disabled={withErrors === 0} data-testid="import-errors-only" />
        <Typography.Text>只看有错误的行</Typography.Text>
      </Flex>
      <Table<ImportPreviewRow>
        size="small"
        bordered
        rowKey="row"
        dataSource={rows}
        columns={columns}
        pagination={{ pageSize: 100, size: 'small', showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 'max-content', y: height }}
        rowClassName={(r) => (r.errors.length > 0 ? 'import-row-error' : '')}
        data-testid="import-preview"
      />
    </>
  );
}
