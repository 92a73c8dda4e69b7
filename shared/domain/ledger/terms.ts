/** Shorthand for writing statement definitions: `terms(-1, 'closing', '2201', '2307')`. */
import type { AccountTerm, BalanceBasis } from './statements';

export function terms(sign: 1 | -1, basis: BalanceBasis, ...accounts: string[]): AccountTerm[] {
  return accounts.map((account) => ({ account, sign, basis }));
}
