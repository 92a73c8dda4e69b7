import { useEffect } from 'react';
import { Button, Layout } from 'antd';
import { CommandError } from '../../../../shared/api';
import { useSession } from '../../api/session';
import { clearLastBookId, setLastBookId } from '../../app/lastBook';
import { navigate, type Area } from '../../app/routes';
import { useCommand } from '../../api/useCommand';
import { ErrorResult } from '../../components/ErrorResult';
import { LoadingBlock } from '../../components/LoadingBlock';
import { LoginGate } from '../auth/LoginGate';
import { OfflineBanner } from '../sync/OfflineBanner';
import { AreaPage } from './AreaPage';
import { NavMenu } from './NavMenu';
import { StatusBar } from './StatusBar';

/**
 * The workspace of an open 账套: status bar on top, navigation on the left, the area on
 * the right. Everything but 关于 needs a logged-in user; until then the login stands in.
 */
export function BookShell({ bookId, area, sub = [] }: { bookId: string; area: Area; sub?: readonly string[] }) {
  const book = useCommand('book.get', { bookId });
  const session = useSession();
  const missing = book.status === 'error' && book.error instanceof CommandError && book.error.code === 'NOT_FOUND';

  const openedId = book.status === 'ok' ? book.data.id : null;

  useEffect(() => {
    if (openedId) setLastBookId(openedId);
  }, [openedId]);
  useEffect(() => {
    if (missing) clearLastBookId();
  }, [missing]);

  if (book.status === 'loading') return <LoadingBlock text="正在打开账套…" />;
  if (book.status === 'error') {
    return (
      <ErrorResult
        title={missing ? '找不到这个账套' : '无法打开账套'}
        error={book.error}
        onRetry={missing ? undefined : book.reload}
        extra={<Button onClick={() => navigate({ name: 'start' })}>返回账套列表</Button>}
      />
    );
  }

  const page = <AreaPage book={book.data} area={area} sub={sub} onBookChanged={book.reload} />;
  return (
    <Layout style={{ height: '100%' }}>
      <StatusBar book={book.data} />
      <Layout>
        {session && (
          <Layout.Sider width={124} theme="light" style={{ borderRight: '1px solid #e5e7eb', overflow: 'auto' }}>
            <NavMenu bookId={bookId} area={area} sub={sub} />
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: 8, overflow: 'hidden', display: 'flex', flexDirection: 'column', minWidth: 0 }}>
          {session && <OfflineBanner />}
          {area === 'about' ? page : <LoginGate bookName={book.data.name}>{page}</LoginGate>}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
