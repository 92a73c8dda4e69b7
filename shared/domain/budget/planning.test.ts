import { describe, expect, it } from 'vitest';
import { computeBasicExpenditure } from './basicExpenditure';
import { checkControlFigures } from './controlFigures';
import { compareSnapshots, type SnapshotLine } from './snapshots';
import { governmentEconFor } from './econMapping';
import { elementMismatches, expenseKindOf, mismatchMessage, type IndicatorElements } from './elements';

describe('基本支出 from the roster', () => {
  it('multiplies headcount by standards and sums equal classifications', () => {
    const result = computeBasicExpenditure(
      [
        { category: '行政编制', headcount: 12 },
        { category: '事业编制', headcount: 5 },
        { category: '离退休', headcount: 0 },
      ],
      [
        { kind: '人员经费', category: '行政编制', econCode: '30101', funcCode: '2010301', perCapita: 4_800_000 },
        { kind: '人员经费', category: '事业编制', econCode: '30101', funcCode: '2010301', perCapita: 4_200_000 },
        { kind: '日常公用经费', category: '行政编制', econCode: '30201', funcCode: '2010301', perCapita: 600_000 },
        { kind: '人员经费', category: '离退休', econCode: '30302', funcCode: '2080501', perCapita: 3_000_000 },
      ],
    );
    expect(result).toEqual({
      ok: true,
      total: 12 * 4_800_000 + 5 * 4_200_000 + 12 * 600_000,
      lines: [
        {
          kind: '人员经费',
          funcCode: '2010301',
          econCode: '30101',
          amount: 78_600_000,
          basis: [
            { category: '行政编制', headcount: 12, perCapita: 4_800_000, amount: 57_600_000 },
            { category: '事业编制', headcount: 5, perCapita: 4_200_000, amount: 21_000_000 },
          ],
        },
        { kind: '日常公用经费', funcCode: '2010301', econCode: '30201', amount: 7_200_000, basis: [{ category: '行政编制', headcount: 12, perCapita: 600_000, amount: 7_200_000 }] },
      ],
    });
  });

  it('names unknown categories and duplicates', () => {
    const result = computeBasicExpenditure(
      [{ category: '行政编制', headcount: 3 }, { category: '行政编制', headcount: 4 }],
      [{ kind: '人员经费', category: '工勤', econCode: '30101', funcCode: '2010301', perCapita: 1 }],
    );
    expect(result).toEqual({ ok: false, errors: ['人员类别“行政编制”重复', '人员经费标准中的人员类别“工勤”不在人员名册中'] });
  });
});

describe('一下 control figures', () => {
  it('caps kinds and projects, and spending without a figure', () => {
    const figures = [
      { kind: '人员经费' as const, projectId: null, amount: 1_000 },
      { kind: '项目支出' as const, projectId: 'p1', amount: 500 },
      { kind: '项目支出' as const, projectId: null, amount: 300 },
    ];
    expect(checkControlFigures([{ kind: '人员经费', projectId: null, amount: 1_000 }, { kind: '项目支出', projectId: 'p1', amount: 500 }, { kind: '项目支出', projectId: 'p2', amount: 300 }], figures)).toEqual([]);
    const excess = checkControlFigures(
      [
        { kind: '人员经费', projectId: null, amount: 600 },
        { kind: '人员经费', projectId: null, amount: 500 },
        { kind: '项目支出', projectId: 'p1', amount: 501 },
        { kind: '日常公用经费', projectId: null, amount: 10 },
      ],
      figures,
      (id) => (id === 'p1' ? '乡村道路养护' : id),
    );
    expect(excess.map((e) => e.message)).toEqual([
      '人员经费超出一下控制数：控制数 10.00 元，二上 11.00 元，超出 1.00 元',
      '日常公用经费没有一下控制数，不能列入二上（0.10 元）',
      '项目“乡村道路养护”超出一下控制数：控制数 5.00 元，二上 5.01 元，超出 0.01 元',
    ]);
  });
});

describe('snapshot comparison', () => {
  const line = (over: Partial<SnapshotLine>): SnapshotLine => ({ section: '人员经费', funcCode: '2010301', econCode: '30101', projectId: null, revenueCode: null, amount: 100, label: 'x', ...over });
  it('matches lines by what they budget and classifies changes', () => {
    const diff = compareSnapshots(
      [line({}), line({ econCode: '30102', amount: 50 }), line({ section: '项目支出', projectId: 'p1', econCode: '31002', amount: 70 })],
      [line({ econCode: '30102', amount: 40 }), line({ amount: 100 }), line({ section: '收入', funcCode: null, econCode: null, revenueCode: '10101', amount: 900 })],
    );
    expect(diff.rows.map((r) => [r.section, r.change, r.delta])).toEqual([
      ['人员经费', '未变', 0],
      ['人员经费', '减少', -10],
      ['项目支出', '删除', -70],
      ['收入', '新增', 900],
    ]);
    expect(diff.totals.人员经费).toEqual({ before: 150, after: 140, delta: -10 });
  });
});

describe('elements', () => {
  const base: IndicatorElements = { regionCode: '420102', year: 2026, funcCode: '2010301', econGovCode: '50201', econDepCode: '30201', fundNature: '一般公共预算', projectCode: null, docNo: '青财预〔2026〕1号', supDocNo: null, payMethod: '直接支付', directFund: false };
  it('lists every element that differs', () => {
    const m = elementMismatches({ ...base, econDepCode: '30202', payMethod: '授权支付', directFund: true }, base);
    expect(mismatchMessage(m, '“青财预〔2026〕1号”')).toBe(
      '支付申请与指标“青财预〔2026〕1号”的要素不一致：部门经济分类（申请为 30202，指标为 30201）；支付方式（申请为 授权支付，指标为 直接支付）；直达资金标识（申请为 是，指标为 否）',
    );
    expect(elementMismatches(base, { ...base })).toEqual([]);
  });
  it('classifies spending kinds and maps economic classifications', () => {
    expect(expenseKindOf('30101', false)).toBe('人员经费');
    expect(expenseKindOf('30302', false)).toBe('人员经费');
    expect(expenseKindOf('30201', false)).toBe('日常公用经费');
    expect(expenseKindOf('30101', true)).toBe('项目支出');
    expect(governmentEconFor('30201', [{ gov: '50201', dep: ['30201'] }])).toBe('50201');
    expect(governmentEconFor('31002', [])).toBe('50306');
    expect(governmentEconFor('30999', [])).toBeNull();
  });
});
