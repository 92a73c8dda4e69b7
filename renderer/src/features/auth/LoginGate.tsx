import { useEffect, useRef, type ReactNode } from 'react';
import { endSession, refreshUser, useSession } from '../../api/session';
import { useCommand } from '../../api/useCommand';
import { ErrorResult } from '../../components/ErrorResult';
import { LoadingBlock } from '../../components/LoadingBlock';
import { BootstrapForm } from './BootstrapForm';
import { LoginForm } from './LoginForm';

/**
 * Shows its children only to a logged-in user. Asks the core once (auth.status) whether
 * any user exists and whether a token kept from before a reload is still good.
 */
export function LoginGate({ bookName, children }: { bookName: string; children: ReactNode }) {
  const session = useSession();
  const status = useCommand('auth.status', {});
  const checkedUser = status.status === 'ok' ? status.data.user : undefined;
  // The token auth.status was asked about; a login after that is not judged by its answer.
  const checkedToken = useRef(session?.token ?? null);
  const stale = checkedUser === null && session !== null && session.token === checkedToken.current;

  useEffect(() => {
    if (checkedUser === undefined) return;
    if (checkedUser === null) endSession();
    else refreshUser(checkedUser);
  }, [checkedUser]);

  if (status.status === 'loading') return <LoadingBlock text="正在检查登录…" />;
  if (status.status === 'error') return <ErrorResult title="无法检查登录状态" error={status.error} onRetry={status.reload} />;
  if (!status.data.hasUsers && !session) return <BootstrapForm onDone={status.reload} />;
  if (!session || stale) return <LoginForm bookName={bookName} />;
  return <>{children}</>;
}
