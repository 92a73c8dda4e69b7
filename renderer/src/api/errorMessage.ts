import { CommandError } from '../../../shared/api/client';

/** The Chinese message to show for any failure, whether it came from the core or from the page itself. */
export function errorMessage(error: unknown): string {
  if (error instanceof CommandError) return error.message;
  if (error instanceof Error && error.message) return `程序出错：${error.message}`;
  return '程序出错，请重试；如果问题持续，请重新启动乡财通';
}

/** One field problem as the core reports it in INVALID_INPUT `details`. */
export interface FieldIssue {
  path: string[];
  message: string;
}

/**
 * Field problems attached to a failed command. INVALID_INPUT carries them as the `details`
 * array; other codes (e.g. CONFLICT on a duplicate name) as `details.issues`.
 */
export function fieldIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof CommandError)) return [];
  const details = error.details as { issues?: unknown } | unknown[] | null | undefined;
  const list = Array.isArray(details) ? details : Array.isArray(details?.issues) ? details.issues : [];
  return list.filter(
    (item): item is FieldIssue =>
      typeof item === 'object' &&
      item !== null &&
      Array.isArray((item as FieldIssue).path) &&
      typeof (item as FieldIssue).message === 'string',
  );
}
