#!/usr/bin/env node
// Entry point of the `trellis` command. Runs the TypeScript CLI from one bundled module, built with esbuild on
// the first run and again whenever a source file changes; runs it through tsx when no bundle can be built
// (or with TRELLIS_TSX=1, which also gives stack traces with TypeScript line numbers).
import { pathToFileURL } from 'node:url';
import { BUNDLE, buildBundle, bundleIsCurrent } from './cli-bundle.js';

const bundled =
  process.env.TRELLIS_TSX !== '1' &&
  (bundleIsCurrent() ||
    (await buildBundle().then(
      () => true,
      () => false,
    )));
if (bundled) {
  await import(pathToFileURL(BUNDLE).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
