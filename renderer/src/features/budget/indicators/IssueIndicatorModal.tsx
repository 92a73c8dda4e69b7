import { useEffect, useMemo } from 'react';
import { Alert, Checkbox, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import type { Book, CountyApprovalResult } from '../../../../../shared/api';
import { uuidv7 } from '../../../../../shared/domain';
import { FUND_NATURES, PAY_METHODS, type FundNature, type PayMethod } from '../../../../../shared/domain/budget/types';
import { api } from '../../../api/transport';
import { useCommand } from '../../../api/useCommand';
import { codeSearch, useClassification } from '../common/classifications';
import { COUNTY_LABEL, CountyNotice } from '../common/CountyButton';
import { dateItemProps, outsideYear, todayIn } from '../common/dates';
import { placeIssues, topLevel } from '../common/formIssues';
import { fenOf, moneyRules, MoneyInput } from '../common/MoneyInput';
import { useFormSubmit } from '../common/useFormSubmit';

/** Shaped like the 指标下达 action of budget.simulateCountyApproval. */
interface Values {
  docNo: string;
  supDocNo: string;
  funcCode: string;
  econDepCode: string;
  fundNature: FundNature;
  projectId: string | null;
  payMethod: PayMethod;
  directFund: boolean;
  amount: string;
  date: string;
}

/** 指标下达 outside 二下 (a mid-year transfer, 直达资金 from above): one indicator with all its elements. */
export function IssueIndicatorModal({ book, year, open, onClose, onDone }: { book: Book; year: number; open: boolean; onClose: () => void; onDone: (result: CountyApprovalResult) => void }) {
  const [form] = Form.useForm<Values>();
  const { busy, error, setError, submit: run } = useFormSubmit(form);
  const functions = useClassification(book.id, 'expenditure_function', '项');
  const econ = useClassification(book.id, 'expenditure_econ_department', '款');
  const projects = useCommand('budget.projectList', { bookId: book.id });
  const funcCode = Form.useWatch('funcCode', form);
  const fundNature = Form.useWatch('fundNature', form);
  const choices = useMemo(
    () => (projects.status === 'ok' ? projects.data.filter((p) => (p.status === '入库' || p.status === '执行中') && (!funcCode || p.funcCode === funcCode) && (!fundNature || p.fundNature === fundNature)) : []),
    [projects, funcCode, fundNature],
  );

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ docNo: '', supDocNo: '', fundNature: '一般公共预算', projectId: null, payMethod: '直接支付', directFund: false, amount: '', date: todayIn(year) });
  }, [open, year, form]);

  function submit() {
    return run(async (v: Values) => {
      const result = await api.send('budget.simulateCountyApproval', {
        action: '指标下达',
        bookId: book.id,
        id: uuidv7(),
        date: v.date,
        indicatorId: uuidv7(),
        year,
        funcCode: v.funcCode,
        econDepCode: v.econDepCode,
        fundNature: v.fundNature,
        projectId: v.projectId ?? null,
        docNo: v.docNo.trim(),
        supDocNo: v.supDocNo?.trim() || undefined,
        payMethod: v.payMethod,
        directFund: v.directFund,
        amount: fenOf(v.amount),
      });
      onDone(result);
      onClose();
    }, (failure) => placeIssues(form, failure, topLevel('docNo', 'supDocNo', 'funcCode', 'econDepCode', 'fundNature', 'projectId', 'payMethod', 'directFund', 'amount', 'date')));
  }

  return (
    <Modal open={open} title={`${COUNTY_LABEL}：指标下达`} okText="下达指标" okButtonProps={{ 'data-testid': 'issue-ok' }} confirmLoading={busy} onOk={submit} onCancel={onClose} destroyOnHidden width={720}>
      <CountyNotice>年中追加、上级直达资金等不经二下的指标。政府经济分类按部门经济分类自动对应。</CountyNotice>
      <Form<Values> form={form} size="small" layout="vertical" requiredMark={false}>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="docNo" label="指标文号" rules={[{ required: true, whitespace: true, message: '请填写指标文号' }]}>
              <Input placeholder="如 青财预〔2026〕15号" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="supDocNo" label="上级指标文号（可不填）">
              <Input placeholder="直达资金一般有上级文号" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="date" label="下达日期" rules={[{ required: true, message: '请选择下达日期' }]} {...dateItemProps}>
              <DatePicker allowClear={false} format="YYYY-MM-DD" disabledDate={outsideYear(year)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="funcCode" label="支出功能分类（项级）" rules={[{ required: true, message: '请选择功能分类' }]}>
              <Select showSearch={codeSearch} options={functions.options} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="econDepCode" label="部门经济分类（款级）" rules={[{ required: true, message: '请选择经济分类' }]}>
              <Select showSearch={codeSearch} options={econ.options} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="fundNature" label="资金性质">
              <Select options={FUND_NATURES.map((f) => ({ value: f, label: f }))} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="projectId" label="项目（项目支出才选；须与功能分类、资金性质一致）">
              <Select allowClear placeholder="基本支出不选项目" options={choices.map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="payMethod" label="支付方式">
              <Select options={PAY_METHODS.map((p) => ({ value: p, label: p }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="amount" label="金额" rules={moneyRules('金额')}>
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="directFund" label=" " valuePropName="checked">
              <Checkbox>直达资金</Checkbox>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
