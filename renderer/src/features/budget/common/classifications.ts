import { useMemo } from 'react';
import type { ClassificationItem, ClassificationKind } from '../../../../../shared/api';
import { useCommand } from '../../../api/useCommand';

export interface CodeOption {
  value: string;
  label: string;
}

/**
 * One classification table of the 账套 as Select options ("2130701 对村民委员会和村党支部的补助"),
 * optionally only one level (功能分类 项级 for projects and budget lines, 经济分类 款级).
 */
export function useClassification(bookId: string, kind: ClassificationKind, level?: string) {
  const list = useCommand('classification.list', { bookId, kind });
  return useMemo(() => {
    const items: ClassificationItem[] = list.status === 'ok' ? list.data : [];
    const names = new Map(items.map((i) => [i.code, i.name]));
    const options: CodeOption[] = items.filter((i) => !level || i.level === level).map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }));
    return { options, names, loading: list.status === 'loading', error: list.status === 'error' ? list.error : null };
  }, [list, level]);
}

export const codeName = (code: string | null | undefined, name: string | null | undefined): string => (code ? `${code} ${name ?? ''}`.trim() : '');

/** Select search over "code name": a code prefix or a fragment of the name. */
export const codeSearch = { optionFilterProp: 'label' } as const;
