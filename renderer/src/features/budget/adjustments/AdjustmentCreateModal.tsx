import { useEffect, useRef } from 'react';
import { Alert, Button, Flex, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Adjustment, Book, Indicator } from '../../../../../shared/api';
import { formatFen, uuidv7 } from '../../../../../shared/domain';
import type { AdjustmentKind } from '../../../../../shared/domain/budget/types';
import { api } from '../../../api/transport';
import { Money } from '../../../components/Money';
import { placeIssues, topLevel } from '../common/formIssues';
import { fenOf, moneyRules, MoneyInput } from '../common/MoneyInput';
import { indicatorOption } from '../payments/PaymentCreateModal';
import { useFormSubmit } from '../common/useFormSubmit';

interface Part {
  indicatorId: string;
  amount: string;
}

/** Shaped like budget.adjustmentCreate's input: from (调减/调出) and to (调增/调入). */
interface Values {
  kind: AdjustmentKind;
  reason: string;
  docNo: string;
  from: Part[];
  to: Part[];
}

function PartList({ name, title, indicators, checkAvailable }: { name: 'from' | 'to'; title: string; indicators: Indicator[]; checkAvailable: boolean }) {
  const form = Form.useFormInstance<Values>();
  const parts: Part[] = Form.useWatch(name, form) ?? [];
  const total = parts.reduce((s, p) => s + fenOf(p?.amount), 0);
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <div style={{ marginBottom: 8 }}>
          <Flex justify="space-between">
            <Typography.Text strong>{title}</Typography.Text>
            <span>
              合计 <Money fen={total} strong />
            </span>
          </Flex>
          {fields.map((field, i) => {
            const chosen = indicators.find((x) => x.id === parts[i]?.indicatorId);
            const over = checkAvailable && chosen && fenOf(parts[i]?.amount) > chosen.balance.available;
            return (
              <Flex key={field.key} gap={8} align="start">
                <Form.Item name={[field.name, 'indicatorId']} style={{ flex: 1, minWidth: 0, marginBottom: 4 }} rules={[{ required: true, message: '请选择指标' }]}>
                  <Select data-testid={`adjust-${name}-indicator-${i}`} showSearch={{ optionFilterProp: 'label' }} options={indicators.map((x) => ({ value: x.id, label: indicatorOption(x) }))} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'amount']}
                  style={{ width: 170, marginBottom: 4 }}
                  rules={moneyRules('金额')}
                  help={over ? `超出可用余额 ${formatFen(chosen.balance.available)} 元` : undefined}
                  validateStatus={over ? 'warning' : undefined}
                >
                  <MoneyInput data-testid={`adjust-${name}-amount-${i}`} />
                </Form.Item>
                <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
              </Flex>
            );
          })}
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ indicatorId: undefined, amount: '' })} data-testid={`adjust-${name}-add`}>
            增加{name === 'from' ? '调出' : '调入'}指标
          </Button>
        </div>
      )}
    </Form.List>
  );
}

/** 调整 (changes the total) or 调剂 (moves money between indicators, totals equal). Nothing moves until approved. */
export function AdjustmentCreateModal({ book, year, indicators, open, onClose, onCreated }: { book: Book; year: number; indicators: Indicator[]; open: boolean; onClose: () => void; onCreated: (a: Adjustment) => void }) {
  const [form] = Form.useForm<Values>();
  const { busy, error, setError, submit: run } = useFormSubmit(form);
  const newId = useRef(uuidv7());
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ kind: '调剂', reason: '', docNo: '', from: [{ indicatorId: undefined, amount: '' }], to: [{ indicatorId: undefined, amount: '' }] } as unknown as Values);
  }, [open, form]);

  function submit() {
    return run(async (values: Values) => {
      const parts = (list: Part[] | undefined) => (list ?? []).map((p) => ({ indicatorId: p.indicatorId, amount: fenOf(p.amount) }));
      const created = await api.send('budget.adjustmentCreate', { bookId: book.id, id: newId.current, year, kind: values.kind, reason: values.reason.trim(), docNo: values.docNo?.trim() || undefined, from: parts(values.from), to: parts(values.to) });
      newId.current = uuidv7();
      onCreated(created);
      onClose();
    }, (failure) => placeIssues(form, failure, topLevel('kind', 'reason', 'docNo', 'from', 'to')));
  }

  return (
    <Modal open={open} title="调整调剂申请" okText="提交申请" okButtonProps={{ 'data-testid': 'adjust-ok' }} confirmLoading={busy} onOk={submit} onCancel={onClose} destroyOnHidden width={860}>
      <Form<Values> form={form} size="small" layout="vertical" requiredMark={false}>
        <Flex gap={12}>
          <Form.Item name="kind" label="类型">
            <Radio.Group
              optionType="button"
              options={[
                { value: '调剂', label: '调剂（总额不变）' },
                { value: '调整', label: '调整（增减总额）' },
              ]}
            />
          </Form.Item>
          <Form.Item name="docNo" label="文号（可不填）" style={{ width: 200 }}>
            <Input />
          </Form.Item>
        </Flex>
        <Form.Item name="reason" label="申请理由" rules={[{ required: true, whitespace: true, message: '请填写申请理由' }, { min: 2, message: '请填写申请理由（至少2个字）' }]}>
          <Input.TextArea data-testid="adjust-reason" rows={2} maxLength={200} showCount />
        </Form.Item>
        <PartList name="from" title={kind === '调剂' ? '调出指标' : '调减指标'} indicators={indicators} checkAvailable />
        <PartList name="to" title={kind === '调剂' ? '调入指标' : '调增指标'} indicators={indicators} checkAvailable={false} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          调剂须同时有调出和调入，两边合计相等，且不能跨资金性质、不能混用直达与非直达资金；调减不能超过可用余额。批准后才记入指标台账。
        </Typography.Text>
      </Form>
      {error && <Alert data-testid="adjust-error" type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </Modal>
  );
}
