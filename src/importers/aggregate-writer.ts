// Writes the blocks of an aggregate import. A block's rows of entities new to the network, or of an entity and year
// with nothing stored yet, are COPYed straight into aggregate_result; rows that may replace stored ones (a re-import)
// are COPYed into a staging table and merged at the end, so a re-import of the same file changes nothing. A key
// repeated within the import fails the COPY (the primary key, or the staging table's unique index), and only then
// are the lines that repeat it looked up.
import type { BulkSession } from '../db/database';
import { AGGREGATE_COLUMNS, type AggregateChunk, type FormatterSummary } from './aggregate-chunks';
import { ImportError } from './issues';
import type { Counts, LoadContext } from './load-context';

/** The figures compared to tell a changed row from an unchanged one on re-import. */
const AGG_FIGURES = ['tested', 'level_counts', 'level_percents', 'met_or_above', 'met_derived', 'pct_met_or_above', 'mean_scale_score', 'suppressed', 'source'];
const AGG_KEY = ['entity_id', 'year', 'assessment', 'subject', 'grade', 'student_group'];
const STAGE_COLUMNS = [...AGGREGATE_COLUMNS, 'file'];

const quoted = (s: string) => `"${s.replace(/"/g, '""')}"`;
const sqlState = (error: unknown) => (error as { code?: unknown } | null)?.code;

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** The rows of a COPY block whose key repeats a row of the block or an earlier one, named by file and line. */
interface Repeat {
  line: number;
  first: number;
  code: string;
  entity_id: string;
  file?: string;
}

export class AggregateWriter {
  /** Entity and year of stored entities: true when rows were stored before this import. */
  private readonly storedPairs = new Map<string, boolean>();
  /** Files each entity had rows in, in import order, to name the file of an earlier repeated line. */
  private readonly filesOf = new Map<string, string[]>();
  private inserted = 0;
  private staged = 0;
  private staging = false;

  constructor(
    private readonly session: BulkSession,
    private readonly context: LoadContext,
  ) {}

  async write(chunk: AggregateChunk): Promise<void> {
    const s = this.session;
    if (chunk.newEntities.length)
      await s.query(
        `insert into result_entity (id, organization_id, state, kind, code, name, district_id, school_id)
         select x.id, $1::uuid, x.state, x.kind, x.code, x.name, x.district_id, x.school_id
         from json_to_recordset($2::json) as x(id uuid, state text, kind text, code text, name text, district_id uuid, school_id uuid)`,
        [
          this.context.organizationId,
          JSON.stringify(
            chunk.newEntities.map((e) => ({
              id: e.id,
              state: e.state,
              kind: e.kind,
              code: e.code,
              name: e.name,
              district_id: e.districtId,
              school_id: e.schoolId,
            })),
          ),
        ],
      );
    const pairKey = (entityId: string, year: string) => `${entityId}|${year}`;
    const unknown = chunk.pairs.filter((p) => !this.storedPairs.has(pairKey(p.entityId, p.year)));
    if (unknown.length) {
      const stored = await s.query<{ entity_id: string; year: string }>(
        `select x.e as entity_id, x.y as year from json_to_recordset($1::json) as x(e uuid, y text)
         where exists (select 1 from aggregate_result r where r.entity_id = x.e and r.year = x.y)`,
        [JSON.stringify(unknown.map((p) => ({ e: p.entityId, y: p.year })))],
      );
      for (const p of unknown) this.storedPairs.set(pairKey(p.entityId, p.year), false);
      for (const r of stored) this.storedPairs.set(pairKey(r.entity_id, r.year), true);
    }
    let fresh = chunk.fresh;
    let freshRows = chunk.freshRows;
    const replacing: string[] = [];
    let replacingRows = 0;
    for (const p of chunk.pairs) {
      if (this.storedPairs.get(pairKey(p.entityId, p.year))) {
        replacing.push(p.text);
        replacingRows += p.rows;
      } else {
        fresh += p.text;
        freshRows += p.rows;
      }
    }
    if (freshRows) {
      await this.copyChecked('aggregate_result', AGGREGATE_COLUMNS, fresh, chunk);
      this.inserted += freshRows;
    }
    if (replacingRows) {
      if (!this.staging) {
        await s.query(`create temp table stage_agg (like aggregate_result, file text) on commit drop`);
        await s.query(`create unique index on stage_agg (${AGG_KEY.join(', ')})`);
        this.staging = true;
      }
      const suffix = `,${quoted(chunk.file)}\n`;
      await this.copyChecked('stage_agg', STAGE_COLUMNS, replacing.join('').replaceAll('\n', suffix), chunk);
      this.staged += replacingRows;
    }
    for (const id of chunk.entityIds) {
      const files = this.filesOf.get(id);
      if (!files) this.filesOf.set(id, [chunk.file]);
      else if (files[files.length - 1] !== chunk.file) files.push(chunk.file);
    }
    this.context.rows(chunk.rows);
  }

  /** COPYs a block under a savepoint; a repeated key (unique violation) is reported with its lines. */
  private async copyChecked(table: 'aggregate_result' | 'stage_agg', columns: readonly string[], text: string, chunk: AggregateChunk): Promise<void> {
    const s = this.session;
    await s.query('savepoint aggregate_block');
    try {
      await s.copyCsv(table, columns, once(text));
    } catch (error) {
      if (sqlState(error) !== '23505') throw error;
      await s.query('rollback to savepoint aggregate_block');
      const repeats = await this.repeatsIn(table, columns, text, chunk.file);
      if (!repeats.length) throw error;
      throw new ImportError(
        repeats.map((r) => {
          const where = r.file !== chunk.file ? `line ${r.first} of ${r.file}` : `line ${r.first}`;
          return { file: chunk.file, line: r.line, message: `repeats the row on ${where} (same entity ${r.code}, year, test, grade and student group)` };
        }),
      );
    }
    await s.query('release savepoint aggregate_block');
  }

  /** The file of an entity's rows written before the current block, when they all came from one other file. */
  private earlierFile(entityId: string, current: string): string {
    const files = this.filesOf.get(entityId) ?? [];
    const others = files.filter((f) => f !== current);
    return files.includes(current) || others.length !== 1 ? current : others[0]!;
  }

  /** The rows of a failed block that repeat a key within the block or one written before it. */
  private async repeatsIn(table: 'aggregate_result' | 'stage_agg', columns: readonly string[], text: string, file: string): Promise<Required<Repeat>[]> {
    const s = this.session;
    await s.query(`create temp table if not exists aggregate_repeats (like ${table}) on commit drop`);
    await s.query('truncate aggregate_repeats');
    await s.copyCsv('aggregate_repeats', columns, once(text));
    const same = AGG_KEY.map((c) => `r.${c} = d.${c}`).join(' and ');
    const within = await s.query<{ lines: number[]; code: string; entity_id: string }>(
      `select array_agg(d.source_line order by d.source_line) as lines, min(e.code) as code, d.entity_id::text as entity_id
       from aggregate_repeats d join result_entity e on e.id = d.entity_id
       group by ${AGG_KEY.map((c) => `d.${c}`).join(', ')} having count(*) > 1 order by min(d.source_line) limit 5`,
    );
    // Rows written before this block: this import's rows in the table, or the staged ones (which keep their file).
    const earlier =
      table === 'aggregate_result'
        ? await s.query<Repeat>(
            `select d.source_line as line, r.source_line as first, e.code, d.entity_id::text as entity_id
             from aggregate_repeats d join aggregate_result r on ${same} join result_entity e on e.id = d.entity_id
             where r.import_run_id = $1 order by d.source_line limit 5`,
            [this.context.runId],
          )
        : await s.query<Repeat>(
            `select d.source_line as line, r.source_line as first, e.code, d.entity_id::text as entity_id, r.file
             from aggregate_repeats d join stage_agg r on ${same} join result_entity e on e.id = d.entity_id order by d.source_line limit 5`,
          );
    return [
      ...within.map((w) => ({ line: Number(w.lines[1]), first: Number(w.lines[0]), code: w.code, entity_id: w.entity_id, file })),
      ...earlier.map((r) => ({ ...r, line: Number(r.line), first: Number(r.first), file: r.file ?? this.earlierFile(r.entity_id, file) })),
    ]
      .sort((a, b) => a.line - b.line)
      .slice(0, 5);
  }

  async finish(summary: FormatterSummary): Promise<Counts> {
    const s = this.session;
    if (summary.renamed.length)
      await s.query(
        `update result_entity e set name = x.name from json_to_recordset($1::json) as x(id uuid, name text) where e.id = x.id and e.name is distinct from x.name`,
        [JSON.stringify(summary.renamed)],
      );
    let inserted = 0;
    let updated = 0;
    if (this.staged) {
      const [merged] = await s.query<{ inserted: string; updated: string }>(
        `with merged as (
           insert into aggregate_result (${AGGREGATE_COLUMNS.join(', ')})
           select ${AGGREGATE_COLUMNS.join(', ')} from stage_agg
           on conflict (${AGG_KEY.join(', ')}) do update set
             ${AGG_FIGURES.map((c) => `${c} = excluded.${c}`).join(', ')}, district_id = excluded.district_id, source_line = excluded.source_line, import_run_id = excluded.import_run_id
           where (${AGG_FIGURES.map((c) => `aggregate_result.${c}`).join(', ')}) is distinct from (${AGG_FIGURES.map((c) => `excluded.${c}`).join(', ')})
           returning (xmax = 0) as inserted)
         select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from merged`,
      );
      inserted = Number(merged!.inserted);
      updated = Number(merged!.updated);
    }
    return {
      rowsInserted: this.inserted + inserted,
      rowsUpdated: updated,
      rowsUnchanged: this.staged - inserted - updated,
      created: { districts: 0, schools: 0 },
      matchedEntities: summary.entities.schools.matched + summary.entities.districts.matched,
      matched: summary.entities,
    };
  }
}
