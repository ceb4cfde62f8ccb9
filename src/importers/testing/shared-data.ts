// Locates the shared real-data folder for importer tests: required in CI, optional on a laptop.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** The real public data files live beside the repository, never inside it. */
export const SHARED_DATA = resolve(REPO_ROOT, '../shared/data');

/**
 * Whether tests on real files can run. In CI a missing folder is an error, so those tests can never
 * pass by silently skipping; locally they are skipped with a note.
 */
export function sharedDataAvailable(): boolean {
  if (existsSync(SHARED_DATA)) return true;
  if (process.env.CI) throw new Error(`The shared data folder ${SHARED_DATA} is missing; real-file importer tests cannot run.`);
  console.warn(`Skipping real-file importer tests: ${SHARED_DATA} not found.`);
  return false;
}

export const dataPath = (...parts: string[]) => resolve(SHARED_DATA, ...parts);
