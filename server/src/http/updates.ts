import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { failure } from './errors';

const types: Record<string, string> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.exe': 'application/octet-stream',
  '.blockmap': 'application/octet-stream',
  '.deb': 'application/vnd.debian.binary-package',
  '.AppImage': 'application/octet-stream',
  '.zip': 'application/zip',
};

/**
 * electron-updater's generic provider: `latest.yml` (Windows), `latest-linux.yml`,
 * `latest-linux-arm64.yml` and the installers they name, from one configured directory.
 * Only plain files directly inside it; no listing, no path outside it.
 */
export function registerUpdates(app: FastifyInstance, updatesDir: string | null): void {
  app.get('/updates/*', async (request, reply) => {
    const name = (request.params as { '*': string })['*'];
    if (!updatesDir) return reply.status(404).send(failure({ code: 'NOT_FOUND', message: '本服务器未配置升级文件目录（XIANGCAI_UPDATES_DIR）。' }));
    const root = resolve(updatesDir);
    const file = resolve(join(root, name));
    if (name !== basename(name) || !file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      return reply.status(404).send(failure({ code: 'NOT_FOUND', message: `没有这个升级文件：${name}` }));
    }
    const extension = Object.keys(types).find((ext) => name.endsWith(ext));
    const size = statSync(file).size;
    void reply
      .header('content-type', extension ? types[extension]! : 'application/octet-stream')
      .header('content-length', size)
      .header('cache-control', name.endsWith('.yml') ? 'no-cache' : 'public, max-age=86400');
    return reply.send(createReadStream(file));
  });
}
