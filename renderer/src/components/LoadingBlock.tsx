import { Flex, Spin } from 'antd';

export function LoadingBlock({ text = '正在读取…' }: { text?: string }) {
  return (
    <Flex align="center" justify="center" style={{ height: '100%', minHeight: 160 }}>
      <Spin description={text} />
    </Flex>
  );
}
