// Turns what the outcomes and plan repositories read into the answers the routes declare.
import type { z } from 'zod';
import type { networkPlans } from '../../db/repositories/network-plans';
import type { OutcomesRows, ProposalEvidence } from '../../db/repositories/outcomes';
import type { PlanRows } from '../../db/repositories/plans';
import { schoolYearLabel as yearLabel } from '../../domain/school-year';
import { planStatus, proposeOutcomes, type Progress } from '../../domain/outcomes';
import type { OutcomesReport } from '../../reports/outcomes-report';
import type { can, networkPlansAnswer, outcomesAnswer, planAnswer } from './schemas';

type Can = z.input<typeof can>;

const schoolRef = (s: OutcomesRows['school']) => ({ id: s.id, name: s.name, districtId: s.district_id, districtName: s.district_name });

/** The year's proposals from the evidence, and what they were made from. */
function proposals(evidence: ProposalEvidence) {
  const { review, results, reflections } = evidence;
  return {
    candidates: proposeOutcomes({ review: review?.evidence ?? null, results, reflections }),
    evidence: {
      review: review ? `${review.evidence.reviewTitle} (${review.startsOn})` : null,
      reviewId: review?.evidence.reviewId ?? null,
      resultsYear: results?.year ?? null,
      reflections: reflections.length,
    },
  };
}

export function presentOutcomes(rows: OutcomesRows, may: Can): z.input<typeof outcomesAnswer> {
  const { set } = rows;
  const proposed = rows.evidence ? proposals(rows.evidence) : null;
  return {
    school: schoolRef(rows.school),
    schoolYear: rows.year,
    yearLabel: yearLabel(rows.year),
    set: set
      ? { id: set.id, status: set.status, version: set.version, approvedAt: set.approved_at, approvedBy: set.approved_by_name, updatedAt: set.updated_at }
      : null,
    outcomes: rows.outcomes,
    comments: rows.comments.map((c) => ({
      id: c.id,
      outcomeId: c.outcome_id,
      body: c.body,
      createdAt: c.created_at,
      by: c.person_name ?? 'someone no longer here',
    })),
    candidates: proposed?.candidates ?? [],
    evidence: proposed?.evidence ?? null,
    can: may,
  };
}

/** Each goal's progress from the data, by goal id. */
function progressOfGoals(rows: PlanRows): Record<string, Progress> {
  const progress: Record<string, Progress> = {};
  if (!rows.plan || !rows.progressOf) return progress;
  for (const g of rows.plan.document.goals) {
    const p = rows.progressOf(rows.school.id, rows.year, g);
    if (p) progress[g.id] = p;
  }
  return progress;
}

export function presentPlan(rows: PlanRows, may: Can): z.input<typeof planAnswer> {
  const { plan } = rows;
  const progress = progressOfGoals(rows);
  return {
    school: schoolRef(rows.school),
    schoolYear: rows.year,
    yearLabel: yearLabel(rows.year),
    outcomesStatus: rows.outcomesStatus,
    plan: plan ? { id: plan.id, version: plan.version, document: plan.document, updatedAt: plan.updated_at, updatedBy: plan.updated_by_name } : null,
    progress,
    status: plan ? planStatus(Object.values(progress).map((p) => p.status)) : 'no_data',
    checkins: rows.checkins.map((c) => ({
      id: c.id,
      goalId: c.goal_id,
      status: c.status,
      evidence: c.evidence,
      notes: c.notes,
      checkedOn: c.checked_on,
      by: c.by,
    })),
    revisions: rows.revisions.map((r) => ({ number: r.number, reason: r.reason, createdAt: r.created_at, planVersion: r.plan_version, by: r.by })),
    reflections: Object.fromEntries(rows.reflections.map((r) => [r.goal_id, { result: r.result, learned: r.learned, updatedAt: r.updated_at }])),
    can: may,
  };
}

export function presentNetworkPlans(table: Awaited<ReturnType<typeof networkPlans>>, year: number): z.input<typeof networkPlansAnswer> {
  return { year, yearLabel: yearLabel(year), ...table };
}

/** The one-page outcomes report: the year's outcomes, each with the progress of the plan goal linked to it. */
export function outcomesReport(outcomes: OutcomesRows, plan: PlanRows): OutcomesReport {
  const progress = progressOfGoals(plan);
  const goals = plan.plan?.document.goals ?? [];
  return {
    school: { name: outcomes.school.name, districtName: outcomes.school.district_name },
    yearLabel: yearLabel(outcomes.year),
    status: outcomes.set?.status ?? null,
    approvedBy: outcomes.set?.approved_by_name ?? null,
    approvedAt: outcomes.set?.approved_at ?? null,
    outcomes: outcomes.outcomes,
    progress: outcomes.outcomes.map((o) => {
      const goal = goals.find((g) => g.outcomeId === o.id);
      return goal ? (progress[goal.id] ?? null) : null;
    }),
  };
}
