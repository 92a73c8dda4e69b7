/**
 * A tiny hash router: `#/` (账套 selector), `#/new` (建账), `#/book/<id>/<area>`.
 * Hash routes survive a reload and work both from file:// (Electron) and the browser host.
 */

export const AREAS = ['accounts', 'vouchers', 'ledgers', 'reports', 'budget', 'sync', 'settings', 'about'] as const;
export type Area = (typeof AREAS)[number];

export type Route =
  | { name: 'start' }
  | { name: 'newBook' }
  | { name: 'book'; bookId: string; area: Area };

function isArea(value: string | undefined): value is Area {
  return value !== undefined && (AREAS as readonly string[]).includes(value);
}

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'new') return { name: 'newBook' };
  if (parts[0] === 'book' && parts[1]) {
    const area = isArea(parts[2]) ? parts[2] : 'accounts';
    return { name: 'book', bookId: decodeURIComponent(parts[1]), area };
  }
  return { name: 'start' };
}

export function routeToHash(route: Route): string {
  switch (route.name) {
    case 'start':
      return '#/';
    case 'newBook':
      return '#/new';
    case 'book':
      return `#/book/${encodeURIComponent(route.bookId)}/${route.area}`;
  }
}

export function navigate(route: Route): void {
  const hash = routeToHash(route);
  if (window.location.hash !== hash) window.location.hash = hash;
}
