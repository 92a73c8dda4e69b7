import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { errorMessage } from '../api/errorMessage';

interface Props {
  title: string;
  error: unknown;
  onRetry?: () => void;
  extra?: ReactNode;
}

/** A failed read: what failed, the core's own Chinese message, and a way to try again. */
export function ErrorResult({ title, error, onRetry, extra }: Props) {
  return (
    <Result
      status="error"
      title={title}
      subTitle={errorMessage(error)}
      extra={[
        onRetry ? (
          <Button key="retry" type="primary" onClick={onRetry}>
            重试
          </Button>
        ) : null,
        extra ? <span key="extra">{extra}</span> : null,
      ]}
    />
  );
}
