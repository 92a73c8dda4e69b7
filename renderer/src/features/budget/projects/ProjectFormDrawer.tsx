import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Col, DatePicker, Drawer, Flex, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Book, BudgetProject, ProjectSaveInput } from '../../../../../shared/api';
import { uuidv7 } from '../../../../../shared/domain';
import { FUND_NATURES, PROJECT_CLASSES, TARGET_DIRECTIONS, TARGET_TYPES, type FundNature, type ProjectClass, type TargetDirection, type TargetType } from '../../../../../shared/domain/budget/types';
import { api } from '../../../api/transport';
import { codeSearch, useClassification } from '../common/classifications';
import { dateItemProps } from '../common/dates';
import { placeIssues, topLevel } from '../common/formIssues';
import { fenOf, moneyRules, moneyText, MoneyInput } from '../common/MoneyInput';

interface TargetRow {
  id: string;
  name: string;
  type: TargetType;
  unit: string;
  targetValue: string;
  direction: TargetDirection;
}

/** Shaped like budget.projectSave's input, so the core's field paths land on these fields. */
interface ProjectFormValues {
  code: string;
  name: string;
  class: ProjectClass;
  funcCode: string;
  fundNature: FundNature;
  startDate: string;
  endDate: string;
  description: string;
  amounts: { year: number; amount: string }[];
  targets: TargetRow[];
}

const newTarget = (type: TargetType = '产出'): TargetRow => ({ id: uuidv7(), name: '', type, unit: '', targetValue: '', direction: '≥' });

function initialValues(project: BudgetProject | null, year: number): ProjectFormValues {
  if (!project) {
    return {
      code: '',
      name: '',
      class: '特定目标类',
      funcCode: '',
      fundNature: '一般公共预算',
      startDate: `${year}-01-01`,
      endDate: `${year}-12-31`,
      description: '',
      amounts: [{ year, amount: '' }],
      targets: [newTarget('产出'), newTarget('满意度')],
    };
  }
  return {
    code: project.code,
    name: project.name,
    class: project.class,
    funcCode: project.funcCode,
    fundNature: project.fundNature,
    startDate: project.startDate,
    endDate: project.endDate,
    description: project.description,
    amounts: project.amounts.map((a) => ({ year: a.year, amount: moneyText(a.amount) })),
    targets: project.targets.map((t) => ({ id: t.id, name: t.name, type: t.type, unit: t.unit, targetValue: t.targetValue, direction: t.direction })),
  };
}

const FIELDS = topLevel('code', 'name', 'class', 'funcCode', 'fundNature', 'startDate', 'endDate', 'description', 'amounts', 'targets');

function guessField(message: string): string | null {
  if (message.includes('项目编码')) return 'code';
  if (message.includes('支出功能分类')) return 'funcCode';
  return null;
}

const small = { marginBottom: 6 };

/** 新建/修改项目: 储备 or 退回 projects only (the core refuses others). */
export function ProjectFormDrawer({
  book,
  year,
  open,
  project,
  onClose,
  onSaved,
}: {
  book: Book;
  year: number;
  open: boolean;
  project: BudgetProject | null;
  onClose: () => void;
  onSaved: (project: BudgetProject) => void;
}) {
  const [form] = Form.useForm<ProjectFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const newId = useRef(uuidv7());
  const functions = useClassification(book.id, 'expenditure_function', '项');

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(initialValues(project, year));
  }, [open, project, year, form]);

  async function save() {
    let values: ProjectFormValues;
    try {
      values = await form.validateFields();
    } catch {
      setError('填写有误：请按标红处的提示修改后再保存');
      return;
    }
    const input: ProjectSaveInput = {
      bookId: book.id,
      id: project?.id ?? newId.current,
      code: values.code.trim(),
      name: values.name.trim(),
      class: values.class,
      funcCode: values.funcCode,
      fundNature: values.fundNature,
      startDate: values.startDate,
      endDate: values.endDate,
      description: values.description?.trim() ?? '',
      amounts: (values.amounts ?? []).map((a) => ({ year: a.year, amount: fenOf(a.amount) })),
      targets: (values.targets ?? []).map((t) => ({ id: t.id, name: t.name.trim(), type: t.type, unit: t.unit.trim(), targetValue: t.targetValue.trim(), direction: t.direction })),
    };
    setBusy(true);
    setError(null);
    try {
      const saved = await api.send('budget.projectSave', input);
      if (!project) newId.current = uuidv7();
      onSaved(saved);
    } catch (failure) {
      setError(placeIssues(form, failure, FIELDS, guessField));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={860}
      title={project ? `修改项目：${project.code} ${project.name}` : '新建项目'}
      destroyOnHidden
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={busy} onClick={save} data-testid="project-save">
            保存（储备）
          </Button>
        </Flex>
      }
    >
      {project?.status === '退回' && project.returnReason && (
        <Alert type="error" showIcon style={{ marginBottom: 8 }} title={`县级退回原因：${project.returnReason}`} description="按退回原因修改后保存，再重新申报。" />
      )}
      <Form<ProjectFormValues> form={form} layout="vertical" requiredMark={false} size="small" onFinish={save}>
        <Row gutter={12}>
          <Col span={5}>
            <Form.Item name="code" label="项目编码" style={small} rules={[{ required: true, whitespace: true, message: '请填写项目编码' }, { pattern: /^[A-Za-z0-9_-]{1,30}$/, message: '只能包含字母、数字、减号和下划线，最多30位' }]}>
              <Input data-testid="project-code" autoFocus placeholder="如 P2026-001" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="name" label="项目名称" style={small} rules={[{ required: true, whitespace: true, message: '请填写项目名称' }, { max: 60, message: '项目名称不能超过60个字' }]}>
              <Input data-testid="project-name" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={9}>
            <Form.Item name="class" label="项目类别" style={small}>
              <Radio.Group data-testid="project-class" optionType="button" options={PROJECT_CLASSES.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="funcCode" label="支出功能分类（项级）" style={small} rules={[{ required: true, message: '请选择支出功能分类（项级）' }]}>
              <Select
                data-testid="project-func"
                showSearch={codeSearch}
                loading={functions.loading}
                options={functions.options}
                placeholder="输入代码或名称查找，如 2130701"
              />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="fundNature" label="资金性质" style={small}>
              <Select data-testid="project-fund" options={FUND_NATURES.map((f) => ({ value: f, label: f }))} />
            </Form.Item>
          </Col>
          <Col span={9}>
            <Flex gap={8}>
              <Form.Item name="startDate" label="开始日期" style={small} rules={[{ required: true, message: '请选择开始日期' }]} {...dateItemProps}>
                <DatePicker data-testid="project-start" allowClear={false} format="YYYY-MM-DD" />
              </Form.Item>
              <Form.Item name="endDate" label="结束日期" style={small} rules={[{ required: true, message: '请选择结束日期' }]} {...dateItemProps}>
                <DatePicker data-testid="project-end" allowClear={false} format="YYYY-MM-DD" />
              </Form.Item>
            </Flex>
          </Col>
          <Col span={24}>
            <Form.Item name="description" label="项目概述" style={small}>
              <Input.TextArea data-testid="project-description" rows={2} maxLength={500} placeholder="建设内容、实施地点、受益对象等" />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Text strong>分年度申报金额</Typography.Text>
        <Form.List name="amounts">
          {(fields, { add, remove }) => (
            <div style={{ margin: '4px 0 8px' }}>
              {fields.map((field, i) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item name={[field.name, 'year']} style={{ ...small, width: 150 }} rules={[{ required: true, message: '请填写年度' }]}>
                    <InputNumber data-testid={`project-amount-year-${i}`} min={2000} max={2099} precision={0} suffix="年" style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'amount']} style={{ ...small, width: 200 }} rules={moneyRules('申报金额')}>
                    <MoneyInput data-testid={`project-amount-${i}`} placeholder="申报金额" />
                  </Form.Item>
                  <Button size="small" type="text" icon={<DeleteOutlined />} disabled={fields.length <= 1} onClick={() => remove(field.name)} title="删除这一年" />
                </Flex>
              ))}
              <Button
                size="small"
                type="dashed"
                icon={<PlusOutlined />}
                data-testid="project-amount-add"
                onClick={() => {
                  const years = (form.getFieldValue('amounts') as { year: number }[] | undefined)?.map((a) => a.year) ?? [];
                  add({ year: years.length ? Math.max(...years) + 1 : year, amount: '' });
                }}
              >
                增加年度
              </Button>
            </div>
          )}
        </Form.List>

        <Typography.Text strong>绩效目标</Typography.Text>
        <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
          至少填写一个绩效指标才能申报；产出类按序时进度监控，效益、满意度类对照目标值。
        </Typography.Text>
        <Form.List name="targets">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 4 }}>
              {fields.length > 0 && (
                <Flex gap={8} style={{ color: '#6b7280', fontSize: 12, marginBottom: 2 }}>
                  <span style={{ width: 240 }}>指标名称</span>
                  <span style={{ width: 96 }}>类型</span>
                  <span style={{ width: 64 }}>方向</span>
                  <span style={{ width: 110 }}>目标值</span>
                  <span style={{ width: 90 }}>计量单位</span>
                </Flex>
              )}
              {fields.map((field, i) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item name={[field.name, 'id']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} style={{ ...small, width: 240 }} rules={[{ required: true, whitespace: true, message: '请填写指标名称' }]}>
                    <Input data-testid={`target-name-${i}`} placeholder="如 养护村道里程" autoComplete="off" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'type']} style={{ ...small, width: 96 }}>
                    <Select data-testid={`target-type-${i}`} options={TARGET_TYPES.map((t) => ({ value: t, label: t }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'direction']} style={{ ...small, width: 64 }}>
                    <Select options={TARGET_DIRECTIONS.map((d) => ({ value: d, label: d }))} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'targetValue']}
                    style={{ ...small, width: 110 }}
                    rules={[{ required: true, whitespace: true, message: '请填写目标值' }, { pattern: /^\s*\d+(\.\d{1,4})?\s*$/, message: '目标值须为数字（最多4位小数）' }]}
                  >
                    <Input data-testid={`target-value-${i}`} className="xc-num" autoComplete="off" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unit']} style={{ ...small, width: 90 }} rules={[{ required: true, whitespace: true, message: '请填写单位' }]}>
                    <Input data-testid={`target-unit-${i}`} placeholder="公里、%、人" autoComplete="off" />
                  </Form.Item>
                  <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} title="删除这个指标" />
                </Flex>
              ))}
              <Button size="small" type="dashed" icon={<PlusOutlined />} data-testid="target-add" onClick={() => add(newTarget())}>
                增加绩效指标
              </Button>
            </div>
          )}
        </Form.List>
        <button type="submit" hidden />
      </Form>
      {error && <Alert data-testid="project-error" type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </Drawer>
  );
}
