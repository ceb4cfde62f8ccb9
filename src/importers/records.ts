// The normalized records every importer yields, whatever the source format; loaders consume only these.
export type { ImportIssue } from './issues';
export { ImportError } from './issues';
export type * from '../domain/records';
