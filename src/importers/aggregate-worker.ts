// A worker thread that reads and formats an aggregate import's files (see aggregate-chunks.ts) while the
// main thread writes the blocks to the database; it stays at most a few blocks ahead, so memory stays flat.
import { parentPort, workerData } from 'node:worker_threads';
import { AggregateFormatter, formatFiles, meteredFile, type AggregateFilesJob, type FormatterInit } from './aggregate-chunks';
import { ImportError } from './issues';

export interface WorkerInput {
  job: AggregateFilesJob;
  init: FormatterInit;
  chunkChars: number;
  /** Blocks sent ahead of the main thread's acknowledgements. */
  ahead: number;
}

export type WorkerMessage =
  | { type: 'chunk'; chunk: import('./aggregate-chunks').AggregateChunk; bytes: number }
  | { type: 'hash'; file: string; sha256: string }
  | { type: 'done'; summary: import('./aggregate-chunks').FormatterSummary; bytes: number }
  | { type: 'error'; issues?: ImportError['issues']; message: string; stack?: string };

const port = parentPort!;
const input = workerData as WorkerInput;
let credit = input.ahead;
let wake: (() => void) | null = null;
const onMessage = (m: unknown) => {
  if (m !== 'more') return;
  credit++;
  wake?.();
  wake = null;
};
port.on('message', onMessage);

async function run(): Promise<void> {
  let bytes = 0;
  const send = (message: WorkerMessage) => port.postMessage(message);
  try {
    const formatter = new AggregateFormatter(input.init);
    const open = (file: { name: string; path: string }) =>
      meteredFile(
        file.path,
        (n) => (bytes += n),
        (sha256) => send({ type: 'hash', file: file.name, sha256 }),
        256 * 1024,
      );
    for await (const chunk of formatFiles(input.job, formatter, open, input.chunkChars)) {
      if (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
      credit--;
      send({ type: 'chunk', chunk, bytes });
    }
    send({ type: 'done', summary: formatter.finish(), bytes });
  } catch (error) {
    const e = error as Error;
    send(
      error instanceof ImportError
        ? { type: 'error', issues: error.issues, message: e.message }
        : { type: 'error', message: e?.message ?? String(error), stack: e?.stack },
    );
  } finally {
    // Nothing else keeps the thread alive: it ends once the last message is sent.
    port.off('message', onMessage);
  }
}

void run();
