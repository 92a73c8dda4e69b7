import { Col, Divider, Form, Input, InputNumber, Radio, Row } from 'antd';
import { bookCreateInputSchema } from '../../../../../shared/api';
import { RegionCodeField } from './RegionCodeField';
import { schemaRule } from './schemaRule';

const shape = bookCreateInputSchema.shape;

/** Step 1 of 建账: who keeps the books, where, and from which period. */
export function UnitFields() {
  return (
    <>
      <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
        单位
      </Divider>
      <Form.Item
        label="单位名称"
        name="name"
        required
        rules={[schemaRule(shape.name, '请填写单位名称')]}
        extra="填写全称，如 某某镇人民政府"
      >
        <Input data-testid="book-name" placeholder="某某镇人民政府" maxLength={60} autoFocus style={{ maxWidth: 360 }} />
      </Form.Item>
      <RegionCodeField />
      <Form.Item
        label="单位类型"
        name="unitType"
        required
        rules={[schemaRule(shape.unitType, '请选择单位类型')]}
        extra="乡镇人民政府是行政单位；乡镇所属的农业、文化等服务中心一般是事业单位"
      >
        <Radio.Group
          data-testid="book-unit-type"
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: '行政单位', label: '行政单位' },
            { value: '事业单位', label: '事业单位' },
          ]}
        />
      </Form.Item>

      <Divider titlePlacement="start" plain>
        启用期间
      </Divider>
      <Row gutter={16}>
        <Col>
          <Form.Item label="启用年度" name="startYear" required rules={[schemaRule(shape.startYear, '请填写启用年度')]}>
            <InputNumber data-testid="book-start-year" min={2000} max={2099} precision={0} suffix="年" style={{ width: 120 }} />
          </Form.Item>
        </Col>
        <Col>
          <Form.Item
            label="启用月份"
            name="startMonth"
            required
            rules={[schemaRule(shape.startMonth, '请填写启用月份')]}
            extra="从这个月开始记账"
          >
            <InputNumber data-testid="book-start-month" min={1} max={12} precision={0} suffix="月" style={{ width: 100 }} />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start" plain>
        人员
      </Divider>
      <Form.Item label="会计主管" name="supervisor" required rules={[schemaRule(shape.supervisor, '请填写会计主管姓名')]}>
        <Input data-testid="book-supervisor" placeholder="姓名" maxLength={20} style={{ width: 200 }} />
      </Form.Item>
    </>
  );
}
