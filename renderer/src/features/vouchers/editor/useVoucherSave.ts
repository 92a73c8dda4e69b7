import { useCallback, useMemo, useRef, useState } from 'react';
import { App } from 'antd';
import { CommandError, type Voucher } from '../../../../../shared/api';
import { api } from '../../../api/transport';
import type { LineIssue } from './lineIssues';
import { mapIssues, rawIssues, type MappedIssues } from './voucherIssues';
import { amountOf, isBlankLine, toSaveInput, type LineForm, type VoucherForm } from './voucherForm';

export type SaveOutcome = 'saved' | 'confirm' | 'failed';

const NONE: MappedIssues = { byRow: new Map(), general: [], date: null };

/** Problems the form can see before asking the core: amounts that do not parse, no lines. */
function precheck(lines: readonly LineForm[]): MappedIssues | null {
  const byRow = new Map<number, LineIssue[]>();
  lines.forEach((line, row) => {
    for (const side of ['debit', 'credit'] as const) {
      const value = amountOf(line[side]);
      if (!value.ok) {
        const list = byRow.get(row) ?? [];
        list.push({ field: side, message: `第${row + 1}行${side === 'debit' ? '借方' : '贷方'}金额：${value.message}` });
        byRow.set(row, list);
      }
    }
  });
  if (byRow.size > 0) return { byRow, general: ['有金额填写不正确，请按红字提示修改后再保存'], date: null };
  if (lines.filter((line) => !isBlankLine(line)).length === 0) return { byRow, general: ['请先填写分录：摘要、会计科目和金额'], date: null };
  return null;
}

/**
 * voucher.save with its answers: saved → onSaved; NEEDS_CONFIRMATION (平行记账) → the
 * warnings to confirm with a reason; RULE_VIOLATION / INVALID_INPUT → issues by grid row.
 * The voucher id stays the same across retries, so a repeated save updates one draft.
 */
export function useVoucherSave(bookId: string, { onSaved }: { onSaved: (voucher: Voucher) => void }) {
  const { message, notification } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [issues, setIssues] = useState<MappedIssues>(NONE);
  const [confirming, setConfirming] = useState<string[] | null>(null);
  const [lastReason, setLastReason] = useState('');
  const inFlight = useRef(false);
  const savedRef = useRef(onSaved);
  savedRef.current = onSaved;

  const save = useCallback(
    async (form: VoucherForm, lines: readonly LineForm[], reason?: string): Promise<SaveOutcome> => {
      if (inFlight.current) return 'failed';
      const local = precheck(lines);
      if (local) {
        setIssues(local);
        return 'failed';
      }
      const { input, rows } = toSaveInput(bookId, form, lines, reason);
      inFlight.current = true;
      setSaving(true);
      if (reason) setLastReason(reason);
      try {
        const result = await api.call('voucher.save', input);
        if (result.ok) {
          setIssues(NONE);
          setConfirming(null);
          savedRef.current(result.value.voucher);
          message.success(`凭证已保存：${result.value.voucher.label}`);
          if (result.value.warnings.length > 0) {
            notification.warning({
              title: '已按说明保存（平行记账提示）',
              description: result.value.warnings.map((w) => w.message).join('；'),
            });
          }
          return 'saved';
        }
        const error = new CommandError(result.error);
        if (error.code === 'NEEDS_CONFIRMATION') {
          const warnings = rawIssues(error.details).map((issue) => issue.message as string);
          setConfirming(warnings.length > 0 ? warnings : [error.message]);
          return 'confirm';
        }
        setConfirming(null);
        const mapped = mapIssues(error, rows);
        const general = [error.message, ...mapped.general.filter((m) => !error.message.includes(m))];
        setIssues({ ...mapped, general });
        return 'failed';
      } finally {
        inFlight.current = false;
        setSaving(false);
      }
    },
    [bookId, message, notification],
  );

  const clearRow = useCallback((row: number) => {
    setIssues((now) => {
      if (!now.byRow.has(row)) return now;
      const byRow = new Map(now.byRow);
      byRow.delete(row);
      return { ...now, byRow };
    });
  }, []);

  return useMemo(
    () => ({
      save,
      saving,
      issues,
      general: issues.general,
      clearRow,
      clearGeneral: () => setIssues((now) => ({ ...now, general: [] })),
      reset: () => setIssues(NONE),
      confirming,
      cancelConfirm: () => setConfirming(null),
      lastReason,
    }),
    [save, saving, issues, clearRow, confirming, lastReason],
  );
}
