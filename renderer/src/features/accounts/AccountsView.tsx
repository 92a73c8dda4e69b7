import { useMemo, useState, type Key } from 'react';
import { Button, Input, Segmented, Table, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Account, Book, Track } from '../../../../shared/api';
import { matchesAccountQuery } from '../../../../shared/domain';
import { ExportExcelButton } from '../../components/export/ExportExcelButton';
import { PageHeader } from '../../components/PageHeader';
import { accountColumns } from './accountColumns';
import { buildTree, expandableCodes, pathNames, toRows } from './accountTree';

type TrackFilter = 'all' | Track;

const TRACK_OPTIONS: { label: string; value: TrackFilter }[] = [
  { label: '全部', value: 'all' },
  { label: '财务会计', value: 'financial' },
  { label: '预算会计', value: 'budget' },
];

/**
 * The chart of accounts as a tree; typing a code, a name fragment or pinyin initials
 * switches to a flat list of every match with its full path name.
 */
export function AccountsView({ book, accounts }: { book: Book; accounts: Account[] }) {
  const [query, setQuery] = useState('');
  const [track, setTrack] = useState<TrackFilter>('all');
  const [expanded, setExpanded] = useState<readonly Key[]>([]);

  const paths = useMemo(() => pathNames(accounts), [accounts]);
  const inTrack = useMemo(() => (track === 'all' ? accounts : accounts.filter((a) => a.track === track)), [accounts, track]);
  const searching = query.trim() !== '';
  const matches = useMemo(
    () => (searching ? toRows(inTrack.filter((a) => matchesAccountQuery(a, query)), paths) : []),
    [inTrack, paths, query, searching],
  );
  const tree = useMemo(() => buildTree(inTrack, paths), [inTrack, paths]);
  const columns = useMemo(() => accountColumns(searching), [searching]);

  const count = searching ? `找到 ${matches.length} 个科目` : `共 ${inTrack.length} 个科目`;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', background: '#fff', padding: 8 }}>
      <PageHeader title="会计科目">
        <Input
          data-testid="account-search"
          autoFocus
          allowClear
          prefix={<SearchOutlined />}
          placeholder="输入科目编码、名称或拼音首字母，如 1011 或 lyed"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => event.key === 'Escape' && setQuery('')}
          style={{ width: 340 }}
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
        <ExportExcelButton command="export.accounts" input={{ bookId: book.id, codes: (searching ? matches : toRows(inTrack, paths)).map((row) => row.code) }} />
      </PageHeader>
      <Table
        size="small"
        rowKey="code"
        columns={columns}
        dataSource={searching ? matches : tree}
        pagination={false}
        scroll={{ y: 'calc(100vh - 150px)' }}
        expandable={searching ? undefined : { expandedRowKeys: expanded, onExpandedRowsChange: setExpanded, indentSize: 16 }}
        locale={{ emptyText: searching ? '没有找到匹配的科目，请换个编码、名称或拼音首字母试试' : '这个账套还没有会计科目' }}
      />
    </div>
  );
}
