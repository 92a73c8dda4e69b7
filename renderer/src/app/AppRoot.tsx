import { Suspense } from 'react';
import { Launcher } from '../features/books/Launcher';
import { PlainLoading } from '../features/books/PlainLoading';
import { AntdScreens } from './lazyScreens';
import { useRoute } from './useRoute';

export function AppRoot() {
  const route = useRoute();
  return (
    <Suspense fallback={<PlainLoading text="正在加载…" />}>
      {route.name === 'start' ? (
        <Launcher renderFirstRun={() => <AntdScreens route={{ name: 'newBook' }} firstRun />} />
      ) : (
        <AntdScreens route={route} />
      )}
    </Suspense>
  );
}
