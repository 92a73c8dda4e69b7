/**
 * 预算会计报表 as data. 预算收入支出表 follows domain.md §2 [S26]; 预算结转结余变动表 and
 * 财政拨款预算收入支出表 are SIMPLIFIED first versions (rows only for the totals that account
 * prefixes can express; per-project and 一般公共预算/政府性基金 rows need dimensions).
 * Lines beyond domain.md's list are marked UNVERIFIED.
 */
import type { StatementDefinition } from './statements';
import { terms } from './terms';

/** 财政拨款支出 sub-accounts of 7101 行政支出 and 7201 事业支出. */
const FISCAL_EXPENDITURE = ['710101', '720101'] as const;
/** Budget balance accounts other than 8001 资金结存. */
const FISCAL_BALANCES = ['8101', '8102'] as const;
const OTHER_BALANCES = ['8201', '8202', '8301', '8401', '8501', '8701'] as const;

export const budgetRevenueExpenditureDefinition: StatementDefinition = {
  id: 'budgetRevenueExpenditure',
  title: '预算收入支出表',
  code: '会政预01',
  lines: [
    { key: 'fiscalAppropriation', label: '财政拨款预算收入', indent: 1, formula: terms(-1, 'ytd', '6001') },
    { key: 'institutionRevenue', label: '事业预算收入', indent: 1, formula: terms(-1, 'ytd', '6101') },
    { key: 'grantsFromSuperior', label: '上级补助预算收入', indent: 1, formula: terms(-1, 'ytd', '6201') },
    { key: 'remittancesFromSubsidiaries', label: '附属单位上缴预算收入', indent: 1, formula: terms(-1, 'ytd', '6301') },
    { key: 'businessRevenue', label: '经营预算收入', indent: 1, formula: terms(-1, 'ytd', '6401') },
    { key: 'debtRevenue', label: '债务预算收入', indent: 1, formula: terms(-1, 'ytd', '6501') },
    { key: 'nonSameLevelAppropriation', label: '非同级财政拨款预算收入', indent: 1, formula: terms(-1, 'ytd', '6601') },
    { key: 'investmentIncome', label: '投资预算收益', indent: 1, formula: terms(-1, 'ytd', '6602') },
    { key: 'otherRevenue', label: '其他预算收入', indent: 1, formula: terms(-1, 'ytd', '6609') },
    // 其中 rows use the customary 6609 sub-accounts of coa.json (codes are software convention).
    { key: 'interestRevenue', label: '其中：利息预算收入', indent: 2, formula: terms(-1, 'ytd', '660902') },
    { key: 'donationRevenue', label: '捐赠预算收入', indent: 2, formula: terms(-1, 'ytd', '660901') },
    { key: 'rentalRevenue', label: '租金预算收入', indent: 2, formula: terms(-1, 'ytd', '660903') },
    // 其中：政府性基金收入 needs a 6001 fund-type dimension or sub-account; not in the seed chart yet.
    { key: 'totalRevenue', label: '一、本年预算收入', formula: terms(-1, 'ytd', '6') },
    { key: 'administrativeExpenditure', label: '行政支出', indent: 1, formula: terms(1, 'ytd', '7101') },
    { key: 'institutionExpenditure', label: '事业支出', indent: 1, formula: terms(1, 'ytd', '7201') },
    { key: 'businessExpenditure', label: '经营支出', indent: 1, formula: terms(1, 'ytd', '7301') },
    { key: 'remittancesToSuperior', label: '上缴上级支出', indent: 1, formula: terms(1, 'ytd', '7401') },
    { key: 'grantsToSubsidiaries', label: '对附属单位补助支出', indent: 1, formula: terms(1, 'ytd', '7501') },
    { key: 'investmentExpenditure', label: '投资支出', indent: 1, formula: terms(1, 'ytd', '7601') },
    { key: 'debtRepayment', label: '债务还本支出', indent: 1, formula: terms(1, 'ytd', '7701') },
    { key: 'otherExpenditure', label: '其他支出', indent: 1, formula: terms(1, 'ytd', '7901') },
    // 其中：利息支出 / 捐赠支出 need 7901 sub-accounts (detail list unverified in coa.json).
    { key: 'totalExpenditure', label: '二、本年预算支出', formula: terms(1, 'ytd', '7') },
    { key: 'balance', label: '三、本年预算收支差额', formula: { sum: ['totalRevenue', '-totalExpenditure'] } },
  ],
  checks: [
    {
      label: '本年预算收入 = 各收入项目之和',
      left: ['totalRevenue'],
      right: ['fiscalAppropriation', 'institutionRevenue', 'grantsFromSuperior', 'remittancesFromSubsidiaries', 'businessRevenue', 'debtRevenue', 'nonSameLevelAppropriation', 'investmentIncome', 'otherRevenue'],
    },
    {
      label: '本年预算支出 = 各支出项目之和',
      left: ['totalExpenditure'],
      right: ['administrativeExpenditure', 'institutionExpenditure', 'businessExpenditure', 'remittancesToSuperior', 'grantsToSubsidiaries', 'investmentExpenditure', 'debtRepayment', 'otherExpenditure'],
    },
  ],
};

/**
 * 预算结转结余变动表 (会政预02), SIMPLIFIED: 年末 = 年初 + 年初余额调整 + 本年变动, for
 * 财政拨款结转结余 (8101/8102) and 其他资金结转结余 (8201/8202/8301/8401, plus 8501/8701
 * until they are closed). 本年收支差额 is read from revenue and expenditure, so the table is
 * right before and after 年终结转. Each section's 其他 row takes whatever direct movement
 * the itemised rows miss (normally zero), so the 资金结存 check holds. UNVERIFIED rows:
 * 项目间接费用或管理费, 其他.
 */
export const budgetCarryForwardChangesDefinition: StatementDefinition = {
  id: 'budgetCarryForwardChanges',
  title: '预算结转结余变动表',
  code: '会政预02',
  lines: [
    { key: 'fiscalOpening', label: '财政拨款结转结余：年初余额', formula: terms(-1, 'opening', ...FISCAL_BALANCES) },
    { key: 'fiscalOpeningAdjustment', label: '年初余额调整', indent: 1, formula: terms(-1, 'ytd', '810101', '810201') },
    { key: 'fiscalNet', label: '本年收支差额', indent: 1, formula: [...terms(-1, 'ytd', '6001'), ...terms(-1, 'ytd', ...FISCAL_EXPENDITURE)] },
    { key: 'fiscalPooledIn', label: '归集调入', indent: 1, formula: terms(-1, 'ytd', '810102') },
    { key: 'fiscalPooledOut', label: '归集上缴或调出', indent: 1, formula: terms(-1, 'ytd', '810103', '810104', '810202') },
    { key: 'fiscalInternal', label: '单位内部调剂', indent: 1, formula: terms(-1, 'ytd', '810105', '810203') },
    {
      key: 'fiscalOther',
      label: '其他',
      indent: 1,
      formula: [
        ...terms(-1, 'ytd', ...FISCAL_BALANCES),
        ...terms(1, 'ytd', '810101', '810201', '810102', '810103', '810104', '810202', '810105', '810203'),
      ],
    },
    { key: 'fiscalChange', label: '本年变动金额', indent: 1, formula: { sum: ['fiscalNet', 'fiscalPooledIn', 'fiscalPooledOut', 'fiscalInternal', 'fiscalOther'] } },
    { key: 'fiscalClosing', label: '财政拨款结转结余：年末余额', formula: { sum: ['fiscalOpening', 'fiscalOpeningAdjustment', 'fiscalChange'] } },

    { key: 'otherOpening', label: '其他资金结转结余：年初余额', formula: terms(-1, 'opening', ...OTHER_BALANCES) },
    { key: 'otherOpeningAdjustment', label: '年初余额调整', indent: 1, formula: terms(-1, 'ytd', '820101', '820201') },
    {
      key: 'otherNet',
      label: '本年收支差额',
      indent: 1,
      formula: [
        ...terms(-1, 'ytd', '6', '7'),
        ...terms(1, 'ytd', '6001', ...FISCAL_EXPENDITURE),
      ],
    },
    { key: 'otherReturned', label: '缴回资金', indent: 1, formula: terms(-1, 'ytd', '820102') },
    { key: 'otherIndirectCosts', label: '项目间接费用或管理费', indent: 1, formula: terms(-1, 'ytd', '820103', '820202') },
    {
      key: 'otherOther',
      label: '其他（使用专用结余、支付所得税等）',
      indent: 1,
      formula: [...terms(-1, 'ytd', ...OTHER_BALANCES), ...terms(1, 'ytd', '820101', '820201', '820102', '820103', '820202')],
    },
    { key: 'otherChange', label: '本年变动金额', indent: 1, formula: { sum: ['otherNet', 'otherReturned', 'otherIndirectCosts', 'otherOther'] } },
    { key: 'otherClosing', label: '其他资金结转结余：年末余额', formula: { sum: ['otherOpening', 'otherOpeningAdjustment', 'otherChange'] } },

    { key: 'totalClosing', label: '年末预算结转结余合计', formula: { sum: ['fiscalClosing', 'otherClosing'] } },
    { key: 'fundBalance', label: '资金结存期末余额', hidden: true, formula: terms(1, 'closing', '8001') },
  ],
  // domain.md: after closing, 8001 = 8101+8102+8201+8202+8301+8401 (unverified; follows from
  // double entry). Here it is checked in a form that also holds before 年终结转.
  checks: [{ label: '年末预算结转结余合计 = 资金结存期末余额', left: ['totalClosing'], right: ['fundBalance'] }],
};

/**
 * 财政拨款预算收入支出表 (会政预03), SIMPLIFIED to the 合计 row laid out as lines (the
 * official table has one row per 一般公共预算/政府性基金 × 基本支出/项目支出, which needs the
 * fund and project dimensions). Columns per domain.md, which marks them unverified.
 * 本年财政拨款支出 is not split into 人员经费/日常公用经费/项目 here: 7101 keeps that split
 * in dimensions, not sub-accounts.
 */
export const fiscalAppropriationBudgetDefinition: StatementDefinition = {
  id: 'fiscalAppropriationBudget',
  title: '财政拨款预算收入支出表',
  code: '会政预03',
  lines: [
    { key: 'opening', label: '年初财政拨款结转结余', formula: terms(-1, 'opening', ...FISCAL_BALANCES) },
    { key: 'openingAdjustment', label: '调整年初财政拨款结转结余', formula: terms(-1, 'ytd', '810101', '810201') },
    { key: 'pooledIn', label: '本年归集调入', formula: terms(-1, 'ytd', '810102') },
    { key: 'pooledOut', label: '本年归集上缴或调出', formula: terms(-1, 'ytd', '810103', '810104', '810202') },
    { key: 'internal', label: '单位内部调剂', formula: terms(-1, 'ytd', '810105', '810203') },
    { key: 'revenue', label: '本年财政拨款收入', formula: terms(-1, 'ytd', '6001') },
    { key: 'revenuePersonnel', label: '其中：基本支出—人员经费', indent: 1, formula: terms(-1, 'ytd', '60010101') },
    { key: 'revenueOperating', label: '基本支出—日常公用经费', indent: 1, formula: terms(-1, 'ytd', '60010102') },
    { key: 'revenueProjects', label: '项目支出', indent: 1, formula: terms(-1, 'ytd', '600102') },
    { key: 'expenditure', label: '本年财政拨款支出', formula: terms(1, 'ytd', ...FISCAL_EXPENDITURE) },
    {
      key: 'closing',
      label: '年末财政拨款结转结余',
      formula: { sum: ['opening', 'openingAdjustment', 'pooledIn', 'pooledOut', 'internal', 'revenue', '-expenditure'] },
    },
    {
      key: 'bookClosing',
      label: '财政拨款结转结余账面余额（含未结转收支）',
      hidden: true,
      formula: terms(-1, 'closing', ...FISCAL_BALANCES, '6001', ...FISCAL_EXPENDITURE),
    },
  ],
  checks: [{ label: '年末财政拨款结转结余 = 账面余额', left: ['closing'], right: ['bookClosing'] }],
};
