import { AppError } from '../../../shared/api/errors';
import { uuidv7 } from '../../../shared/domain/id';
import { formatFen } from '../../../shared/domain/money';
import { expenseKindOf } from '../../../shared/domain/budget/elements';
import { validateIndicatorRows } from '../../../shared/domain/imports/indicators';
import { sql } from '../db/sql';
import { addMovement } from '../budget/indicators';
import { moveProject, requireProject } from '../budget/projects';
import { followQuota } from '../budget/quota';
import type { Planner } from './plan';
import { AGENCY_SETTING, indicatorView } from './views';

/**
 * 指标导入 from the provincial 一体化 export. One county record (origin 'county': real data
 * from the province, not the development simulation) holds the file's name and SHA-256; each
 * row becomes an indicator with a 下达 movement of its amount on the chosen date, through the
 * indicator ledger's own addMovement. A 入库 project starts executing with its first indicator;
 * an 授权支付 indicator books its quota arrival voucher as every 下达 does (budget/quota.ts).
 */
export const planIndicators: Planner<'indicators'> = (db, p) => {
  const { book, user, input } = p;
  const result = validateIndicatorRows(p.rows, indicatorView(db, book));
  const problems = [...result.problems];
  const issueYear = Number(input.issueDate.slice(0, 4));
  if (result.year !== null && result.year !== issueYear) {
    problems.unshift({ row: null, message: `下达日期 ${input.issueDate} 不在文件的年度 ${result.year} 内，请选择 ${result.year} 年的日期` });
  }
  const total = result.indicators.reduce((n, i) => n + i.amount, 0);
  return {
    problems,
    warnings: [],
    summary: [
      `${result.indicators.length} 条指标，金额合计 ${formatFen(total)}${result.year ? `，${result.year}年度` : ''}`,
      `预算单位：${result.agency ?? '（未填）'}；下达日期 ${input.issueDate}`,
    ],
    needsReason: false,
    apply(tx) {
      const at = p.now.toISOString();
      const recordId = uuidv7();
      tx.run(sql`
        INSERT INTO budget_county_record (id, book_id, year, action, doc_no, date, origin, payload, user_id, at)
        VALUES (${recordId}, ${book.id}, ${result.year ?? issueYear}, '指标导入', NULL, ${input.issueDate}, 'county',
                ${JSON.stringify({
                  fileName: p.file.fileName, sha256: p.file.sha256, rows: result.indicators.length, agency: result.agency,
                  // 指标类型, 预算级次, 资金管理处室: no column of their own on an indicator, kept here as the file gave them.
                  extra: result.indicators.filter((i) => Object.keys(i.extra).length > 0).map((i) => ({ row: i.row, docNo: i.docNo, ...i.extra })),
                })}, ${user.id}, ${at})`);
      for (const i of result.indicators) {
        if (i.projectId) {
          const project = requireProject(tx, book.id, i.projectId);
          if (project.status === '入库') moveProject(tx, project, 'start', user, at, '指标导入，项目开始执行');
        }
        const id = uuidv7();
        tx.run(sql`
          INSERT INTO budget_indicator (id, book_id, year, region_code, func_code, econ_gov_code, econ_dep_code, fund_nature, project_id,
                                        doc_no, sup_doc_no, pay_method, direct_fund, expense_kind, origin, record_id, submission_id, created_at)
          VALUES (${id}, ${book.id}, ${i.year}, ${book.regionCode}, ${i.funcCode}, ${i.econGovCode}, ${i.econDepCode}, ${i.fundNature},
                  ${i.projectId}, ${i.docNo}, ${i.supDocNo}, ${i.payMethod}, ${i.directFund ? 1 : 0},
                  ${expenseKindOf(i.econDepCode, i.projectId !== null)}, 'county', ${recordId}, NULL, ${at})`);
        addMovement(tx, {
          bookId: book.id, indicatorId: id, kind: '下达', amount: i.amount, date: input.issueDate, refKind: 'county', refId: recordId,
          summary: `下达指标 ${i.docNo}（导入：${p.file.fileName}）`, userId: user.id, at,
        });
        // 授权支付: the quota arrives with the indicator, as with every 下达 (budget/quota.ts).
        followQuota(tx, { book, user, indicatorId: id, date: input.issueDate, voucherId: uuidv7(), ref: { kind: 'county', id: recordId }, at });
      }
      if (result.agency) {
        tx.run(sql`INSERT INTO book_setting (book_id, key, value) VALUES (${book.id}, ${AGENCY_SETTING}, ${result.agency})
                   ON CONFLICT (book_id, key) DO NOTHING`);
      }
      if (result.indicators.length === 0) throw new AppError('RULE_VIOLATION', '文件中没有可导入的指标');
      return result.indicators.length;
    },
  };
};
