// Opens the embedded SQLite database with the pragmas the app relies on.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { readerWriterDialect } from './sqlite-driver.ts';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

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

/** A value that changes whenever anything in the database may have changed (for response caches). */
export function dataVersion(db: Db): string {
  const version = versions.get(db);
  if (!version) throw new Error('dataVersion needs a database opened with openDatabase');
  return version();
}

export function nowIso(): string {
  return new Date().toISOString();
}
