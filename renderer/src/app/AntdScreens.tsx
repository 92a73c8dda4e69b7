import { Suspense } from 'react';
import { BookWizard } from '../features/books/wizard/BookWizard';
import { RestoreScreen } from '../features/sync/RestoreScreen';
import { BookShell } from '../features/shell/BookShell';
import { LoadingBlock } from '../components/LoadingBlock';
import { Providers } from './providers';
import type { Route } from './routes';

/**
 * Every screen built on antd, loaded after the launcher: antd is most of the
 * renderer's weight, and the first screen (the 账套 list) does not need it.
 */
export default function AntdScreens({ route, firstRun = false }: { route: Exclude<Route, { name: 'start' }>; firstRun?: boolean }) {
  return (
    <Providers>
      <Suspense fallback={<LoadingBlock text="正在加载…" />}>
        {route.name === 'newBook' ? (
          <BookWizard firstRun={firstRun} />
        ) : route.name === 'restore' ? (
          <RestoreScreen />
        ) : (
          // keyed by book so switching 账套 starts from a clean state
          <BookShell key={route.bookId} bookId={route.bookId} area={route.area} sub={route.sub} />
        )}
      </Suspense>
    </Providers>
  );
}
