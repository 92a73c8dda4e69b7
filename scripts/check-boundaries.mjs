// Keeps each layer to what it may import (after Signal Desktop's lint rule):
//   shared/          no Node, Electron or DOM (it runs in core, renderer and server alike)
//   electron/core/   never `electron` (it is plain Node, shared with the browser-mode host)
//   electron/host/   never `electron`
//   renderer/        no Node built-ins, no Electron
//   server/          only shared/ of the project's own code, no electron
// Exits non-zero listing every offending import.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const domGlobals = /\b(window|document|localStorage|sessionStorage|navigator|HTMLElement|indexedDB)\s*[.\[(]/;

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? walk(path) : /\.(ts|tsx|mts)$/.test(name) ? [path] : [];
  });
}

const importPattern = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const found = [];
  for (const match of text.matchAll(importPattern)) found.push(match[1] ?? match[2] ?? match[3]);
  return { text, found };
}

const rules = [
  {
    dir: 'shared',
    check(spec, file) {
      if (nodeBuiltins.has(spec)) return 'shared/ must not import Node built-ins';
      if (spec === 'electron' || spec.startsWith('electron/')) return 'shared/ must not import electron';
      // Tests and their fixtures may read seed data and shared test fixtures; product code may not.
      const isTestCode = /\.test\.ts$/.test(file) || file.includes(`${sep}fixtures${sep}`);
      if (spec.startsWith('.') && !isTestCode) {
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(join(root, 'shared') + sep)) return 'shared/ must not import outside shared/';
      }
      return null;
    },
    text(text) {
      return domGlobals.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')) ? 'shared/ must not use DOM globals' : null;
    },
  },
  {
    dir: 'electron/core',
    check(spec, file) {
      if (spec === 'electron' || spec.startsWith('electron/')) return 'electron/core must never import electron';
      if (spec.startsWith('.') && resolve(dirname(file), spec).startsWith(join(root, 'server') + sep)) return 'electron/core must not import the county server (share code through shared/)';
      return null;
    },
  },
  {
    dir: 'electron/host',
    check: (spec) => (spec === 'electron' || spec.startsWith('electron/') ? 'electron/host must never import electron' : null),
  },
  {
    dir: 'renderer',
    check(spec) {
      if (nodeBuiltins.has(spec)) return 'renderer/ must not import Node built-ins';
      if (spec === 'electron' || spec.startsWith('electron/') || spec === 'better-sqlite3') return 'renderer/ must not import electron or the database';
      if (spec.includes('/electron/')) return 'renderer/ must not import from electron/ (use shared/api)';
      return null;
    },
  },
  {
    dir: 'server',
    check(spec, file) {
      if (spec === 'electron' || spec.startsWith('electron/')) return 'server/ must not import electron';
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(join(root, 'server') + sep) && !target.startsWith(join(root, 'shared') + sep))
          return 'server/ may import only shared/ of the project';
      }
      return null;
    },
  },
];

const problems = [];
let checked = 0;
for (const rule of rules) {
  for (const file of walk(join(root, rule.dir))) {
    checked++;
    const { text, found } = importsOf(file);
    for (const spec of found) {
      const problem = rule.check(spec, file);
      if (problem) problems.push(`${relative(root, file)}: imports "${spec}" — ${problem}`);
    }
    const textProblem = rule.text?.(text);
    if (textProblem) problems.push(`${relative(root, file)}: ${textProblem}`);
  }
}

if (problems.length > 0) {
  console.error(`边界检查失败（${problems.length} 处）：\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`边界检查通过：${checked} 个文件`);
