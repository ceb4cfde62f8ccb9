// How numbers, grades, years and program words are written everywhere in the web app.
import type { PartnershipPhase, SupportLevel, TeamKind } from './types';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** 14200 → "14,200"; a missing number reads "no data yet" rather than 0. */
export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? 'no data yet' : whole.format(n);
}

/** "1 school", "19 schools". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${whole.format(n)} ${n === 1 ? one : many}`;
}

export const SUPPORT_LABELS: Record<SupportLevel, string> = { intensive: 'Intensive', light_touch: 'Light touch' };

export const PHASE_LABELS: Record<PartnershipPhase, string> = {
  direct_support: 'Direct support',
  gradual_release: 'Gradual release',
  sustaining: 'Sustaining',
};

export const TEAM_KIND_LABELS: Record<TeamKind, string> = {
  ilt: 'Instructional leadership team',
  grade_level: 'Grade-level team',
  department: 'Department',
  plc: 'Professional learning community',
  district_team: 'District cross-functional team',
};

/** 3.5 → "3.5 coach days a week". */
export function coachDays(days: number): string {
  return `${decimal.format(days)} coach ${days === 1 ? 'day' : 'days'} a week`;
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}
