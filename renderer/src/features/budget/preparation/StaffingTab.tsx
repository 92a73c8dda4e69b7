import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Select, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Book, BudgetDraft, Staffing, User } from '../../../../../shared/api';
import { formatFen } from '../../../../../shared/domain';
import { hasRole } from '../../../api/session';
import { api } from '../../../api/transport';
import { useCommand } from '../../../api/useCommand';
import { ErrorResult } from '../../../components/ErrorResult';
import { Money } from '../../../components/Money';
import { codeName, codeSearch, useClassification } from '../common/classifications';
import { placeIssues, topLevel } from '../common/formIssues';
import { fenOf, moneyRules, moneyText, MoneyInput } from '../common/MoneyInput';

type Kind = '人员经费' | '日常公用经费';

/** Shaped like budget.staffingSet's input (amounts as text in 元). */
interface StaffingValues {
  roster: { category: string; headcount: number }[];
  standards: { kind: Kind; category: string; econCode: string; funcCode: string; perCapita: string }[];
}

/** A township government's usual start: 行政编制 with 基本工资 and 办公费 standards under 行政运行. */
function initialValues(staffing: Staffing): StaffingValues {
  if (staffing.roster.length === 0 && staffing.standards.length === 0) {
    return {
      roster: [{ category: '行政编制', headcount: 0 }],
      standards: [
        { kind: '人员经费', category: '行政编制', econCode: '30101', funcCode: '2010301', perCapita: '' },
        { kind: '日常公用经费', category: '行政编制', econCode: '30201', funcCode: '2010301', perCapita: '' },
      ],
    };
  }
  return {
    roster: staffing.roster.map((r) => ({ ...r })),
    standards: staffing.standards.map((s) => ({ ...s, perCapita: moneyText(s.perCapita) })),
  };
}

const row = { marginBottom: 4 };

/** 人员名册与基本支出标准: 在编人数 × 人均标准 = 基本支出. Saving replaces the year's roster and standards. */
export function StaffingTab({ book, user, draft, onDraft }: { book: Book; user: User; draft: BudgetDraft; onDraft: (draft: BudgetDraft) => void }) {
  const { message } = App.useApp();
  const staffing = useCommand('budget.staffingGet', { bookId: book.id, year: draft.year });
  const [form] = Form.useForm<StaffingValues>();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const functions = useClassification(book.id, 'expenditure_function', '项');
  const econ = useClassification(book.id, 'expenditure_econ_department', '款');
  const roster = Form.useWatch('roster', form) ?? [];
  const canPrepare = hasRole(user, 'accountant', 'supervisor');
  const loaded = staffing.status === 'ok' ? staffing.data : null;

  useEffect(() => {
    if (loaded) form.setFieldsValue(initialValues(loaded));
  }, [loaded, form]);

  async function save(thenCompute: boolean) {
    let values: StaffingValues;
    try {
      values = await form.validateFields();
    } catch {
      setError('填写有误：请按标红处的提示修改后再保存');
      return;
    }
    setBusy(thenCompute ? 'compute' : 'save');
    setError(null);
    try {
      const saved = await api.send('budget.staffingSet', {
        bookId: book.id,
        year: draft.year,
        roster: values.roster.map((r) => ({ category: r.category.trim(), headcount: r.headcount ?? 0 })),
        standards: values.standards.map((s) => ({ kind: s.kind, category: s.category, econCode: s.econCode, funcCode: s.funcCode, perCapita: fenOf(s.perCapita) })),
      });
      if (thenCompute) {
        const next = await api.send('budget.draftComputeBasic', { bookId: book.id, year: draft.year });
        onDraft(next);
        message.success(`已保存并重新计算基本支出：${formatFen(next.totals.人员经费 + next.totals.日常公用经费)} 元`);
      } else message.success(`已保存人员名册与标准，按此计算基本支出 ${formatFen(saved.basicTotal)} 元`);
      staffing.reload();
    } catch (failure) {
      setError(placeIssues(form, failure, topLevel('roster', 'standards')));
    } finally {
      setBusy(null);
    }
  }

  if (staffing.status === 'error') return <ErrorResult title="无法读取人员名册" error={staffing.error} onRetry={staffing.reload} />;
  const categories = roster.map((r) => r?.category).filter((c): c is string => !!c && c.trim() !== '');

  return (
    <Flex gap={12} style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
      <Form<StaffingValues> form={form} size="small" requiredMark={false} style={{ flex: 1, minWidth: 0 }} disabled={!canPrepare}>
        <Typography.Text strong>人员名册</Typography.Text>
        <Form.List name="roster">
          {(fields, { add, remove }) => (
            <div style={{ margin: '4px 0 10px' }}>
              <Flex gap={8} style={{ color: '#6b7280', fontSize: 12 }}>
                <span style={{ width: 160 }}>人员类别</span>
                <span style={{ width: 100 }}>在编人数</span>
              </Flex>
              {fields.map((field, i) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item name={[field.name, 'category']} style={{ ...row, width: 160 }} rules={[{ required: true, whitespace: true, message: '请填写人员类别' }]}>
                    <Input data-testid={`roster-category-${i}`} placeholder="行政编制、事业编制…" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'headcount']} style={{ ...row, width: 100 }} rules={[{ required: true, message: '请填写人数' }]}>
                    <InputNumber data-testid={`roster-headcount-${i}`} min={0} precision={0} suffix="人" style={{ width: '100%' }} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} title="删除" />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ category: '', headcount: 0 })}>
                增加人员类别
              </Button>
            </div>
          )}
        </Form.List>
        <Typography.Text strong>基本支出标准（每人每年）</Typography.Text>
        <Form.List name="standards">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 4 }}>
              <Flex gap={8} style={{ color: '#6b7280', fontSize: 12 }}>
                <span style={{ width: 110 }}>类型</span>
                <span style={{ width: 110 }}>人员类别</span>
                <span style={{ width: 200 }}>部门经济分类</span>
                <span style={{ width: 220 }}>支出功能分类</span>
                <span style={{ width: 140 }}>人均标准</span>
              </Flex>
              {fields.map((field, i) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item name={[field.name, 'kind']} style={{ ...row, width: 110 }}>
                    <Select options={['人员经费', '日常公用经费'].map((k) => ({ value: k, label: k }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'category']} style={{ ...row, width: 110 }} rules={[{ required: true, message: '请选择人员类别' }]}>
                    <Select options={categories.map((c) => ({ value: c, label: c }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'econCode']} style={{ ...row, width: 200 }} rules={[{ required: true, message: '请选择经济分类' }]}>
                    <Select showSearch={codeSearch} options={econ.options} popupMatchSelectWidth={280} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'funcCode']} style={{ ...row, width: 220 }} rules={[{ required: true, message: '请选择功能分类' }]}>
                    <Select showSearch={codeSearch} options={functions.options} popupMatchSelectWidth={320} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'perCapita']} style={{ ...row, width: 140 }} rules={moneyRules('人均标准', { allowZero: true })}>
                    <MoneyInput data-testid={`standard-amount-${i}`} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} title="删除" />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: '日常公用经费', category: categories[0] ?? '', econCode: undefined, funcCode: '2010301', perCapita: '' })}>
                增加标准
              </Button>
            </div>
          )}
        </Form.List>
        <Flex gap={8} style={{ marginTop: 10 }}>
          <Button onClick={() => save(false)} loading={busy === 'save'} data-testid="staffing-save">
            保存
          </Button>
          <Button type="primary" onClick={() => save(true)} loading={busy === 'compute'} disabled={!draft.editable} data-testid="staffing-save-compute">
            保存并更新草案的基本支出
          </Button>
        </Flex>
        {error && <Alert data-testid="staffing-error" type="error" showIcon title={error} style={{ marginTop: 8 }} />}
      </Form>
      <div style={{ width: 380, flex: 'none' }}>
        <Typography.Text strong>按已保存的名册和标准计算</Typography.Text>
        <Table
          size="small"
          rowKey={(l) => `${l.kind}-${l.funcCode}-${l.econCode}`}
          pagination={false}
          dataSource={loaded?.basic ?? []}
          loading={staffing.status === 'loading'}
          locale={{ emptyText: '保存名册和标准后在此显示' }}
          columns={[
            { title: '类型', dataIndex: 'kind', width: 90 },
            { title: '经济分类', key: 'econ', ellipsis: true, render: (_, l) => codeName(l.econCode, econ.names.get(l.econCode)) },
            { title: '金额', dataIndex: 'amount', width: 110, align: 'right', render: (fen: number) => <Money fen={fen} /> },
          ]}
          summary={() =>
            loaded && loaded.basic.length > 0 ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  合计
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <Money fen={loaded.basicTotal} strong />
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 6, fontSize: 12 }}>
          基本支出 = 在编人数 × 人均标准，同一功能分类和经济分类的合并为一行。保存后点“保存并更新草案的基本支出”，或在“预算草案”中点“按人员名册计算基本支出”。
        </Typography.Paragraph>
      </div>
    </Flex>
  );
}
