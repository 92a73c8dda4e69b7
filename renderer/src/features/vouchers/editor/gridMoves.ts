/** Where a key sends the cursor in the voucher grid. */
export type Move = 'next' | 'prev' | 'up' | 'down' | 'nextLine';

/** Enter / Tab / Shift+Tab as moves; null for any other key. */
export function moveOfKey(event: { key: string; shiftKey: boolean; ctrlKey: boolean; altKey: boolean }): Move | null {
  if (event.ctrlKey || event.altKey) return null;
  if (event.key === 'Enter' || event.key === 'Tab') return event.shiftKey ? 'prev' : 'next';
  return null;
}
