import type { Migration } from './index';

/**
 * The budget workspace: 项目库, 预算编制 (roster, standards, draft, frozen submissions,
 * control figures), 预算指标 with their movement ledger, 支付申请, 调整调剂, 绩效监控.
 *
 * Hazards guarded here as well as in code:
 * - indicator movements, submissions and payment↔voucher links are append-only (triggers);
 * - an indicator's 可用 / 冻结 / 已支付 can never go negative, whatever code inserts a movement;
 * - a payment voucher cannot be red-reversed from the voucher screens, only by the payment's
 *   own 资金退回, so the ledger and the indicator ledger cannot drift apart.
 * Records made by `budget.simulateCountyApproval` carry origin = 'simulated'.
 */
export const m005Budget: Migration = {
  version: 5,
  name: 'budget: projects, preparation, indicators, payments, adjustments, performance',
  up(db) {
    db.exec(`
      CREATE TABLE budget_project (
        id             TEXT PRIMARY KEY,
        book_id        TEXT NOT NULL REFERENCES book (id),
        code           TEXT NOT NULL,
        name           TEXT NOT NULL,
        class          TEXT NOT NULL CHECK (class IN ('人员类', '运转类', '特定目标类')),
        func_code      TEXT NOT NULL CHECK (length(func_code) = 7),
        fund_nature    TEXT NOT NULL CHECK (fund_nature IN ('一般公共预算', '政府性基金预算', '国有资本经营预算')),
        start_date     TEXT NOT NULL,
        end_date       TEXT NOT NULL,
        description    TEXT NOT NULL DEFAULT '',
        status         TEXT NOT NULL CHECK (status IN ('储备', '申报', '入库', '退回', '执行中', '已结束')),
        return_reason  TEXT,
        created_by     TEXT NOT NULL REFERENCES app_user (id),
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        UNIQUE (book_id, code),
        CHECK (end_date >= start_date)
      ) STRICT;

      CREATE TABLE budget_project_amount (
        project_id  TEXT NOT NULL REFERENCES budget_project (id),
        year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2099),
        amount      INTEGER NOT NULL CHECK (amount > 0),
        PRIMARY KEY (project_id, year)
      ) STRICT;

      CREATE TABLE budget_project_target (
        id            TEXT PRIMARY KEY,
        project_id    TEXT NOT NULL REFERENCES budget_project (id),
        position      INTEGER NOT NULL CHECK (position >= 1),
        name          TEXT NOT NULL,
        type          TEXT NOT NULL CHECK (type IN ('产出', '效益', '满意度')),
        unit          TEXT NOT NULL,
        target_value  TEXT NOT NULL,
        direction     TEXT NOT NULL CHECK (direction IN ('≥', '≤', '=')),
        UNIQUE (project_id, position)
      ) STRICT;

      -- 绩效运行监控: the latest progress per target and year (re-recording replaces it).
      CREATE TABLE budget_target_progress (
        target_id          TEXT NOT NULL REFERENCES budget_project_target (id),
        year               INTEGER NOT NULL,
        as_of              TEXT NOT NULL,
        actual_value       TEXT NOT NULL,
        deviation_reason   TEXT,
        corrective_action  TEXT,
        recorded_by        TEXT NOT NULL REFERENCES app_user (id),
        recorded_at        TEXT NOT NULL,
        PRIMARY KEY (target_id, year)
      ) STRICT;

      CREATE TABLE budget_project_evaluation (
        project_id    TEXT NOT NULL REFERENCES budget_project (id),
        year          INTEGER NOT NULL,
        score_tenths  INTEGER NOT NULL CHECK (score_tenths BETWEEN 0 AND 1000),
        summary       TEXT NOT NULL,
        evaluated_by  TEXT NOT NULL REFERENCES app_user (id),
        evaluated_at  TEXT NOT NULL,
        PRIMARY KEY (project_id, year)
      ) STRICT;

      -- Audit trail of every state change in the workspace (who, when, why).
      CREATE TABLE budget_event (
        id          TEXT PRIMARY KEY,
        book_id     TEXT NOT NULL REFERENCES book (id),
        entity      TEXT NOT NULL CHECK (entity IN ('project', 'cycle', 'payment', 'adjustment')),
        entity_id   TEXT NOT NULL,
        action      TEXT NOT NULL,
        from_state  TEXT,
        to_state    TEXT NOT NULL,
        reason      TEXT,
        user_id     TEXT NOT NULL REFERENCES app_user (id),
        at          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX budget_event_entity ON budget_event (entity_id);

      CREATE TABLE budget_staffing (
        book_id    TEXT NOT NULL REFERENCES book (id),
        year       INTEGER NOT NULL,
        category   TEXT NOT NULL,
        headcount  INTEGER NOT NULL CHECK (headcount >= 0),
        PRIMARY KEY (book_id, year, category)
      ) STRICT;

      CREATE TABLE budget_standard (
        book_id     TEXT NOT NULL REFERENCES book (id),
        year        INTEGER NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('人员经费', '日常公用经费')),
        category    TEXT NOT NULL,
        econ_code   TEXT NOT NULL,
        func_code   TEXT NOT NULL,
        per_capita  INTEGER NOT NULL CHECK (per_capita >= 0),
        PRIMARY KEY (book_id, year, kind, category, econ_code, func_code),
        FOREIGN KEY (book_id, year, category) REFERENCES budget_staffing (book_id, year, category)
      ) STRICT;

      CREATE TABLE budget_cycle (
        book_id     TEXT NOT NULL REFERENCES book (id),
        year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2099),
        state       TEXT NOT NULL CHECK (state IN ('编制中', '一上已报送', '一下已下达', '二上已报送', '二下已批复')),
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (book_id, year)
      ) STRICT;

      CREATE TABLE budget_draft_line (
        id            TEXT PRIMARY KEY,
        book_id       TEXT NOT NULL REFERENCES book (id),
        year          INTEGER NOT NULL,
        section       TEXT NOT NULL CHECK (section IN ('人员经费', '日常公用经费', '项目支出', '收入')),
        func_code     TEXT,
        econ_code     TEXT,
        project_id    TEXT REFERENCES budget_project (id),
        revenue_code  TEXT,
        fund_nature   TEXT NOT NULL CHECK (fund_nature IN ('一般公共预算', '政府性基金预算', '国有资本经营预算')),
        amount        INTEGER NOT NULL CHECK (amount > 0),
        origin        TEXT NOT NULL CHECK (origin IN ('computed', 'entered')),
        updated_at    TEXT NOT NULL,
        CHECK ((section = '收入') = (revenue_code IS NOT NULL)),
        CHECK (section = '收入' OR (func_code IS NOT NULL AND econ_code IS NOT NULL)),
        CHECK ((section = '项目支出') = (project_id IS NOT NULL)),
        FOREIGN KEY (book_id, year) REFERENCES budget_cycle (book_id, year)
      ) STRICT;
      CREATE INDEX budget_draft_line_year ON budget_draft_line (book_id, year);

      -- Frozen snapshots of what was submitted (一上/二上): never updated, never deleted.
      CREATE TABLE budget_submission (
        id                 TEXT PRIMARY KEY,
        book_id            TEXT NOT NULL REFERENCES book (id),
        year               INTEGER NOT NULL,
        stage              TEXT NOT NULL CHECK (stage IN ('一上', '二上')),
        seq                INTEGER NOT NULL CHECK (seq >= 1),
        expenditure_total  INTEGER NOT NULL,
        revenue_total      INTEGER NOT NULL,
        submitted_by       TEXT NOT NULL REFERENCES app_user (id),
        submitted_at       TEXT NOT NULL,
        UNIQUE (book_id, year, seq)
      ) STRICT;

      CREATE TABLE budget_submission_line (
        submission_id  TEXT NOT NULL REFERENCES budget_submission (id),
        line_no        INTEGER NOT NULL CHECK (line_no >= 1),
        section        TEXT NOT NULL,
        func_code      TEXT,
        econ_code      TEXT,
        project_id     TEXT,
        project_code   TEXT,
        project_name   TEXT,
        revenue_code   TEXT,
        fund_nature    TEXT NOT NULL,
        amount         INTEGER NOT NULL,
        label          TEXT NOT NULL,
        PRIMARY KEY (submission_id, line_no)
      ) STRICT;

      -- What the county sent (or the simulation made): 一下, 二下, 下达, 项目入库/退回.
      CREATE TABLE budget_county_record (
        id       TEXT PRIMARY KEY,
        book_id  TEXT NOT NULL REFERENCES book (id),
        year     INTEGER NOT NULL,
        action   TEXT NOT NULL,
        doc_no   TEXT,
        date     TEXT NOT NULL,
        origin   TEXT NOT NULL CHECK (origin IN ('simulated', 'county')),
        payload  TEXT NOT NULL,
        user_id  TEXT NOT NULL REFERENCES app_user (id),
        at       TEXT NOT NULL
      ) STRICT;

      CREATE TABLE budget_control_figure (
        id          TEXT PRIMARY KEY,
        book_id     TEXT NOT NULL REFERENCES book (id),
        year        INTEGER NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('人员经费', '日常公用经费', '项目支出')),
        project_id  TEXT REFERENCES budget_project (id),
        amount      INTEGER NOT NULL CHECK (amount >= 0),
        record_id   TEXT NOT NULL REFERENCES budget_county_record (id),
        CHECK (project_id IS NULL OR kind = '项目支出')
      ) STRICT;
      CREATE UNIQUE INDEX budget_control_figure_key ON budget_control_figure (book_id, year, kind, coalesce(project_id, ''));

      CREATE TABLE budget_indicator (
        id              TEXT PRIMARY KEY,
        book_id         TEXT NOT NULL REFERENCES book (id),
        year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2099),
        region_code     TEXT NOT NULL,
        func_code       TEXT NOT NULL,
        econ_gov_code   TEXT NOT NULL,
        econ_dep_code   TEXT NOT NULL,
        fund_nature     TEXT NOT NULL CHECK (fund_nature IN ('一般公共预算', '政府性基金预算', '国有资本经营预算')),
        project_id      TEXT REFERENCES budget_project (id),
        doc_no          TEXT NOT NULL,
        sup_doc_no      TEXT,
        pay_method      TEXT NOT NULL CHECK (pay_method IN ('直接支付', '授权支付')),
        direct_fund     INTEGER NOT NULL CHECK (direct_fund IN (0, 1)),
        expense_kind    TEXT NOT NULL CHECK (expense_kind IN ('人员经费', '日常公用经费', '项目支出')),
        origin          TEXT NOT NULL CHECK (origin IN ('simulated', 'county')),
        record_id       TEXT NOT NULL REFERENCES budget_county_record (id),
        submission_id   TEXT REFERENCES budget_submission (id),
        created_at      TEXT NOT NULL,
        CHECK ((expense_kind = '项目支出') = (project_id IS NOT NULL))
      ) STRICT;
      CREATE INDEX budget_indicator_year ON budget_indicator (book_id, year);
      CREATE INDEX budget_indicator_project ON budget_indicator (project_id);

      -- The indicator ledger. Each row moves exactly one balance, with the sign its kind allows.
      CREATE TABLE budget_indicator_movement (
        id                TEXT PRIMARY KEY,
        book_id           TEXT NOT NULL REFERENCES book (id),
        indicator_id      TEXT NOT NULL REFERENCES budget_indicator (id),
        kind              TEXT NOT NULL CHECK (kind IN ('下达', '调整', '调剂', '冻结', '解冻', '支付', '退回')),
        date              TEXT NOT NULL,
        executable_delta  INTEGER NOT NULL DEFAULT 0,
        frozen_delta      INTEGER NOT NULL DEFAULT 0,
        paid_delta        INTEGER NOT NULL DEFAULT 0,
        ref_kind          TEXT NOT NULL CHECK (ref_kind IN ('county', 'payment', 'adjustment', 'freeze')),
        ref_id            TEXT NOT NULL,
        summary           TEXT NOT NULL,
        user_id           TEXT NOT NULL REFERENCES app_user (id),
        created_at        TEXT NOT NULL,
        CHECK (
          (kind = '下达' AND executable_delta > 0 AND frozen_delta = 0 AND paid_delta = 0) OR
          (kind IN ('调整', '调剂') AND executable_delta <> 0 AND frozen_delta = 0 AND paid_delta = 0) OR
          (kind = '冻结' AND frozen_delta > 0 AND executable_delta = 0 AND paid_delta = 0) OR
          (kind = '解冻' AND frozen_delta < 0 AND executable_delta = 0 AND paid_delta = 0) OR
          (kind = '支付' AND paid_delta > 0 AND executable_delta = 0 AND frozen_delta = 0) OR
          (kind = '退回' AND paid_delta < 0 AND executable_delta = 0 AND frozen_delta = 0)
        )
      ) STRICT;
      CREATE INDEX budget_indicator_movement_indicator ON budget_indicator_movement (indicator_id);
      CREATE INDEX budget_indicator_movement_date ON budget_indicator_movement (book_id, date);
      CREATE INDEX budget_indicator_movement_ref ON budget_indicator_movement (ref_id);

      CREATE TRIGGER budget_indicator_movement_no_update BEFORE UPDATE ON budget_indicator_movement
      BEGIN SELECT RAISE(ABORT, '指标台账只能追加，不能修改'); END;
      CREATE TRIGGER budget_indicator_movement_no_delete BEFORE DELETE ON budget_indicator_movement
      BEGIN SELECT RAISE(ABORT, '指标台账只能追加，不能删除'); END;
      CREATE TRIGGER budget_indicator_movement_balance AFTER INSERT ON budget_indicator_movement
      WHEN (SELECT min(sum(executable_delta) - sum(frozen_delta) - sum(paid_delta), sum(frozen_delta), sum(paid_delta))
            FROM budget_indicator_movement WHERE indicator_id = NEW.indicator_id) < 0
      BEGIN SELECT RAISE(ABORT, '指标余额不足：可用、冻结或已支付金额不能为负'); END;

      CREATE TABLE budget_payment (
        id                 TEXT PRIMARY KEY,
        book_id            TEXT NOT NULL REFERENCES book (id),
        indicator_id       TEXT NOT NULL REFERENCES budget_indicator (id),
        amount             INTEGER NOT NULL CHECK (amount > 0),
        payee_name         TEXT NOT NULL,
        payee_account      TEXT NOT NULL,
        payee_bank         TEXT NOT NULL,
        purpose            TEXT NOT NULL,
        status             TEXT NOT NULL CHECK (status IN ('申请', '审核', '已支付', '退回', '已退款')),
        applied_date       TEXT NOT NULL,
        applied_by         TEXT NOT NULL REFERENCES app_user (id),
        applied_at         TEXT NOT NULL,
        reviewed_by        TEXT REFERENCES app_user (id),
        reviewed_at        TEXT,
        returned_by        TEXT REFERENCES app_user (id),
        return_reason      TEXT,
        paid_by            TEXT REFERENCES app_user (id),
        paid_at            TEXT,
        pay_date           TEXT,
        voucher_id         TEXT UNIQUE REFERENCES voucher (id),
        refund_date        TEXT,
        refund_reason      TEXT,
        refund_voucher_id  TEXT UNIQUE REFERENCES voucher (id),
        CHECK (reviewed_by IS NULL OR reviewed_by <> applied_by),
        CHECK (paid_by IS NULL OR reviewed_by IS NULL OR paid_by <> reviewed_by),
        CHECK ((status IN ('已支付', '已退款')) = (voucher_id IS NOT NULL)),
        CHECK (status <> '退回' OR return_reason IS NOT NULL),
        CHECK (pay_date IS NULL OR pay_date >= applied_date)
      ) STRICT;
      CREATE INDEX budget_payment_indicator ON budget_payment (indicator_id);
      CREATE INDEX budget_payment_book ON budget_payment (book_id, status);

      -- Voucher ↔ indicator: the key of every budget line of a payment voucher (by voucher_id).
      CREATE TABLE budget_payment_voucher (
        voucher_id    TEXT PRIMARY KEY REFERENCES voucher (id),
        payment_id    TEXT NOT NULL REFERENCES budget_payment (id),
        indicator_id  TEXT NOT NULL REFERENCES budget_indicator (id),
        direct_fund   INTEGER NOT NULL CHECK (direct_fund IN (0, 1)),
        role          TEXT NOT NULL CHECK (role IN ('支付', '资金退回'))
      ) STRICT;
      CREATE INDEX budget_payment_voucher_indicator ON budget_payment_voucher (indicator_id);
      CREATE TRIGGER budget_payment_voucher_no_update BEFORE UPDATE ON budget_payment_voucher
      BEGIN SELECT RAISE(ABORT, '支付凭证关联不能修改'); END;
      CREATE TRIGGER budget_payment_voucher_no_delete BEFORE DELETE ON budget_payment_voucher
      BEGIN SELECT RAISE(ABORT, '支付凭证关联不能删除'); END;
      CREATE TRIGGER budget_payment_voucher_reversal BEFORE INSERT ON voucher
      WHEN NEW.reverses_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM budget_payment_voucher WHERE voucher_id = NEW.reverses_id AND role = '支付')
        AND NOT EXISTS (SELECT 1 FROM budget_payment WHERE voucher_id = NEW.reverses_id AND status = '已退款')
      BEGIN SELECT RAISE(ABORT, '该凭证由支付申请生成，请在预算执行中登记资金退回，不能直接冲销'); END;

      CREATE TABLE budget_adjustment (
        id             TEXT PRIMARY KEY,
        book_id        TEXT NOT NULL REFERENCES book (id),
        year           INTEGER NOT NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('调整', '调剂')),
        reason         TEXT NOT NULL,
        doc_no         TEXT,
        status         TEXT NOT NULL CHECK (status IN ('待审批', '已批准', '已驳回')),
        requested_by   TEXT NOT NULL REFERENCES app_user (id),
        requested_at   TEXT NOT NULL,
        decided_by     TEXT REFERENCES app_user (id),
        decided_at     TEXT,
        decision_note  TEXT,
        effective_date TEXT,
        CHECK (decided_by IS NULL OR decided_by <> requested_by)
      ) STRICT;

      CREATE TABLE budget_adjustment_line (
        adjustment_id  TEXT NOT NULL REFERENCES budget_adjustment (id),
        line_no        INTEGER NOT NULL CHECK (line_no >= 1),
        indicator_id   TEXT NOT NULL REFERENCES budget_indicator (id),
        delta          INTEGER NOT NULL CHECK (delta <> 0),
        PRIMARY KEY (adjustment_id, line_no)
      ) STRICT;

      CREATE TRIGGER budget_submission_no_update BEFORE UPDATE ON budget_submission
      BEGIN SELECT RAISE(ABORT, '已报送的预算是冻结快照，不能修改'); END;
      CREATE TRIGGER budget_submission_no_delete BEFORE DELETE ON budget_submission
      BEGIN SELECT RAISE(ABORT, '已报送的预算是冻结快照，不能删除'); END;
      CREATE TRIGGER budget_submission_line_no_update BEFORE UPDATE ON budget_submission_line
      BEGIN SELECT RAISE(ABORT, '已报送的预算是冻结快照，不能修改'); END;
      CREATE TRIGGER budget_submission_line_no_delete BEFORE DELETE ON budget_submission_line
      BEGIN SELECT RAISE(ABORT, '已报送的预算是冻结快照，不能删除'); END;
    `);
  },
};
