// The printable review report: what was reviewed, ratings by domain, strengths, growth areas, equity items, every rating with its evidence.
import { allIndicators, levelLabel, type Framework } from '../domain/framework';
import { summarizeReview, validation, type Rating } from '../domain/rating';
import { documentPage, html } from './html';

export const REVIEW_TYPE_LABELS: Record<string, string> = {
  self_assessment: 'Self-assessment',
  support_review: 'School support review',
  transformation_fall: 'Transformation review (fall baseline)',
  transformation_spring: 'Transformation review (spring follow-up)',
  district_review: 'District review',
};

const EVIDENCE_LABELS: Record<string, string> = {
  interview: 'Interview',
  focus_group: 'Focus group',
  classroom_observation: 'Classroom observation',
  survey: 'Survey',
  document: 'Document',
  data: 'Data',
};

export interface ReportReview {
  title: string;
  type: string;
  school_name: string | null;
  district_name: string;
  starts_on: string;
  ends_on: string;
  status: string;
  participants: unknown;
  focus_indicators: string[];
  ratings: { indicator_key: string; source: Rating['source']; level: number | null; note: string; evidence: { kind: string; note: string }[] }[];
}

export function reviewReportHtml(review: ReportReview, framework: Framework, organization: { name: string; isDemo: boolean }): string {
  const ratings: Rating[] = review.ratings.map((r) => ({ indicatorKey: r.indicator_key, source: r.source, level: r.level }));
  const summary = summarizeReview(framework, ratings);
  const of = (key: string, source: Rating['source']) => review.ratings.find((r) => r.indicator_key === key && r.source === source);
  const participants = Array.isArray(review.participants) ? (review.participants as { name: string; role: string }[]) : [];
  const where = review.school_name ? `${review.school_name}, ${review.district_name}` : review.district_name;
  const list = (rows: typeof summary.strengths) =>
    rows.length
      ? html`<ul>${rows.map((r) => html`<li>${r.name} (${r.domainName}): ${levelLabel(framework, r.level)}</li>`)}</ul>`
      : html`<p class="note">None yet.</p>`;

  const body = html`
    ${organization.isDemo ? html`<div class="demo">Demo network: synthetic data</div>` : ''}
    <h1>${review.title}</h1>
    <p class="meta">${where} · ${REVIEW_TYPE_LABELS[review.type] ?? review.type} · ${review.starts_on === review.ends_on ? review.starts_on : `${review.starts_on} to ${review.ends_on}`} · ${framework.name}, version ${framework.version} · ${review.status === 'finalized' ? 'Final' : 'Draft: not finalized'}</p>
    <p class="meta">${organization.name}${participants.length ? html` · Participants: ${participants.map((p) => `${p.name}${p.role ? ` (${p.role})` : ''}`).join(', ')}` : ''}</p>

    <h2>Ratings by domain</h2>
    <table>
      <thead><tr><th>Domain</th><th class="num">Average level</th><th class="num">Indicators rated</th></tr></thead>
      <tbody>${summary.domains.map((d) => html`<tr><td>${d.name}</td><td class="num">${d.mean === null ? 'no ratings yet' : d.mean.toFixed(1)}</td><td class="num">${d.rated} of ${d.total}</td></tr>`)}</tbody>
    </table>
    <p class="note">The level that counts is the consensus rating, else the external rating, else the self rating. Scale: ${framework.levels.map((l) => `${l.value} ${l.label}`).join(', ')}.</p>

    <h2>Strengths</h2>${list(summary.strengths)}
    <h2>Growth areas</h2>${list(summary.growthAreas)}
    <h2>Equity items</h2>
    <table><thead><tr><th>Indicator</th><th>Domain</th><th>Level</th></tr></thead>
      <tbody>${summary.equity.map((e) => html`<tr><td class="equity">${e.name}</td><td>${e.domainName}</td><td>${levelLabel(framework, e.level)}</td></tr>`)}</tbody></table>

    <h2>Every indicator</h2>
    <table>
      <thead><tr><th>Indicator</th><th>Self</th><th>External</th><th>Consensus</th><th>Self vs evidence</th><th>Evidence</th></tr></thead>
      <tbody>${allIndicators(framework).map((i) => {
        const self = of(i.key, 'self');
        const external = of(i.key, 'external');
        const consensus = of(i.key, 'consensus');
        const v = validation(self?.level ?? null, external?.level ?? null);
        const evidence = [self, external, consensus].flatMap((r) => r?.evidence ?? []);
        return html`<tr>
          <td><span class="${review.focus_indicators.includes(i.key) ? 'focus' : ''}">${i.name}</span>${i.tags.includes('equity') ? html` <span class="equity">(equity)</span>` : ''}${review.focus_indicators.includes(i.key) ? ' · focus' : ''}<br><span class="note">${i.domainName}</span></td>
          <td>${levelLabel(framework, self?.level ?? null)}</td>
          <td>${levelLabel(framework, external?.level ?? null)}</td>
          <td>${levelLabel(framework, consensus?.level ?? null)}</td>
          <td>${v === null ? '' : v.status === 'validated' ? 'Validated' : `Challenged: self ${v.direction === 'self_higher' ? 'higher' : 'lower'} by ${v.by}`}</td>
          <td class="note">${evidence.map((e) => html`<div>${EVIDENCE_LABELS[e.kind] ?? e.kind}: ${e.note}</div>`)}${[self, external, consensus].filter((r) => r?.note).map((r) => html`<div>Note (${r!.source}): ${r!.note}</div>`)}</td>
        </tr>`;
      })}</tbody>
    </table>`;
  return documentPage(`${review.title}, ${where}`, body);
}
