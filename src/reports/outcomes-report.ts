// "Annual outcomes 2026-27, <school>": the year's outcomes on one printed page, each with its baseline, target,
// why it was chosen, and the plan goal's progress where the plan has begun.
import type { OutcomeTarget, Progress } from '../domain/outcomes';
import { documentPage, html } from './html';

export interface OutcomesReport {
  school: { name: string; districtName: string };
  yearLabel: string;
  status: 'draft' | 'approved' | null;
  approvedBy: string | null;
  approvedAt: Date | string | null;
  outcomes: { title: string; target: OutcomeTarget; reason: string }[];
  /** Progress of the plan goal linked to each outcome, by outcome position. */
  progress: (Progress | null)[];
}

const KIND = { implementation: 'Implementation', student: 'Student results' } as const;
const STATUS: Record<Progress['status'], string> = { met: 'Met', on_track: 'On track', at_risk: 'At risk', off_track: 'Off track', no_data: 'No data yet' };

function measure(t: OutcomeTarget): { from: string; to: string } {
  if (t.kind === 'student') return { from: `${t.baseline}% (${t.baselineYear})`, to: `${t.target}%` };
  const label = (v: number | null) => (v === null ? 'not rated' : `${v} ${t.levelLabels[String(v)] ?? ''}`.trim());
  return { from: label(t.baselineLevel), to: label(t.targetLevel) };
}

export function outcomesReportHtml(r: OutcomesReport, organization: { name: string; isDemo: boolean }): string {
  const title = `Annual outcomes ${r.yearLabel}, ${r.school.name}`;
  const approved =
    r.status === 'approved'
      ? `Approved${r.approvedBy ? ` by ${r.approvedBy}` : ''}${r.approvedAt ? ` on ${new Date(r.approvedAt).toISOString().slice(0, 10)}` : ''}`
      : 'Draft: not yet approved';
  const body = html`
    <style>
      body { font-size: 10pt; }
      td.reason { font-size: 8.5pt; color: #333; }
      .outcome { font-weight: bold; }
    </style>
    ${organization.isDemo ? html`<div class="demo">Demo network: synthetic data</div>` : ''}
    <h1>${title}</h1>
    <p class="meta">${r.school.districtName} · ${organization.name} · ${approved}</p>
    ${
      r.outcomes.length === 0
        ? html`<p>No outcomes have been set for ${r.yearLabel} yet.</p>`
        : html`<table>
            <thead><tr><th>#</th><th>Outcome</th><th>Kind</th><th>From</th><th>To</th><th>Progress</th></tr></thead>
            <tbody>${r.outcomes.map((o, i) => {
              const m = measure(o.target);
              const p = r.progress[i];
              return html`<tr><td class="num">${i + 1}</td><td><div class="outcome">${o.title}</div>${o.reason ? html`<div class="reason note">Why: ${o.reason}</div>` : ''}</td><td>${KIND[o.target.kind]}</td><td>${m.from}</td><td>${m.to}</td><td>${p ? html`${STATUS[p.status]}<div class="note">${p.note}</div>` : html`<span class="note">Plan not started</span>`}</td></tr>`;
            })}</tbody>
          </table>`
    }
    <p class="note">Student-result outcomes are % of students at or above standard; figures over fewer than 11 students are not shown. Progress is computed from imported results and review ratings, never entered by hand.</p>
  `;
  return documentPage(title, body);
}
