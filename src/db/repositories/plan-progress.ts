// The results and review ratings that goal progress is read from, for many plans at once.
import { sql, type Kysely } from 'kysely';
import { schoolYearLabel as yearLabel, schoolYearStart } from '../../domain/school-year';
import type { OutcomeTarget } from '../../domain/outcomes';
import type { PlanSnapshot } from '../../domain/plan-versions';
import { progressReader, type ProgressOf } from '../../domain/plan-progress';
import { showCounts } from '../../domain/results';
import type { Database } from '../schema';

/** Reads what the goals of these plans can be measured by, and answers each goal's progress from it. */
export async function goalProgressOf(
  db: Kysely<Database>,
  plans: readonly { school_id: string; school_year: number; document: unknown }[],
): Promise<ProgressOf> {
  const schoolIds = [...new Set(plans.map((p) => p.school_id))];
  const targets = plans.flatMap((p) => (p.document as PlanSnapshot).goals.map((g) => g.target).filter((t): t is OutcomeTarget => t !== null));
  const frameworks = [...new Set(targets.flatMap((t) => (t.kind === 'implementation' ? [t.frameworkId] : [])))];
  const years = plans.map((p) => p.school_year);
  // Only the rows a goal can read: its school, subject, grade and group, after its baseline and up to the end of its plan's year.
  const wanted = [
    ...new Map(
      plans.flatMap((p) =>
        (p.document as PlanSnapshot).goals.flatMap((g) =>
          g.target?.kind === 'student'
            ? [
                [
                  `${p.school_id}|${g.target.subject}|${g.target.grade}|${g.target.group}|${g.target.baselineYear}|${p.school_year}`,
                  { school: p.school_id, t: g.target, last: yearLabel(p.school_year) },
                ] as const,
              ]
            : [],
        ),
      ),
    ).values(),
  ];
  const column = <T>(pick: (w: (typeof wanted)[number]) => T) => wanted.map(pick);
  const [results, reviews] = await Promise.all([
    wanted.length
      ? sql<{
          school_id: string;
          year: string;
          subject: string;
          grade: string;
          student_group: string;
          tested: number | null;
          met_or_above: number | null;
          pct_met_or_above: string | null;
          suppressed: boolean;
        }>`
          select e.school_id, r.year, r.subject, r.grade, r.student_group, r.tested, r.met_or_above, r.pct_met_or_above, r.suppressed
          from unnest(${column((w) => w.school)}::uuid[], ${column((w) => w.t.subject)}::text[], ${column((w) => w.t.grade)}::text[], ${column((w) => w.t.group)}::text[], ${column((w) => w.t.baselineYear)}::text[], ${column((w) => w.last)}::text[])
            as w(school_id, subject, grade, grp, after, last)
          join result_entity e on e.school_id = w.school_id
          join aggregate_result r on r.entity_id = e.id and r.assessment = 'smarter-balanced' and r.subject = w.subject and r.grade = w.grade
            and r.student_group = w.grp and r.year > w.after and r.year <= w.last`
          .execute(db)
          .then((r) => r.rows)
      : [],
    frameworks.length && schoolIds.length
      ? db
          .selectFrom('review')
          .select(['school_id', 'framework_id', 'title', 'starts_on', 'levels'])
          .where(sql<boolean>`school_id = any(${schoolIds}::uuid[])`)
          .where('framework_id', 'in', frameworks)
          .where('status', '=', 'finalized')
          .where('starts_on', '>=', schoolYearStart(Math.min(...years)))
          .where('starts_on', '<', schoolYearStart(Math.max(...years) + 1))
          .execute()
      : [],
  ]);
  return progressReader(
    results.map((r) => ({
      schoolId: r.school_id,
      year: r.year,
      subject: r.subject,
      grade: r.grade,
      group: r.student_group,
      pctMetOrAbove: showCounts(r, false).pctMetOrAbove,
    })),
    reviews.flatMap((r) =>
      r.school_id ? [{ schoolId: r.school_id, frameworkId: r.framework_id, title: r.title, startsOn: r.starts_on, levels: r.levels }] : [],
    ),
  );
}
