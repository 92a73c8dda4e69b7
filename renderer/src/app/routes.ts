/**
 * A tiny hash router: `#/` (账套 selector), `#/new` (建账), `#/restore` (从县级恢复账套),
 * `#/book/<id>/<area>[/<sub>…]`.
 * Hash routes survive a reload and work both from file:// (Electron) and the browser host.
 *
 * Sub-routes used by the areas:
 *   vouchers            填制凭证 (a new voucher)      vouchers/new     the same
 *   vouchers/list       凭证列表                      vouchers/<id>    one voucher
 *   ledgers             科目余额表                    ledgers/detail/<code>  明细账
 *   ledgers/periods     期末结账                      settings         用户管理
 */

export const AREAS = ['accounts', 'vouchers', 'ledgers', 'reports', 'budget', 'sync', 'settings', 'about'] as const;
export type Area = (typeof AREAS)[number];

export type Route =
  | { name: 'start' }
  | { name: 'newBook' }
  | { name: 'restore' }
  | { name: 'book'; bookId: string; area: Area; sub?: readonly string[] };

function isArea(value: string | undefined): value is Area {
  return value !== undefined && (AREAS as readonly string[]).includes(value);
}

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean);
  if (parts[0] === 'new') return { name: 'newBook' };
  if (parts[0] === 'restore') return { name: 'restore' };
  if (parts[0] === 'book' && parts[1]) {
    const area = isArea(parts[2]) ? parts[2] : 'accounts';
    const sub = isArea(parts[2]) ? parts.slice(3).map(decodeURIComponent) : [];
    return { name: 'book', bookId: decodeURIComponent(parts[1]), area, sub };
  }
  return { name: 'start' };
}

export function routeToHash(route: Route): string {
  switch (route.name) {
    case 'start':
      return '#/';
    case 'newBook':
      return '#/new';
    case 'restore':
      return '#/restore';
    case 'book': {
      const sub = (route.sub ?? []).map((part) => `/${encodeURIComponent(part)}`).join('');
      return `#/book/${encodeURIComponent(route.bookId)}/${route.area}${sub}`;
    }
  }
}

export function navigate(route: Route): void {
  const hash = routeToHash(route);
  if (window.location.hash !== hash) window.location.hash = hash;
}

/** Shorthand for a place inside the open 账套. */
export function goBook(bookId: string, area: Area, ...sub: string[]): void {
  navigate({ name: 'book', bookId, area, sub });
}
