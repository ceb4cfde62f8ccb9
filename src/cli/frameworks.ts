// `trellis framework …`: list frameworks, import one from a YAML or JSON file, export one to stdout.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { type Command, Option } from 'commander';
import { AppError } from '../domain/errors';
import { parseFramework, serializeFramework } from '../domain/framework-file';
import type { TrellisDatabase } from '../db/database';
import { organizationOf, withDatabase as withProgramDatabase } from './context';
import { getFramework, listFrameworks, saveFramework } from '../db/repositories/frameworks';

const organizationId = async (database: TrellisDatabase, slug?: string) =>
  (await organizationOf(database, slug, 'run `trellis serve` and set one up first.')).id;

export function frameworkCommands(program: Command) {
  const framework = program.command('framework').description('List, import and export frameworks (rubrics).');
  const withDatabase = <T>(work: (d: TrellisDatabase) => Promise<T>) => withProgramDatabase(program, work);

  framework
    .command('list')
    .description('List the frameworks an organization can use: the built-ins and its own.')
    .option('--org <slug>', 'the organization, when there are several')
    .option('--json', 'print a JSON array of { id, key, name, version, kind, status, builtIn }')
    .action(async (o: { org?: string; json?: boolean }) =>
      withDatabase(async (database) => {
        const rows = await listFrameworks(database.db, await organizationId(database, o.org));
        if (o.json)
          return console.log(
            JSON.stringify(
              rows.map((r) => ({ id: r.id, key: r.key, name: r.name, version: r.version, kind: r.kind, status: r.status, builtIn: r.built_in })),
              null,
              2,
            ),
          );
        for (const r of rows) console.log(`${r.id}  ${r.name} (${r.key}) v${r.version}  ${r.status}${r.built_in ? ', built in' : ''}`);
      }),
    );

  framework
    .command('import')
    .description(
      'Import a framework from a YAML or JSON file. Every problem is listed with its path in the file; nothing is saved unless the whole file is valid.',
    )
    .argument('<file>', 'a .yaml, .yml or .json file')
    .option('--org <slug>', 'the organization, when there are several')
    .option('--draft', 'import as a draft to edit before publishing (default: published)')
    .action(async (file: string, o: { org?: string; draft?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new AppError('invalid_input', `Cannot read ${file}: ${(error as Error).message}`);
      }
      const format = extname(file).toLowerCase() === '.json' ? 'json' : 'yaml';
      const parsed = parseFramework(text, format, file);
      if (!parsed.ok)
        throw new AppError(
          'invalid_input',
          `${file} is not a valid framework (${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}); nothing was saved.`,
          parsed.errors.map((e) => ({ where: `${file}: ${e.path}`, message: e.message })),
        );
      await withDatabase(async (database) => {
        const { row, created } = await saveFramework(database.db, await organizationId(database, o.org), parsed.framework, {
          status: o.draft ? 'draft' : 'published',
        });
        console.log(
          created
            ? `Imported ${row.name} version ${row.version} (${row.status}) as ${row.id}.`
            : `${row.name} version ${row.version} is already here with the same content; nothing changed.`,
        );
      });
    });

  framework
    .command('export')
    .description('Print a framework as YAML (or JSON) on stdout; importing the output gives the same framework back.')
    .argument('<id>', 'the framework id (see `trellis framework list`)')
    .option('--org <slug>', 'the organization, when there are several')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .action(async (id: string, o: { org?: string; format: 'yaml' | 'json' }) =>
      withDatabase(async (database) => {
        if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('invalid_input', `"${id}" is not a framework id; see \`trellis framework list\`.`);
        const row = await getFramework(database.db, await organizationId(database, o.org), id);
        process.stdout.write(serializeFramework(row.document, o.format));
      }),
    );
}
