import { homedir } from 'node:os';
import { join } from 'node:path';

export const databaseFileName = 'xiangcai.db';

/** Browser mode's default data directory, where the desktop app would keep its userData. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.XIANGCAI_DATA_DIR) return env.XIANGCAI_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'xiangcai');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'xiangcai');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'xiangcai');
}
