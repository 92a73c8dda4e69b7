import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Flex, Form, Input, Modal, Select, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Book, BudgetDraft, CountyApprovalResult, SubmissionLine } from '../../../../../shared/api';
import { formatFen, uuidv7 } from '../../../../../shared/domain';
import { EXPENSE_KINDS, PAY_METHODS, type ExpenseKind, type PayMethod } from '../../../../../shared/domain/budget/types';
import { api } from '../../../api/transport';
import { useCommand } from '../../../api/useCommand';
import { Money } from '../../../components/Money';
import { COUNTY_LABEL, CountyNotice } from '../common/CountyButton';
import { dateItemProps, outsideYear, todayIn } from '../common/dates';
import { placeIssues, topLevel } from '../common/formIssues';
import { fenOf, moneyRules, MoneyInput } from '../common/MoneyInput';
import { useFormSubmit } from '../common/useFormSubmit';

interface ControlValues {
  docNo: string;
  date: string;
  figures: { kind: ExpenseKind; projectId: string | null; amount: string }[];
}

/** 一下: the county's control figures, by spending kind (and optionally per project). Starts from the 一上 totals. */
export function ControlFiguresModal({ book, draft, open, onClose, onDone }: { book: Book; draft: BudgetDraft; open: boolean; onClose: () => void; onDone: (result: CountyApprovalResult) => void }) {
  const [form] = Form.useForm<ControlValues>();
  const { busy, error, setError, submit: run } = useFormSubmit(form);
  const projects = useMemo(() => {
    const seen = new Map<string, string>();
    for (const l of draft.lines) if (l.projectId) seen.set(l.projectId, `${l.projectCode ?? ''} ${l.projectName ?? ''}`.trim());
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [draft]);
  const figures = Form.useWatch('figures', form) ?? [];
  const total = figures.reduce((s, f) => s + fenOf(f?.amount), 0);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({
      docNo: `青财预控〔${draft.year}〕1号`,
      date: todayIn(draft.year),
      figures: EXPENSE_KINDS.filter((k) => draft.totals[k] > 0).map((kind) => ({ kind, projectId: null, amount: formatFen(draft.totals[kind]) })),
    });
  }, [open, draft, form]);

  function submit() {
    return run(async (values: ControlValues) => {
      const result = await api.send('budget.simulateCountyApproval', {
        action: '一下',
        bookId: book.id,
        id: uuidv7(),
        date: values.date,
        year: draft.year,
        docNo: values.docNo.trim(),
        figures: values.figures.map((f) => ({ kind: f.kind, projectId: f.kind === '项目支出' ? (f.projectId ?? null) : null, amount: fenOf(f.amount) })),
      });
      onDone(result);
      onClose();
    }, (failure) => placeIssues(form, failure, topLevel('docNo', 'date', 'figures')));
  }

  return (
    <Modal open={open} title={`${COUNTY_LABEL}：下达一下控制数`} okText="下达控制数" okButtonProps={{ 'data-testid': 'control-ok' }} confirmLoading={busy} onOk={submit} onCancel={onClose} destroyOnHidden width={680}>
      <CountyNotice>县级审核一上后下达控制数；二上不能超出。金额先按一上草案填入，可改成县级核定的数。</CountyNotice>
      <Form<ControlValues> form={form} size="small" layout="vertical" requiredMark={false}>
        <Flex gap={12}>
          <Form.Item name="docNo" label="控制数文号" rules={[{ required: true, whitespace: true, message: '请填写控制数文号' }]} style={{ width: 240 }}>
            <Input data-testid="control-doc" />
          </Form.Item>
          <Form.Item name="date" label="下达日期" rules={[{ required: true, message: '请选择下达日期' }]} {...dateItemProps}>
            <DatePicker allowClear={false} format="YYYY-MM-DD" disabledDate={outsideYear(draft.year)} />
          </Form.Item>
        </Flex>
        <Form.List name="figures">
          {(fields, { add, remove }) => (
            <>
              <Flex gap={8} style={{ color: '#6b7280', fontSize: 12 }}>
                <span style={{ width: 130 }}>支出类型</span>
                <span style={{ width: 250 }}>项目（只对项目支出，可不选）</span>
                <span style={{ width: 170 }}>控制数</span>
              </Flex>
              {fields.map((field, i) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item name={[field.name, 'kind']} style={{ width: 130, marginBottom: 4 }}>
                    <Select options={EXPENSE_KINDS.map((k) => ({ value: k, label: k }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'projectId']} style={{ width: 250, marginBottom: 4 }}>
                    <Select allowClear placeholder="全部项目支出" disabled={figures[i]?.kind !== '项目支出'} options={projects} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'amount']} style={{ width: 170, marginBottom: 4 }} rules={moneyRules('控制数', { allowZero: true })}>
                    <MoneyInput data-testid={`control-amount-${i}`} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={fields.length <= 1} />
                </Flex>
              ))}
              <Flex justify="space-between" align="center">
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: '项目支出', projectId: null, amount: '' })}>
                  增加一项
                </Button>
                <span>
                  控制数合计 <Money fen={total} strong />
                </span>
              </Flex>
            </>
          )}
        </Form.List>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </Modal>
  );
}

interface ApproveValues {
  docNo: string;
  supDocNo: string;
  date: string;
  defaultPayMethod: PayMethod;
}

type LineChoice = { payMethod: PayMethod | null; directFund: boolean };

/** 二下: the last 二上 becomes the approved budget; each spending line becomes (part of) an indicator. */
export function ApproveBudgetModal({ book, draft, open, onClose, onDone }: { book: Book; draft: BudgetDraft; open: boolean; onClose: () => void; onDone: (result: CountyApprovalResult) => void }) {
  const [form] = Form.useForm<ApproveValues>();
  const { busy, error, setError, submit: run } = useFormSubmit(form);
  const [choices, setChoices] = useState<Record<number, LineChoice>>({});
  const lastSecond = draft.submissions.filter((s) => s.stage === '二上').at(-1);
  const submission = useCommand('budget.submissionGet', { bookId: book.id, id: lastSecond?.id ?? '00000000-0000-7000-8000-000000000000' });
  const lines = submission.status === 'ok' ? submission.data.lines.filter((l) => l.section !== '收入') : [];
  const defaultPay = Form.useWatch('defaultPayMethod', form) ?? '直接支付';

  useEffect(() => {
    if (!open) return;
    setError(null);
    setChoices({});
    form.resetFields();
    form.setFieldsValue({ docNo: `青财预〔${draft.year}〕1号`, supDocNo: '', date: todayIn(draft.year), defaultPayMethod: '直接支付' });
  }, [open, draft.year, form]);

  const choiceOf = (lineNo: number): LineChoice => choices[lineNo] ?? { payMethod: null, directFund: false };
  const setChoice = (lineNo: number, patch: Partial<LineChoice>) => setChoices((c) => ({ ...c, [lineNo]: { ...choiceOf(lineNo), ...patch } }));

  function submit() {
    return run(async (values: ApproveValues) => {
      const overrides = Object.entries(choices)
        .map(([lineNo, c]) => ({ lineNo: Number(lineNo), ...(c.payMethod ? { payMethod: c.payMethod } : {}), ...(c.directFund ? { directFund: true } : {}) }))
        .filter((o) => 'payMethod' in o || 'directFund' in o);
      const result = await api.send('budget.simulateCountyApproval', {
        action: '二下',
        bookId: book.id,
        id: uuidv7(),
        date: values.date,
        year: draft.year,
        docNo: values.docNo.trim(),
        supDocNo: values.supDocNo?.trim() || undefined,
        defaultPayMethod: values.defaultPayMethod,
        lines: overrides,
      });
      onDone(result);
      onClose();
    }, (failure) => placeIssues(form, failure, topLevel('docNo', 'supDocNo', 'date', 'defaultPayMethod')));
  }

  return (
    <Modal open={open} title={`${COUNTY_LABEL}：二下批复`} okText="批复并生成预算指标" okButtonProps={{ 'data-testid': 'approve-ok' }} confirmLoading={busy} onOk={submit} onCancel={onClose} destroyOnHidden width={860}>
      <CountyNotice>以最后一次二上报送为批复预算，每行支出生成预算指标（同一要素的合并）。可逐行指定支付方式和是否直达资金。</CountyNotice>
      <Form<ApproveValues> form={form} size="small" layout="vertical" requiredMark={false}>
        <Flex gap={12}>
          <Form.Item name="docNo" label="指标文号" rules={[{ required: true, whitespace: true, message: '请填写指标文号' }]} style={{ width: 200 }}>
            <Input data-testid="approve-doc" />
          </Form.Item>
          <Form.Item name="supDocNo" label="上级指标文号（可不填）" style={{ width: 200 }}>
            <Input />
          </Form.Item>
          <Form.Item name="date" label="批复日期" rules={[{ required: true, message: '请选择批复日期' }]} {...dateItemProps}>
            <DatePicker allowClear={false} format="YYYY-MM-DD" disabledDate={outsideYear(draft.year)} />
          </Form.Item>
          <Form.Item name="defaultPayMethod" label="默认支付方式">
            <Select style={{ width: 110 }} options={PAY_METHODS.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
        </Flex>
      </Form>
      <Typography.Text strong>二上第{lastSecond?.seq ?? ''}次报送的支出</Typography.Text>
      <Table<SubmissionLine>
        size="small"
        rowKey="lineNo"
        pagination={false}
        loading={submission.status === 'loading'}
        dataSource={lines}
        scroll={{ y: 260 }}
        columns={[
          { title: '行', dataIndex: 'lineNo', width: 40, align: 'center' },
          { title: '内容', dataIndex: 'label', ellipsis: true },
          { title: '金额', dataIndex: 'amount', width: 116, align: 'right', render: (fen: number) => <Money fen={fen} /> },
          {
            title: '支付方式',
            key: 'pay',
            width: 120,
            render: (_, l) => (
              <Select
                size="small"
                style={{ width: 110 }}
                value={choiceOf(l.lineNo).payMethod ?? defaultPay}
                onChange={(v: PayMethod) => setChoice(l.lineNo, { payMethod: v })}
                options={PAY_METHODS.map((p) => ({ value: p, label: p }))}
              />
            ),
          },
          {
            title: '直达资金',
            key: 'direct',
            width: 70,
            align: 'center',
            render: (_, l) => <Checkbox data-testid={`approve-direct-${l.lineNo}`} checked={choiceOf(l.lineNo).directFund} onChange={(e) => setChoice(l.lineNo, { directFund: e.target.checked })} />,
          },
        ]}
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </Modal>
  );
}
