// The audit log: every write records who, when, what, with the object before and after; read back a page
// at a time with the names of the objects, schools and people it points to.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DescribeContext, FrameworkWords, ObjectFacts, StoredEntry } from '../../domain/audit-changes';
import { AUDIT_KINDS, type AuditKind } from '../../domain/audit-kinds';
import type { Framework } from '../../domain/framework';
import type { Database } from '../schema';

export interface AuditEntry {
  organizationId: string | null;
  actorId: string | null;
  action: string;
  objectKind: string;
  objectId: string;
  before?: unknown;
  after?: unknown;
}

// Secrets never enter the log, whatever object they ride on.
const SECRET_KEYS = new Set(['password_hash', 'password', 'token', 'token_hash', 'csrf_token']);

function scrub(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (key, v) => (SECRET_KEYS.has(key) ? undefined : v));
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      organization_id: entry.organizationId,
      actor_id: entry.actorId,
      action: entry.action,
      object_kind: entry.objectKind,
      object_id: entry.objectId,
      before: scrub(entry.before),
      after: scrub(entry.after),
    })
    .execute();
}

export interface AuditFilter {
  /** One kind of change, as people name them (reviews, ratings, plans, roles…). */
  kind?: AuditKind;
  /** Changes to a school and what belongs to it: its teams, reviews, outcomes, plan, and roles granted there. */
  schoolId?: string;
  /** Changes made by one person. */
  actorId?: string;
  /** From this instant (inclusive) to that one (exclusive). */
  since?: Date;
  until?: Date;
  /** One stored object, for callers that know it. */
  objectKind?: string;
  objectId?: string;
  limit: number;
  offset: number;
}

export interface AuditRow extends StoredEntry {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  facts: ObjectFacts;
  context: DescribeContext;
}

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const isUuid = (s: unknown): s is string => typeof s === 'string' && new RegExp(UUID).test(s);

// The object's id as a uuid when it is one, so joins to the objects' tables use their primary keys.
const OID = sql`(case when a.object_id ~ ${UUID} then a.object_id::uuid end)`;

// What an entry's object is, and the school it belongs to; one join per kind, each on the object's key.
const JOINS = sql`
  left join review r on a.object_kind = 'review' and r.id = ${OID}
  left join plan pl on a.object_kind = 'plan' and pl.id = ${OID}
  left join outcome_set os on a.object_kind = 'outcome_set' and os.id = ${OID}
  left join team t on a.object_kind = 'team' and t.id = ${OID}
  left join school s on s.id = coalesce(r.school_id, pl.school_id, os.school_id, t.school_id, case when a.object_kind = 'school' then ${OID} end)
  left join district d on d.id = coalesce(r.district_id, t.district_id, case when a.object_kind = 'district' then ${OID} end)`;

function conditions(organizationId: string, f: AuditFilter): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`a.organization_id = ${organizationId}`];
  if (f.objectKind) where.push(sql`a.object_kind = ${f.objectKind}`);
  if (f.objectId) where.push(sql`a.object_id = ${f.objectId}`);
  if (f.kind) {
    const k = AUDIT_KINDS[f.kind];
    const parts: RawBuilder<unknown>[] = [];
    if (k.objectKinds.length) parts.push(sql`a.object_kind in (${sql.join([...k.objectKinds])})`);
    if (k.actionPrefixes.length)
      parts.push(
        sql`(${sql.join(
          k.actionPrefixes.map((p) => sql`a.action like ${`${p}%`}`),
          sql` or `,
        )})`,
      );
    let clause = sql.join(parts, sql` and `);
    // Schools and districts an import added belong to the import too.
    if (f.kind === 'import') clause = sql`(${clause} or a.after->>'import_run_id' is not null)`;
    where.push(sql`(${clause})`);
  } else if (!f.objectKind && !f.objectId) {
    // Signing in changes nothing; sign-ins are shown only when asked for.
    where.push(sql`a.action not like 'session.%'`);
  }
  if (f.actorId) where.push(sql`a.actor_id = ${f.actorId}`);
  if (f.since) where.push(sql`a.at >= ${f.since}`);
  if (f.until) where.push(sql`a.at < ${f.until}`);
  if (f.schoolId)
    where.push(sql`(s.id = ${f.schoolId} or (a.action like 'membership.%' and coalesce(a.after->>'scope_id', a.before->>'scope_id') in
      (select ${f.schoolId}::text union all select id::text from team where school_id = ${f.schoolId})))`);
  return where;
}

interface PageRow {
  id: string;
  at: Date;
  action: string;
  object_kind: string;
  object_id: string;
  before: unknown;
  after: unknown;
  actor_id: string | null;
  actor_name: string | null;
  name: string | null;
  school_id: string | null;
  school_name: string | null;
  district_name: string | null;
  year: number | null;
  version: number | null;
  files: number | null;
  framework_id: string | null;
  goals: { id: string }[] | null;
}

/** A page of the organization's audit log, newest first, with the total the filters match. */
export async function listAudit(db: Kysely<Database>, organizationId: string, filter: AuditFilter): Promise<{ entries: AuditRow[]; total: number }> {
  const where = sql.join(conditions(organizationId, filter), sql` and `);
  const [counted, page] = await Promise.all([
    sql<{ n: number }>`select count(*)::int as n from audit_log a ${filter.schoolId ? JOINS : sql``} where ${where}`.execute(db),
    sql<PageRow>`
      select a.id::text as id, a.at, a.action, a.object_kind, a.object_id, a.before, a.after, a.actor_id, actor.name as actor_name,
        coalesce(r.title, t.name, s.name, d.name, p.name, fw.name, org.name) as name,
        s.id as school_id, s.name as school_name, d.name as district_name,
        coalesce(pl.school_year, os.school_year) as year, fw.version, jsonb_array_length(ir.files) as files,
        case when a.action = 'rating.save' then r.framework_id end as framework_id,
        case when a.action in ('plan.checkin', 'plan.reflection') then (select jsonb_agg(jsonb_build_object('id', g->'id')) from jsonb_array_elements(pl.document->'goals') g) end as goals
      from audit_log a
      ${JOINS}
      left join person actor on actor.id = a.actor_id
      left join person p on a.object_kind = 'person' and p.id = ${OID}
      left join framework fw on a.object_kind = 'framework' and fw.id = ${OID}
      left join organization org on a.object_kind = 'organization' and org.id = ${OID}
      left join import_run ir on a.object_kind in ('import_run', 'import') and ir.id = ${OID}
      where ${where}
      order by a.id desc
      limit ${filter.limit} offset ${filter.offset}`.execute(db),
  ]);
  const rows = page.rows;
  const [frameworks, names] = await Promise.all([frameworkWords(db, rows), referencedNames(db, organizationId, rows)]);
  return {
    total: counted.rows[0]?.n ?? 0,
    entries: rows.map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      objectKind: r.object_kind,
      objectId: r.object_id,
      before: r.before,
      after: r.after,
      actorId: r.actor_id,
      actorName: r.actor_name,
      facts: {
        name: r.name,
        schoolId: r.school_id,
        schoolName: r.school_name,
        districtName: r.district_name,
        year: r.year,
        version: r.version,
        files: r.files,
      },
      context: { names, framework: r.framework_id ? (frameworks.get(r.framework_id) ?? null) : null, goals: r.goals },
    })),
  };
}

/** The indicator names and level labels of the frameworks the page's ratings are on, one query for the page. */
async function frameworkWords(db: Kysely<Database>, rows: PageRow[]): Promise<Map<string, FrameworkWords>> {
  const ids = [...new Set(rows.map((r) => r.framework_id).filter(isUuid))];
  if (ids.length === 0) return new Map();
  const found = await db.selectFrom('framework').select(['id', 'document']).where('id', 'in', ids).execute();
  return new Map(
    found.map((f) => {
      const doc = f.document as Framework;
      return [
        f.id,
        {
          indicators: Object.fromEntries(doc.domains.flatMap((d) => d.indicators.map((i) => [i.key, i.name]))),
          levels: Object.fromEntries(doc.levels.map((l) => [String(l.value), l.label])),
        },
      ];
    }),
  );
}

/** Names of what the page's entries point to by id (where a role was granted, a review's reviewers, the import that added a school), one query for the page. */
async function referencedNames(db: Kysely<Database>, organizationId: string, rows: PageRow[]): Promise<Record<string, string>> {
  const scopes = new Set<string>();
  const imports = new Set<string>();
  const people = new Set<string>();
  for (const r of rows) {
    for (const side of [r.before, r.after] as Record<string, unknown>[]) {
      if (r.action.startsWith('membership.') && isUuid(side?.scope_id)) scopes.add(side.scope_id);
      if (isUuid(side?.import_run_id)) imports.add(side.import_run_id);
      if (Array.isArray(side?.reviewerIds)) for (const id of side.reviewerIds) if (isUuid(id)) people.add(id);
    }
  }
  if (scopes.size === 0 && imports.size === 0 && people.size === 0) return {};
  const s = [...scopes, '00000000-0000-0000-0000-000000000000'];
  const i = [...imports, '00000000-0000-0000-0000-000000000000'];
  const p = [...people, '00000000-0000-0000-0000-000000000000'];
  const found = await sql<{ id: string; name: string }>`
    select id::text, name from school where organization_id = ${organizationId} and id in (${sql.join(s)})
    union all select id::text, name from district where organization_id = ${organizationId} and id in (${sql.join(s)})
    union all select t.id::text, t.name || ', ' || coalesce(sc.name, di.name) from team t join district di on di.id = t.district_id left join school sc on sc.id = t.school_id
      where t.organization_id = ${organizationId} and t.id in (${sql.join(s)})
    union all select id::text, name from collaboration where organization_id = ${organizationId} and id in (${sql.join(s)})
    union all select id::text, name from organization where id = ${organizationId} and id in (${sql.join(s)})
    union all select id::text, name from person where organization_id = ${organizationId} and id in (${sql.join(p)})
    union all select id::text, 'the import of ' || jsonb_array_length(files) || case when jsonb_array_length(files) = 1 then ' file' else ' files' end
      from import_run where organization_id = ${organizationId} and id in (${sql.join(i)})`.execute(db);
  return Object.fromEntries(found.rows.map((r) => [r.id, r.name]));
}

/** The schools and the people who made changes, for the filters' pickers. */
export async function auditFilterChoices(db: Kysely<Database>, organizationId: string) {
  const [schools, people] = await Promise.all([
    db.selectFrom('school').select(['id', 'name']).where('organization_id', '=', organizationId).orderBy('name').execute(),
    db
      .selectFrom('person')
      .select(['id', 'name'])
      .where('organization_id', '=', organizationId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('audit_log')
            .select(sql`1`.as('x'))
            .whereRef('audit_log.actor_id', '=', 'person.id')
            .where('audit_log.organization_id', '=', organizationId),
        ),
      )
      .orderBy('name')
      .execute(),
  ]);
  return { schools, people };
}
