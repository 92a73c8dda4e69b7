/**
 * 财务会计报表 (财会〔2017〕25号 formats) as data. Line lists follow domain.md §2, which marks
 * them "from memory (unverified)"; lines flagged UNVERIFIED below go beyond what domain.md
 * states and must be checked against the official 格式 before filing.
 */
import type { StatementDefinition } from './statements';
import { terms } from './terms';

/** 受托代理 cash sub-accounts: left out of 货币资金, shown under 受托代理资产 (unverified in domain.md). */
const TRUST_CASH = ['100199', '100299'] as const;

export const balanceSheetDefinition: StatementDefinition = {
  id: 'balanceSheet',
  title: '资产负债表',
  code: '会政财01',
  lines: [
    { key: 'cash', label: '货币资金', indent: 1, formula: [...terms(1, 'closing', '1001', '1002', '1011', '1021'), ...terms(-1, 'closing', ...TRUST_CASH)] },
    { key: 'shortTermInvestments', label: '短期投资', indent: 1, formula: terms(1, 'closing', '1101') },
    { key: 'fiscalQuotaReceivable', label: '财政应返还额度', indent: 1, formula: terms(1, 'closing', '1201') },
    { key: 'notesReceivable', label: '应收票据', indent: 1, formula: terms(1, 'closing', '1211') },
    // domain.md: "1212 − 1219 share". 1219 is not split between 应收账款 and 其他应收款 in
    // the chart, so v1 nets all of it here. UNVERIFIED.
    { key: 'accountsReceivableNet', label: '应收账款净额', indent: 1, formula: [...terms(1, 'closing', '1212'), ...terms(1, 'closing', '1219')] },
    { key: 'prepayments', label: '预付账款', indent: 1, formula: terms(1, 'closing', '1214') },
    { key: 'dividendsReceivable', label: '应收股利', indent: 1, formula: terms(1, 'closing', '1215') },
    { key: 'interestReceivable', label: '应收利息', indent: 1, formula: terms(1, 'closing', '1216') },
    { key: 'otherReceivablesNet', label: '其他应收款净额', indent: 1, formula: terms(1, 'closing', '1218') },
    { key: 'inventories', label: '存货', indent: 1, formula: terms(1, 'closing', '1301', '1302', '1303') },
    { key: 'prepaidExpenses', label: '待摊费用', indent: 1, formula: terms(1, 'closing', '1401') },
    {
      key: 'currentAssets',
      label: '流动资产合计',
      formula: { sum: ['cash', 'shortTermInvestments', 'fiscalQuotaReceivable', 'notesReceivable', 'accountsReceivableNet', 'prepayments', 'dividendsReceivable', 'interestReceivable', 'otherReceivablesNet', 'inventories', 'prepaidExpenses'] },
    },
    { key: 'longTermEquityInvestments', label: '长期股权投资', indent: 1, formula: terms(1, 'closing', '1501') },
    { key: 'longTermBondInvestments', label: '长期债券投资', indent: 1, formula: terms(1, 'closing', '1502') },
    { key: 'fixedAssetsCost', label: '固定资产原值', indent: 1, formula: terms(1, 'closing', '1601') },
    { key: 'fixedAssetsDepreciation', label: '减：固定资产累计折旧', indent: 1, formula: terms(-1, 'closing', '1602') },
    { key: 'fixedAssetsNet', label: '固定资产净值', indent: 1, formula: { sum: ['fixedAssetsCost', '-fixedAssetsDepreciation'] } },
    { key: 'constructionMaterials', label: '工程物资', indent: 1, formula: terms(1, 'closing', '1611') },
    { key: 'constructionInProgress', label: '在建工程', indent: 1, formula: terms(1, 'closing', '1613') },
    { key: 'intangiblesCost', label: '无形资产原值', indent: 1, formula: terms(1, 'closing', '1701') },
    { key: 'intangiblesAmortisation', label: '减：无形资产累计摊销', indent: 1, formula: terms(-1, 'closing', '1702') },
    { key: 'intangiblesNet', label: '无形资产净值', indent: 1, formula: { sum: ['intangiblesCost', '-intangiblesAmortisation'] } },
    { key: 'researchAndDevelopment', label: '研发支出', indent: 1, formula: terms(1, 'closing', '1703') },
    { key: 'infrastructureCost', label: '公共基础设施原值', indent: 1, formula: terms(1, 'closing', '1801') },
    { key: 'infrastructureDepreciation', label: '减：公共基础设施累计折旧（摊销）', indent: 1, formula: terms(-1, 'closing', '1802') },
    { key: 'infrastructureNet', label: '公共基础设施净值', indent: 1, formula: { sum: ['infrastructureCost', '-infrastructureDepreciation'] } },
    { key: 'reserveMaterials', label: '政府储备物资', indent: 1, formula: terms(1, 'closing', '1811') },
    { key: 'culturalAssets', label: '文物文化资产', indent: 1, formula: terms(1, 'closing', '1821') },
    { key: 'housingCost', label: '保障性住房原值', indent: 1, formula: terms(1, 'closing', '1831') },
    { key: 'housingDepreciation', label: '减：保障性住房累计折旧', indent: 1, formula: terms(-1, 'closing', '1832') },
    { key: 'housingNet', label: '保障性住房净值', indent: 1, formula: { sum: ['housingCost', '-housingDepreciation'] } },
    { key: 'longTermPrepaidExpenses', label: '长期待摊费用', indent: 1, formula: terms(1, 'closing', '1901') },
    { key: 'assetsPendingDisposal', label: '待处理财产损溢', indent: 1, formula: terms(1, 'closing', '1902') },
    {
      key: 'nonCurrentAssets',
      label: '非流动资产合计',
      formula: { sum: ['longTermEquityInvestments', 'longTermBondInvestments', 'fixedAssetsNet', 'constructionMaterials', 'constructionInProgress', 'intangiblesNet', 'researchAndDevelopment', 'infrastructureNet', 'reserveMaterials', 'culturalAssets', 'housingNet', 'longTermPrepaidExpenses', 'assetsPendingDisposal'] },
    },
    { key: 'trustAssets', label: '受托代理资产', formula: terms(1, 'closing', '1891', ...TRUST_CASH) },
    { key: 'totalAssets', label: '资产总计', formula: { sum: ['currentAssets', 'nonCurrentAssets', 'trustAssets'] } },

    { key: 'shortTermBorrowings', label: '短期借款', indent: 1, formula: terms(-1, 'closing', '2001') },
    { key: 'vatPayable', label: '应交增值税', indent: 1, formula: terms(-1, 'closing', '2101') },
    { key: 'otherTaxesPayable', label: '其他应交税费', indent: 1, formula: terms(-1, 'closing', '2102') },
    { key: 'dueToTreasury', label: '应缴财政款', indent: 1, formula: terms(-1, 'closing', '2103') },
    { key: 'payroll', label: '应付职工薪酬', indent: 1, formula: terms(-1, 'closing', '2201') },
    { key: 'notesPayable', label: '应付票据', indent: 1, formula: terms(-1, 'closing', '2301') },
    { key: 'accountsPayable', label: '应付账款', indent: 1, formula: terms(-1, 'closing', '2302') },
    { key: 'subsidiesPayable', label: '应付政府补贴款', indent: 1, formula: terms(-1, 'closing', '2303') },
    { key: 'interestPayable', label: '应付利息', indent: 1, formula: terms(-1, 'closing', '2304') },
    { key: 'advancesReceived', label: '预收账款', indent: 1, formula: terms(-1, 'closing', '2305') },
    { key: 'otherPayables', label: '其他应付款', indent: 1, formula: terms(-1, 'closing', '2307') },
    { key: 'accruedExpenses', label: '预提费用', indent: 1, formula: terms(-1, 'closing', '2401') },
    {
      key: 'currentLiabilities',
      label: '流动负债合计',
      formula: { sum: ['shortTermBorrowings', 'vatPayable', 'otherTaxesPayable', 'dueToTreasury', 'payroll', 'notesPayable', 'accountsPayable', 'subsidiesPayable', 'interestPayable', 'advancesReceived', 'otherPayables', 'accruedExpenses'] },
    },
    { key: 'longTermBorrowings', label: '长期借款', indent: 1, formula: terms(-1, 'closing', '2501') },
    { key: 'longTermPayables', label: '长期应付款', indent: 1, formula: terms(-1, 'closing', '2502') },
    { key: 'provisions', label: '预计负债', indent: 1, formula: terms(-1, 'closing', '2601') },
    { key: 'nonCurrentLiabilities', label: '非流动负债合计', formula: { sum: ['longTermBorrowings', 'longTermPayables', 'provisions'] } },
    { key: 'trustLiabilities', label: '受托代理负债', formula: terms(-1, 'closing', '2901') },
    { key: 'totalLiabilities', label: '负债合计', formula: { sum: ['currentLiabilities', 'nonCurrentLiabilities', 'trustLiabilities'] } },

    // 3501 以前年度盈余调整 is shown with 累计盈余 until it is closed into 3001. UNVERIFIED.
    { key: 'accumulatedSurplus', label: '累计盈余', indent: 1, formula: terms(-1, 'closing', '3001', '3501') },
    { key: 'specialFunds', label: '专用基金', indent: 1, formula: terms(-1, 'closing', '3101') },
    { key: 'equityMethodAdjustment', label: '权益法调整', indent: 1, formula: terms(-1, 'closing', '3201') },
    // Monthly-only lines (domain.md: unverified). 本期盈余 includes revenue and expense not
    // yet closed into 3301, so the sheet balances before 月末结账 too.
    { key: 'transfersOfNetAssets', label: '无偿调拨净资产*', indent: 1, formula: terms(-1, 'closing', '3401') },
    { key: 'currentSurplus', label: '本期盈余*', indent: 1, formula: terms(-1, 'closing', '3301', '3302', '4', '5') },
    { key: 'totalNetAssets', label: '净资产合计', formula: { sum: ['accumulatedSurplus', 'specialFunds', 'equityMethodAdjustment', 'transfersOfNetAssets', 'currentSurplus'] } },
    { key: 'totalLiabilitiesAndNetAssets', label: '负债和净资产总计', formula: { sum: ['totalLiabilities', 'totalNetAssets'] } },
  ],
  checks: [{ label: '资产总计 = 负债和净资产总计', left: ['totalAssets'], right: ['totalLiabilitiesAndNetAssets'] }],
};

/** 收入费用表. Written for the 本月数 column; evaluate with `{ flowBasis: 'ytd' }` for 本年累计数. */
export const incomeExpenseStatementDefinition: StatementDefinition = {
  id: 'incomeExpense',
  title: '收入费用表',
  code: '会政财02',
  lines: [
    { key: 'fiscalAppropriation', label: '财政拨款收入', indent: 1, formula: terms(-1, 'period', '4001') },
    // "其中" lines are not part of any sum.
    { key: 'fiscalAppropriationGovFund', label: '其中：政府性基金收入', indent: 2, formula: terms(-1, 'period', '400102') },
    { key: 'operatingRevenueOfInstitutions', label: '事业收入', indent: 1, formula: terms(-1, 'period', '4101') },
    { key: 'grantsFromSuperior', label: '上级补助收入', indent: 1, formula: terms(-1, 'period', '4201') },
    { key: 'remittancesFromSubsidiaries', label: '附属单位上缴收入', indent: 1, formula: terms(-1, 'period', '4301') },
    { key: 'businessRevenue', label: '经营收入', indent: 1, formula: terms(-1, 'period', '4401') },
    { key: 'nonSameLevelAppropriation', label: '非同级财政拨款收入', indent: 1, formula: terms(-1, 'period', '4601') },
    { key: 'investmentIncome', label: '投资收益', indent: 1, formula: terms(-1, 'period', '4602') },
    { key: 'donationRevenue', label: '捐赠收入', indent: 1, formula: terms(-1, 'period', '4603') },
    { key: 'interestRevenue', label: '利息收入', indent: 1, formula: terms(-1, 'period', '4604') },
    { key: 'rentalRevenue', label: '租金收入', indent: 1, formula: terms(-1, 'period', '4605') },
    { key: 'otherRevenue', label: '其他收入', indent: 1, formula: terms(-1, 'period', '4609') },
    // Any other 4xxx the unit adds still counts, so 本期收入 is taken from the prefix.
    { key: 'totalRevenue', label: '本期收入', formula: terms(-1, 'period', '4') },
    { key: 'operatingExpenses', label: '业务活动费用', indent: 1, formula: terms(1, 'period', '5001') },
    { key: 'administrativeExpenses', label: '单位管理费用', indent: 1, formula: terms(1, 'period', '5101') },
    { key: 'businessExpenses', label: '经营费用', indent: 1, formula: terms(1, 'period', '5201') },
    { key: 'assetDisposalExpenses', label: '资产处置费用', indent: 1, formula: terms(1, 'period', '5301') },
    { key: 'remittancesToSuperior', label: '上缴上级费用', indent: 1, formula: terms(1, 'period', '5401') },
    { key: 'grantsToSubsidiaries', label: '对附属单位补助费用', indent: 1, formula: terms(1, 'period', '5501') },
    { key: 'incomeTaxExpense', label: '所得税费用', indent: 1, formula: terms(1, 'period', '5801') },
    { key: 'otherExpenses', label: '其他费用', indent: 1, formula: terms(1, 'period', '5901') },
    { key: 'totalExpenses', label: '本期费用', formula: terms(1, 'period', '5') },
    { key: 'surplus', label: '本期盈余', formula: { sum: ['totalRevenue', '-totalExpenses'] } },
  ],
  checks: [
    {
      label: '本期收入 = 各收入项目之和',
      left: ['totalRevenue'],
      right: ['fiscalAppropriation', 'operatingRevenueOfInstitutions', 'grantsFromSuperior', 'remittancesFromSubsidiaries', 'businessRevenue', 'nonSameLevelAppropriation', 'investmentIncome', 'donationRevenue', 'interestRevenue', 'rentalRevenue', 'otherRevenue'],
    },
    {
      label: '本期费用 = 各费用项目之和',
      left: ['totalExpenses'],
      right: ['operatingExpenses', 'administrativeExpenses', 'businessExpenses', 'assetDisposalExpenses', 'remittancesToSuperior', 'grantsToSubsidiaries', 'incomeTaxExpense', 'otherExpenses'],
    },
  ],
};

/**
 * 净资产变动表 — SIMPLIFIED first version: only the 合计 column (all net assets together)
 * with domain.md's rows; the 累计盈余 / 专用基金 / 权益法调整 columns come later. Row
 * contents beyond domain.md's list are UNVERIFIED (归集调整 read as direct 3001 movements;
 * 3301/3302 direct movements, normally none, kept in 其他 so the check holds).
 */
export const netAssetChangesDefinition: StatementDefinition = {
  id: 'netAssetChanges',
  title: '净资产变动表',
  code: '会政财03',
  lines: [
    { key: 'priorYearEnd', label: '一、上年年末余额', formula: terms(-1, 'opening', '3') },
    { key: 'priorYearAdjustments', label: '二、以前年度盈余调整', formula: terms(-1, 'ytd', '3501') },
    { key: 'yearOpening', label: '三、本年年初余额', formula: { sum: ['priorYearEnd', 'priorYearAdjustments'] } },
    { key: 'surplus', label: '（一）本年盈余', indent: 1, formula: terms(-1, 'ytd', '4', '5') },
    { key: 'transfers', label: '（二）无偿调拨净资产', indent: 1, formula: terms(-1, 'ytd', '3401') },
    { key: 'budgetPooling', label: '（三）归集调整预算结转结余', indent: 1, formula: terms(-1, 'ytd', '3001') },
    { key: 'specialFunds', label: '（四）提取或设置专用基金、使用专用基金', indent: 1, formula: terms(-1, 'ytd', '3101') },
    { key: 'equityMethod', label: '（五）权益法调整', indent: 1, formula: terms(-1, 'ytd', '3201') },
    { key: 'other', label: '（六）其他', indent: 1, formula: terms(-1, 'ytd', '3301', '3302') },
    { key: 'yearChange', label: '四、本年变动金额', formula: { sum: ['surplus', 'transfers', 'budgetPooling', 'specialFunds', 'equityMethod', 'other'] } },
    { key: 'yearEnd', label: '五、本年年末余额', formula: { sum: ['yearOpening', 'yearChange'] } },
    { key: 'bookNetAssets', label: '净资产账面余额', hidden: true, formula: terms(-1, 'closing', '3', '4', '5') },
  ],
  checks: [{ label: '本年年末余额 = 净资产账面余额', left: ['yearEnd'], right: ['bookNetAssets'] }],
};
