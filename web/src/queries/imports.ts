// The imports endpoints: each one's address, query key and answer type, derived from the server's schemas.
import type { ImportFormat } from '../../../src/domain/import-formats';
import type { importListAnswer, importRunAnswer, importStartedAnswer } from '../../../src/server/imports/schemas';
import type { Answer } from '../../../src/server/wire';
import { get, upload } from '../api';

export type { ImportFormat };
export type ImportRun = Answer<typeof importRunAnswer>;
export type ImportList = Answer<typeof importListAnswer>;

/** The key of the list of imports: invalidated when an import starts or ends. */
export const importsKey = ['imports'] as const;

/** The latest imports, newest first. */
export const importListQuery = () => ({ queryKey: importsKey, queryFn: () => get<ImportList>('/api/imports') });

/** One import, as it runs and once it has ended. */
export const importRunQuery = (id: string) => ({ queryKey: ['import', id], queryFn: () => get<ImportRun>(`/api/imports/${id}`) });

/** Uploads the files and fields of a new import; the answer names the import to follow. */
export const startImport = (form: FormData) => upload<Answer<typeof importStartedAnswer>>('/api/imports', form);
