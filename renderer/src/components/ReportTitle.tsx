import { Flex, Typography } from 'antd';

/** Report header lines: title, 编制单位, period, 单位：元. */
export function ReportTitle({ title, unit, period }: { title: string; unit: string; period: string }) {
  return (
    <div style={{ marginBottom: 4 }}>
      <Typography.Title level={5} style={{ textAlign: 'center', margin: '0 0 2px', letterSpacing: 2 }}>
        {title}
      </Typography.Title>
      <Flex justify="space-between" style={{ fontSize: 12, color: '#4b5563' }}>
        <span>编制单位：{unit}</span>
        <span>{period}</span>
        <span>单位：元</span>
      </Flex>
    </div>
  );
}
