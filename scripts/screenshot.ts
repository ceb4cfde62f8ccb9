// Captures the network page of the demo at 1280x800 into docs/network.png, for the README.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium, signIn, startDemoServer } from '../test/support/browser';
import setupWeb from '../test/support/build-web';

const out = resolve(process.argv[2] ?? 'docs/network.png');
setupWeb();
const server = await startDemoServer();
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await signIn(page, server.url, server.emailOf('network_director'));
  await page.getByRole('table').waitFor();
  // Let web fonts and the count line settle so the picture is what a person sees.
  await page.evaluate(() => document.fonts.ready);
  mkdirSync(resolve(out, '..'), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`Wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
