import { join, resolve } from 'node:path';
import type { Result } from '../../shared/api/errors';
import type { AppEvent, AppEvents, EventName } from '../../shared/api/events';
import { uuidv7 } from '../../shared/domain/id';
import type { CoreServices } from './context';
import { openDatabase, type OpenOptions } from './db/open';
import { sql } from './db/sql';
import { createDispatcher } from './dispatcher';
import { handlers } from './handlers';
import { databaseFileName } from './paths';

export interface CoreOptions {
  dataDir: string;
  mode: 'electron' | 'browser';
  appVersion: string;
  /** Tests only. */
  database?: OpenOptions;
  log?: (message: string, error: unknown) => void;
}

export interface Core {
  /** `session`: the token from auth.login, for commands that need a user. */
  invoke(name: string, input: unknown, session?: string | null): Promise<Result<unknown>>;
  subscribe(listener: (event: AppEvent) => void): () => void;
  emit<K extends EventName>(name: K, payload: AppEvents[K]): void;
  readonly dataDir: string;
  readonly databaseFile: string;
  readonly installationId: string;
  close(): void;
}

/** Opens (creating or migrating) the installation's database and returns the command dispatcher over it. */
export function openCore(options: CoreOptions): Core {
  const dataDir = resolve(options.dataDir);
  const databaseFile = join(dataDir, databaseFileName);
  const db = openDatabase(databaseFile, options.database);
  const listeners = new Set<(event: AppEvent) => void>();
  const log = options.log ?? ((message, error) => console.error(`[xiangcai] ${message}`, error));

  const emit = <K extends EventName>(name: K, payload: AppEvents[K]) => {
    const event = { name, payload } as AppEvent;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        log('event listener failed', error);
      }
    }
  };

  const installationId = ensureInstallation(db.write, new Date());
  const services: CoreServices = {
    read: db.read,
    write: db.write,
    emit,
    now: () => new Date(),
    info: {
      appVersion: options.appVersion,
      mode: options.mode,
      dataDir,
      databaseFile,
      schemaVersion: db.schemaVersion,
      sqliteVersion: db.sqliteVersion,
    },
  };
  const dispatch = createDispatcher(handlers, services, log);

  return {
    invoke: dispatch,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit,
    dataDir,
    databaseFile,
    installationId,
    close() {
      listeners.clear();
      db.close();
    },
  };
}

function ensureInstallation(write: CoreServices['write'], now: Date): string {
  const row = write.get<{ id: string }>(sql`SELECT id FROM installation WHERE singleton = 1`);
  if (row) return row.id;
  const id = uuidv7();
  write.run(sql`INSERT INTO installation (singleton, id, created_at) VALUES (1, ${id}, ${now.toISOString()})`);
  return id;
}
