// Renders printable HTML to PDF with the system's headless Chromium, the same engine that prints the pages.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { AppError } from '../domain/errors';

export const CHROMIUM_PATH = process.env.TRELLIS_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Promise<Browser> | null = null;

function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new AppError('internal', `PDF export needs Chromium at ${CHROMIUM_PATH} (Debian: apt-get install chromium; or set TRELLIS_CHROMIUM). The printable page works without it: use your browser's Print.`);
  // playwright-core is loaded on the first PDF, not at start-up: it is large and most runs never print.
  browser ??= import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS })).catch((error) => {
    browser = null;
    throw error;
  });
  return browser;
}

/** One page per document; the page never loads anything from the network (the HTML is self-contained). */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const context = await (await launch()).newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'Letter', printBackground: true, margin: { top: '0.5in', bottom: '0.6in', left: '0.5in', right: '0.5in' }, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#555">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>' });
  } finally {
    await context.close();
  }
}

export async function closePdfRenderer(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await (await b).close().catch(() => {});
}
