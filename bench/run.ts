// Runs every benchmark in turn; each prints its figures as ratios measured in the same run.
import { spawnSync } from 'node:child_process';

const benches = process.argv.slice(2).length ? process.argv.slice(2) : ['bundle', 'start', 'auth-read', 'heatmap', 'import', 'plans', 'load'];
for (const name of benches) {
  const r = spawnSync(process.execPath, ['bin/run-ts.js', `bench/${name}.ts`], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}
