import type { Migration } from './index';

/**
 * 授权支付 quotas in the ledger (domain.md §1 example 1, 额度到账): each voucher that books an
 * indicator's quota (Dr 1011 / Cr 4001, Dr 8001-零余额账户用款额度 / Cr 6001) is linked to the
 * indicator with the amount it booked, signed (+ arrival, − reduction). The quota still to book
 * is the indicator's 可执行 minus the sum of its links. Append-only, like the payment links.
 */
export const m008BudgetQuota: Migration = {
  version: 8,
  name: 'budget quota vouchers',
  up(db) {
    db.exec(`
      CREATE TABLE budget_quota_voucher (
        voucher_id    TEXT PRIMARY KEY REFERENCES voucher (id),
        book_id       TEXT NOT NULL REFERENCES book (id),
        indicator_id  TEXT NOT NULL REFERENCES budget_indicator (id),
        amount        INTEGER NOT NULL CHECK (amount <> 0),
        ref_kind      TEXT NOT NULL CHECK (ref_kind IN ('county', 'adjustment', 'manual')),
        ref_id        TEXT NOT NULL,
        created_at    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX budget_quota_voucher_indicator ON budget_quota_voucher (indicator_id);
      CREATE TRIGGER budget_quota_voucher_no_update BEFORE UPDATE ON budget_quota_voucher
      BEGIN SELECT RAISE(ABORT, '额度到账凭证关联不能修改'); END;
      CREATE TRIGGER budget_quota_voucher_no_delete BEFORE DELETE ON budget_quota_voucher
      BEGIN SELECT RAISE(ABORT, '额度到账凭证关联不能删除'); END;
      CREATE TRIGGER budget_quota_voucher_reversal BEFORE INSERT ON voucher
      WHEN NEW.reverses_id IS NOT NULL AND EXISTS (SELECT 1 FROM budget_quota_voucher WHERE voucher_id = NEW.reverses_id)
      BEGIN SELECT RAISE(ABORT, '该凭证是额度到账凭证，由预算指标生成，不能直接冲销；额度有变化请通过指标调整调剂登记'); END;
    `);
  },
};
