// Start-up: a fresh start on an empty data directory (demo load included) and a restart, to the first page served.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startUntil, stop } from '../test/support/processes';

async function timeToFirstPage(dir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const { child } = await startUntil(process.execPath, ['bin/trellis.js', 'serve'], /Trellis is running/, {
    TRELLIS_DATA_DIR: dir,
    PORT: String(port),
    TRELLIS_DEMO: '',
  });
  try {
    const page = await fetch(`http://127.0.0.1:${port}/`);
    if (page.status !== 200) throw new Error(`first page answered ${page.status}`);
    await page.text();
    return performance.now() - started;
  } finally {
    await stop(child);
  }
}

// The floor: a Node process that only starts and exits, measured in the same run.
async function nodeFloor(): Promise<number> {
  const started = performance.now();
  await new Promise<void>((done) => {
    import('node:child_process').then(({ spawn }) => spawn(process.execPath, ['-e', '0']).on('exit', () => done()));
  });
  return performance.now() - started;
}

const dir = mkdtempSync(join(tmpdir(), 'trellis-bench-start-'));
try {
  const floor = await nodeFloor();
  const fresh = await timeToFirstPage(dir);
  const restart = await timeToFirstPage(dir);
  console.log(`start: fresh start with demo to first page ${(fresh / 1000).toFixed(2)} s (${((fresh / 10_000) * 100).toFixed(0)}% of the 10 s budget)`);
  console.log(
    `start: restart on existing data ${(restart / 1000).toFixed(2)} s (${((restart / 3_000) * 100).toFixed(0)}% of the 3 s budget); bare node start ${floor.toFixed(0)} ms, so restart is ${(restart / floor).toFixed(1)}× a bare node process`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
