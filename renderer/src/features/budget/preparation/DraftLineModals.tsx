import { useEffect, useMemo, useRef } from 'react';
import { Alert, Form, Modal, Select, Typography } from 'antd';
import type { Book, BudgetDraft, DraftLine } from '../../../../../shared/api';
import { formatFen, uuidv7 } from '../../../../../shared/domain';
import { FUND_NATURES, type FundNature } from '../../../../../shared/domain/budget/types';
import { api } from '../../../api/transport';
import { useCommand } from '../../../api/useCommand';
import { codeSearch, useClassification } from '../common/classifications';
import { placeIssues, topLevel } from '../common/formIssues';
import { fenOf, moneyRules, moneyText, MoneyInput } from '../common/MoneyInput';
import { useFormSubmit } from '../common/useFormSubmit';

interface ProjectLineValues {
  projectId: string;
  econCode: string;
  amount: string;
}

/** 项目支出: a project picked from the library (入库 or 执行中), with the economic classification it spends on. */
export function ProjectLineModal({
  book,
  draft,
  line,
  open,
  onClose,
  onSaved,
}: {
  book: Book;
  draft: BudgetDraft;
  line: DraftLine | null;
  open: boolean;
  onClose: () => void;
  onSaved: (draft: BudgetDraft) => void;
}) {
  const [form] = Form.useForm<ProjectLineValues>();
  const { busy, error, setError, submit: run } = useFormSubmit(form);
  const newId = useRef(uuidv7());
  const projects = useCommand('budget.projectList', { bookId: book.id });
  const econ = useClassification(book.id, 'expenditure_econ_department', '款');
  const projectId = Form.useWatch('projectId', form);

  const choices = useMemo(() => (projects.status === 'ok' ? projects.data.filter((p) => p.status === '入库' || p.status === '执行中') : []), [projects]);
  const chosen = choices.find((p) => p.id === projectId);
  const requested = chosen?.amounts.find((a) => a.year === draft.year)?.amount ?? 0;
  const already = draft.lines.filter((l) => l.projectId === projectId && l.id !== line?.id).reduce((s, l) => s + l.amount, 0);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(line ? { projectId: line.projectId ?? '', econCode: line.econCode ?? '', amount: moneyText(line.amount) } : { projectId: undefined, econCode: undefined, amount: '' });
  }, [open, line, form]);

  function save() {
    return run(async (values: ProjectLineValues) => {
      const amount = (values.amount ?? '').trim() === '' ? undefined : fenOf(values.amount);
      const saved = await api.send('budget.draftSetProjectLine', { bookId: book.id, year: draft.year, id: line?.id ?? newId.current, projectId: values.projectId, econCode: values.econCode, amount });
      if (!line) newId.current = uuidv7();
      onSaved(saved);
      onClose();
    }, (failure) =>
      placeIssues(form, failure, topLevel('projectId', 'econCode', 'amount'), (m) =>
        m.includes('经济分类') ? 'econCode' : m.includes('申报金额') || m.includes('超过') ? 'amount' : m.includes('项目') ? 'projectId' : null,
      ),
    );
  }

  return (
    <Modal open={open} title={line ? '修改项目支出' : '选入项目支出'} okText="保存" okButtonProps={{ 'data-testid': 'project-line-ok' }} confirmLoading={busy} onOk={save} onCancel={onClose} destroyOnHidden width={560}>
      <Form<ProjectLineValues> form={form} layout="vertical" requiredMark={false} onFinish={save}>
        <Form.Item name="projectId" label="项目（只能选已入库的项目）" rules={[{ required: true, message: '请选择项目' }]}>
          <Select
            data-testid="project-line-project"
            showSearch={codeSearch}
            loading={projects.status === 'loading'}
            notFoundContent="项目库中没有已入库的项目：项目须先申报并经县级审核入库"
            options={choices.map((p) => ({ value: p.id, label: `${p.code} ${p.name}（${p.funcCode} ${p.fundNature}）` }))}
          />
        </Form.Item>
        <Form.Item name="econCode" label="部门经济分类（款级）" rules={[{ required: true, message: '请选择经济分类' }]}>
          <Select data-testid="project-line-econ" showSearch={codeSearch} loading={econ.loading} options={econ.options} placeholder="输入代码或名称查找，如 30213" />
        </Form.Item>
        <Form.Item
          name="amount"
          label="编入金额"
          rules={moneyRules('编入金额', { required: false })}
          extra={chosen ? `项目库中${draft.year}年申报 ${formatFen(requested)} 元，其他行已编入 ${formatFen(already)} 元；不填则编入剩余的 ${formatFen(Math.max(requested - already, 0))} 元` : '不填则按项目库中本年申报金额编入'}
        >
          <MoneyInput data-testid="project-line-amount" style={{ width: 200 }} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
      {error && <Alert data-testid="project-line-error" type="error" showIcon title={error} />}
    </Modal>
  );
}

interface RevenueValues {
  revenueCode: string;
  fundNature: FundNature;
  amount: string;
}

/** 收入预算 by revenue classification. */
export function RevenueLineModal({
  book,
  year,
  line,
  open,
  onClose,
  onSaved,
}: {
  book: Book;
  year: number;
  line: DraftLine | null;
  open: boolean;
  onClose: () => void;
  onSaved: (draft: BudgetDraft) => void;
}) {
  const [form] = Form.useForm<RevenueValues>();
  const { busy, error, setError, submit: run } = useFormSubmit(form);
  const newId = useRef(uuidv7());
  const revenue = useClassification(book.id, 'revenue');

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(line ? { revenueCode: line.revenueCode ?? '', fundNature: line.fundNature, amount: moneyText(line.amount) } : { revenueCode: undefined, fundNature: '一般公共预算', amount: '' });
  }, [open, line, form]);

  function save() {
    return run(async (values: RevenueValues) => {
      const saved = await api.send('budget.draftSetRevenueLine', { bookId: book.id, year, id: line?.id ?? newId.current, revenueCode: values.revenueCode, fundNature: values.fundNature, amount: fenOf(values.amount) });
      if (!line) newId.current = uuidv7();
      onSaved(saved);
      onClose();
    }, (failure) => placeIssues(form, failure, topLevel('revenueCode', 'fundNature', 'amount'), (m) => (m.includes('收入分类') ? 'revenueCode' : null)));
  }

  return (
    <Modal open={open} title={line ? '修改收入预算' : '新增收入预算'} okText="保存" okButtonProps={{ 'data-testid': 'revenue-line-ok' }} confirmLoading={busy} onOk={save} onCancel={onClose} destroyOnHidden width={520}>
      <Form<RevenueValues> form={form} layout="vertical" requiredMark={false} onFinish={save}>
        <Form.Item name="revenueCode" label="收入分类" rules={[{ required: true, message: '请选择收入分类' }]}>
          <Select data-testid="revenue-line-code" showSearch={codeSearch} loading={revenue.loading} options={revenue.options} placeholder="输入代码或名称查找" />
        </Form.Item>
        <Form.Item name="fundNature" label="资金性质">
          <Select options={FUND_NATURES.map((f) => ({ value: f, label: f }))} />
        </Form.Item>
        <Form.Item name="amount" label="金额" rules={moneyRules('金额')}>
          <MoneyInput data-testid="revenue-line-amount" style={{ width: 200 }} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
      <Typography.Text type="secondary">同一收入分类和资金性质只能有一行；要改金额请修改原有的行。</Typography.Text>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </Modal>
  );
}
