import { useRef, type RefObject } from 'react';
import { Flex, Input, InputNumber, Select, Tag, Typography } from 'antd';
import type { InputRef } from 'antd';
import type { InputNumberRef } from '@rc-component/input-number';
import type { VoucherStatus, VoucherWord } from '../../../../../shared/api';
import { formatPeriod, periodOfDate } from '../../../../../shared/domain';
import { STATUS_COLORS, STATUS_LABELS } from '../voucherLabels';
import type { VoucherForm } from './voucherForm';

const WORDS: Record<'single' | 'receiptPaymentTransfer', VoucherWord[]> = { single: ['记'], receiptPaymentTransfer: ['收', '付', '转'] };

interface Props {
  form: VoucherForm;
  onChange: (patch: Partial<VoucherForm>) => void;
  label: string | null;
  status: VoucherStatus | null;
  kindNote: string | null;
  bookName: string;
  readOnly: boolean;
  dateError: string | null;
  dateRef: RefObject<InputRef | null>;
  /** The book's 凭证字 scheme. */
  voucherWords: 'single' | 'receiptPaymentTransfer';
  onHeaderDone: () => void;
}

/** `20260131` → `2026-01-31`; anything else as typed. */
export function normaliseDate(text: string): string {
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  return compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : text.trim();
}

/** 记账凭证 title line and the header fields: 凭证字号, 日期, 附单据, 账套 and 会计期间. */
export function VoucherHeader({ form, onChange, label, status, kindNote, bookName, voucherWords, readOnly, dateError, dateRef, onHeaderDone }: Props) {
  // Enter walks the header like the grid: 日期 → 附单据 → first 摘要.
  const attachmentsRef = useRef<InputNumberRef>(null);
  const period = periodOfDate(form.date);
  return (
    <div style={{ marginBottom: 6 }}>
      <Flex align="center" justify="center" gap={12} style={{ marginBottom: 4 }}>
        <Typography.Title
          level={4}
          style={{ margin: 0, letterSpacing: 8, borderBottom: '3px double #1d3a63', padding: '0 12px 1px', color: '#1d3a63' }}
        >
          记账凭证
        </Typography.Title>
        {status && (
          <Tag color={STATUS_COLORS[status]} data-testid="voucher-status" style={{ marginInlineEnd: 0 }}>
            {STATUS_LABELS[status]}
          </Tag>
        )}
        {kindNote && <Tag color="red">{kindNote}</Tag>}
      </Flex>
      <Flex align="center" gap={16} wrap style={{ fontSize: 13 }}>
        <Flex align="center" gap={4}>
          <span>凭证字</span>
          <Select<VoucherWord>
            data-testid="voucher-word"
            size="small"
            value={form.word}
            disabled={readOnly || label !== null}
            onChange={(word) => onChange({ word })}
            options={WORDS[voucherWords].map((w) => ({ value: w, label: w }))}
            style={{ width: 52 }}
          />
          <span style={{ marginInlineStart: 6 }}>凭证号</span>
          <span data-testid="voucher-label" className="xc-num" style={{ minWidth: 64, fontWeight: 600 }}>
            {label ?? <Typography.Text type="secondary">保存后生成</Typography.Text>}
          </span>
        </Flex>
        <Flex align="center" gap={4}>
          <span>日期</span>
          <Input
            ref={dateRef}
            data-testid="voucher-date"
            size="small"
            value={form.date}
            readOnly={readOnly}
            status={dateError ? 'error' : undefined}
            placeholder="2026-01-31"
            onChange={(event) => onChange({ date: event.target.value })}
            onBlur={(event) => onChange({ date: normaliseDate(event.target.value) })}
            onPressEnter={(event) => {
              onChange({ date: normaliseDate(event.currentTarget.value) });
              attachmentsRef.current?.focus();
              attachmentsRef.current?.select();
            }}
            style={{ width: 104 }}
            className="xc-num"
          />
          {dateError && (
            <Typography.Text type="danger" data-testid="voucher-date-error" style={{ fontSize: 12 }}>
              {dateError}
            </Typography.Text>
          )}
        </Flex>
        <Flex align="center" gap={4}>
          <span>附单据</span>
          <InputNumber<number>
            ref={attachmentsRef}
            data-testid="voucher-attachments"
            size="small"
            min={0}
            max={9999}
            precision={0}
            controls={false}
            readOnly={readOnly}
            value={form.attachments}
            onChange={(value) => onChange({ attachments: value ?? 0 })}
            onPressEnter={onHeaderDone}
            style={{ width: 52 }}
          />
          <span>张</span>
        </Flex>
        <Flex align="center" gap={12} style={{ marginInlineStart: 'auto', color: '#4b5563' }}>
          <span title={bookName} style={{ maxWidth: 300, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            核算单位：{bookName}
          </span>
          <span data-testid="voucher-period">{period ? formatPeriod(period) : ''}</span>
        </Flex>
      </Flex>
    </div>
  );
}
