// What the API sends is what its OpenAPI document describes: every JSON read of the demo network, on both engines.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { demoSignIns, DEMO_PASSWORD, loadDemoIfEmpty } from '../src/cli/demo';
import type { TrellisDatabase } from '../src/db/database';
import { buildApp } from '../src/server/app';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { signIn, type Agent } from './support/fixture';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

type Schema = Record<string, unknown>;
/** Reads a signed-in person cannot make, each with why; they are checked where their own tests make them. */
const NOT_SAMPLED: Record<string, string> = { '/api/password-links/opened': 'read with an opened set-password link, not a session' };
type Operation = {
  parameters?: { in: string; name: string; required?: boolean }[];
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};

/** OpenAPI 3.0's `nullable: true` as JSON Schema says it: the value, or null. */
function jsonSchemaOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchemaOf);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [
      k,
      k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([name, p]) => [name, jsonSchemaOf(p)])) : jsonSchemaOf(v),
    ]),
  );
  return nullable ? { anyOf: [converted, { type: 'null' }] } : converted;
}

describeEachDatabase('answers match the OpenAPI document', (kind) => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  let agent: Agent;
  /** A school leader: student-level reads are for those who work with the students. */
  let leader: Agent;
  let doc: { paths: Record<string, Record<string, Operation>>; components?: unknown };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await freshDatabase(kind);
    const network = await loadDemoIfEmpty(database);
    app = await buildApp({ database, webDir: null });
    await app.ready();
    const admin = demoSignIns(network!).find((s) => s.role === 'org_admin')!;
    agent = await signIn(app, admin.email, DEMO_PASSWORD);
    const principal = demoSignIns(network!).find((s) => s.role === 'school_leader')!;
    leader = await signIn(app, principal.email, DEMO_PASSWORD);
    doc = (await app.inject({ url: '/api/docs/json' })).json();
    const { db } = database;
    // A school with a finalized review and a plan, so its pages have something to say.
    const review = await db
      .selectFrom('review')
      .select(['id', 'school_id', 'district_id', 'framework_id'])
      .where('status', '=', 'finalized')
      .where('school_id', 'is not', null)
      .orderBy('finalized_at', 'desc')
      .executeTakeFirstOrThrow();
    const earlier = await db
      .selectFrom('review')
      .select('id')
      .where('school_id', '=', review.school_id)
      .where('status', '=', 'finalized')
      .where('id', '!=', review.id)
      .executeTakeFirst();
    const school = await db.selectFrom('school').select(['id', 'district_id']).where('id', '=', review.school_id!).executeTakeFirstOrThrow();
    const framework = await db.selectFrom('framework').select(['id', 'key']).where('id', '=', review.framework_id).executeTakeFirstOrThrow();
    const led = await db
      .selectFrom('membership')
      .innerJoin('person', 'person.id', 'membership.person_id')
      .select('membership.scope_id')
      .where('person.email', '=', principal.email)
      .where('membership.scope_kind', '=', 'school')
      .executeTakeFirstOrThrow();
    const plan = await db.selectFrom('plan').select('school_year').where('school_id', '=', school.id).orderBy('school_year', 'desc').executeTakeFirstOrThrow();
    const run = await db.selectFrom('import_run').select('id').executeTakeFirstOrThrow();
    const person = await db.selectFrom('person').select('id').executeTakeFirstOrThrow();
    Object.assign(ids, {
      ledSchool: led.scope_id,
      planYear: String(plan.school_year),
      review: review.id,
      earlierReview: earlier?.id ?? review.id,
      school: school.id,
      district: school.district_id,
      framework: framework.id,
      frameworkKey: framework.key,
      import: run.id,
      person: person.id,
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  /** The address of a sample request for a route of the document, its path and required query filled from the demo. */
  function sampleUrl(path: string, op: Operation): string | null {
    const owner = path.match(/^\/api\/([a-z-]+)\/\{id\}/)?.[1];
    const idFor: Record<string, string | undefined> = {
      schools: ids.school,
      districts: ids.district,
      reviews: ids.review,
      frameworks: ids.framework,
      imports: ids.import,
      people: ids.person,
    };
    if (path.includes('{') && (!owner || !idFor[owner] || /\{(?!id\})/.test(path))) return null;
    const url = owner ? path.replace('{id}', (path.includes('/students/') ? ids.ledSchool : idFor[owner])!) : path;
    const required = (op.parameters ?? []).filter((p) => p.in === 'query' && p.required);
    const known: Record<string, string> = { from: path.includes('/plan/') ? '1' : ids.earlierReview!, framework: ids.frameworkKey!, year: ids.planYear! };
    if (required.some((p) => !(p.name in known))) return null;
    const query = new URLSearchParams(required.map((p) => [p.name, known[p.name]!]));
    return query.size ? `${url}?${query}` : url;
  }

  it('sends every JSON read as its schema describes it', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const checked: string[] = [];
    const problems: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      const op = methods.get;
      const schema = op?.responses?.['200']?.content?.['application/json']?.schema;
      if (!op || !schema || path in NOT_SAMPLED) continue;
      const url = sampleUrl(path, op);
      if (!url) {
        problems.push(`GET ${path}: no sample request (teach sampleUrl its parameters)`);
        continue;
      }
      const answer = await (path.includes('/students/') ? leader : agent).request('GET', url);
      if (answer.status !== 200) {
        problems.push(`GET ${url}: ${answer.status} ${JSON.stringify(answer.json).slice(0, 200)}`);
        continue;
      }
      const validate = ajv.compile(jsonSchemaOf({ ...schema, components: doc.components }) as Schema);
      if (!validate(answer.json)) problems.push(`GET ${url}: ${ajv.errorsText(validate.errors, { separator: '; ' }).slice(0, 400)}`);
      checked.push(path);
    }
    expect(problems).toEqual([]);
    expect(checked.length).toBeGreaterThan(10);
  });
});
