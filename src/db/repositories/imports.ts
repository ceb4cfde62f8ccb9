// Reading import runs: the Imports page's list and one run, with who started it and what it matched.
import { sql, type Kysely } from 'kysely';
import type { EntityMatches } from '../../domain/import-formats';
import type { Database } from '../schema';

/** The latest runs of an organization (or the one named), newest first. */
export async function listImports(db: Kysely<Database>, organizationId: string, limit = 50, id?: string) {
  let q = db
    .selectFrom('import_run')
    .leftJoin('person', 'person.id', 'import_run.started_by')
    .selectAll('import_run')
    .select('person.name as started_by_name')
    // What an import matched is kept once, in its audit entry.
    .select((eb) =>
      eb
        .selectFrom('audit_log')
        .select(sql<EntityMatches | null>`audit_log.after -> 'matched'`.as('matched'))
        .where('audit_log.object_kind', '=', 'import_run')
        .where('audit_log.object_id', '=', sql<string>`import_run.id::text`)
        .where('audit_log.organization_id', '=', organizationId)
        .limit(1)
        .as('matched'),
    )
    .where('import_run.organization_id', '=', organizationId)
    .orderBy('import_run.started_at', 'desc')
    .limit(limit);
  if (id) q = q.where('import_run.id', '=', id);
  return q.execute();
}
