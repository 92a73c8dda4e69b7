import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/**
 * One dense line: page title on the left (or, instead of a title, e.g. tabs), the page's tools on the right; `extra` is the slot at
 * the far right for tools another area adds to the page (导出Excel, 打印 …).
 */
export function PageHeader({ title, children, extra }: { title: ReactNode; children?: ReactNode; extra?: ReactNode }) {
  return (
    <Flex align="center" justify="space-between" gap={8} wrap style={{ marginBottom: 8 }}>
      {typeof title === 'string' ? (
        <Typography.Title level={5} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
      ) : (
        title
      )}
      <Flex align="center" gap={8} wrap>
        {children}
        {extra}
      </Flex>
    </Flex>
  );
}
