import { lazy } from 'react';

const load = () => import('./AntdScreens');

export const AntdScreens = lazy(load);

/** Fetch the antd screens while the user reads the 账套 list, so opening one is quick. */
export function preloadAntdScreens(): void {
  void load();
}
