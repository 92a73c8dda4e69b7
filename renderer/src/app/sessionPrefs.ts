/** Small per-window UI choices (e.g. the period last looked at), kept in sessionStorage. */
export function readPref<T>(key: string, fallback: T): T {
  try {
    const text = window.sessionStorage.getItem(`xiangcai.pref.${key}`);
    return text === null ? fallback : (JSON.parse(text) as T);
  } catch {
    return fallback;
  }
}

export function writePref<T>(key: string, value: T): void {
  try {
    window.sessionStorage.setItem(`xiangcai.pref.${key}`, JSON.stringify(value));
  } catch {
    // a convenience only
  }
}
