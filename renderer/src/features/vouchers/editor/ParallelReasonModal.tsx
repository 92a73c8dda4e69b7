import { useEffect, useState } from 'react';
import { Alert, Input, Modal, Typography } from 'antd';

/**
 * 平行记账 warning: the voucher may still be saved, but only with a reason the reviewer
 * will see (e.g. 代收代付款项，不纳入部门预算).
 */
export function ParallelReasonModal({
  warnings,
  initialReason,
  onConfirm,
  onCancel,
}: {
  warnings: string[] | null;
  initialReason: string;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState(initialReason);
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (warnings) {
      setReason(initialReason);
      setTouched(false);
    }
  }, [warnings, initialReason]);
  const trimmed = reason.trim();
  const error = trimmed.length < 2 ? '请填写原因（至少2个字）' : trimmed.length > 200 ? '原因不能超过200字' : null;

  return (
    <Modal
      open={warnings !== null}
      title="平行记账提示"
      okText="填写原因并保存"
      cancelText="返回修改"
      onCancel={onCancel}
      onOk={() => {
        setTouched(true);
        if (!error) onConfirm(trimmed);
      }}
      okButtonProps={{ 'data-testid': 'parallel-confirm' }}
      destroyOnHidden
      width={520}
    >
      <Alert
        type="warning"
        showIcon
        title="这张凭证可能不符合平行记账的要求："
        description={
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {(warnings ?? []).map((warning, i) => (
              <li key={i}>{warning}</li>
            ))}
          </ul>
        }
        style={{ marginBottom: 12 }}
      />
      <Typography.Paragraph style={{ marginBottom: 4 }}>如确属不纳入部门预算管理的业务，请说明原因（审核人将看到）：</Typography.Paragraph>
      <Input.TextArea
        data-testid="parallel-reason"
        autoFocus
        rows={3}
        maxLength={200}
        showCount
        value={reason}
        status={touched && error ? 'error' : undefined}
        placeholder="例如：代收代付款项，不纳入部门预算"
        onChange={(event) => setReason(event.target.value)}
      />
      {touched && error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Modal>
  );
}
