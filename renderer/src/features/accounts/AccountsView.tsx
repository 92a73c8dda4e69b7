import { useEffect, useMemo, useRef, useState, type Key, type KeyboardEvent } from 'react';
import { Button, Input, Segmented, Table, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Account, Book, Track, User } from '../../../../shared/api';
import { matchesAccountQuery } from '../../../../shared/domain';
import { ExportExcelButton } from '../../components/export/ExportExcelButton';
import { PageHeader } from '../../components/PageHeader';
import { accountColumns } from './accountColumns';
import { buildTree, expandableCodes, pathNames, toRows, type AccountRow } from './accountTree';
import { useAccountActions } from './useAccountActions';

type TrackFilter = 'all' | Track;

const TRACK_OPTIONS: { label: string; value: TrackFilter }[] = [
  { label: '全部', value: 'all' },
  { label: '财务会计', value: 'financial' },
  { label: '预算会计', value: 'budget' },
];

/** The rows as they stand on screen, top to bottom (children only under expanded rows). */
function visibleRows(rows: readonly AccountRow[], expanded: ReadonlySet<Key>): AccountRow[] {
  const out: AccountRow[] = [];
  const walk = (list: readonly AccountRow[]) => {
    for (const row of list) {
      out.push(row);
      if (row.children && expanded.has(row.code)) walk(row.children);
    }
  };
  walk(rows);
  return out;
}

/**
 * The chart of accounts as a tree; typing a code, a name fragment or pinyin initials switches to
 * a flat list of every match with its full path name. Maintenance by keyboard: ↑↓ choose an
 * account (↓ from the search box), → / ← open and close it, Ins 新增下级, F2 重命名, F4 辅助核算,
 * F8 停用/启用, Del 删除.
 */
export function AccountsView({ book, user, accounts, reload }: { book: Book; user: User | null; accounts: Account[]; reload: () => void }) {
  const [query, setQuery] = useState('');
  const [track, setTrack] = useState<TrackFilter>('all');
  const [expanded, setExpanded] = useState<readonly Key[]>([]);
  const [selectedCode, setSelectedCode] = useState<string | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);

  const paths = useMemo(() => pathNames(accounts), [accounts]);
  const inTrack = useMemo(() => (track === 'all' ? accounts : accounts.filter((a) => a.track === track)), [accounts, track]);
  const searching = query.trim() !== '';
  const matches = useMemo(
    () => (searching ? toRows(inTrack.filter((a) => matchesAccountQuery(a, query)), paths) : []),
    [inTrack, paths, query, searching],
  );
  const tree = useMemo(() => buildTree(inTrack, paths), [inTrack, paths]);
  const columns = useMemo(() => accountColumns(searching), [searching]);
  const shown = useMemo(() => (searching ? matches : visibleRows(tree, new Set(expanded))), [searching, matches, tree, expanded]);
  const selected = accounts.find((a) => a.code === selectedCode) ?? null;
  // A dialog that closes gives the keys back to the table, unless another dialog has opened
  // meanwhile (its close animation can end after the next one took the focus).
  const refocus = () => {
    if (document.activeElement?.closest('.ant-modal-wrap, [role="dialog"]')) return;
    tableRef.current?.focus({ preventScroll: true });
  };
  const actions = useAccountActions(book, user, accounts, paths, reload, refocus);

  // Keep the chosen row in view as it moves.
  useEffect(() => {
    if (selectedCode) tableRef.current?.querySelector(`[data-row-key="${selectedCode}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedCode]);

  // The keys work wherever the focus is on the page itself (after a dialog closed it is on the
  // body), but not while typing in a field or inside a dialog.
  const onKey = useRef<(event: globalThis.KeyboardEvent) => void>(() => {});
  onKey.current = (event) => {
    const target = event.target as HTMLElement | null;
    if (!target || target.closest('.ant-modal, input, textarea, .ant-select')) return;
    if (target !== document.body && !tableRef.current?.contains(target)) return;
    onTableKey(event);
  };
  useEffect(() => {
    const listener = (event: globalThis.KeyboardEvent) => onKey.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  function onTableKey(event: KeyboardEvent<HTMLDivElement> | globalThis.KeyboardEvent) {
    if (actions.busy) return;
    const index = shown.findIndex((r) => r.code === selectedCode);
    const row = index >= 0 ? shown[index]! : null;
    const action = actions.actionOfKey(event.key);
    if (action) {
      event.preventDefault();
      actions.run(action, selected);
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = shown[Math.min(shown.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))];
      if (next) setSelectedCode(next.code);
    } else if (event.key === 'ArrowRight' && row?.children && !searching) {
      event.preventDefault();
      setExpanded((keys) => (keys.includes(row.code) ? keys : [...keys, row.code]));
    } else if (event.key === 'ArrowLeft' && row && !searching) {
      event.preventDefault();
      if (expanded.includes(row.code)) setExpanded((keys) => keys.filter((k) => k !== row.code));
      else if (row.parentCode && shown.some((r) => r.code === row.parentCode)) setSelectedCode(row.parentCode);
    }
  }

  const count = searching ? `找到 ${matches.length} 个科目` : `共 ${inTrack.length} 个科目`;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', background: '#fff', padding: 8 }}>
      <PageHeader
        title="会计科目"
        extra={<ExportExcelButton command="export.accounts" input={{ bookId: book.id, codes: (searching ? matches : toRows(inTrack, paths)).map((row) => row.code) }} />}
      >
        <Input
          data-testid="account-search"
          autoFocus
          allowClear
          prefix={<SearchOutlined />}
          placeholder="输入科目编码、名称或拼音首字母，如 1011 或 lyed"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setQuery('');
            if (event.key === 'ArrowDown' && shown.length > 0) {
              event.preventDefault();
              setSelectedCode(shown[0]!.code);
              tableRef.current?.focus();
            }
          }}
          style={{ width: 320 }}
        />
        <Segmented<TrackFilter> options={TRACK_OPTIONS} value={track} onChange={setTrack} />
        <Typography.Text type="secondary" data-testid="account-count" className="xc-num" style={{ minWidth: 96 }}>
          {count}
        </Typography.Text>
        {!searching && (
          <>
            <Button size="small" onClick={() => setExpanded(expandableCodes(tree))}>
              展开全部
            </Button>
            <Button size="small" onClick={() => setExpanded([])}>
              折叠
            </Button>
          </>
        )}
        {actions.toolbar(selected)}
      </PageHeader>
      <div ref={tableRef} tabIndex={0} data-testid="account-table" style={{ outline: 'none', minHeight: 0, flex: 1 }}>
        <Table<AccountRow>
          size="small"
          rowKey="code"
          columns={columns}
          dataSource={searching ? matches : tree}
          pagination={false}
          scroll={{ y: 'calc(100vh - 150px)' }}
          expandable={searching ? undefined : { expandedRowKeys: expanded, onExpandedRowsChange: setExpanded, indentSize: 16 }}
          rowClassName={(row) => (row.code === selectedCode ? 'xc-row-selected' : '')}
          onRow={(row) =>
            ({
              'data-testid': `account-row-${row.code}`,
              onClick: () => {
                setSelectedCode(row.code);
                tableRef.current?.focus();
              },
              onDoubleClick: () => actions.run('rename', row),
            }) as object
          }
          locale={{ emptyText: searching ? '没有找到匹配的科目，请换个编码、名称或拼音首字母试试' : '这个账套还没有会计科目' }}
        />
      </div>
      {actions.modals}
    </div>
  );
}
