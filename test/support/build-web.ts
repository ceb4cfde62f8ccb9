// Vitest global setup: builds the web app once when dist/web is missing or older than its sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const BUILT = join(ROOT, 'dist/web/index.html');
// The web app also bundles the pure domain helpers it imports.
const SOURCES = [join(ROOT, 'web'), join(ROOT, 'src/domain'), join(ROOT, 'vite.config.ts')];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

export function webBuildIsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const built = statSync(BUILT).mtimeMs;
  return SOURCES.some((s) => newestChange(s) > built);
}

export default function setup() {
  if (!webBuildIsStale()) return;
  // A separate process, so the build's memory is freed before the tests start.
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}
