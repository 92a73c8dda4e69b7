/** The last login name used on this computer: UI convenience only, kept in localStorage. */
const KEY = 'xiangcai.lastUsername';

export function getLastUsername(): string {
  try {
    return window.localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function setLastUsername(username: string): void {
  try {
    window.localStorage.setItem(KEY, username);
  } catch {
    // a convenience only
  }
}
