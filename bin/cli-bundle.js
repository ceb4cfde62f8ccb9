// Builds the TypeScript CLI into one ES module with esbuild, and tells whether a built one is still current.
// Loading one prebuilt file starts much faster than transpiling and resolving every source module through tsx.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '..');
const OUT_DIR = resolve(ROOT, 'node_modules/.cache/trellis');
const ENTRY = resolve(ROOT, 'src/cli/main.ts');
export const BUNDLE = resolve(OUT_DIR, 'cli.mjs');
const STAMP = resolve(OUT_DIR, 'cli.json');
const PACKAGES = 'node_modules/.package-lock.json';
// Bumped when the build options below change, so a bundle built with other options is rebuilt.
const FORMAT = 3;

// Packages that stay outside the bundle: they find files beside their own code in ways a bundle cannot follow
// (wasm, native addons, optional native drivers, worker scripts, platform binaries), or are heavy and only
// needed for some requests. Every other package is bundled in.
const EXTERNAL = ['@electric-sql/pglite', '@node-rs/argon2', 'pg', 'pg-copy-streams', 'pino', 'thread-stream', 'playwright-core', 'esbuild', 'tsx'];

const signature = (path) => {
  const s = statSync(path);
  return `${s.size}:${s.mtimeMs}`;
};

/** Whether the bundle was built from the files as they are now (every input unchanged). */
export function bundleIsCurrent() {
  try {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    if (stamp.format !== FORMAT || stamp.node !== process.version) return false;
    statSync(BUNDLE);
    for (const [path, sig] of Object.entries(stamp.inputs)) if (signature(resolve(ROOT, path)) !== sig) return false;
    return true;
  } catch {
    return false;
  }
}

// Modules that locate files beside themselves keep doing so from the bundle: in the project's sources
// import.meta.url and import.meta.dirname name the source file; bundled packages get their own __dirname and __filename.
const fileLocations = {
  name: 'file-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.')) return { contents: source, loader: 'ts' };
      const contents = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: 'ts' };
    });
    build.onLoad({ filter: /\/node_modules\/.*\.c?js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
      return { contents: `var __dirname = ${JSON.stringify(dirname(args.path))}, __filename = ${JSON.stringify(args.path)};\n${source}`, loader: 'js' };
    });
  },
};

/** Builds the bundle and records its inputs; written to temporary files and renamed, so concurrent builds never leave a half file. */
export async function buildBundle() {
  const { build } = await import('esbuild');
  const started = Date.now();
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    external: EXTERNAL,
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: BUNDLE,
    // Bundled CommonJS packages call require() for Node's built-ins.
    banner: { js: "import { createRequire as __trellisCreateRequire } from 'node:module'; const require = __trellisCreateRequire(import.meta.url);" },
    plugins: [fileLocations],
  });
  // Bundled packages change only when npm installs, which rewrites its lockfile in node_modules: that one file stands for them.
  const inputs = { [PACKAGES]: signature(resolve(ROOT, PACKAGES)) };
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.includes('node_modules/')) continue;
    const path = resolve(ROOT, input);
    // A file saved while the build ran may not be in the bundle: record it as changed, so the next start rebuilds.
    inputs[relative(ROOT, path)] = statSync(path).mtimeMs >= started - 1000 ? 'changed during build' : signature(path);
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const suffix = `.${process.pid}.tmp`;
  writeFileSync(BUNDLE + suffix, result.outputFiles[0].contents);
  writeFileSync(STAMP + suffix, JSON.stringify({ format: FORMAT, node: process.version, inputs }));
  renameSync(BUNDLE + suffix, BUNDLE);
  renameSync(STAMP + suffix, STAMP);
}
