/**
 * 会计科目导入: sub-accounts under existing parents (or parents earlier in the same file),
 * code 4-2-2 (parent + two digits), with the 辅助核算 each must carry.
 */
import type { DimensionKey } from '../ledger/types';
import { cellText, shown } from './cells';
import { DIMENSION_NAME_WORDS } from './layouts';
import { accountCodeOf } from './vouchers';
import { atRow, type ImportProblem, type MappedRow } from './sheet';

export interface ExistingAccount {
  name: string;
  enabled: boolean;
  /** Has voucher lines (opening balances included): it cannot get children. */
  used: boolean;
}

export interface ImportedAccount {
  row: number;
  code: string;
  parentCode: string;
  name: string;
  /** null: keep the defaults for the code. */
  dims: DimensionKey[] | null;
}

export interface AccountImportResult {
  accounts: ImportedAccount[];
  problems: ImportProblem[];
}

export const MAX_ACCOUNT_NAME = 40;

/** “支出功能分类、部门经济分类” → ['func', 'econ_dep']; unknown words are problems. */
export function parseDimensionList(text: string): { dims: DimensionKey[]; unknown: string[] } {
  const words = text.split(/[、,，;；/\s]+/).filter(Boolean);
  const dims: DimensionKey[] = [];
  const unknown: string[] = [];
  for (const word of words) {
    const key = DIMENSION_NAME_WORDS[word];
    if (!key) unknown.push(word);
    else if (!dims.includes(key)) dims.push(key);
  }
  return { dims, unknown };
}

export function validateAccountRows(rows: readonly MappedRow[], existing: ReadonlyMap<string, ExistingAccount>): AccountImportResult {
  const problems: ImportProblem[] = [];
  const candidates: ImportedAccount[] = [];
  const inFile = new Map<string, number>();
  /** Every code a row names, even a row with errors: a child's message points at it. */
  const mentioned = new Map<string, number>();

  for (const row of rows) {
    const before = problems.length;
    const code = accountCodeOf(row.values.code ?? null);
    const name = cellText(row.values.name ?? null);
    if (code !== '' && !mentioned.has(code)) mentioned.set(code, row.row);
    if (code === '') problems.push(atRow(row.row, '请填写科目编码'));
    else if (!/^\d+$/.test(code)) problems.push(atRow(row.row, `科目编码“${shown(row.values.code ?? null)}”只能是数字`));
    else if (code.length === 4) problems.push(atRow(row.row, `科目编码 ${code} 是一级科目；一级科目由《政府会计制度》规定，不能导入，只能增加下级科目`));
    else if (!/^\d{4}(\d{2}){1,3}$/.test(code)) {
      problems.push(atRow(row.row, `科目编码 ${code} 长度不对：下级科目编码为上级编码加两位（4-2-2，共6、8或10位）`));
    } else if (code.endsWith('00')) problems.push(atRow(row.row, `科目编码 ${code} 的末两位不能是 00（应为 01–99）`));
    if (name === '') problems.push(atRow(row.row, '请填写科目名称'));
    else if (Array.from(name).length > MAX_ACCOUNT_NAME) problems.push(atRow(row.row, `科目名称不能超过${MAX_ACCOUNT_NAME}个字`));

    let dims: DimensionKey[] | null = null;
    const dimsText = cellText(row.values.dims ?? null);
    if (dimsText !== '') {
      const parsed = parseDimensionList(dimsText);
      if (parsed.unknown.length > 0) {
        problems.push(atRow(row.row, `辅助核算“${parsed.unknown.join('、')}”无法识别，可填：${Object.keys(DIMENSION_NAME_WORDS).join('、')}`));
      } else dims = parsed.dims;
    }
    if (problems.length > before) continue;

    const known = existing.get(code);
    const earlier = inFile.get(code);
    if (known) {
      problems.push(atRow(row.row, `科目编码 ${code} 已存在（${known.name}）`));
      continue;
    }
    if (earlier !== undefined) {
      problems.push(atRow(row.row, `科目编码 ${code} 与第 ${earlier} 行重复`));
      continue;
    }
    inFile.set(code, row.row);
    candidates.push({ row: row.row, code, parentCode: code.slice(0, -2), name, dims });
  }

  // Parents: in the book, or (any order) in the file. A parent in the file must itself be accepted.
  const accepted = new Map(candidates.map((c) => [c.code, c]));
  const sorted = [...candidates].sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  for (const c of sorted) {
    const parent = existing.get(c.parentCode);
    if (parent) {
      if (!parent.enabled) problems.push(atRow(c.row, `上级科目 ${c.parentCode} ${parent.name} 已停用`));
      else if (parent.used) problems.push(atRow(c.row, `上级科目 ${c.parentCode} ${parent.name} 已用于凭证或期初余额，不能再增加下级科目`));
      else continue;
    } else if (!accepted.has(c.parentCode)) {
      const parentRow = mentioned.get(c.parentCode);
      problems.push(
        atRow(c.row, parentRow !== undefined ? `上级科目 ${c.parentCode} 在第 ${parentRow} 行有错误，本行不能导入` : `上级科目 ${c.parentCode} 不存在（账上和文件中都没有）`),
      );
    } else continue;
    accepted.delete(c.code);
  }
  return { accounts: sorted.filter((c) => accepted.has(c.code)), problems };
}
