// Opens the database: the embedded SQLite file by default, PostgreSQL when the settings give
// an address (SIARAN_DATABASE_URL). What else differs by dialect lives beside the concern it
// serves (migrations/<dialect>/, search/full-text.ts, db/locks.ts for bookings, the change
// signal below), each asking dialectOf() once per call instead of repositories branching.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, type Transaction, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Database } from './schema.ts';
import { readerWriterDialect } from './sqlite-driver.ts';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
export type Dialect = 'sqlite' | 'postgres';

const STATEMENT_CACHE_SIZE = 500;
const MMAP_BYTES = 2 ** 31;
const versions = new WeakMap<Db, () => string>();

export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = open(file);
  // Reads outside transactions go to a second connection, so that they never wait behind a
  // long write (src/db/sqlite-driver.ts). It is opened after the writer has set WAL mode,
  // and it writes nothing. An in-memory database exists once per connection, so it has none.
  const reader = file === ':memory:' ? null : open(file);
  reader?.pragma('query_only = 1');
  const db = new Kysely<Database>({
    dialect: readerWriterDialect(statementCache(sqlite), reader && statementCache(reader), () => {
      reader?.close();
      sqlite.close();
    }),
  });

  // The reader's data_version moves whenever any other connection commits (this process's
  // writer, the CLI, a second process), and only then: a transaction still running moves it
  // not, so a response cache never keys an answer read before a commit with a version from
  // after it. Alone, an in-memory database counts its own writes.
  const version = reader ? reader.prepare('pragma data_version').pluck() : sqlite.prepare('select total_changes()').pluck();
  versions.set(db, () => String(version.get()));
  return db;
}

function open(file: string): SQLite.Database {
  const sqlite = new SQLite(file);
  // WAL lets readers (pages, feeds, search) go on while a job writes; NORMAL is durable
  // across application crashes in WAL mode, which is the failure we guard against.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Search reads a few rows from all over a large file for every query; through read() each
  // page is copied out of the OS cache first, which at 1 M segments made a selective query
  // take twice as long as it does reading the same pages mapped (test/bench/search.bench.ts).
  // The mapping is of the file, so its pages are the OS cache's to evict, not the heap's.
  // Nothing here truncates the file under a mapping (no VACUUM), the one case mapped I/O
  // cannot survive. SQLite caps the size at its compile-time limit (2 GiB in this build).
  sqlite.pragma(`mmap_size = ${MMAP_BYTES}`);
  return sqlite;
}

// Kysely prepares every query anew; preparing costs more than running most of ours, so
// statements are kept by their SQL text (queries are parameterised, so the set is small).
function statementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
      statement = sqlite.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
}

// pg returns int8 (count(), sum() of integers, bigint columns) and numeric as strings, so
// that no value beyond 2^53 loses digits. Ours are counts, sizes and milliseconds, far below
// that, and the repositories are shared with SQLite, which returns numbers: parse them here.
const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === PG_INT8 || oid === PG_NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/**
 * A pool of connections to PostgreSQL; `max` bounds this process's share of the server's
 * connections; `connectTimeoutMs` gives up on a server that does not answer (by default pg
 * waits as long as the network does).
 */
export function openPostgres(url: string, options: { max?: number; connectTimeoutMs?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types: pgTypes, connectionTimeoutMillis: options.connectTimeoutMs });
  // An idle connection the server drops (a restart, a failover) must not crash the process.
  pool.on('error', (error) => console.error('Koneksi PostgreSQL terputus:', error.message));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** The database the settings name: PostgreSQL at SIARAN_DATABASE_URL, else the SQLite file. */
export function connectDatabase(config: Pick<Config, 'databasePath' | 'databaseUrl'>): Db {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openDatabase(config.databasePath);
}

/** Where a database or transaction lives, for the few concerns that differ by dialect. */
export function dialectOf(db: Db | Trx | Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** What the settings say the database is, for messages: the file, or the server without its password. */
export function describeDatabase(config: Pick<Config, 'databasePath' | 'databaseUrl'>): string {
  if (!config.databaseUrl) return config.databasePath;
  const url = new URL(config.databaseUrl);
  url.password = '';
  return url.toString();
}

/**
 * A value that changes whenever anything in the database may have changed (for response
 * caches). On PostgreSQL, several instances write to one database, so the value is the
 * counter that every write transaction bumps as it commits (migrations/postgres, the
 * change_counter table): every instance reads the same one.
 */
export async function dataVersion(db: Db): Promise<string> {
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ version: number }>`select version from change_counter`.execute(db);
    return String(rows[0]?.version ?? 0);
  }
  const version = versions.get(db);
  if (!version) throw new Error('dataVersion needs a database opened with openDatabase');
  return version();
}

export function nowIso(): string {
  return new Date().toISOString();
}
