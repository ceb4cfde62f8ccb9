// Column types shared by the table interfaces: timestamps, version counters and JSON documents.
import type { ColumnType } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Version = ColumnType<number, number | undefined, number>;
export type Json = ColumnType<unknown, string | undefined | null, string | null>;
