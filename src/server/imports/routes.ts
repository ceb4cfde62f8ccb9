// Imports from the web: files are uploaded (multipart), saved to a folder of their own beside the data
// directory, and loaded by the same code as `trellis import`, as a job whose progress the page polls. The
// folder goes when the job ends; one left by a server that was killed goes when Trellis starts again.
import { createWriteStream } from 'node:fs';
import { mkdir, rm, rmdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../domain/errors';
import { listImports } from '../../db/repositories/imports';
import { markInterruptedImports, releaseUploadFolder, uploadFolderName, uploadsDirOf } from '../../importers/import-runs';
import { IMPORT_FORMATS, type ImportFormat } from '../../domain/import-formats';
import { runImport, type ImportOptions, type ImportProgress } from '../../importers/load';
import { principalOf } from '../access';
import type { RouteDeps } from '../app';
import { presentImportRun } from './presenters';
import { importListAnswer, importParams, importRunAnswer, importStartedAnswer } from './schemas';

const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
const LOOKUP_FIELDS = ['entities', 'subgroups', 'tests'] as const;

export async function importRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const uploads = uploadsDirOf(database);
  const r = app.withTypeProvider<ZodTypeProvider>();
  /** Progress of imports running in this process. */
  const live = new Map<string, ImportProgress>();
  const running = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
  });
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 50, fields: 10, fieldSize: 1024 * 1024 } });

  r.post(
    '/api/imports',
    {
      config: { access: { permission: 'import_results', organization: true } },
      schema: { tags: ['imports'], consumes: ['multipart/form-data'], response: { 202: importStartedAnswer } },
    },
    async (request, reply) => {
      const p = principalOf(request);
      if (!request.isMultipart()) throw new AppError('invalid_input', 'Send the files as multipart/form-data.', [{ where: 'body', message: 'not multipart' }]);
      const folder = uploadFolderName();
      const dir = join(uploads, folder);
      const cleanUp = async () => {
        await rm(dir, { recursive: true, force: true });
        releaseUploadFolder(folder);
        // The uploads folder itself goes once it is empty; another upload's folder keeps it.
        await rmdir(uploads).catch(() => undefined);
      };
      // Once more if another upload's clean-up removed the empty uploads folder while this one was made.
      await mkdir(dir, { recursive: true }).catch(() => mkdir(dir, { recursive: true }));
      const fields: Record<string, string> = {};
      const files: { path: string; name: string }[] = [];
      // CAASPP lookups arrive as file parts of their own name; every other file part is a file to import.
      const lookups: Partial<Record<(typeof LOOKUP_FIELDS)[number], string>> = {};
      let uploaded = 0;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            const name = basename(part.filename || `upload-${uploaded + 1}`);
            // Each file keeps its own name in a folder of its own, so every message names it as the person does.
            const folder = join(dir, String(uploaded++));
            await mkdir(folder);
            const path = join(folder, name);
            await pipeline(part.file, createWriteStream(path));
            if (part.file.truncated)
              throw new AppError(
                'invalid_input',
                `${name} is larger than the ${MAX_UPLOAD_BYTES / 1024 ** 3} GB an upload may be; import it with trellis import.`,
                [{ where: name, message: 'too large' }],
              );
            const lookup = LOOKUP_FIELDS.find((f) => f === part.fieldname);
            if (lookup) lookups[lookup] = path;
            else files.push({ path, name });
          } else fields[part.fieldname] = String(part.value);
        }
        const format = fields.format as ImportFormat;
        if (!IMPORT_FORMATS.includes(format))
          throw new AppError('invalid_input', `Choose a format: ${IMPORT_FORMATS.join(', ')}.`, [{ where: 'format', message: 'unknown format' }]);
        if (!files.length) throw new AppError('invalid_input', 'Choose at least one file to import.', [{ where: 'file', message: 'no file' }]);
        let map: unknown;
        if (fields.map?.trim()) {
          try {
            map = JSON.parse(fields.map);
          } catch (error) {
            throw new AppError('invalid_input', `The column map is not valid JSON: ${(error as Error).message}`, [{ where: 'map', message: 'not JSON' }]);
          }
        }
        const options: ImportOptions = {
          map,
          year: fields.year?.trim() || undefined,
          createSchools: fields.createSchools === 'true',
          state: fields.state?.trim() || undefined,
          district: fields.district?.trim() || undefined,
          ...lookups,
        };
        // A OneRoster bundle is a folder: its uploaded CSV files stand for it, under their own names.
        const importFiles = format === 'oneroster' ? await rosterFolder(dir, files) : files;
        const started = new Promise<string>((resolve, reject) => {
          const job = runImport(database, {
            organizationId: p.session.organizationId,
            format,
            files: importFiles,
            options,
            actor: { personId: p.session.personId, via: 'web' },
            onStart: (runId, totalBytes) => {
              live.set(runId, { runId, bytesRead: 0, totalBytes, rowsRead: 0 });
              resolve(runId);
            },
            onProgress: (progress) => live.set(progress.runId, progress),
          });
          const done = job
            .catch(reject) // a failure before the run is recorded answers the upload; later ones are on the run
            .finally(async () => {
              running.delete(done);
              await cleanUp();
            });
          running.add(done);
          void done.then(() => undefined);
        });
        const runId = await started;
        reply.code(202);
        return { id: runId };
      } catch (error) {
        await cleanUp();
        throw error;
      }
    },
  );

  r.get(
    '/api/imports',
    { config: { access: { permission: 'import_results', organization: true } }, schema: { tags: ['imports'], response: { 200: importListAnswer } } },
    async (request) => {
      const p = principalOf(request);
      // A command-line import killed since this server started shows as interrupted, not running for ever.
      await markInterruptedImports(database, uploads);
      const rows = await listImports(db, p.session.organizationId);
      return { imports: rows.map((row) => presentImportRun(row, row.status === 'running' ? live.get(row.id) : undefined)) };
    },
  );

  r.get(
    '/api/imports/:id',
    {
      config: { access: { permission: 'import_results', organization: true } },
      schema: { tags: ['imports'], params: importParams, response: { 200: importRunAnswer } },
    },
    async (request) => {
      const p = principalOf(request);
      await markInterruptedImports(database, uploads);
      const row = (await listImports(db, p.session.organizationId, 1, request.params.id))[0];
      if (!row) throw new AppError('not_found', 'The import was not found.');
      return presentImportRun(row, row.status === 'running' ? live.get(row.id) : undefined);
    },
  );
}

/** Copies uploaded roster files into a folder under their OneRoster names (manifest.csv, orgs.csv, …). */
async function rosterFolder(dir: string, files: { path: string; name: string }[]) {
  const folder = join(dir, 'bundle');
  await mkdir(folder);
  const { rename } = await import('node:fs/promises');
  for (const f of files) await rename(f.path, join(folder, f.name));
  return [{ path: folder, name: 'bundle' }];
}
