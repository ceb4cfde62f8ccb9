// Loading the demo network and telling people how to sign in to it.
import { generateDemoNetwork, partnerSchools, type DemoNetwork } from '../domain/demo';
import { ROLE_LABELS } from '../domain/access';
import { isEmpty, loadDemo, loadDemoReviews } from '../db/demo';
import { loadDemoPlans } from '../db/demo-plans';
import { generateDemoReviews } from '../domain/demo-reviews';
import { generateDemoResults } from '../domain/demo-results';
import { loadGeneratedRecords } from '../importers/load';
import { builtInFrameworks } from '../domain/frameworks/index';
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
  await loadGeneratedRecords(database, organizationId, 'Demo results (synthetic)', { aggregates: results.aggregates, studentLevel: [...results.students, ...results.results] });
  // Outcomes and plans are drawn from the reviews and results just loaded.
  await loadDemoPlans(database.db, organizationId, asOf);
  return network;
}

/** One demo person for each role, to print at start. */
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
    const where =
      m.scopeKind === 'organization' ? 'the whole network'
      : m.scopeKind === 'school' ? network.schools.find((s) => s.key === m.scopeKey)!.name
      : m.scopeKind === 'district' ? network.districts.find((d) => d.key === m.scopeKey)!.name
      : m.scopeKind === 'team' ? (() => { const t = network.teams.find((x) => x.key === m.scopeKey)!; return `${t.name}, ${network.schools.find((s) => s.key === t.schoolKey)?.name ?? 'district'}`; })()
      : network.collaborations.find((c) => c.key === m.scopeKey)!.name;
    out.push({ role: m.role, label: ROLE_LABELS[m.role], email: p.email, name: p.name, where });
  }
  return out;
}

export function printDemoSignIns(network: DemoNetwork, url: string, log: (line: string) => void = console.log) {
  const partners = partnerSchools(network).length;
  log(`Loaded the demo network (synthetic data): ${partners} partner schools, ${network.schools.length - partners} comparison schools, ${network.people.length} people.`);
  log(`Sign in at ${url} with password "${DEMO_PASSWORD}" as any of:`);
  for (const s of demoSignIns(network)) log(`  ${s.label.padEnd(20)} ${s.email.padEnd(44)} ${s.where}`);
  log('The demo is synthetic data for trying Trellis out; set TRELLIS_DEMO=0 to start with an empty database instead.');
}
