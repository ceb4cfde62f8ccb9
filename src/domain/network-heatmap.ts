// The network heatmap: schools × indicators per school year, from each school's latest review of that year.
import { allIndicators, type Framework } from './framework';

/** One review with the level that counts for each indicator it rated. */
export interface ReviewLevels {
  review_id: string;
  school_id: string;
  school_year: number;
  starts_on: string;
  levels: Record<string, number>;
}

export function networkHeatmap(framework: Framework, schools: { id: string; name: string; district_name: string }[], reviews: readonly ReviewLevels[]) {
  const indicators = allIndicators(framework);
  // The latest review of each school in each year is the one that stands for that year.
  const latest = new Map<string, ReviewLevels>();
  for (const r of reviews) {
    const key = `${r.school_id}|${r.school_year}`;
    const seen = latest.get(key);
    if (!seen || r.starts_on > seen.starts_on || (r.starts_on === seen.starts_on && r.review_id > seen.review_id)) latest.set(key, r);
  }
  const years = [...new Set(reviews.map((r) => r.school_year))].sort((a, b) => a - b);
  // An indicator dropped in a later framework version simply has no column.
  const levelsOf = (r: ReviewLevels | undefined) => (r ? indicators.map((i) => r.levels[i.key] ?? null) : null);
  return {
    years,
    indicators: indicators.map((i) => ({ key: i.key, name: i.name, domainName: i.domainName, equity: i.tags.includes('equity') })),
    schools: schools.map((s) => ({
      id: s.id,
      name: s.name,
      district: s.district_name,
      years: years.map((y) => ({ year: y, reviewId: latest.get(`${s.id}|${y}`)?.review_id ?? null, levels: levelsOf(latest.get(`${s.id}|${y}`)) })),
    })),
  };
}
