// The built-in frameworks every organization can use, read from their YAML files in src/domain/frameworks.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Framework } from '../domain/framework';
import { parseFramework } from '../domain/framework-file';

export const BUILT_IN_FILES = ['school-systems.yaml', 'school-transformation.yaml', 'district-transformation.yaml'];

/**
 * Reads and validates framework files from a folder. A broken file throws with every problem listed:
 * the built-ins ship with the code, so a mistake in one must stop start-up rather than surface mid-review.
 */
export function loadFrameworkFiles(files: readonly string[], folder: URL): Framework[] {
  const frameworks = files.map((file) => {
    const parsed = parseFramework(readFileSync(fileURLToPath(new URL(file, folder)), 'utf8'), 'yaml', file);
    if (!parsed.ok)
      throw new Error(`The built-in framework ${file} is not valid:\n${parsed.errors.map((e) => `  ${file}: ${e.path}: ${e.message}`).join('\n')}`);
    return parsed.framework;
  });
  const keys = frameworks.map((f) => f.key);
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice) throw new Error(`Two built-in framework files use the key ${twice}; each framework needs its own key.`);
  return frameworks;
}

let cached: Framework[] | undefined;

export function builtInFrameworks(): Framework[] {
  cached ??= loadFrameworkFiles(BUILT_IN_FILES, new URL('../domain/frameworks/', import.meta.url));
  return cached;
}
