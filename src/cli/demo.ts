// Loading the demo network and telling people how to sign in to it.
import { generateDemoNetwork, partnerSchools, type DemoNetwork } from '../domain/demo';
import { ROLE_LABELS } from '../domain/access';
import { isEmpty, loadDemo, loadDemoReviews } from '../db/demo';
import { loadDemoPlans } from '../db/demo-plans';
import { generateDemoReviews } from '../domain/demo-reviews';
import { generateDemoResults } from '../domain/demo-results';
import { loadGeneratedRecords } from '../importers/generated-records';
import { builtInFrameworks } from '../db/built-in-frameworks';
import type { TrellisDatabase } from '../db/database';
import { hashPassword } from '../server/passwords';
import type { Role } from '../db/schema';

export const DEMO_PASSWORD = 'trellis-demo';

export async function loadDemoIfEmpty(database: TrellisDatabase): Promise<DemoNetwork | null> {
  if (!(await isEmpty(database.db))) return null;
  const asOf = new Date();
  const network = generateDemoNetwork(asOf);
  const { organizationId } = await loadDemo(database.db, network, await hashPassword(DEMO_PASSWORD));
  const transformation = builtInFrameworks().find((f) => f.key === 'school-transformation')!;
  await loadDemoReviews(database, organizationId, network, generateDemoReviews(network, transformation, asOf));
  const results = generateDemoResults(network, asOf);
  await loadGeneratedRecords(database, organizationId, 'Demo results (synthetic)', {
    aggregates: results.aggregates,
    studentLevel: [...results.students, ...results.results],
  });
  // Outcomes and plans are drawn from the reviews and results just loaded.
  await loadDemoPlans(database.db, organizationId, asOf);
  return network;
}

/** One demo person for each role, to print at start, with what their memberships let them see. */
export function demoSignIns(network: DemoNetwork): { role: Role; label: string; email: string; name: string; where: string }[] {
  const seen = new Set<Role>();
  const out = [];
  const rolesOf = (key: string) => new Set(network.memberships.filter((x) => x.personKey === key).map((x) => x.role));
  const schoolTeam = (m: DemoNetwork['memberships'][number]) => m.scopeKind !== 'team' || !!network.teams.find((t) => t.key === m.scopeKey)?.schoolKey;
  // Prefer people who hold just the one role, so each sign-in shows that role alone; fall back to anyone.
  const candidates = [
    ...network.memberships.filter((m) => rolesOf(m.personKey).size === 1 && schoolTeam(m)),
    ...network.memberships.filter((m) => schoolTeam(m)),
  ];
  for (const m of candidates) {
    if (seen.has(m.role)) continue;
    seen.add(m.role);
    const p = network.people.find((x) => x.key === m.personKey)!;
    out.push({ role: m.role, label: ROLE_LABELS[m.role], email: p.email, name: p.name, where: demoReach(network, p.key) });
  }
  return out;
}

const schools = (n: number) => `${n} ${n === 1 ? 'school' : 'schools'}`;

/**
 * What a demo person's memberships cover, all of them together: "the whole network (25 schools)",
 * "Riverside Unified (7 schools)", "4 schools: Maple Grove Elementary, ...", "Grade 3 team, Maple Grove Elementary".
 * A grant inside one already named (a principal's seat on her school's ILT) adds nothing to say.
 */
export function demoReach(network: DemoNetwork, personKey: string): string {
  const held = network.memberships.filter((m) => m.personKey === personKey);
  const keys = (kind: DemoNetwork['memberships'][number]['scopeKind']) => held.filter((m) => m.scopeKind === kind).map((m) => m.scopeKey);
  const inDistrict = (key: string) => network.schools.filter((s) => s.districtKey === key).length;
  if (keys('organization').length) return `the whole network (${schools(network.schools.length)})`;
  const parts: string[] = [];
  const districts = new Set<string>();
  for (const key of new Set(keys('collaboration'))) {
    const c = network.collaborations.find((x) => x.key === key)!;
    for (const d of c.districtKeys) districts.add(d);
    parts.push(`${c.name} (${c.districtKeys.length} districts, ${schools(c.districtKeys.reduce((n, d) => n + inDistrict(d), 0))})`);
  }
  for (const key of new Set(keys('district'))) {
    if (districts.has(key)) continue;
    districts.add(key);
    parts.push(`${network.districts.find((d) => d.key === key)!.name} (${schools(inDistrict(key))})`);
  }
  const own = network.schools.filter((s) => keys('school').includes(s.key) && !districts.has(s.districtKey));
  if (own.length === 1) parts.push(own[0]!.name);
  else if (own.length > 1) parts.push(`${schools(own.length)}: ${own.map((s) => s.name).join(', ')}`);
  // Teams by the school (or district) they work in: "Grades K–2 team and Instructional leadership team, Maple Grove Elementary".
  const teamsAt = new Map<string, string[]>();
  for (const key of new Set(keys('team'))) {
    const t = network.teams.find((x) => x.key === key)!;
    if (districts.has(t.districtKey) || own.some((s) => s.key === t.schoolKey)) continue;
    const where = network.schools.find((s) => s.key === t.schoolKey)?.name ?? network.districts.find((d) => d.key === t.districtKey)!.name;
    teamsAt.set(where, [...(teamsAt.get(where) ?? []), t.name]);
  }
  for (const [where, names] of teamsAt) parts.push(`${names.join(' and ')}, ${where}`);
  return parts.join('; ') || 'nothing yet (no role)';
}

/**
 * The demo sign-ins, one line per role: label, email, what the person sees. The lines start with spaces and
 * put two or more spaces between label and email (tools that read the start-up output rely on that).
 * `url` is where the server listens, or where `trellis serve` will (null when it picks a free port).
 */
export function printDemoSignIns(network: DemoNetwork, url: string | null, log: (line: string) => void = console.log, serving = true) {
  const partners = partnerSchools(network).length;
  log(
    `Loaded the demo network (synthetic data): ${partners} partner schools, ${network.schools.length - partners} comparison schools, ${network.people.length} people.`,
  );
  const at = url ? ` at ${url}` : '';
  log(`${serving ? `Sign in${at}` : `Start it with \`trellis serve\`, then sign in${at}`} with password "${DEMO_PASSWORD}" as any of:`);
  for (const s of demoSignIns(network)) log(`  ${s.label.padEnd(20)} ${s.email.padEnd(44)} ${s.where}`);
  log('The demo is synthetic data for trying Trellis out; set TRELLIS_DEMO=0 to start with an empty database instead.');
}
