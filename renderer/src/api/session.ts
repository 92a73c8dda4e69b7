import { useSyncExternalStore } from 'react';
import type { Role, Session, User } from '../../../shared/api';
import { api, onUnauthorized } from './transport';

/**
 * The logged-in user of this window. The token lives in sessionStorage (UI state only):
 * a reload keeps the login, closing the window ends it. The core checks the token on
 * every command; this copy of the user only decides what to show.
 */
const KEY = 'xiangcai.session';

export interface CurrentSession {
  token: string;
  user: User;
}

function readStored(): CurrentSession | null {
  try {
    const text = window.sessionStorage.getItem(KEY);
    if (!text) return null;
    const value = JSON.parse(text) as CurrentSession;
    return typeof value?.token === 'string' && value.user ? value : null;
  } catch {
    return null;
  }
}

let current: CurrentSession | null = readStored();
api.setSession(current?.token ?? null);
const listeners = new Set<() => void>();

function publish(next: CurrentSession | null): void {
  current = next;
  api.setSession(next?.token ?? null);
  try {
    if (next) window.sessionStorage.setItem(KEY, JSON.stringify(next));
    else window.sessionStorage.removeItem(KEY);
  } catch {
    // Storage may be disabled: the login then lasts until the page reloads.
  }
  for (const listener of listeners) listener();
}

export function startSession(session: Session): void {
  publish({ token: session.token, user: session.user });
}

export function endSession(): void {
  if (current) publish(null);
}

/** The user changed on the core's side (e.g. auth.status after a reload). */
export function refreshUser(user: User): void {
  if (current) publish({ ...current, user });
}

export function getCurrentSession(): CurrentSession | null {
  return current;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): CurrentSession | null {
  return useSyncExternalStore(subscribe, () => current);
}

export function hasRole(user: User | null | undefined, ...roles: Role[]): boolean {
  return !!user && user.roles.some((role) => roles.includes(role));
}

// A command refused for want of a valid login (expired, or logged out in another tab)
// sends this window back to the login screen.
onUnauthorized(() => endSession());
