import { useEffect, type ReactNode } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Typography } from 'antd';
import { dateItemProps, outsideYear } from './dates';
import { useFormSubmit } from './useFormSubmit';

export interface PromptValues {
  reason: string;
  date: string;
}

/**
 * A short confirmation that needs a reason and/or a date (退回, 驳回, 确认支付 …). `onSubmit`
 * answers null when done, or the core's message, shown as-is under the fields.
 */
export function PromptModal({
  open,
  title,
  intro,
  reasonLabel,
  reasonRequired = true,
  dateLabel,
  defaultDate,
  year,
  okText,
  danger = false,
  testId,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  title: string;
  intro?: ReactNode;
  reasonLabel?: string;
  reasonRequired?: boolean;
  dateLabel?: string;
  defaultDate?: string;
  year?: number;
  okText: string;
  danger?: boolean;
  testId: string;
  onCancel: () => void;
  onSubmit: (values: PromptValues) => Promise<string | null>;
}) {
  const [form] = Form.useForm<PromptValues>();
  const { busy, error, setError, submit: run } = useFormSubmit(form);
  useEffect(() => {
    if (open) {
      setError(null);
      form.setFieldsValue({ reason: '', date: defaultDate ?? '' });
    }
  }, [open, defaultDate, form, setError]);

  function submit() {
    return run(async (values) => {
      const failure = await onSubmit({ reason: (values.reason ?? '').trim(), date: values.date ?? '' });
      if (failure) setError(failure);
      else onCancel();
    });
  }

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger, 'data-testid': `${testId}-ok` }}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onCancel}
      destroyOnHidden
      width={480}
    >
      {intro && <Typography.Paragraph style={{ marginBottom: 8 }}>{intro}</Typography.Paragraph>}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        {dateLabel && (
          <Form.Item name="date" label={dateLabel} rules={[{ required: true, message: `请选择${dateLabel}` }]} {...dateItemProps}>
            <DatePicker data-testid={`${testId}-date`} allowClear={false} format="YYYY-MM-DD" disabledDate={year ? outsideYear(year) : undefined} style={{ width: 160 }} />
          </Form.Item>
        )}
        {reasonLabel && (
          <Form.Item
            name="reason"
            label={reasonLabel}
            rules={reasonRequired ? [{ required: true, whitespace: true, message: `请填写${reasonLabel}` }, { min: 2, message: `请填写${reasonLabel}（至少2个字）` }] : []}
          >
            <Input.TextArea data-testid={`${testId}-reason`} autoFocus rows={3} maxLength={200} showCount />
          </Form.Item>
        )}
      </Form>
      {error && <Alert data-testid={`${testId}-error`} type="error" showIcon title={error} />}
    </Modal>
  );
}
