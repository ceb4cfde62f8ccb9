// The files an import reads, checked before anything is recorded: each exists, is a file (a OneRoster
// bundle is the one folder an import takes, and its CSV files must be files), and is text.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ImportFormat } from '../db/schema';
import { AppError } from '../domain/errors';
import { ImportError } from './issues';
import { assertTextFile } from './sniff';

export interface FileUse {
  name: string;
  path: string;
  bytes: number;
  /** Filled while the file streams. */
  sha256: string;
}

const refuse = (file: string, message: string) => new ImportError([{ file, line: 0, message }]);

/** The CSV files of a OneRoster bundle folder, in name order; a folder named like one of them is refused by name. */
async function bundleFiles(folder: string): Promise<FileUse[]> {
  const entries = await readdir(folder);
  if (!entries.length) throw refuse(basename(folder), 'the folder is empty; a OneRoster bundle holds manifest.csv and the CSV files it lists');
  const out: FileUse[] = [];
  for (const name of entries.filter((n) => n.toLowerCase().endsWith('.csv')).sort()) {
    const path = join(folder, name);
    const stat = statSync(path);
    if (stat.isDirectory()) throw refuse(name, `${name} in the bundle is a folder, not a CSV file`);
    if (!stat.isFile()) throw refuse(name, `${name} in the bundle is not a regular file`);
    out.push({ name, path, bytes: stat.size, sha256: '' });
  }
  if (!out.length) throw refuse(basename(folder), 'the folder holds no CSV files; a OneRoster bundle holds manifest.csv and the CSV files it lists');
  return out;
}

/** The files an import reads: a OneRoster folder stands for its CSV files. Lookups are checked as well. */
export async function filesOf(format: ImportFormat, files: { path: string; name?: string }[], lookups: (string | undefined)[]): Promise<FileUse[]> {
  const out: FileUse[] = [];
  const missing = (path: string) => refuse(path, 'no such file');
  if (files.length === 0) throw new AppError('invalid_input', 'Name at least one file to import.');
  for (const f of files) {
    if (!existsSync(f.path)) throw missing(f.path);
    const stat = statSync(f.path);
    if (stat.isDirectory()) {
      if (format !== 'oneroster') throw refuse(f.name ?? basename(f.path), 'is a folder; only a OneRoster bundle is imported from a folder');
      out.push(...(await bundleFiles(f.path)));
    } else out.push({ name: f.name ?? basename(f.path), path: f.path, bytes: stat.size, sha256: '' });
  }
  for (const extra of lookups) {
    if (!extra) continue;
    if (!existsSync(extra)) throw missing(extra);
    if (statSync(extra).isDirectory()) throw refuse(basename(extra), 'is a folder, not a file');
  }
  // A picture or a workbook is refused before anything is recorded or parsed.
  for (const f of out) await assertTextFile(f.path, f.name);
  for (const extra of lookups) if (extra) await assertTextFile(extra, basename(extra));
  return out;
}

/** The SHA-256 of a file read whole: for files a parser opens itself, which no meter sees stream. */
export function hashFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
