import { Descriptions, Typography } from 'antd';
import type { UnitType } from '../../../../../shared/api';
import { formatPeriod, isValidPeriod } from '../../../../../shared/domain';
import { regionLabel } from '../bookLabels';
import type { WizardValues } from './wizardValues';

/** Which accounts differ between the two unit types (财会〔2017〕25号 科目使用说明). */
const UNIT_TYPE_NOTES: Record<UnitType, { includes: string; excludes: string }> = {
  行政单位: {
    includes: '含行政单位专用科目，如 7101 行政支出、2303 应付政府补贴款',
    excludes: '不含仅适用于事业单位的科目，如 4101 事业收入、5101 单位管理费用、7201 事业支出',
  },
  事业单位: {
    includes: '含事业单位专用科目，如 4101 事业收入、5101 单位管理费用、7201 事业支出',
    excludes: '不含仅适用于行政单位的科目，如 7101 行政支出、2303 应付政府补贴款',
  },
};

/** Step 2 of 建账: the entered values and what the core will load into the new 账套. */
export function ReviewStep({ values }: { values: WizardValues }) {
  const period = { year: values.startYear ?? 0, month: values.startMonth ?? 0 };
  const notes = UNIT_TYPE_NOTES[values.unitType];
  return (
    <>
      <Descriptions
        size="small"
        bordered
        column={2}
        title="账套信息"
        items={[
          { key: 'name', label: '单位名称', children: values.name, span: 2 },
          { key: 'region', label: '财政区划', children: regionLabel(values.regionCode) },
          { key: 'unitType', label: '单位类型', children: values.unitType },
          { key: 'period', label: '启用期间', children: isValidPeriod(period) ? formatPeriod(period) : '—' },
          { key: 'supervisor', label: '会计主管', children: values.supervisor },
        ]}
      />
      <Descriptions
        size="small"
        bordered
        column={1}
        title="建账时装入"
        style={{ marginTop: 12 }}
        items={[
          {
            key: 'coa',
            label: '会计科目',
            children: (
              <>
                <div>
                  政府会计制度（财会〔2017〕25号）{values.unitType}适用的会计科目：财务会计科目（资产、负债、净资产、收入、费用）与预算会计科目（预算收入、预算支出、预算结余），以及常用明细科目。
                </div>
                <Typography.Text type="secondary">
                  {notes.includes}；{notes.excludes}。
                </Typography.Text>
              </>
            ),
          },
          {
            key: 'classification',
            label: '政府收支分类科目',
            children: (
              <>
                <div>收入分类、支出功能分类（类/款/项）、部门预算支出经济分类、政府预算支出经济分类（乡镇常用部分）。</div>
                <Typography.Text type="secondary">
                  内置的是乡镇常用部分，其中部分项目尚待与当年正式版本核对，请以财政部当年发布的版本为准。
                </Typography.Text>
              </>
            ),
          },
        ]}
      />
    </>
  );
}
