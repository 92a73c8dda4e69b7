/** The last opened 账套 id: UI state only, kept in localStorage so the selector can preselect it. */
const KEY = 'xiangcai.lastBookId';

export function getLastBookId(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setLastBookId(bookId: string): void {
  try {
    window.localStorage.setItem(KEY, bookId);
  } catch {
    // Storage may be disabled; preselection is a convenience only.
  }
}

export function clearLastBookId(): void {
  try {
    window.localStorage.removeItem(KEY);
  } catch {
    // see setLastBookId
  }
}
