import { useEffect, useRef, useState } from 'react';
import { Alert, Col, DatePicker, Descriptions, Form, Input, Modal, Row, Select, Typography } from 'antd';
import type { Book, Indicator, Payment } from '../../../../../shared/api';
import { formatFen, parseMoney, uuidv7 } from '../../../../../shared/domain';
import { api } from '../../../api/transport';
import { codeName } from '../common/classifications';
import { dateItemProps, outsideYear, todayIn } from '../common/dates';
import { placeIssues, topLevel } from '../common/formIssues';
import { fenOf, moneyRules, MoneyInput } from '../common/MoneyInput';

interface Values {
  indicatorId: string;
  amount: string;
  purpose: string;
  payee: { name: string; account: string; bank: string };
  date: string;
}

export const indicatorOption = (i: Indicator) => `${i.docNo}｜${codeName(i.funcCode, i.funcName)}｜${codeName(i.econDepCode, i.econDepName)}${i.projectName ? `｜${i.projectName}` : ''}｜可用 ${formatFen(i.balance.available)}`;

/** The live hint under the amount: what is left after this request, or by how much it is over. */
function AvailableHint({ indicator, amountText }: { indicator: Indicator | undefined; amountText: string | undefined }) {
  if (!indicator) return <span>先选择指标</span>;
  const parsed = parseMoney(amountText ?? '');
  const fen = parsed.ok ? parsed.fen : 0;
  const available = indicator.balance.available;
  if (fen > available) {
    return (
      <span data-testid="payment-hint" style={{ color: '#cf1322' }}>
        超出可用余额 {formatFen(fen - available)} 元（可用 {formatFen(available)} 元）
      </span>
    );
  }
  return (
    <span data-testid="payment-hint">
      可用余额 {formatFen(available)} 元{fen > 0 ? `，申请后剩 ${formatFen(available - fen)} 元` : ''}
    </span>
  );
}

/**
 * 支付申请 against one indicator: the elements are the indicator's own (shown, not typed), and the
 * amount is checked against 可用 as it is typed. The core checks again and holds the amount.
 */
export function PaymentCreateModal({
  book,
  year,
  indicators,
  presetIndicatorId,
  open,
  onClose,
  onCreated,
}: {
  book: Book;
  year: number;
  indicators: Indicator[];
  presetIndicatorId: string | null;
  open: boolean;
  onClose: () => void;
  onCreated: (payment: Payment) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const newId = useRef(uuidv7());
  const indicatorId = Form.useWatch('indicatorId', form);
  const amount = Form.useWatch('amount', form);
  const indicator = indicators.find((i) => i.id === indicatorId);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ indicatorId: presetIndicatorId ?? undefined, amount: '', purpose: '', payee: { name: '', account: '', bank: '' }, date: todayIn(year) });
  }, [open, presetIndicatorId, year, form]);

  async function submit() {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const chosen = indicators.find((i) => i.id === values.indicatorId);
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      const payment = await api.send('budget.paymentCreate', {
        bookId: book.id,
        id: newId.current,
        indicatorId: chosen.id,
        amount: fenOf(values.amount),
        elements: {
          regionCode: chosen.regionCode,
          year: chosen.year,
          funcCode: chosen.funcCode,
          econGovCode: chosen.econGovCode,
          econDepCode: chosen.econDepCode,
          fundNature: chosen.fundNature,
          projectCode: chosen.projectCode,
          docNo: chosen.docNo,
          supDocNo: chosen.supDocNo,
          payMethod: chosen.payMethod,
          directFund: chosen.directFund,
        },
        payee: { name: values.payee.name.trim(), account: values.payee.account.trim(), bank: values.payee.bank.trim() },
        purpose: values.purpose.trim(),
        date: values.date,
      });
      newId.current = uuidv7();
      onCreated(payment);
      onClose();
    } catch (failure) {
      setError(
        placeIssues(form, failure, topLevel('indicatorId', 'amount', 'purpose', 'payee', 'date'), (m) =>
          m.includes('可用余额不足') ? 'amount' : m.includes('申请日期') ? 'date' : null,
        ),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={open} title="新建支付申请" okText="提交申请" okButtonProps={{ 'data-testid': 'payment-create-ok' }} confirmLoading={busy} onOk={submit} onCancel={onClose} destroyOnHidden width={820}>
      <Form<Values> form={form} size="small" layout="vertical" requiredMark={false} onFinish={submit}>
        <Form.Item name="indicatorId" label="支付所用指标" rules={[{ required: true, message: '请选择指标' }]} style={{ marginBottom: 6 }}>
          <Select
            data-testid="payment-indicator"
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="输入文号、功能分类、经济分类或项目查找"
            options={indicators.map((i) => ({ value: i.id, label: indicatorOption(i), disabled: i.balance.available <= 0 }))}
            notFoundContent={`${year}年没有可用的预算指标`}
          />
        </Form.Item>
        {indicator && (
          <Descriptions
            data-testid="payment-elements"
            size="small"
            bordered
            column={3}
            style={{ marginBottom: 8 }}
            items={[
              { label: '指标文号', children: indicator.docNo },
              { label: '支出功能分类', span: 2, children: codeName(indicator.funcCode, indicator.funcName) },
              { label: '部门/政府经济分类', children: `${indicator.econDepCode} / ${indicator.econGovCode}` },
              { label: '项目', children: indicator.projectCode ? `${indicator.projectCode} ${indicator.projectName ?? ''}` : '—' },
              { label: '资金性质', children: indicator.fundNature },
              { label: '支付方式', children: indicator.payMethod },
              { label: '直达资金', children: indicator.directFund ? '是' : '否' },
              { label: '上级指标文号', children: indicator.supDocNo ?? '—' },
            ]}
          />
        )}
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name="amount" label="申请金额" rules={moneyRules('申请金额')} extra={<AvailableHint indicator={indicator} amountText={amount} />} style={{ marginBottom: 6 }}>
              <MoneyInput data-testid="payment-amount" />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="purpose" label="用途" rules={[{ required: true, whitespace: true, message: '请填写用途' }, { max: 80, message: '用途不能超过80个字' }]} style={{ marginBottom: 6 }}>
              <Input data-testid="payment-purpose" placeholder="如：一季度村道养护费" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['payee', 'name']} label="收款人" rules={[{ required: true, whitespace: true, message: '请填写收款人' }]} style={{ marginBottom: 6 }}>
              <Input data-testid="payment-payee" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['payee', 'account']} label="收款账号" rules={[{ required: true, whitespace: true, message: '请填写收款账号' }]} style={{ marginBottom: 6 }}>
              <Input data-testid="payment-account" className="xc-num" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['payee', 'bank']} label="开户银行" rules={[{ required: true, whitespace: true, message: '请填写开户银行' }]} style={{ marginBottom: 6 }}>
              <Input data-testid="payment-bank" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="date" label="申请日期" rules={[{ required: true, message: '请选择申请日期' }]} {...dateItemProps} style={{ marginBottom: 6 }}>
              <DatePicker allowClear={false} format="YYYY-MM-DD" disabledDate={outsideYear(year)} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              提交后申请金额即冻结（在途），审核人审核、出纳或会计确认支付后生成记账凭证；审核人不能是申请人。
            </Typography.Text>
          </Col>
        </Row>
        <button type="submit" hidden />
      </Form>
      {error && <Alert data-testid="payment-create-error" type="error" showIcon title={error} />}
    </Modal>
  );
}
