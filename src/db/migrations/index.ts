// The ordered, forward-only list of migrations; a new one is appended, never edited once released.
import { foundation } from './001_foundation';
import { access } from './002_access';
import { reviews } from './003_reviews';
import { results } from './004_results';
import { plans } from './005_plans';
import { resultEntityCheck } from './006_result_entity_check';
import { reviewIntegrity } from './007_review_integrity';
import { auditIndexes } from './008_audit_indexes';
import { credentials } from './011_credentials';
import { importRuns } from './012_import_runs';

export interface MigrationSource {
  name: string;
  sql: string;
}

export const migrations: MigrationSource[] = [
  { name: '001_foundation', sql: foundation },
  { name: '002_access', sql: access },
  { name: '003_reviews', sql: reviews },
  { name: '004_results', sql: results },
  { name: '005_plans', sql: plans },
  { name: '006_result_entity_check', sql: resultEntityCheck },
  { name: '007_review_integrity', sql: reviewIntegrity },
  { name: '008_audit_indexes', sql: auditIndexes },
  { name: '011_credentials', sql: credentials },
  { name: '012_import_runs', sql: importRuns },
];
