// Initial JavaScript of the network page: every script and modulepreload in dist/web/index.html, gzipped.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = 'dist/web';
if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/web is not built: run `npm run build` first');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/?([^"]+\.js)"/g)].map((m) => m[1]!);
const sizes = files.map((f) => {
  const raw = readFileSync(join(dist, f));
  return { f, raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
});
const gz = sizes.reduce((a, s) => a + s.gz, 0);
const raw = sizes.reduce((a, s) => a + s.raw, 0);
for (const s of sizes) console.log(`bundle: ${s.f} ${(s.raw / 1024).toFixed(1)} KB, ${(s.gz / 1024).toFixed(1)} KB gzipped`);
console.log(
  `bundle: initial JS of the network page ${(gz / 1024).toFixed(1)} KB gzipped (${(raw / 1024).toFixed(1)} KB raw), ${((gz / (250 * 1024)) * 100).toFixed(0)}% of the 250 KB budget`,
);
