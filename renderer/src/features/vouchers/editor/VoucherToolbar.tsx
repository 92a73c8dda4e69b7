import { useState } from 'react';
import { Button, Divider, Flex, Switch, Tooltip } from 'antd';
import {
  ArrowLeftOutlined,
  ArrowRightOutlined,
  CheckOutlined,
  DeleteOutlined,
  FileAddOutlined,
  InsertRowBelowOutlined,
  DeleteRowOutlined,
  RollbackOutlined,
  SaveOutlined,
  UnorderedListOutlined,
  BookOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import type { Book, User, Voucher } from '../../../../../shared/api';
import { hasRole } from '../../../api/session';
import { goBook } from '../../../app/routes';
import { PrintButton } from '../../../components/export/PrintButton';
import { ReverseModal } from './ReverseModal';
import { useVoucherActions } from './useVoucherActions';

interface Props {
  book: Book;
  user: User;
  saved: Voucher | null;
  dirty: boolean;
  readOnly: boolean;
  saving: boolean;
  digitGrid: boolean;
  onDigitGrid: (on: boolean) => void;
  onSave: () => void;
  onNew: () => void;
  onPrevious: () => void;
  onNext: () => void;
  onInsert: () => void;
  onRemove: () => void;
  onChanged: (voucher: Voucher) => void;
}

/** One dense line of tools; every button names its key. */
export function VoucherToolbar(props: Props) {
  const { book, user, saved, readOnly } = props;
  const actions = useVoucherActions(book, saved, props.onChanged);
  const [reversing, setReversing] = useState(false);
  const canPrepare = hasRole(user, 'accountant', 'supervisor');
  const canReview = hasRole(user, 'reviewer', 'supervisor');
  const canPost = hasRole(user, 'accountant', 'reviewer', 'supervisor');
  const status = saved?.status;
  const clean = !props.dirty;

  return (
    <Flex align="center" gap={4} wrap style={{ marginBottom: 4 }}>
      <Tooltip title="新增一张凭证（F5）">
        <Button data-testid="voucher-new" size="small" icon={<FileAddOutlined />} onClick={props.onNew} disabled={!canPrepare}>
          新增
        </Button>
      </Tooltip>
      <Tooltip title={readOnly ? '这张凭证不能修改' : '保存（F6 或 Ctrl+S）'}>
        <Button
          data-testid="voucher-save"
          size="small"
          type="primary"
          icon={<SaveOutlined />}
          onClick={props.onSave}
          loading={props.saving}
          disabled={readOnly}
        >
          保存
        </Button>
      </Tooltip>
      <Divider orientation="vertical" />
      <Tooltip title="在当前行前插入一行（Ctrl+Insert）">
        <Button size="small" icon={<InsertRowBelowOutlined />} onClick={props.onInsert} disabled={readOnly}>
          插行
        </Button>
      </Tooltip>
      <Tooltip title="删除当前行（Ctrl+Delete）">
        <Button size="small" icon={<DeleteRowOutlined />} onClick={props.onRemove} disabled={readOnly}>
          删行
        </Button>
      </Tooltip>
      <Divider orientation="vertical" />
      <Tooltip title="上一张（PageUp）">
        <Button size="small" icon={<ArrowLeftOutlined />} onClick={props.onPrevious} />
      </Tooltip>
      <Tooltip title="下一张（PageDown）">
        <Button size="small" icon={<ArrowRightOutlined />} onClick={props.onNext} />
      </Tooltip>
      {saved && <Divider orientation="vertical" />}
      {status === 'draft' && canReview && (
        <Button data-testid="voucher-review" size="small" icon={<CheckOutlined />} loading={actions.busy === 'voucher.review'} disabled={!clean} onClick={actions.review}>
          审核
        </Button>
      )}
      {status === 'draft' && canPrepare && (
        <Button data-testid="voucher-delete" size="small" danger icon={<DeleteOutlined />} onClick={actions.remove}>
          删除
        </Button>
      )}
      {status === 'reviewed' && canReview && (
        <Button data-testid="voucher-unreview" size="small" icon={<UndoOutlined />} loading={actions.busy === 'voucher.unreview'} onClick={actions.unreview}>
          取消审核
        </Button>
      )}
      {status === 'reviewed' && canPost && (
        <Button data-testid="voucher-post" size="small" icon={<BookOutlined />} loading={actions.busy === 'voucher.post'} onClick={actions.post}>
          记账
        </Button>
      )}
      {saved && status === 'posted' && canPrepare && saved.kind === 'normal' && !saved.reversedById && (
        <Button data-testid="voucher-reverse" size="small" danger icon={<RollbackOutlined />} onClick={() => setReversing(true)}>
          红字冲销
        </Button>
      )}
      <Flex align="center" gap={8} style={{ marginInlineStart: 'auto' }}>
        <Tooltip title="金额栏按 亿千百十万千百十元角分 分格显示">
          <span style={{ fontSize: 12, color: '#4b5563' }}>
            金额线 <Switch size="small" checked={props.digitGrid} onChange={props.onDigitGrid} data-testid="digit-grid" />
          </span>
        </Tooltip>
        {saved && (
          <PrintButton
            request={{ document: 'vouchers', bookId: book.id, year: saved.year, month: saved.month, ids: [saved.id] }}
            disabled={props.dirty}
            testId="voucher-print"
          />
        )}
        <Button size="small" icon={<UnorderedListOutlined />} onClick={() => goBook(book.id, 'vouchers', 'list')}>
          凭证列表
        </Button>
      </Flex>
      {saved && (
        <ReverseModal
          book={book}
          voucher={saved}
          open={reversing}
          onClose={() => setReversing(false)}
          onDone={(reversal) => {
            setReversing(false);
            goBook(book.id, 'vouchers', reversal.id);
          }}
        />
      )}
    </Flex>
  );
}
