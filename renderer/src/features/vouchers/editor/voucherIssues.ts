import { CommandError } from '../../../../../shared/api';
import type { LineIssue } from './lineIssues';

export interface MappedIssues {
  byRow: Map<number, LineIssue[]>;
  general: string[];
  date: string | null;
}

interface RawIssue {
  line?: unknown;
  field?: unknown;
  message?: unknown;
  path?: unknown;
}

/** The issue list of an error's details: `{ issues }`, `{ warnings }` or a bare array. */
export function rawIssues(details: unknown): RawIssue[] {
  const holder = (details ?? {}) as { issues?: unknown; warnings?: unknown };
  const list = Array.isArray(details)
    ? details
    : Array.isArray(holder.issues)
      ? holder.issues
      : Array.isArray(holder.warnings)
        ? holder.warnings
        : [];
  return list.filter((item): item is RawIssue => typeof item === 'object' && item !== null && typeof (item as RawIssue).message === 'string');
}

/**
 * Puts the core's answer next to the lines it concerns. `rows[i]` is the grid row of the
 * i-th line sent (blank rows are not sent). RULE_VIOLATION issues carry `line`;
 * INVALID_INPUT ones a `path` such as ['lines', 2, 'debit'].
 */
export function mapIssues(error: unknown, rows: readonly number[]): MappedIssues {
  const mapped: MappedIssues = { byRow: new Map(), general: [], date: null };
  if (!(error instanceof CommandError)) return mapped;
  for (const issue of rawIssues(error.details)) {
    const message = issue.message as string;
    let line: number | null = typeof issue.line === 'number' ? issue.line : null;
    let field = typeof issue.field === 'string' ? issue.field : undefined;
    if (Array.isArray(issue.path)) {
      const path = issue.path as unknown[];
      if (path[0] === 'lines' && typeof path[1] === 'number') {
        line = path[1];
        field = path.slice(2).join('.') || undefined;
      } else if (path[0] === 'date') {
        mapped.date = message;
        continue;
      }
    }
    const row = line !== null ? rows[line] : undefined;
    if (row === undefined) {
      if (!mapped.general.includes(message)) mapped.general.push(message);
      continue;
    }
    const list = mapped.byRow.get(row) ?? [];
    list.push({ field, message });
    mapped.byRow.set(row, list);
  }
  return mapped;
}
