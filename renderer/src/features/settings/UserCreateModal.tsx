import { useRef, useState } from 'react';
import { Alert, App, Form, Modal } from 'antd';
import { errorMessage } from '../../api/errorMessage';
import { api } from '../../api/transport';
import { newUserId, showUserFieldIssues, toUserInput, UserFields, type UserFormValues } from '../auth/UserFields';

/** 新增用户 (管理员 only; the core checks the role again). */
export function UserCreateModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<UserFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const userId = useRef(newUserId());

  async function submit() {
    let values: UserFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const user = await api.send('user.create', toUserInput(userId.current, values));
      message.success(`已新增用户：${user.displayName}`);
      userId.current = newUserId();
      form.resetFields();
      onCreated();
      onClose();
    } catch (failure) {
      const leftover = showUserFieldIssues(form, failure);
      setError([errorMessage(failure), ...leftover].join('；'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      title="新增用户"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="保存"
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'user-create-submit' }}
      width={460}
      destroyOnHidden
    >
      <Form<UserFormValues> form={form} layout="vertical" requiredMark={false} initialValues={{ roles: ['accountant'] }} preserve={false}>
        <UserFields testIdPrefix="user-create" />
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
