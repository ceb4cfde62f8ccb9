// Reading the figures `trellis results` prints: one entity's rows, year by year.
import type { Kysely } from 'kysely';
import { groupOrder, resultOrder } from '../../domain/result-order';
import { showResult, type StoredResult } from '../../domain/results';
import type { Database } from '../schema';

const num = (v: string | number | null) => (v === null ? null : Number(v));

function rowsOf(db: Kysely<Database>) {
  return db
    .selectFrom('aggregate_result as r')
    .select([
      'r.entity_id',
      'r.year',
      'r.assessment',
      'r.subject',
      'r.grade',
      'r.student_group',
      'r.tested',
      'r.met_or_above',
      'r.pct_met_or_above',
      'r.level_percents',
      'r.mean_scale_score',
      'r.suppressed',
      'r.source',
      'r.source_line',
      'r.import_run_id',
    ]);
}

type RawRow = Awaited<ReturnType<ReturnType<typeof rowsOf>['execute']>>[number];

function stored(r: RawRow): StoredResult {
  return {
    year: r.year,
    assessment: r.assessment,
    subject: r.subject,
    grade: r.grade,
    group: r.student_group,
    tested: r.tested,
    metOrAbove: r.met_or_above,
    pctMetOrAbove: num(r.pct_met_or_above),
    levelPercents: r.level_percents ? r.level_percents.map(num) : null,
    meanScaleScore: num(r.mean_scale_score),
    suppressed: r.suppressed,
    source: r.source,
    line: r.source_line,
    importRunId: r.import_run_id,
  };
}

export interface SeriesQuery {
  organizationId: string;
  /** A state code of a school or district, a state abbreviation, or 'state' for the one state on file. */
  entity: string;
  subject: string;
  years: string[];
  grade: string;
  group: string;
}

/** The figures `trellis results` prints: one object per year for one entity. */
export async function resultSeries(db: Kysely<Database>, q: SeriesQuery) {
  let entities = await db
    .selectFrom('result_entity')
    .select(['id', 'kind', 'code', 'name', 'state'])
    .where('organization_id', '=', q.organizationId)
    .where((eb) =>
      q.entity.toLowerCase() === 'state' ? eb('kind', '=', 'state') : eb.or([eb('code', '=', q.entity), eb('code', '=', q.entity.toUpperCase())]),
    )
    .execute();
  // A CDS code may be written with dashes (19-64733-6019582).
  if (!entities.length && /^[\d-]+$/.test(q.entity))
    entities = await db
      .selectFrom('result_entity')
      .select(['id', 'kind', 'code', 'name', 'state'])
      .where('organization_id', '=', q.organizationId)
      .where('code', '=', q.entity.replace(/-/g, ''))
      .execute();
  if (entities.length > 1) return { ambiguous: entities.map((e) => ({ kind: e.kind, code: e.code, state: e.state, name: e.name })) };
  const e = entities[0];
  if (!e) return null;
  // A group the entity has no rows for is named as unknown, with the groups that are on file.
  const groups = (
    await db
      .selectFrom('aggregate_result')
      .select('student_group')
      .distinct()
      .where('entity_id', '=', e.id)
      .where('subject', '=', q.subject)
      .where('assessment', '=', 'smarter-balanced')
      .execute()
  ).map((g) => g.student_group);
  if (groups.length && !groups.includes(q.group)) return { unknownGroup: q.group, groups: groups.sort(groupOrder) };
  const rows = await rowsOf(db)
    .where('r.entity_id', '=', e.id)
    .where('r.subject', '=', q.subject)
    .where('r.grade', '=', q.grade)
    .where('r.student_group', '=', q.group)
    .where('r.year', 'in', q.years)
    .where('r.assessment', '=', 'smarter-balanced')
    .execute();
  return {
    series: rows
      .map(stored)
      .sort(resultOrder)
      .map((r) => {
        const shown = showResult(r, false);
        return {
          entity: e.code,
          name: e.name ?? (e.kind === 'state' ? e.state : e.code),
          year: r.year,
          subject: r.subject,
          grade: r.grade,
          group: r.group,
          tested: shown.tested,
          metOrAbove: shown.metOrAbove,
          pctMetOrAbove: shown.pctMetOrAbove,
          suppressed: shown.suppressed,
          hiddenLevels: shown.hiddenLevels,
        };
      }),
  };
}
