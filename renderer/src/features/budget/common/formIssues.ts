import type { FormInstance } from 'antd';
import { errorMessage, fieldIssues } from '../../../api/errorMessage';

/**
 * Puts the core's field problems next to the fields they name and answers the message for the
 * form's own alert. INVALID_INPUT paths follow the command's input, and the budget forms are
 * shaped like their command inputs (amounts.0.amount, targets.1.name …), so most land on a
 * field. `place` says whether a path is a field of this form; `guess` may name the field a
 * RULE_VIOLATION or CONFLICT is about (e.g. 项目编码 taken): the core's message then shows
 * under that field, as-is, and null is answered (nothing more for the alert).
 */
export function placeIssues(
  form: FormInstance,
  error: unknown,
  place: (path: readonly (string | number)[]) => boolean,
  guess?: (message: string) => (string | number)[] | string | null,
): string | null {
  const issues = fieldIssues(error);
  const leftover: string[] = [];
  for (const issue of issues) {
    const path = issue.path as unknown as (string | number)[];
    if (path.length > 0 && place(path)) form.setFields([{ name: path, errors: [issue.message] }]);
    else leftover.push(issue.message);
  }
  if (issues.length > 0) return leftover.length > 0 ? leftover.join('；') : '填写有误：请按标红处的提示修改后再保存';
  const message = errorMessage(error);
  const field = guess?.(message);
  if (field) {
    form.setFields([{ name: field, errors: [message] }]);
    return null;
  }
  return message;
}

/** A `place` for forms whose fields are these top-level names (lists included). */
export const topLevel =
  (...names: string[]) =>
  (path: readonly (string | number)[]): boolean =>
    names.includes(String(path[0]));
