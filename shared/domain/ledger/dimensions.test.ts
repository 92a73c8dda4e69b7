import { describe, expect, it } from 'vitest';
import { defaultRequiredDims, validateDims } from './dimensions';
import type { LedgerAccount } from './types';

const account = (code: string, requiredDims: LedgerAccount['requiredDims']): LedgerAccount => ({
  code,
  name: '行政支出',
  track: 'budget',
  category: '预算支出',
  normalBalance: 'debit',
  isLeaf: true,
  enabled: true,
  requiredDims,
});

describe('defaultRequiredDims', () => {
  it.each([
    ['710101', 'budget', ['func', 'econ_dep']],
    ['7901', 'budget', ['func', 'econ_dep']],
    ['6001', 'budget', ['func']],
    ['60010101', 'budget', ['func']],
    ['6601', 'budget', []],
    ['800101', 'budget', []],
    ['8101', 'budget', []],
    ['5001', 'financial', []],
    ['1011', 'financial', []],
  ] as const)('%s (%s) → %j', (code, track, dims) => {
    expect(defaultRequiredDims(code, track)).toEqual(dims);
  });
});

describe('validateDims', () => {
  const a = account('710101', ['func', 'econ_dep']);

  it('accepts complete, well-formed dimensions', () => {
    expect(validateDims({ dims: { func: '2010301', econ_dep: '30201' } }, a)).toEqual([]);
  });

  it('reports missing required dimensions (blank counts as missing)', () => {
    expect(validateDims({ dims: { func: '  ' } }, a).map((i) => [i.code, i.field])).toEqual([
      ['DIM_REQUIRED', 'dims.func'],
      ['DIM_REQUIRED', 'dims.econ_dep'],
    ]);
    expect(validateDims({}, a)[0]!.message).toBe('科目 710101 行政支出 须填写辅助核算“支出功能分类”');
  });

  it('requires 项级 functional and 款级 economic codes', () => {
    const issues = validateDims({ dims: { func: '201', econ_dep: '302', econ_gov: '502010' } }, a);
    expect(issues.map((i) => i.message)).toEqual([
      '支出功能分类须细化到项级（7位代码），“201”不符合',
      '部门经济分类须细化到款级（5位代码），“302”不符合',
      '政府经济分类须细化到款级（5位代码），“502010”不符合',
    ]);
  });

  it('checks codes against the tables it is given, and only those', () => {
    const dims = { func: '2010301', econ_dep: '39999', econ_gov: '50201' };
    expect(validateDims({ dims }, a, { econ_dep: new Set(['30201']) }).map((i) => i.message)).toEqual([
      '部门经济分类“39999”不在本年度分类代码表中',
    ]);
    expect(validateDims({ dims }, a)).toEqual([]);
  });

  it('checks the format of dimensions given on accounts that do not require them', () => {
    expect(validateDims({ dims: { func: '20103' } }, account('5001', [])).map((i) => i.code)).toEqual(['DIM_LEVEL']);
  });
});
