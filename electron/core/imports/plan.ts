import type { ImportRunInput } from '../../../shared/api/importCommands';
import type { Book, User } from '../../../shared/api/types';
import type { ImportProblem, MappedRow } from '../../../shared/domain/imports/sheet';
import type { ReadableDB, WritableDB } from '../db/handles';
import type { UploadedFile } from './uploads';

/** What one import would do: its problems, and (when there are none) the write. */
export interface ImportPlan {
  problems: ImportProblem[];
  warnings: ImportProblem[];
  /** In words, for the preview and the answer: “12 张凭证，48 行分录”. */
  summary: string[];
  /** 平行记账 prompts that need a reason before applying. */
  needsReason: boolean;
  /** Writes all of it in the caller's transaction; returns how many records it made. */
  apply(db: WritableDB): number;
}

export interface PlanInput<K extends ImportRunInput['kind'] = ImportRunInput['kind']> {
  book: Book;
  user: User;
  now: Date;
  file: UploadedFile;
  input: Extract<ImportRunInput, { kind: K }>;
  rows: readonly MappedRow[];
  /** 拼音首字母 of account names (computed before the transaction: it is async). */
  initials: ReadonlyMap<string, string>;
}

export type Planner<K extends ImportRunInput['kind']> = (db: ReadableDB | WritableDB, plan: PlanInput<K>) => ImportPlan;
