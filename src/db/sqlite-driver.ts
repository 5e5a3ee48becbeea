// Kysely's own SQLite driver puts every query behind one lock on one connection, so a
// transaction that takes seconds (an 8 MiB transcript import writes tens of thousands of
// rows and index entries) held every other request, /healthz included, until it committed.
// SQLite in WAL mode lets readers go on beside a writer, so this driver keeps a second
// connection for reads made outside a transaction: they see the last committed state and
// never wait. Writes and transactions take the writer connection in turn, as before; a long
// writer lets readers in by awaiting the event loop between its statements (yieldToReaders).
import type { Database as Sqlite, Statement } from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

export type Prepare = (sql: string) => Statement;

/** Queues the users of the writer connection: one transaction or write at a time. */
class WriterLock {
  private tail: Promise<void> = Promise.resolve();

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise((resolve) => (release = resolve));
    await previous;
    return release;
  }
}

function run(statement: Statement, parameters: readonly unknown[]): QueryResult<unknown> {
  if (statement.reader) return { rows: statement.all(parameters) };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
}

const QUERY = /^\s*(select|with)\b/i;

class RoutedConnection implements DatabaseConnection {
  /** Set while this connection holds the writer for a transaction. */
  release: (() => void) | null = null;

  constructor(private readonly driver: ReaderWriterDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { writer, reader, lock } = this.driver;
    if (this.release) return run(writer(query.sql), query.parameters) as QueryResult<R>;
    // Queries only: a PRAGMA reads or sets the state of the connection it runs on.
    const read = reader && QUERY.test(query.sql) ? reader(query.sql) : null;
    if (read?.readonly) return run(read, query.parameters) as QueryResult<R>;
    const release = await lock.acquire();
    try {
      return run(writer(query.sql), query.parameters) as QueryResult<R>;
    } finally {
      release();
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('streaming is not used with SQLite here');
  }
}

class ReaderWriterDriver implements Driver {
  readonly lock = new WriterLock();

  /** `reader` null: one connection (an in-memory database cannot be opened twice). */
  constructor(
    readonly writer: Prepare,
    readonly reader: Prepare | null,
    private readonly close: () => void,
  ) {}

  async init() {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this);
  }

  async beginTransaction(connection: RoutedConnection) {
    connection.release = await this.lock.acquire();
    // IMMEDIATE: the write lock from the start. Several processes may share the file (workers);
    // a deferred transaction that read before another process committed could not write
    // after it (SQLITE_BUSY_SNAPSHOT, at once, without busy_timeout's wait). In this process
    // transactions already run one at a time, so this costs nothing here.
    this.writer('begin immediate').run();
  }

  async commitTransaction(connection: RoutedConnection) {
    this.end(connection, 'commit');
  }

  async rollbackTransaction(connection: RoutedConnection) {
    this.end(connection, 'rollback');
  }

  private end(connection: RoutedConnection, how: 'commit' | 'rollback') {
    try {
      this.writer(how).run();
    } finally {
      connection.release?.();
      connection.release = null;
    }
  }

  async releaseConnection() {}

  async destroy() {
    this.close();
  }
}

/** A Kysely dialect over a writer connection and, for reads outside transactions, a reader. */
export function readerWriterDialect(writer: Prepare, reader: Prepare | null, close: () => void): Dialect {
  return {
    createAdapter: (): DialectAdapter => new SqliteAdapter(),
    createDriver: (): Driver => new ReaderWriterDriver(writer, reader, close),
    createIntrospector: (db: Kysely<any>): DatabaseIntrospector => new SqliteIntrospector(db),
    createQueryCompiler: (): QueryCompiler => new SqliteQueryCompiler(),
  };
}

/**
 * Lets the event loop serve what waits (requests, reads on the reader connection) in the
 * middle of long work: a write transaction between its batches, parsing between slices.
 */
export const yieldToReaders = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Writes `items` a batch at a time, letting readers in between batches (yieldToReaders). */
export async function writeInBatches<T>(items: readonly T[], size: number, write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    if (i > 0) await yieldToReaders();
    await write(items.slice(i, i + size));
  }
}
