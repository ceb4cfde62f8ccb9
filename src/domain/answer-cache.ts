// Computed answers kept in memory as JSON bytes (and gzipped, once asked for), each with the change stamp it was
// computed under. Every request reads the database's stamp first: an answer is served again only while the stamp is
// the same, so a write from this process or any other shows at once. Requests that miss together compute once.
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';

const gzipped = promisify(gzip);

export interface CachedAnswer {
  /** The answer as JSON, as Fastify would have serialized it. */
  json: Buffer;
  /** The same bytes gzipped, computed on first use. */
  gzip(): Promise<Buffer>;
}

interface Entry {
  stamp: string;
  answer: CachedAnswer;
  bytes: number;
}

export interface AnswerCacheLimits {
  entries: number;
  bytes: number;
}

function answerOf(value: unknown): CachedAnswer {
  const json = Buffer.from(JSON.stringify(value));
  let compressed: Promise<Buffer> | undefined;
  return { json, gzip: () => (compressed ??= gzipped(json, { level: 6 })) };
}

/** A bounded map of answers (least recently used out first), each valid under one change stamp. */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly computing = new Map<string, Promise<CachedAnswer>>();
  private bytes = 0;

  constructor(private readonly limits: AnswerCacheLimits = { entries: 500, bytes: 64 * 1024 * 1024 }) {}

  /**
   * The answer for `key` under `stamp` (read from the database before this call): kept, being computed by another
   * request, or computed now. `settled`, asked only before computing, says whether no write is under way that took
   * its place in the stamp before it and could still commit without changing it; if one is, the answer is computed
   * for this request alone and neither kept nor shared.
   */
  async answer(key: string, stamp: string, compute: () => Promise<unknown>, settled: () => Promise<boolean> = async () => true): Promise<CachedAnswer> {
    const kept = this.kept(key, stamp);
    if (kept) return kept;
    // A request that read the same stamp as a settled one saw no change since: it shares that computation.
    const flightKey = `${stamp}\u0000${key}`;
    const joined = this.computing.get(flightKey);
    if (joined) return joined;
    if (!(await settled())) return answerOf(await compute());
    let flight = this.computing.get(flightKey);
    if (!flight) {
      const again = this.kept(key, stamp);
      if (again) return again;
      flight = compute().then(answerOf);
      this.computing.set(flightKey, flight);
      flight
        .then(
          (answer) => this.keep(key, stamp, answer),
          () => undefined,
        )
        .finally(() => this.computing.delete(flightKey));
    }
    return flight;
  }

  private kept(key: string, stamp: string): CachedAnswer | null {
    const hit = this.entries.get(key);
    if (!hit || hit.stamp !== stamp) return null;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.answer;
  }

  /** How many answers are kept, and their bytes (without their gzipped copies). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private keep(key: string, stamp: string, answer: CachedAnswer) {
    // Whatever finished last is kept; an answer under an older stamp only costs the next request a computation.
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.bytes;
    }
    const bytes = answer.json.length;
    if (bytes > this.limits.bytes) return;
    this.entries.set(key, { stamp, answer, bytes });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.limits.entries && this.bytes <= this.limits.bytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }
}
