import type { ReactNode } from 'react';
import { Form, Input, Typography } from 'antd';
import { bookCreateInputSchema } from '../../../../../shared/api';
import { validateRegionCode } from '../../../../../shared/domain';
import { schemaRule } from './schemaRule';

/** 6-digit 财政区划代码, checked while typing; the province name appears once the code is valid. */
export function RegionCodeField() {
  const form = Form.useFormInstance();
  const code = (Form.useWatch('regionCode', form) as string | undefined) ?? '';
  const checked = code.length === 6 ? validateRegionCode(code) : null;

  let extra: ReactNode = '6位数字，前两位为省级代码，如 330102';
  if (checked?.ok) extra = <Typography.Text type="success">{`所属省份：${checked.provinceName}`}</Typography.Text>;
  else if (code.length > 0 && code.length < 6) extra = `已输入 ${code.length} 位，还差 ${6 - code.length} 位`;

  return (
    <Form.Item
      label="财政区划代码"
      name="regionCode"
      required
      extra={extra}
      validateTrigger={['onBlur']}
      normalize={(value: string) => value.replace(/\D/g, '').slice(0, 6)}
      rules={[schemaRule(bookCreateInputSchema.shape.regionCode, '请填写财政区划代码')]}
    >
      <Input
        data-testid="book-region"
        maxLength={6}
        inputMode="numeric"
        placeholder="如 330102"
        style={{ width: 160 }}
        className="xc-num"
        onChange={(event) => {
          // Complete codes are checked at once; partial ones only on leaving the field.
          if (event.target.value.replace(/\D/g, '').length === 6) {
            setTimeout(() => void form.validateFields(['regionCode']).catch(() => undefined), 0);
          }
        }}
      />
    </Form.Item>
  );
}
