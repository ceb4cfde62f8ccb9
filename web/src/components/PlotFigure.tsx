// A chart drawn by Observable Plot at the width of its column. It is an image with a spoken summary;
// the table beside it carries every figure.
import * as Plot from '@observablehq/plot';
import { useEffect, useRef, useState } from 'react';

export interface LineKey {
  label: string;
  color: string;
  /** SVG dash pattern, so lines differ by more than colour. */
  dash?: string;
}

export function PlotFigure({ options, summary, caption, lines }: { options: Plot.PlotOptions; summary: string; caption?: string; lines?: LineKey[] }) {
  const holder = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry!.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = holder.current;
    if (!el || width === 0) return;
    const chart = Plot.plot({
      style: { fontSize: '13px', background: 'transparent', overflow: 'visible' },
      width: Math.min(Math.max(width, 320), 960),
      ...options,
    });
    // The holder speaks for the chart as one image; Plot's labels on inner groups would only be noise.
    for (const node of [chart, ...chart.querySelectorAll('[aria-label], [aria-description]')]) {
      node.removeAttribute('aria-label');
      node.removeAttribute('aria-description');
    }
    chart.setAttribute('aria-hidden', 'true');
    el.replaceChildren(chart);
    return () => chart.remove();
  }, [options, width]);

  return (
    <figure className="results-chart">
      {lines && (
        <ul className="line-key" aria-hidden>
          {lines.map((l) => (
            <li key={l.label}>
              <svg width="28" height="10" viewBox="0 0 28 10" aria-hidden="true" focusable="false">
                <title>{l.label}</title>
                <line x1="0" y1="5" x2="28" y2="5" stroke={l.color} strokeWidth="3" strokeDasharray={l.dash} />
              </svg>
              {l.label}
            </li>
          ))}
        </ul>
      )}
      <div ref={holder} role="img" aria-label={summary} className="results-chart-plot" />
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}

export { Plot };
