// PDF reports under load, with the real Chromium: a few pages render at once, the others wait their turn in order,
// and a long queue is refused rather than held in memory.
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors';
import { PdfRenderer } from '../../src/reports/pdf';

const report = (n: number) =>
  `<!doctype html><html><body><h1>Report ${n}</h1>${Array.from({ length: 150 }, (_, i) => `<p>Paragraph ${i} of report ${n}, long enough to wrap over the line.</p>`).join('')}</body></html>`;
const isPdf = (b: Buffer) => b.subarray(0, 5).toString('latin1') === '%PDF-';

describe('PDF rendering queue', () => {
  let renderer: PdfRenderer | undefined;
  afterEach(async () => {
    await renderer?.close();
    renderer = undefined;
  });

  it('renders at most N reports at once, as Chromium counts its pages, and every report comes out', async () => {
    renderer = new PdfRenderer({ concurrency: 2 });
    let peakPages = 0;
    let peakRendering = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakPages = Math.max(peakPages, await renderer!.openPages());
        peakRendering = Math.max(peakRendering, renderer!.load.rendering);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const pdfs = await Promise.all(Array.from({ length: 8 }, (_, i) => renderer!.render(report(i))));
    sampling = false;
    await sampler;
    expect(pdfs.every(isPdf)).toBe(true);
    expect(peakRendering).toBe(2);
    expect(peakPages).toBeGreaterThan(0);
    expect(peakPages).toBeLessThanOrEqual(2);
    expect(renderer.load).toEqual({ rendering: 0, waiting: 0 });
    // The pages are kept for the next reports, never more than N.
    expect(await renderer.openPages()).toBeLessThanOrEqual(2);
  });

  it('serves the waiting reports in the order they asked', async () => {
    renderer = new PdfRenderer({ concurrency: 1 });
    const finished: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => renderer!.render(report(i)).then(() => finished.push(i))));
    expect(finished).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a report past the longest queue with 429, and makes the others', async () => {
    renderer = new PdfRenderer({ concurrency: 1, maxWaiting: 2 });
    const results = await Promise.allSettled([0, 1, 2, 3].map((i) => renderer!.render(report(i))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    const refused = (results[3] as PromiseRejectedResult).reason as AppError;
    expect(refused).toBeInstanceOf(AppError);
    expect([refused.status, refused.code]).toEqual([429, 'rate_limited']);
    expect(renderer.load).toEqual({ rendering: 0, waiting: 0 });
  });

  it('starts the browser again after it was closed', async () => {
    renderer = new PdfRenderer({ concurrency: 2 });
    expect(isPdf(await renderer.render(report(1)))).toBe(true);
    await renderer.close();
    expect(await renderer.openPages()).toBe(0);
    expect(isPdf(await renderer.render(report(2)))).toBe(true);
  });
});
