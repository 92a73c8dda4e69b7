import { useEffect } from 'react';
import { Alert, Form, InputNumber, Modal, Radio } from 'antd';
import type { Book, MonitoringSettings } from '../../../../../shared/api';
import { api } from '../../../api/transport';
import { placeIssues } from '../common/formIssues';
import { useFormSubmit } from '../common/useFormSubmit';

interface Values {
  yellowPoints: number;
  redPoints: number;
  scheduleMethod: 'month' | 'day';
  quotaArrival: 'onIssue' | 'withPayment';
}

/** 预警档位 in 个百分点 (two decimals at most) behind 序时进度 (kept as basis points by the core), and how 序时进度 is counted. */
export function SettingsModal({ book, settings, open, onClose, onSaved }: { book: Book; settings: MonitoringSettings; open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const { busy, error, setError, submit: run } = useFormSubmit(form);
  useEffect(() => {
    if (open) {
      setError(null);
      form.setFieldsValue({ yellowPoints: settings.yellowBp / 100, redPoints: settings.redBp / 100, scheduleMethod: settings.scheduleMethod, quotaArrival: settings.quotaArrival });
    }
  }, [open, settings, form]);

  function save() {
    return run(async (v: Values) => {
      // Points with at most two decimals → whole basis points (the core keeps integers).
      await api.send('budget.settingsSet', { bookId: book.id, yellowBp: Math.round(v.yellowPoints * 100), redBp: Math.round(v.redPoints * 100), scheduleMethod: v.scheduleMethod, quotaArrival: v.quotaArrival });
      onSaved();
      onClose();
    }, (failure) => placeIssues(form, failure, () => false));
  }

  return (
    <Modal open={open} title="预算设置：执行监控预警与授权支付额度" okText="保存" confirmLoading={busy} onOk={save} onCancel={onClose} destroyOnHidden width={440}>
      <Form<Values> form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="yellowPoints" label="执行率低于序时进度多少个百分点时黄色预警" rules={[{ required: true, message: '请填写' }]}>
          <InputNumber min={0.01} max={99} precision={2} step={1} suffix="个百分点" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="redPoints"
          label="低于多少个百分点时红色预警"
          dependencies={['yellowPoints']}
          rules={[
            { required: true, message: '请填写' },
            ({ getFieldValue }) => ({ validator: async (_r, v: number) => { if (v <= (getFieldValue('yellowPoints') as number)) throw new Error('红色预警档位必须大于黄色预警档位'); } }),
          ]}
        >
          <InputNumber min={0.02} max={100} precision={2} step={1} suffix="个百分点" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="scheduleMethod" label="序时进度口径">
          <Radio.Group
            options={[
              { value: 'month', label: '按月（月末计入当月，7月末为7/12）' },
              { value: 'day', label: '按日（已过天数/全年天数）' },
            ]}
          />
        </Form.Item>
        <Form.Item name="quotaArrival" label="授权支付额度（零余额账户用款额度）入账" extra="按当地做法选择；随支付登记适用于已不预先下达授权支付额度的地区。">
          <Radio.Group
            options={[
              { value: 'onIssue', label: '指标下达时生成额度到账凭证（借1011/贷4001，借8001/贷6001）' },
              { value: 'withPayment', label: '随每笔支付一并登记（支付凭证中同时记额度到账）' },
            ]}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
