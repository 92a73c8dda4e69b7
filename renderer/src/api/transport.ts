import { createClient, type Transport } from '../../../shared/api/client';
import type { AppEvent } from '../../../shared/api/events';
import type { Result } from '../../../shared/api/errors';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    xiangcai?: Transport;
  }
}

/**
 * Browser mode: the host injects a per-launch token into index.html; every
 * request carries it. Events arrive by Server-Sent Events.
 */
function readToken(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="xiangcai-token"]');
  return meta?.content ?? '';
}

export function httpTransport(base = ''): Transport {
  const token = readToken();
  return {
    async invoke(name: string, input: unknown, session?: string | null): Promise<Result<unknown>> {
      try {
        const headers: Record<string, string> = { 'content-type': 'application/json', 'x-xiangcai-token': token };
        if (session) headers['x-xiangcai-session'] = session;
        const response = await fetch(`${base}/api/invoke/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {}),
        });
        return (await response.json()) as Result<unknown>;
      } catch (error) {
        return {
          ok: false,
          error: { code: 'INTERNAL', message: '无法连接本机服务，请确认乡财通仍在运行', details: String(error) },
        };
      }
    },
    subscribe(listener: (event: AppEvent) => void) {
      const source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (message) => listener(JSON.parse(message.data as string) as AppEvent);
      return () => source.close();
    },
  };
}

const unauthorizedListeners = new Set<() => void>();

/** Called whenever a command sent with a login token is refused as UNAUTHORIZED (expired or logged out). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function watchingSessions(inner: Transport): Transport {
  return {
    async invoke(name, input, session) {
      const result = await inner.invoke(name, input, session);
      // Without a token (auth.login with a wrong password) UNAUTHORIZED is just the answer.
      if (!result.ok && result.error.code === 'UNAUTHORIZED' && session) {
        for (const listener of unauthorizedListeners) listener();
      }
      return result;
    },
    subscribe: (listener) => inner.subscribe(listener),
  };
}

export const transport: Transport = watchingSessions(window.xiangcai ?? httpTransport());
export const api = createClient(transport);
export const runtimeMode: 'electron' | 'browser' = window.xiangcai ? 'electron' : 'browser';
