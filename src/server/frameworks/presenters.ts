// Turns framework rows into the answers the framework routes declare: camelCase, without the owning organization.
import type { z } from 'zod';
import type { FrameworkRow } from '../../db/repositories/frameworks';
import type { Framework } from '../../domain/framework';
import type { frameworkAnswer, frameworkDetail } from './schemas';

export function presentFramework(row: FrameworkRow): z.input<typeof frameworkAnswer> {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    name: row.name,
    kind: row.kind,
    status: row.status,
    builtIn: row.built_in,
    revision: row.revision,
    publishedAt: row.published_at,
  };
}

export function presentFrameworkDetail(row: FrameworkRow & { document: Framework }): z.input<typeof frameworkDetail> {
  return { ...presentFramework(row), document: row.document };
}
