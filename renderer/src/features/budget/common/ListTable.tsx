import type { ReactNode } from 'react';
import { Flex, Table, Typography, type TableProps } from 'antd';
import { useViewportHeight } from '../../../components/useViewportHeight';

/**
 * The budget workspace's list screens share one shape: a toolbar of filters with the actions
 * (新建, 导出Excel …) pushed to the right in `extra`, then a dense table filling the window.
 */
export function ListToolbar({ children, extra }: { children?: ReactNode; extra?: ReactNode }) {
  return (
    <Flex align="center" gap={8} wrap style={{ marginBottom: 6 }}>
      {children}
      <Flex gap={8} align="center" style={{ marginInlineStart: 'auto' }}>
        {extra}
      </Flex>
    </Flex>
  );
}

/** A dense list table as tall as the window allows (less `offset` px for what is above it); rows keyed by `id` unless told. */
export function ListTable<T extends object>({ scrollX, offset = 262, ...props }: TableProps<T> & { scrollX?: number; offset?: number }) {
  const height = useViewportHeight();
  return <Table<T> size="small" rowKey="id" pagination={false} scroll={{ x: scrollX, y: Math.max(height - offset, 200) }} {...props} />;
}

/** The 合计 row under a list: the label across `span` columns, the totals right-aligned, `rest` empty columns after them. */
export function TotalRow({ label, span, cells, rest = 0, testId }: { label: ReactNode; span: number; cells: readonly ReactNode[]; rest?: number; testId?: string }) {
  return (
    <Table.Summary fixed>
      <Table.Summary.Row data-testid={testId}>
        <Table.Summary.Cell index={0} colSpan={span}>
          <Typography.Text strong>{label}</Typography.Text>
        </Table.Summary.Cell>
        {cells.map((cell, i) => (
          <Table.Summary.Cell key={i} index={span + i} align="right">
            {cell}
          </Table.Summary.Cell>
        ))}
        {rest > 0 && <Table.Summary.Cell index={span + cells.length} colSpan={rest} />}
      </Table.Summary.Row>
    </Table.Summary>
  );
}
