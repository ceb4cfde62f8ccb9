// Runs work in a transaction, or inside the caller's transaction when it already has one.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

export function atomic<T>(db: Kysely<Database>, work: (trx: Kysely<Database> | Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
