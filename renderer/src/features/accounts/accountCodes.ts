import type { Account } from '../../../../shared/api';
import { nextChildCode } from '../../../../shared/domain/ledger';

/** Chart maintenance needs one of these roles (the core's access for account.create/rename/…). */
export const MAINTAINERS = ['accountant', 'supervisor', 'admin'] as const;

/** The code to suggest for a new sub-account of `parentCode` (4-2-2: the next free two digits). */
export function suggestChildCode(accounts: readonly Account[], parentCode: string): string | null {
  return nextChildCode(parentCode, accounts.filter((a) => a.parentCode === parentCode).map((a) => a.code));
}
