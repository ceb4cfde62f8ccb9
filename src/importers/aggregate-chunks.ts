// Turns aggregate results (EdSight, CAASPP, generated) into blocks of COPY lines for aggregate_result,
// with each row's entity id and district already resolved, so a block goes into the table as it is.
// This module reads files and formats rows only (no database), so it runs as well in a worker thread.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { readCaasppEntities, readCaasppSubgroups, readCaasppTests } from './caaspp-lookups';
import { parseCaasppBatches } from './caaspp';
import { parseEdsight } from './edsight';
import type { EntityMatches } from '../domain/import-formats';
import type { AggregateEntity, AggregateResult } from './records';

/** A result_entity row as the import starts (after linking to the network's schools and districts). */
export interface StoredEntity {
  id: string;
  state: string;
  kind: string;
  code: string;
  name: string | null;
  districtId: string | null;
  schoolId: string | null;
}

/** The network's schools and districts by state code, to link entities first seen in this import. */
export interface NetworkCodes {
  schools: { id: string; stateCode: string; districtId: string; districtState: string }[];
  districts: { id: string; stateCode: string; state: string }[];
}

export interface FormatterInit extends NetworkCodes {
  organizationId: string;
  runId: string;
  entities: StoredEntity[];
}

/** The rows of one entity that existed before the import, in one year: they may already be stored. */
export interface PairLines {
  entityId: string;
  year: string;
  text: string;
  rows: number;
}

/** A block of rows from one file, as COPY lines in aggregate_result's column order. */
export interface AggregateChunk {
  file: string;
  /** Entities first seen in this block, with their ids and links: inserted before the block's rows. */
  newEntities: StoredEntity[];
  /** Rows of entities new to the network: no stored row can have their key. */
  fresh: string;
  freshRows: number;
  /** Rows of entities already stored, by entity and year. */
  pairs: PairLines[];
  /** Every entity with a row in this block. */
  entityIds: string[];
  rows: number;
}

export interface FormatterSummary {
  /** Entities whose name in the import differs from the one stored (or inserted with the block). */
  renamed: { id: string; name: string }[];
  /** Schools and districts reported in the import, and how many of each are in the network. */
  entities: EntityMatches;
}

/** aggregate_result's columns in the order of the formatted lines. */
export const AGGREGATE_COLUMNS = [
  'organization_id',
  'entity_id',
  'district_id',
  'source',
  'year',
  'assessment',
  'subject',
  'grade',
  'student_group',
  'tested',
  'level_counts',
  'level_percents',
  'met_or_above',
  'met_derived',
  'pct_met_or_above',
  'mean_scale_score',
  'suppressed',
  'source_line',
  'import_run_id',
] as const;

// CSV cells for COPY: null is an empty field, so text is quoted when empty (or when it holds a quote,
// comma or line break); other text goes as it is, which is less for the server to read.
const NEEDS_QUOTES = /[",\r\n]/;
const text = (s: string) => (s === '' || NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const num = (n: number | null) => (n === null || !Number.isFinite(n) ? '' : String(n));
const list = (values: (number | null)[] | null) => {
  if (!values) return '';
  let out = '"{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out += (i ? ',' : '') + (v === null || !Number.isFinite(v) ? 'NULL' : String(v));
  }
  return `${out}}"`;
};

/**
 * COPY text gathered line by line. Lines are joined into flat strings a few hundred at a time: a long
 * chain of concatenated strings would keep every piece of every line alive until the block is sent.
 */
class TextBuffer {
  private lines: string[] = [];
  private blocks: string[] = [];
  rows = 0;
  push(line: string): void {
    this.lines.push(line);
    this.rows++;
    if (this.lines.length >= 256) {
      this.blocks.push(this.lines.join(''));
      this.lines = [];
    }
  }
  text(): string {
    if (this.lines.length) this.blocks.push(this.lines.join(''));
    this.lines = [];
    return this.blocks.join('');
  }
}

interface EntityState extends StoredEntity {
  /** Whether the entity was in the database before this import. */
  stored: boolean;
  /** The name in the database (or inserted with its first block). */
  savedName: string | null;
  /** The line start shared by every row of the entity: organization, entity id, district id. */
  head: string;
}

const entityKey = (state: string, kind: string, code: string) => `${state}\u0000${kind}\u0000${code}`;

/**
 * Gives each row its entity id (new entities get an id here, linked to the network the way
 * linkEntities links them) and writes its COPY line, collecting lines into blocks.
 */
export class AggregateFormatter {
  private readonly entities = new Map<string, EntityState>();
  private readonly schools: Map<string, NetworkCodes['schools'][number]>;
  private readonly districts: Map<string, string>;
  private readonly tail: string;
  private readonly org: string;
  private last: { entity: AggregateEntity; state: EntityState } | null = null;
  private renamed = new Set<EntityState>();
  private seen = new Set<EntityState>();
  private chunk: AggregateChunk | null = null;
  private size = 0;
  private fresh = new TextBuffer();
  private pairs = new Map<string, { entityId: string; year: string; lines: TextBuffer }>();
  private inChunk = new Set<string>();

  constructor(init: FormatterInit) {
    this.org = text(init.organizationId);
    this.tail = `,${text(init.runId)}\n`;
    for (const e of init.entities) this.entities.set(entityKey(e.state, e.kind, e.code), this.state(e, true));
    this.schools = new Map(init.schools.map((s) => [s.stateCode, s]));
    this.districts = new Map(init.districts.map((d) => [entityKey(d.state, 'district', d.stateCode), d.id]));
  }

  private state(e: StoredEntity, stored: boolean): EntityState {
    return { ...e, stored, savedName: e.name, head: `${this.org},${text(e.id)},${e.districtId ? text(e.districtId) : ''},` };
  }

  /** The same links as linkEntities: a school by its state code (in its district's state), a district by state and code. */
  private link(e: AggregateEntity): { districtId: string | null; schoolId: string | null } {
    if (e.kind === 'school') {
      const s = this.schools.get(e.code);
      if (s && s.districtState === e.state) return { schoolId: s.id, districtId: s.districtId };
    } else if (e.kind === 'district') {
      const d = this.districts.get(entityKey(e.state, 'district', e.code));
      if (d) return { schoolId: null, districtId: d };
    }
    return { schoolId: null, districtId: null };
  }

  /** Bytes of COPY text gathered for the current block. */
  get pending(): number {
    return this.size;
  }

  add(rows: AggregateResult[], file: string): void {
    if (!this.chunk || this.chunk.file !== file) {
      if (this.chunk?.rows) throw new Error('a block holds the rows of one file: take it before the next file');
      this.chunk = { file, newEntities: [], fresh: '', freshRows: 0, pairs: [], entityIds: [], rows: 0 };
    }
    const chunk = this.chunk;
    for (const r of rows) {
      let e: EntityState;
      if (this.last && this.last.entity === r.entity) e = this.last.state;
      else {
        const key = entityKey(r.entity.state, r.entity.kind, r.entity.code);
        let found = this.entities.get(key);
        if (!found) {
          found = this.state(
            { id: randomUUID(), state: r.entity.state, kind: r.entity.kind, code: r.entity.code, name: r.entity.name ?? null, ...this.link(r.entity) },
            false,
          );
          this.entities.set(key, found);
          chunk.newEntities.push({
            id: found.id,
            state: found.state,
            kind: found.kind,
            code: found.code,
            name: found.name,
            districtId: found.districtId,
            schoolId: found.schoolId,
          });
        }
        e = found;
        this.last = { entity: r.entity, state: e };
        this.seen.add(e);
        if (!this.inChunk.has(e.id)) {
          this.inChunk.add(e.id);
          chunk.entityIds.push(e.id);
        }
      }
      const name = r.entity.name;
      if (name !== undefined && name !== null && name !== e.name) {
        e.name = name;
        this.renamed.add(e);
      }
      const line =
        e.head +
        text(r.source) +
        ',' +
        text(r.year) +
        ',' +
        text(r.assessment) +
        ',' +
        text(r.subject) +
        ',' +
        text(String(r.grade)) +
        ',' +
        text(r.group) +
        ',' +
        num(r.tested) +
        ',' +
        list(r.levelCounts) +
        ',' +
        list(r.levelPercents) +
        ',' +
        num(r.metOrAbove) +
        ',' +
        (r.metOrAboveDerived ? 't' : 'f') +
        ',' +
        num(r.pctMetOrAbove) +
        ',' +
        num(r.meanScaleScore) +
        ',' +
        (r.suppressed ? 't' : 'f') +
        ',' +
        r.line +
        this.tail;
      this.size += line.length;
      chunk.rows++;
      if (!e.stored) this.fresh.push(line);
      else {
        const key = `${e.id}|${r.year}`;
        let pair = this.pairs.get(key);
        if (!pair) {
          pair = { entityId: e.id, year: r.year, lines: new TextBuffer() };
          this.pairs.set(key, pair);
        }
        pair.lines.push(line);
      }
    }
  }

  /** The block gathered so far (null when empty); the next rows start a new one. */
  take(): AggregateChunk | null {
    const chunk = this.chunk;
    if (chunk) {
      chunk.freshRows = this.fresh.rows;
      chunk.fresh = this.fresh.text();
      chunk.pairs = [...this.pairs.values()].map((p) => ({ entityId: p.entityId, year: p.year, text: p.lines.text(), rows: p.lines.rows }));
    }
    this.chunk = null;
    this.size = 0;
    this.fresh = new TextBuffer();
    this.pairs = new Map();
    this.inChunk = new Set();
    // The next block names its entities again.
    this.last = null;
    return chunk && chunk.rows ? chunk : null;
  }

  finish(): FormatterSummary {
    const renamed = [...this.renamed].filter((e) => e.name !== null && e.name !== e.savedName).map((e) => ({ id: e.id, name: e.name! }));
    const entities: EntityMatches = { schools: { matched: 0, reported: 0 }, districts: { matched: 0, reported: 0 } };
    for (const e of this.seen) {
      const tally = e.kind === 'school' ? entities.schools : e.kind === 'district' ? entities.districts : null;
      if (!tally) continue;
      tally.reported++;
      if (e.kind === 'school' ? e.schoolId !== null : e.districtId !== null) tally.matched++;
    }
    return { renamed, entities };
  }
}

/** Counts bytes and hashes them as a file streams to its parser. */
export class Meter extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  constructor(private readonly onBytes: (n: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void) {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    this.onBytes(chunk.length);
    done(null, chunk);
  }
}

/** What a worker needs to read an import's files: paths and options only. */
export interface AggregateFilesJob {
  format: 'caaspp' | 'edsight';
  files: { name: string; path: string }[];
  options: { entities?: string; subgroups?: string; tests?: string; year?: string; maxErrors?: number };
}

/** Rows of a file a block at a time, from the format's parser. */
export type RowBatches = (stream: Readable, file: string) => AsyncIterable<AggregateResult[]>;

const EDSIGHT_BATCH = 2000;

/** The parser of a job's format, with its lookups read. */
export async function parserFor(job: AggregateFilesJob): Promise<RowBatches> {
  const o = job.options;
  if (job.format === 'edsight') {
    return async function* (stream, file) {
      let batch: AggregateResult[] = [];
      for await (const row of parseEdsight(stream, { fileName: file, year: o.year, maxErrors: o.maxErrors ?? 20 })) {
        batch.push(row);
        if (batch.length >= EDSIGHT_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    };
  }
  const [entities, subgroups, tests] = await Promise.all([
    o.entities ? readCaasppEntities(o.entities) : undefined,
    o.subgroups ? readCaasppSubgroups(o.subgroups) : undefined,
    o.tests ? readCaasppTests(o.tests) : undefined,
  ]);
  return (stream, file) => parseCaasppBatches(stream, { fileName: file, entities, subgroups, tests, maxErrors: o.maxErrors ?? 20 });
}

/** A block is handed on once it holds about this much COPY text: one COPY statement each. */
export const CHUNK_CHARS = 2 * 1024 * 1024;
/** The first block is smaller, so the database starts working sooner. */
const FIRST_CHUNK_CHARS = 256 * 1024;

/**
 * Reads every file of a job (each through `open`, which meters it) and yields blocks of COPY lines;
 * a block never spans two files.
 */
export async function* formatFiles(
  job: AggregateFilesJob,
  formatter: AggregateFormatter,
  open: (file: { name: string; path: string }) => Readable,
  chunkChars = CHUNK_CHARS,
): AsyncGenerator<AggregateChunk> {
  const parse = await parserFor(job);
  let limit = Math.min(FIRST_CHUNK_CHARS, chunkChars);
  for (const file of job.files) {
    for await (const rows of parse(open(file), file.name)) {
      formatter.add(rows, file.name);
      if (formatter.pending >= limit) {
        yield formatter.take()!;
        limit = chunkChars;
      }
    }
    const last = formatter.take();
    if (last) yield last;
  }
}

/**
 * A file opened and metered: bytes are counted and hashed as they stream. Each piece read is parsed in
 * one go, so smaller pieces keep a thread that also waits on the database responsive.
 */
export function meteredFile(path: string, onBytes: (n: number) => void, onHash: (sha256: string) => void, pieceBytes = 64 * 1024): Readable {
  const meter = new Meter(onBytes);
  meter.on('finish', () => onHash(meter.hash.digest('hex')));
  const stream = createReadStream(path, { highWaterMark: pieceBytes });
  stream.on('error', (e) => meter.destroy(e));
  return stream.pipe(meter);
}
