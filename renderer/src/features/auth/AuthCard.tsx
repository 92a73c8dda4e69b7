import type { ReactNode } from 'react';
import { Card, Flex, Typography } from 'antd';

/** The centred card that stands in for the workspace until someone logs in. */
export function AuthCard({ title, subtitle, children, width = 380 }: { title: string; subtitle?: ReactNode; children: ReactNode; width?: number }) {
  return (
    <Flex align="center" justify="center" style={{ height: '100%', overflow: 'auto', padding: 16 }}>
      <Card style={{ width }} styles={{ body: { padding: '16px 20px' } }}>
        <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 4 }}>
          {title}
        </Typography.Title>
        {subtitle && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
            {subtitle}
          </Typography.Paragraph>
        )}
        {children}
      </Card>
    </Flex>
  );
}
