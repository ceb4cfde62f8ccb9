// Starts the worker thread that reads and formats an aggregate import (aggregate-worker.ts), and hands
// its blocks to the caller one at a time; the worker waits for each acknowledgement, so it runs at most
// a few blocks ahead.
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AggregateChunk, AggregateFilesJob, FormatterInit, FormatterSummary } from './aggregate-chunks';
import { CHUNK_CHARS } from './aggregate-chunks';
import type { WorkerInput, WorkerMessage } from './aggregate-worker';
import { ImportError } from './issues';

export type ThreadEvent =
  | { type: 'chunk'; chunk: AggregateChunk; bytes: number }
  | { type: 'hash'; file: string; sha256: string }
  | { type: 'done'; summary: FormatterSummary; bytes: number };

/** Blocks the worker may have sent before the main thread takes them. */
const AHEAD = 3;

// The worker module sits beside this one, in the same form (TypeScript run through tsx, or built JavaScript).
const here = import.meta.url;
const workerUrl = new URL(`./aggregate-worker${extname(fileURLToPath(here))}`, here).href;

// Evaluated as a CommonJS script in the new thread: registers tsx when needed, then loads the worker.
const BOOT = `const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.url);
})();`;

interface WorkerSource {
  code: string;
  /** What BOOT reads: the worker module, and tsx's loader when it is TypeScript. */
  data: { url?: string; tsx?: string | null };
}
let workerCode: Promise<WorkerSource> | undefined;

/**
 * The code a worker thread runs. Built JavaScript is loaded as it is. TypeScript is bundled once per
 * process into one CommonJS script with esbuild (which tsx brings), since a thread that first starts
 * tsx's loader and compiles each module takes several times longer to start; without esbuild, tsx is used.
 */
export function workerSource(): Promise<WorkerSource> {
  workerCode ??= (async (): Promise<WorkerSource> => {
    if (!workerUrl.endsWith('.ts')) return { code: BOOT, data: { url: workerUrl, tsx: null } };
    try {
      // Named through a variable, so a bundle that includes this module loads esbuild from node_modules rather than bundling it.
      const esbuild = 'esbuild';
      const { build } = (await import(esbuild)) as typeof import('esbuild');
      const result = await build({
        entryPoints: [fileURLToPath(workerUrl)],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: `node${process.versions.node.split('.')[0]}`,
        write: false,
        logLevel: 'silent',
      });
      return { code: result.outputFiles[0]!.text, data: {} };
    } catch {
      const tsx = pathToFileURL(
        createRequire(here)
          .resolve('tsx/esm/api')
          .replace(/\.cjs$/, '.mjs'),
      ).href;
      return { code: BOOT, data: { url: workerUrl, tsx } };
    }
  })();
  return workerCode!;
}

/** Reads and formats a job's files in a worker thread; ends the thread when the caller stops early. */
export async function* formatInThread(job: AggregateFilesJob, init: FormatterInit, chunkChars = CHUNK_CHARS): AsyncGenerator<ThreadEvent> {
  const input: WorkerInput = { job, init, chunkChars, ahead: AHEAD };
  const source = await workerSource();
  // A larger young generation: most of what the worker allocates (fields, rows, lines) dies within a block.
  const worker = new Worker(source.code, { eval: true, workerData: { ...input, ...source.data }, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
  const queue: (WorkerMessage | { type: 'failed'; error: Error })[] = [];
  let wake: (() => void) | null = null;
  const push = (m: WorkerMessage | { type: 'failed'; error: Error }) => {
    queue.push(m);
    wake?.();
    wake = null;
  };
  let finished = false;
  worker.on('message', (m: WorkerMessage) => push(m));
  worker.on('error', (error) => push({ type: 'failed', error }));
  worker.on('exit', (code) => {
    if (!finished) push({ type: 'failed', error: new Error(`the file reader stopped (exit code ${code})`) });
  });
  try {
    for (;;) {
      if (!queue.length) await new Promise<void>((resolve) => (wake = resolve));
      const m = queue.shift()!;
      switch (m.type) {
        case 'chunk':
          yield m;
          worker.postMessage('more');
          break;
        case 'hash':
          yield m;
          break;
        case 'done':
          finished = true;
          yield m;
          return;
        case 'error':
          finished = true;
          if (m.issues) throw new ImportError(m.issues);
          throw Object.assign(new Error(m.message), m.stack ? { stack: m.stack } : {});
        case 'failed':
          finished = true;
          throw m.error;
      }
    }
  } finally {
    finished = true;
    await worker.terminate();
  }
}
