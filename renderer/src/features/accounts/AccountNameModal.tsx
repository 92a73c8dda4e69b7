import { useEffect, useRef, useState } from 'react';
import { Alert, Form, Input, Modal, Typography, type InputRef } from 'antd';
import type { Account } from '../../../../shared/api';
import { errorMessage, fieldIssues } from '../../api/errorMessage';

export interface NameModalState {
  mode: 'create' | 'rename';
  /** create: the parent; rename: the account itself. */
  account: Account;
  pathName: string;
  suggestedCode?: string;
}

interface Values {
  code: string;
  name: string;
}

/**
 * 新增下级科目 (code suggested by 4-2-2, editable) and 重命名. Enter saves; the core's refusal
 * (code taken, parent already used on vouchers …) shows under the field it names, or below.
 */
export function AccountNameModal({ state, afterClose, onCancel, onSubmit }: { state: NameModalState | null; afterClose?: () => void; onCancel: () => void; onSubmit: (values: Values) => Promise<void> }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameRef = useRef<InputRef>(null);
  useEffect(() => {
    if (!state) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(state.mode === 'create' ? { code: state.suggestedCode ?? state.account.code, name: '' } : { code: state.account.code, name: state.account.name });
  }, [state, form]);

  async function submit() {
    if (busy) return;
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ code: (values.code ?? '').trim(), name: values.name.trim() });
    } catch (failure) {
      const issues = fieldIssues(failure);
      const onField = issues.filter((i) => i.path[0] === 'code' || i.path[0] === 'name');
      for (const issue of onField) form.setFields([{ name: issue.path[0] as keyof Values, errors: [issue.message] }]);
      setError(onField.length > 0 && issues.length === onField.length ? null : errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  const creating = state?.mode === 'create';
  const parent = state?.account;
  return (
    <Modal
      open={state !== null}
      title={creating ? '新增下级科目' : '修改科目名称'}
      okText="保存"
      okButtonProps={{ 'data-testid': 'account-name-ok' }}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onCancel}
      afterClose={afterClose}
      // The dialog's own focus handling can take the focus after autoFocus ran: put it on the name.
      afterOpenChange={(open) => {
        if (open) nameRef.current?.focus();
      }}
      destroyOnHidden
      width={460}
    >
      {parent && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {creating ? `上级科目：${parent.code} ${state.pathName}。下级编码为上级编码加两位（01–99）。` : `科目：${parent.code} ${state.pathName}`}
        </Typography.Paragraph>
      )}
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        {creating && (
          <Form.Item
            name="code"
            label="科目编码"
            rules={[
              { required: true, message: '请填写科目编码' },
              { pattern: parent ? new RegExp(`^${parent.code}\\d{2}$`) : /^\d+$/, message: parent ? `应为 ${parent.code} 加两位数字，如 ${parent.code}01` : '编码格式不正确' },
            ]}
          >
            <Input data-testid="account-code-input" className="xc-num" maxLength={10} style={{ width: 160 }} />
          </Form.Item>
        )}
        <Form.Item name="name" label="科目名称" rules={[{ required: true, whitespace: true, message: '请填写科目名称' }, { max: 40, message: '科目名称不能超过40个字' }]}>
          <Input ref={nameRef} data-testid="account-name-input" autoFocus maxLength={40} />
        </Form.Item>
        {/* Enter in either field submits the form once. */}
        <button type="submit" hidden />
      </Form>
      {error && <Alert data-testid="account-name-error" type="error" showIcon title={error} />}
    </Modal>
  );
}
