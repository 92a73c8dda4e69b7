import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp';

const script = join(__dirname, '../../scripts/check-boundaries.mjs');
let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

function write(path: string, text: string) {
  mkdirSync(dirname(join(dir.path, path)), { recursive: true });
  writeFileSync(join(dir.path, path), text);
}
function check(root: string) {
  return spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
}

describe('layer boundary check', () => {
  it('passes on the project itself', () => {
    const result = check(join(__dirname, '../..'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('catches each forbidden import', () => {
    write('shared/domain/a.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
    write('shared/domain/b.ts', 'export const w = () => window.location.href;\n');
    write('electron/core/c.ts', "import { app } from 'electron';\nexport const a = app;\n");
    write('renderer/src/d.tsx', "import Database from 'better-sqlite3';\nimport path from 'path';\nexport const d = [Database, path];\n");
    write('server/e.ts', "import { openCore } from '../electron/core';\nexport const e = openCore;\n");
    write('shared/api/ok.ts', "import { z } from 'zod';\nexport const ok = z.string();\n");
    const result = check(dir.path);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n').slice(1);
    expect(lines).toEqual([
      expect.stringContaining('shared/domain/a.ts: imports "node:fs"'),
      expect.stringContaining('shared/domain/b.ts: shared/ must not use DOM globals'),
      expect.stringContaining('electron/core/c.ts: imports "electron"'),
      expect.stringContaining('renderer/src/d.tsx: imports "better-sqlite3"'),
      expect.stringContaining('renderer/src/d.tsx: imports "path"'),
      expect.stringContaining('server/e.ts: imports "../electron/core"'),
    ]);
  });
});
