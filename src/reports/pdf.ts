// Renders printable HTML to PDF with the system's headless Chromium, the same engine that prints the pages.
// One browser is shared, and only a few pages render at once: more at once only share the same cores and memory, so
// each would take longer. The others wait their turn in order; past a long queue a report is refused for a moment.
// The pages are kept for the next reports: opening one costs more than rendering a report in it.
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { config } from '../config';
import { AppError } from '../domain/errors';

/** How Chromium is started, headless and quiet, wherever Trellis drives it (PDF reports, browser tests). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PdfRendererOptions {
  /** Pages rendering at once (default 2, or TRELLIS_PDF_RENDERS). */
  concurrency?: number;
  /** Reports waiting for a page at most; one more is refused with 429 until the queue shortens (default 100). */
  maxWaiting?: number;
  executablePath?: string;
}

export class PdfRenderer {
  readonly concurrency: number;
  readonly maxWaiting: number;
  private readonly executablePath: string;
  private browser: Promise<Browser> | null = null;
  private rendering = 0;
  private readonly waiting: (() => void)[] = [];
  /** Pages ready for the next report, each in a context of its own; never more than `concurrency` exist. */
  private idle: { context: BrowserContext; page: Page }[] = [];

  constructor(options: PdfRendererOptions = {}) {
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 2));
    this.maxWaiting = Math.max(0, Math.floor(options.maxWaiting ?? 100));
    this.executablePath = options.executablePath ?? config().TRELLIS_CHROMIUM;
  }

  private launch(): Promise<Browser> {
    if (this.browser) return this.browser;
    if (!existsSync(this.executablePath))
      throw new AppError(
        'internal',
        `PDF export needs Chromium at ${this.executablePath} (Debian: apt-get install chromium; or set TRELLIS_CHROMIUM). The printable page works without it: use your browser's Print.`,
      );
    // playwright-core is loaded on the first PDF, not at start-up: it is large and most runs never print.
    const launching = import('playwright-core')
      .then(({ chromium }) => chromium.launch({ executablePath: this.executablePath, args: CHROMIUM_ARGS }))
      .then((browser) => {
        // A browser that crashed or was closed is started again for the next report.
        browser.on('disconnected', () => {
          if (this.browser !== launching) return;
          this.browser = null;
          this.idle = [];
        });
        return browser;
      })
      .catch((error) => {
        if (this.browser === launching) this.browser = null;
        throw error;
      });
    this.browser = launching;
    return launching;
  }

  /** A turn to render: at once while fewer than `concurrency` render, else in order of asking. */
  private turn(): Promise<void> {
    if (this.rendering < this.concurrency) {
      this.rendering++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxWaiting)
      return Promise.reject(
        new AppError('rate_limited', `${this.waiting.length} reports are waiting to be made. Try again in a minute; the printable page works meanwhile.`),
      );
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the turn to the next report waiting, if any. */
  private done() {
    const next = this.waiting.shift();
    if (next) next();
    else this.rendering--;
  }

  /** One page per document; the page never loads anything from the network (the HTML is self-contained). */
  async render(html: string): Promise<Buffer> {
    await this.turn();
    try {
      const browser = await this.launch();
      const slot = this.idle.pop() ?? (await this.openPage(browser));
      try {
        await slot.page.setContent(html, { waitUntil: 'load' });
        const pdf = await slot.page.pdf({
          format: 'Letter',
          printBackground: true,
          margin: { top: '0.5in', bottom: '0.6in', left: '0.5in', right: '0.5in' },
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate:
            '<div style="font-size:8px;width:100%;text-align:center;color:#555">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
        });
        if (this.browser && (await this.browser) === browser) this.idle.push(slot);
        else await slot.context.close().catch(() => undefined);
        return pdf;
      } catch (error) {
        // A page that failed is not used again.
        await slot.context.close().catch(() => undefined);
        throw error;
      }
    } finally {
      this.done();
    }
  }

  private async openPage(browser: Browser) {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    return { context, page: await context.newPage() };
  }

  /** Reports rendering and waiting now. */
  get load(): { rendering: number; waiting: number } {
    return { rendering: this.rendering, waiting: this.waiting.length };
  }

  /** Pages open in the browser now, as Chromium counts them (none before the first report). */
  async openPages(): Promise<number> {
    if (!this.browser) return 0;
    const browser = await this.browser.catch(() => null);
    return browser ? browser.contexts().reduce((n, c) => n + c.pages().length, 0) : 0;
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    this.idle = [];
    if (b) await (await b.catch(() => null))?.close().catch(() => {});
  }
}

// Made on the first report, so the settings are read at start-up rather than when this module loads.
let renderer: PdfRenderer | null = null;

export function htmlToPdf(html: string): Promise<Buffer> {
  renderer ??= new PdfRenderer({ concurrency: config().TRELLIS_PDF_RENDERS });
  return renderer.render(html);
}

export async function closePdfRenderer(): Promise<void> {
  await renderer?.close();
}
