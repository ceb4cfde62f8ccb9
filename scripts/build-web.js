#!/usr/bin/env node
// Builds the web app into dist/web when it is missing or older than its sources; otherwise leaves it as it is,
// so `npm start` does not rebuild (and empty dist/web under a running server) when nothing changed.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BUILT = join(ROOT, 'dist/web/index.html');
// The web app also bundles the pure domain helpers it imports; a change to this script also means a new build.
const SOURCES = [
  join(ROOT, 'web'),
  join(ROOT, 'src/domain'),
  join(ROOT, 'src/importers/formats.ts'),
  join(ROOT, 'src/importers/student-groups.ts'),
  join(ROOT, 'vite.config.ts'),
  join(ROOT, 'package-lock.json'),
  import.meta.filename,
];

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

export function webBuildIsStale() {
  if (!existsSync(BUILT)) return true;
  const built = statSync(BUILT).mtimeMs;
  return SOURCES.some((s) => newestChange(s) > built);
}

export function buildWebIfStale() {
  if (!webBuildIsStale()) return false;
  // A separate process, so the build's memory is freed before anything else runs. Always a production
  // build: under the tests NODE_ENV is "test", which would make Vite bundle React's development build,
  // and `npm start` serves whatever was built last.
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) buildWebIfStale();
