// `trellis import FORMAT PATH...` with a progress bar, and `trellis results` to read figures back.
import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { AppError } from '../domain/errors';
import { schoolYearOfLabel, schoolYearsBetween } from '../domain/school-year';
import type { ImportFormat } from '../db/schema';
import { resultSeries } from '../db/repositories/result-series';
import { FORMAT_DESCRIPTIONS, IMPORT_FORMATS, matchSentence } from '../domain/import-formats';
import { runImport, type ImportOptions } from '../importers/load';
import { studentGroupLabel } from '../importers/student-groups';
import { organizationOf, withDatabase } from './context';
import { importThroughServer, remoteOf } from './remote';

const schoolYear = (v: string) => {
  if (schoolYearOfLabel(v) === null) throw new InvalidArgumentError('must be a school year like 2017-18');
  return v;
};

const yearRange = (v: string) => {
  const [from, to] = v.split('..');
  if (!from || !to || schoolYearOfLabel(from) === null || schoolYearOfLabel(to) === null || from > to)
    throw new InvalidArgumentError('must be a range of school years like 2014-15..2017-18');
  return schoolYearsBetween(from, to);
};

/** Several entities answer to the code: say which codes pick each, e.g. `--entity CT` or `--entity CA` for "state". */
function ambiguousEntity(asked: string, entities: { kind: string; code: string; state: string; name: string | null }[]): AppError {
  const choices = entities.map((e) => `--entity ${e.code} (${e.name ?? e.state}${e.kind === 'state' ? '' : `, a ${e.kind} in ${e.state}`})`);
  const list = choices.length === 2 ? choices.join(' or ') : `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}`;
  const what = entities.every((e) => e.kind === 'state') ? `Results are on file for ${entities.length} states` : `"${asked}" names ${entities.length} entities`;
  return new AppError('invalid_input', `${what}: use ${list}.`, [{ where: '--entity', message: 'names more than one entity' }]);
}

const NO_ORGANIZATION =
  'results and imports belong to an organization. Run `trellis demo` to load the demo network, or run `trellis serve` and create the first organization in the browser.';

type Printed = number | '*' | null;
const countText = (v: Printed) => (typeof v === 'number' ? v.toLocaleString('en-US') : (v ?? 'not reported'));

/** "46.8% met or above (108,887 of 232,806)": percent to one decimal, `*` for a hidden figure, and the levels hidden beside a shown one. */
function figureLine(r: { pctMetOrAbove: Printed; metOrAbove: Printed; tested: Printed; hiddenLevels: number[] }, width = 0): string {
  const pct = typeof r.pctMetOrAbove === 'number' ? `${r.pctMetOrAbove.toFixed(1)}%` : r.pctMetOrAbove === '*' ? '*' : 'no figure';
  const hidden = r.hiddenLevels.length ? `; level${r.hiddenLevels.length === 1 ? '' : 's'} ${r.hiddenLevels.join(', ')} hidden` : '';
  return `${pct.padStart(width)} met or above (${countText(r.metOrAbove)} of ${countText(r.tested)}${hidden})`;
}

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

export function resultCommands(program: Command) {
  program
    .command('import')
    .description(
      'Import assessment results or rosters. The whole import is one transaction: a bad row stops it with file, line and column, and nothing is kept. Importing the same file again changes nothing.',
    )
    .addOption(new Option('--org <slug>', 'the organization, when there are several'))
    .argument('<format>', `one of: ${IMPORT_FORMATS.join(', ')}`)
    .argument('<paths...>', 'the files (a folder for oneroster)')
    .option('--map <file>', 'student-csv: the column map, a JSON file naming the column for each field')
    .option('--year <year>', 'edsight: the school year, when the file name does not say it', schoolYear)
    .option('--entities <file>', 'caaspp: the entities file (names of schools, districts and counties)')
    .option('--subgroups <file>', 'caaspp: the student-group lookup (Subgroups.txt)')
    .option('--tests <file>', 'caaspp: the test lookup')
    .option('--create-schools', 'student-level formats: add the districts and schools of the file that the network lacks')
    .option('--state <XX>', 'with --create-schools: the state of the districts added')
    .option('--district <code>', 'student-level formats: the district (state code) of students whose school the file does not give')
    .option('--max-errors <n>', 'how many bad rows to list before stopping (default 20)', (v) => Number(v))
    .option('--json', 'print the summary as JSON')
    .option('--server <url>', 'import through the Trellis running at this address (as the Imports page does) instead of opening the database; needs a token')
    .option('--token <token>', 'with --server: a command-line token (default $TRELLIS_TOKEN), made under Your account')
    .addHelpText('after', `\nFormats:\n${IMPORT_FORMATS.map((f) => `  ${f.padEnd(12)} ${FORMAT_DESCRIPTIONS[f]}`).join('\n')}`)
    .action(
      async (
        format: string,
        paths: string[],
        o: {
          org?: string;
          map?: string;
          year?: string;
          entities?: string;
          subgroups?: string;
          tests?: string;
          createSchools?: boolean;
          state?: string;
          district?: string;
          maxErrors?: number;
          json?: boolean;
          server?: string;
          token?: string;
        },
      ) => {
        if (!IMPORT_FORMATS.includes(format as ImportFormat))
          throw new AppError('invalid_input', `Unknown format "${format}": use one of ${IMPORT_FORMATS.join(', ')}.`);
        let map: unknown;
        if (o.map) {
          try {
            map = JSON.parse(readFileSync(o.map, 'utf8'));
          } catch (error) {
            throw new AppError('invalid_input', `The column map ${o.map} could not be read as JSON: ${(error as Error).message}`, [
              { where: o.map, message: 'not JSON' },
            ]);
          }
        }
        const options: ImportOptions = {
          map,
          year: o.year,
          entities: o.entities,
          subgroups: o.subgroups,
          tests: o.tests,
          createSchools: o.createSchools,
          state: o.state,
          district: o.district,
          maxErrors: o.maxErrors,
        };
        const remote = remoteOf(o);
        if (remote) {
          const started = Date.now();
          const run = await importThroughServer(remote, format as ImportFormat, paths, options);
          if (o.json) return console.log(JSON.stringify(run, null, 2));
          if (run.error) throw new AppError('import_failed', run.error.message, run.error.details);
          if (run.status !== 'succeeded') throw new AppError('import_failed', `The import ended ${run.status} on the server (${remote.url}/imports).`);
          const seconds = (Date.now() - started) / 1000;
          console.log(
            `Imported ${run.rowsRead.toLocaleString('en-US')} rows from ${run.files.length} file${run.files.length === 1 ? '' : 's'} through ${remote.url} in ${seconds.toFixed(1)} s: ${run.rowsInserted.toLocaleString('en-US')} new, ${run.rowsUpdated.toLocaleString('en-US')} changed, ${run.rowsUnchanged.toLocaleString('en-US')} unchanged.`,
          );
          if (run.matched) console.log(matchSentence(run.matched, run.files.length));
          return console.log(`Import ${run.id}`);
        }
        await withDatabase(program, async (database) => {
          const org = await organizationOf(database, o.org, NO_ORGANIZATION);
          // The bar goes to stderr and only on a terminal, so piped output stays clean.
          const bar = process.stderr.isTTY
            ? new cliProgress.SingleBar(
                { format: ' {bar} {percentage}% | {mb} | {rows} rows | {rate} rows/s | ETA {eta_formatted}', stream: process.stderr, hideCursor: true },
                cliProgress.Presets.shades_classic,
              )
            : null;
          const started = Date.now();
          const summary = await runImport(database, {
            organizationId: org.id,
            format: format as ImportFormat,
            files: paths.map((path) => ({ path })),
            options,
            actor: { personId: null, via: 'cli' },
            onStart: (_id, total) => bar?.start(Math.max(total, 1), 0, { rows: 0, rate: 0, mb: megabytes(0) }),
            onProgress: (p) =>
              bar?.update(p.bytesRead, {
                rows: p.rowsRead.toLocaleString('en-US'),
                rate: Math.round(p.rowsRead / Math.max((Date.now() - started) / 1000, 0.001)).toLocaleString('en-US'),
                mb: `${megabytes(p.bytesRead)} of ${megabytes(p.totalBytes)}`,
              }),
          }).finally(() => bar?.stop());
          if (o.json) return console.log(JSON.stringify(summary, null, 2));
          const seconds = (Date.now() - started) / 1000;
          console.log(
            `Imported ${summary.rowsRead.toLocaleString('en-US')} rows from ${summary.files.length} file${summary.files.length === 1 ? '' : 's'} in ${seconds.toFixed(1)} s: ${summary.rowsInserted.toLocaleString('en-US')} new, ${summary.rowsUpdated.toLocaleString('en-US')} changed, ${summary.rowsUnchanged.toLocaleString('en-US')} unchanged.`,
          );
          if (summary.created.districts || summary.created.schools)
            console.log(`Added ${summary.created.districts} district(s) and ${summary.created.schools} school(s) to the network.`);
          if (summary.matched) console.log(matchSentence(summary.matched, summary.files.length));
          console.log(`Import ${summary.runId}`);
        });
      },
    );

  program
    .command('results')
    .description('Print reported figures for a school, district or state. Groups under 11 students and cells suppressed at the source print as "*".')
    .addOption(new Option('--org <slug>', 'the organization, when there are several'))
    .requiredOption('--entity <code>', 'the state code of a school or district (CDS or district code), or "state"')
    .addOption(new Option('--subject <subject>', 'ela or math').choices(['ela', 'math']).makeOptionMandatory())
    .option('--year <year>', 'one school year, e.g. 2017-18', schoolYear)
    .option('--years <from..to>', 'a range of school years, e.g. 2014-15..2017-18', yearRange)
    .option('--grade <grade>', 'a grade (3-8, 11) or "all" (default all)', 'all')
    .option('--group <group>', 'a student group code (default all)', 'all')
    .option('--json', 'print JSON: an object for --year, an array for --years')
    .action(async (o: { org?: string; entity: string; subject: string; year?: string; years?: string[]; grade: string; group: string; json?: boolean }) => {
      if (!o.year === !o.years) throw new AppError('invalid_input', 'Give either --year or --years.');
      await withDatabase(program, async (database) => {
        const org = await organizationOf(database, o.org, NO_ORGANIZATION);
        const found = await resultSeries(database.db, {
          organizationId: org.id,
          entity: o.entity,
          subject: o.subject,
          years: o.years ?? [o.year!],
          grade: o.grade,
          group: o.group,
        });
        if (!found) throw new AppError('not_found', `No results are on file for ${o.entity}.`);
        if ('ambiguous' in found) throw ambiguousEntity(o.entity, found.ambiguous!);
        if ('unknownGroup' in found)
          throw new AppError(
            'invalid_input',
            `There is no student group "${o.group}" in the ${o.subject} results for ${o.entity}. Use one of: ${found.groups!.map((g) => `${g} (${studentGroupLabel(g)})`).join(', ')}.`,
            [{ where: '--group', message: 'unknown student group' }],
          );
        const series = found.series!;
        if (o.year) {
          const one = series[0];
          if (!one) throw new AppError('not_found', `No ${o.subject} results for ${o.entity} in ${o.year} (grade ${o.grade}, group ${o.group}).`);
          return console.log(
            o.json
              ? JSON.stringify(one, null, 2)
              : `${one.name}, ${one.year}, ${one.subject === 'ela' ? 'ELA' : 'math'}, ${one.grade === 'all' ? 'all grades' : `grade ${one.grade}`}, ${one.group === 'all' ? 'all students' : studentGroupLabel(one.group)}: ${figureLine(one)}`,
          );
        }
        if (o.json) return console.log(JSON.stringify(series, null, 2));
        for (const r of series) console.log(`${r.year}  ${figureLine(r, 6)}`);
      });
    });
}
