import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** The centred frame used before a 账套 is open (selector and 建账). */
export function StartFrame({ subtitle, children }: { subtitle?: string; children: ReactNode }) {
  return (
    <Flex vertical align="center" style={{ height: '100%', overflow: 'auto', padding: '24px 16px' }}>
      <div style={{ width: '100%', maxWidth: 960 }}>
        <Flex align="baseline" gap={12} style={{ marginBottom: 12 }}>
          <Typography.Title level={3} style={{ margin: 0, color: '#1d3a63' }}>
            乡财通
          </Typography.Title>
          <Typography.Text type="secondary">{subtitle ?? '乡镇财政所预算与政府会计一体化'}</Typography.Text>
        </Flex>
        {children}
      </div>
    </Flex>
  );
}
