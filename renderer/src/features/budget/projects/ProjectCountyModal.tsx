import { useEffect } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Radio } from 'antd';
import type { Book, BudgetProject } from '../../../../../shared/api';
import { uuidv7 } from '../../../../../shared/domain';
import { api } from '../../../api/transport';
import { COUNTY_LABEL, CountyNotice } from '../common/CountyButton';
import { dateItemProps, todayIn } from '../common/dates';
import { useFormSubmit } from '../common/useFormSubmit';

interface Values {
  action: '项目入库' | '项目退回';
  date: string;
  reason: string;
}

/** 模拟县级批复 of a declared project: 审核入库, or 退回 with the reason the unit will see. */
export function ProjectCountyModal({ book, year, project, onClose, onDone }: { book: Book; year: number; project: BudgetProject | null; onClose: () => void; onDone: (project: BudgetProject) => void }) {
  const [form] = Form.useForm<Values>();
  const { busy, error, setError, submit: run } = useFormSubmit(form);
  const action = Form.useWatch('action', form);
  useEffect(() => {
    if (project) {
      setError(null);
      form.setFieldsValue({ action: '项目入库', date: todayIn(year), reason: '' });
    }
  }, [project, year, form]);

  function submit() {
    if (!project) return;
    return run(async (values: Values) => {
      const base = { bookId: book.id, id: uuidv7(), date: values.date, projectId: project.id };
      const result =
        values.action === '项目入库'
          ? await api.send('budget.simulateCountyApproval', { action: '项目入库', ...base })
          : await api.send('budget.simulateCountyApproval', { action: '项目退回', ...base, reason: values.reason.trim() });
      if (result.project) onDone(result.project);
      onClose();
    });
  }

  return (
    <Modal
      open={project !== null}
      title={`${COUNTY_LABEL}：${project?.code ?? ''} ${project?.name ?? ''}`}
      okText="记录模拟批复"
      okButtonProps={{ 'data-testid': 'project-county-ok' }}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      width={520}
    >
      <CountyNotice />
      <Form<Values> form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="action" label="县级审核结果">
          <Radio.Group
            data-testid="project-county-action"
            optionType="button"
            options={[
              { value: '项目入库', label: '审核通过，入库' },
              { value: '项目退回', label: '退回单位修改' },
            ]}
          />
        </Form.Item>
        <Form.Item name="date" label="批复日期" rules={[{ required: true, message: '请选择批复日期' }]} {...dateItemProps}>
          <DatePicker allowClear={false} format="YYYY-MM-DD" />
        </Form.Item>
        {action === '项目退回' && (
          <Form.Item name="reason" label="退回原因" rules={[{ required: true, whitespace: true, message: '请填写退回原因' }, { min: 2, message: '请填写退回原因（至少2个字）' }]}>
            <Input.TextArea data-testid="project-county-reason" rows={3} maxLength={200} showCount placeholder="例如：绩效目标不够具体，请补充量化的产出指标" />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
