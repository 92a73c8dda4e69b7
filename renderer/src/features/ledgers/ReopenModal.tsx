import { useEffect, useState } from 'react';
import { Alert, Input, Modal, Typography } from 'antd';
import { formatPeriod, type Period } from '../../../../shared/domain';

/** 反结账 needs a reason: it is kept with the period for the audit trail. */
export function ReopenModal({
  period,
  onCancel,
  onSubmit,
}: {
  period: Period | null;
  onCancel: () => void;
  onSubmit: (reason: string) => Promise<string | null>;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setReason('');
    setError(null);
  }, [period]);

  async function submit() {
    const trimmed = reason.trim();
    if (trimmed.length < 2) {
      setError('请填写反结账原因（至少2个字）');
      return;
    }
    setBusy(true);
    const failure = await onSubmit(trimmed);
    setBusy(false);
    if (failure) setError(failure);
    else onCancel();
  }

  return (
    <Modal
      open={period !== null}
      title={period ? `反结账：${formatPeriod(period)}` : '反结账'}
      okText="反结账"
      okButtonProps={{ danger: true, 'data-testid': 'reopen-confirm' }}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Typography.Paragraph>反结账后本期可以再修改凭证，本期的结转凭证将被撤销；改完后须重新结账。只有会计主管可以反结账。</Typography.Paragraph>
      <Input.TextArea
        data-testid="reopen-reason"
        autoFocus
        rows={3}
        maxLength={200}
        showCount
        placeholder="例如：发现1月凭证摘要有误，需更正"
        value={reason}
        onChange={(event) => {
          setReason(event.target.value);
          setError(null);
        }}
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </Modal>
  );
}
