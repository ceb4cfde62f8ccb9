// Frameworks in the database: built-ins shared by every organization, imports, drafts and immutable published versions.
import { sql, type Kysely } from 'kysely';
import { AppError, notFound } from '../../domain/errors';
import type { Framework } from '../../domain/framework';
import { serializeFramework } from '../../domain/framework-file';
import { atomic } from '../atomic';
import type { Database } from '../schema';
import { recordAudit } from './audit';

export interface FrameworkRow {
  id: string;
  organization_id: string | null;
  key: string;
  version: number;
  name: string;
  kind: 'school' | 'district';
  status: 'draft' | 'published';
  built_in: boolean;
  revision: number;
  published_at: Date | null;
}

const columns = ['id', 'organization_id', 'key', 'version', 'name', 'kind', 'status', 'built_in', 'revision', 'published_at'] as const;

/** Frameworks an organization can use: the built-ins and its own. */
export async function listFrameworks(db: Kysely<Database>, organizationId: string): Promise<FrameworkRow[]> {
  return db
    .selectFrom('framework')
    .select(columns)
    .where((eb) => eb.or([eb('organization_id', 'is', null), eb('organization_id', '=', organizationId)]))
    .orderBy('name')
    .orderBy('version', 'desc')
    .execute() as Promise<FrameworkRow[]>;
}

export async function getFramework(db: Kysely<Database>, organizationId: string, id: string): Promise<FrameworkRow & { document: Framework }> {
  const row = await db
    .selectFrom('framework')
    .select([...columns, 'document'])
    .where('id', '=', id)
    .where((eb) => eb.or([eb('organization_id', 'is', null), eb('organization_id', '=', organizationId)]))
    .executeTakeFirst();
  if (!row) throw notFound('The framework');
  return row as unknown as FrameworkRow & { document: Framework };
}

// jsonb keeps its own key order, so documents are compared in the framework's canonical form.
const sameDocument = (a: unknown, b: Framework) => serializeFramework(a as Framework, 'json') === serializeFramework(b, 'json');

/**
 * Saves a framework version. Importing the same key and version again with the same content changes
 * nothing; different content under a published key and version is refused (published versions never change).
 */
export async function saveFramework(
  db: Kysely<Database>,
  organizationId: string | null,
  framework: Framework,
  options: { status: 'draft' | 'published'; builtIn?: boolean; actorId?: string | null },
): Promise<{ row: FrameworkRow; created: boolean }> {
  return atomic(db, async (trx) => {
    const existing = await trx
      .selectFrom('framework')
      .select([...columns, 'document'])
      .where(organizationId ? sql<boolean>`organization_id = ${organizationId}` : sql<boolean>`organization_id is null`)
      .where('key', '=', framework.key)
      .where('version', '=', framework.version)
      .executeTakeFirst();
    if (existing) {
      if (sameDocument(existing.document, framework)) return { row: existing as FrameworkRow, created: false };
      throw new AppError(
        'conflict',
        `${framework.name} version ${framework.version} already exists with different content. Published versions never change: give the file a new version number.`,
        [{ where: 'version', message: `version ${framework.version} of ${framework.key} exists` }],
      );
    }
    const row = await trx
      .insertInto('framework')
      .values({
        organization_id: organizationId,
        key: framework.key,
        version: framework.version,
        name: framework.name,
        kind: framework.kind,
        status: options.status,
        document: JSON.stringify(framework),
        built_in: options.builtIn ?? false,
        created_by: options.actorId ?? null,
        published_at: options.status === 'published' ? new Date() : null,
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
    if (organizationId)
      await recordAudit(trx, {
        organizationId,
        actorId: options.actorId ?? null,
        action: 'framework.create',
        objectKind: 'framework',
        objectId: row.id,
        after: { key: framework.key, version: framework.version, status: options.status },
      });
    return { row: row as FrameworkRow, created: true };
  });
}

/** A new draft version of a framework, copied from the given version, owned by the organization. */
export async function createDraft(db: Kysely<Database>, organizationId: string, fromId: string, actorId: string) {
  return atomic(db, async (trx) => {
    const from = await getFramework(trx, organizationId, fromId);
    // Drafts of one framework are numbered one at a time: two made at once would both take the same next version.
    await sql`select pg_advisory_xact_lock(hashtext(${`framework-draft:${organizationId}:${from.key}`}))`.execute(trx);
    const latest = await trx
      .selectFrom('framework')
      .select(sql<number>`max(version)`.as('v'))
      .where('key', '=', from.key)
      .where((eb) => eb.or([eb('organization_id', 'is', null), eb('organization_id', '=', organizationId)]))
      .executeTakeFirstOrThrow();
    const document: Framework = { ...from.document, version: Number(latest.v) + 1 };
    return (await saveFramework(trx, organizationId, document, { status: 'draft', actorId })).row;
  });
}

/** Edits a draft; the write names the revision it read, and published versions cannot be edited. */
export async function updateDraft(db: Kysely<Database>, organizationId: string, id: string, revision: number, document: Framework, actorId: string) {
  return atomic(db, async (trx) => {
    const current = await trx
      .selectFrom('framework')
      .select([...columns, 'document'])
      .where('id', '=', id)
      .where('organization_id', '=', organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound('The draft framework');
    if (current.status !== 'draft') throw new AppError('conflict', 'Published frameworks cannot be edited. Make a new draft version instead.');
    if (current.revision !== revision)
      throw new AppError(
        'stale_version',
        `Someone else saved this draft since you opened it (you had revision ${revision}, it is now ${current.revision}). Reload to see their changes.`,
        [{ where: 'revision', message: `current revision is ${current.revision}` }],
      );
    if (document.key !== current.key || document.version !== current.version)
      throw new AppError('invalid_input', 'A draft keeps its key and version number.', [
        { where: 'document.version', message: `must stay ${current.key} version ${current.version}` },
      ]);
    const row = await trx
      .updateTable('framework')
      .set({ document: JSON.stringify(document), name: document.name, kind: document.kind, revision: revision + 1 })
      .where('id', '=', id)
      .returning(columns)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId,
      actorId,
      action: 'framework.update',
      objectKind: 'framework',
      objectId: id,
      before: current.document,
      after: document,
    });
    return row as FrameworkRow;
  });
}

export async function publishFramework(db: Kysely<Database>, organizationId: string, id: string, actorId: string) {
  return atomic(db, async (trx) => {
    const current = await trx
      .selectFrom('framework')
      .select(columns)
      .where('id', '=', id)
      .where('organization_id', '=', organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound('The draft framework');
    if (current.status === 'published') throw new AppError('conflict', 'This framework version is already published.');
    const row = await trx
      .updateTable('framework')
      .set({ status: 'published', published_at: new Date(), revision: current.revision + 1 })
      .where('id', '=', id)
      .returning(columns)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId,
      actorId,
      action: 'framework.publish',
      objectKind: 'framework',
      objectId: id,
      after: { key: current.key, version: current.version },
    });
    return row as FrameworkRow;
  });
}

/** Puts the built-in frameworks in place; run at every start, it adds only what is missing. */
export async function installBuiltIns(db: Kysely<Database>, frameworks: Framework[]): Promise<number> {
  let added = 0;
  for (const f of frameworks) if ((await saveFramework(db, null, f, { status: 'published', builtIn: true })).created) added++;
  return added;
}

/** The newest published version of a framework key. */
export async function latestPublished(db: Kysely<Database>, organizationId: string, key: string) {
  const row = await db
    .selectFrom('framework')
    .select('id')
    .where('key', '=', key)
    .where('status', '=', 'published')
    .where((eb) => eb.or([eb('organization_id', 'is', null), eb('organization_id', '=', organizationId)]))
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (!row) throw notFound(`The framework ${key}`);
  return getFramework(db, organizationId, row.id);
}
