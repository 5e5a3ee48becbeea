/**
 * Moves an archive from its SQLite file into an empty PostgreSQL database (issue 17), for
 * `npm run siaran -- copy-to-postgres <url>`.
 *
 * - Refuses, writing nothing, a source that is not SQLite or is older than this code, an
 *   address that is not postgres:// or does not answer, and a target holding any row.
 * - Migrates the target, then copies in ONE PostgreSQL transaction: a failure leaves it
 *   migrated and empty. The SQLite side is read in one transaction too, so the copy and
 *   its check see one snapshot even if a server writes meanwhile.
 * - Which tables, their columns and their order come from the schemas themselves (the
 *   target's catalog after migrating; parents before children by foreign key), not from a
 *   list here: every table the migrations make is copied, except those named below, and a
 *   table on one side only stops the copy.
 * - Values go across unchanged: the PostgreSQL migrations declare the same types SQLite
 *   stores (instants and JSON as text, flags as integer 0/1; migrations/README.md). A
 *   column of another type stops the copy before it writes, rather than guess.
 * - Serial ids continue after the highest SQLite ever handed out (sqlite_sequence), as
 *   AUTOINCREMENT would: a deleted segment's id is never given to new text.
 * - The search index is dialect-specific (FTS5 or a tsvector): built again by the index
 *   code in the same transaction, then given the document ids the SQLite index had, so
 *   search answers as it did.
 * - Then each table is read back from both databases, ordered by primary key, and
 *   compared by row count and a SHA-256 over its rows.
 * Media files stay where they are: every instance mounts the same storage root.
 * Messages are Indonesian (the rest of the command line is still English).
 */
import { createHash } from 'node:crypto';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { SEARCH_TABLES } from '../search/full-text.ts';
import { docKeys, optimizeIndex } from '../search/search.repository.ts';
import { adoptDocIds, fillIndexWithin } from '../search/search.index.ts';
import { type Db, type Trx, dialectOf, openPostgres } from './connection.ts';
import { migrate, pendingMigrations } from './migrate.ts';

/** The copy was not started, and nothing was written: the message says why. */
export class CopyRefused extends Error {}

/** The copy stopped: the message says why (a failure inside the transaction wrote nothing). */
export class CopyFailed extends Error {}

/** Bookkeeping each database keeps for itself: Kysely's migrations, PostgreSQL's change counter. */
const OWN_BOOKKEEPING = ['kysely_migration', 'kysely_migration_lock', 'change_counter', 'change_pending'];
/** Rows the migrations themselves write into a new PostgreSQL database. */
const MIGRATIONS_FILL = new Set([...OWN_BOOKKEEPING, 'search_state']);
/**
 * The search index, the version of the analysis it was built with and what a rebuild in
 * progress must take up again: made again on PostgreSQL.
 */
const SEARCH_INDEX = [...SEARCH_TABLES, 'search_state', 'search_rebuild_pending'];

/** Tables not copied: the above, and the index's leftovers and FTS5's own tables (search_fts_data, search_docs_next, …). */
export function isCopied(table: string): boolean {
  if (table.startsWith('sqlite_') || OWN_BOOKKEEPING.includes(table)) return false;
  return !SEARCH_INDEX.some((t) => table === t || table.startsWith(`${t}_`));
}

/** Types whose values both databases hold alike (migrations/README.md). */
const SAME_ON_BOTH = new Set(['text', 'integer', 'bigint', 'double precision']);
const NUMERIC = new Set(['integer', 'bigint', 'double precision']);
/** Rows per INSERT: well below PostgreSQL's 65,535 parameters a statement. */
const PARAMETERS_PER_BATCH = 20_000;
const ROWS_PER_READ = 2000;
const CONNECT_TIMEOUT_MS = 10_000;

interface Column {
  name: string;
  type: string;
}

interface Table {
  name: string;
  columns: Column[];
  key: string[];
  /** Columns PostgreSQL fills from a sequence (serial). */
  serial: string[];
  parents: string[];
}

export interface TableReport {
  table: string;
  sqliteRows: number;
  postgresRows: number;
  sqliteChecksum: string;
  postgresChecksum: string;
  matches: boolean;
}

export interface CopyReport {
  tables: TableReport[];
  searchDocuments: number;
  /** Whether the documents kept the ids of the SQLite index (else: numbered by air time). */
  searchIdsKept: boolean;
}

/** The address without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * Copies the SQLite archive `source` into the empty PostgreSQL database at `url`.
 * `sourceName` names the source in messages; `log` receives the progress lines.
 */
export async function copyToPostgres(source: Db, url: string, sourceName: string, log: (line: string) => void): Promise<CopyReport> {
  if (dialectOf(source) !== 'sqlite') {
    throw new CopyRefused('Pengaturan sudah menunjuk ke PostgreSQL (SIARAN_DATABASE_URL). Perintah ini menyalin arsip SQLite (SIARAN_DATABASE atau folder media): jalankan tanpa SIARAN_DATABASE_URL.');
  }
  let protocol: string | null = null;
  try {
    protocol = new URL(url).protocol;
  } catch {
    // Not an address at all: said below.
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new CopyRefused(`"${describeUrl(url)}" bukan alamat PostgreSQL: tulis postgres://pengguna@host:5432/nama_basis_data.`);
  }
  const pending = await pendingMigrations(source);
  if (pending.length > 0) {
    throw new CopyRefused(`Arsip SQLite di ${sourceName} lebih lama dari kode ini (${pending.length} migrasi belum dijalankan): jalankan server sekali agar arsipnya diperbarui, lalu ulangi.`);
  }

  const target = openPostgres(url, { max: 2, connectTimeoutMs: CONNECT_TIMEOUT_MS });
  try {
    const where = describeUrl(url);
    try {
      await sql`select 1`.execute(target);
    } catch (error) {
      throw new CopyRefused(`PostgreSQL di ${where} tidak dapat dihubungi: ${messageOf(error)}`);
    }
    const filled = await tablesWithRows(target);
    if (filled.length > 0) {
      throw new CopyRefused(`Basis data PostgreSQL di ${where} tidak kosong (berisi baris di tabel ${filled.join(', ')}): salinan hanya ditulis ke basis data yang kosong. Tidak ada yang diubah.`);
    }
    const applied = await migrate(target);
    log(`PostgreSQL di ${where}: ${applied.length} migrasi dijalankan.`);

    let report: CopyReport | undefined;
    // One snapshot of SQLite for the copy and its check.
    await source.transaction().execute(async (src) => {
      const tables = await copyableTables(src, target);
      let searchDocuments = 0;
      let searchIdsKept = false;
      await target.transaction().execute(async (trx) => {
        const late = await tablesWithRows(trx);
        if (late.length > 0) throw new CopyRefused(`Basis data PostgreSQL di ${where} terisi selama persiapan (tabel ${late.join(', ')}): tidak ada yang disalin.`);
        for (const table of tables) {
          const rows = await copyTable(src, trx, table);
          log(`  ${table.name}: ${rows} baris disalin`);
        }
        await continueSequences(src, trx, tables);
        log('Membangun indeks pencarian di PostgreSQL…');
        let shown = -1;
        await fillIndexWithin(trx, (done, total) => {
          const tenth = Math.floor((10 * done) / Math.max(total, 1));
          if (tenth !== shown) {
            shown = tenth;
            log(`  ${done}/${total} dialog`);
          }
        });
        searchIdsKept = await adoptDocIds(trx, await docKeys(src));
        searchDocuments = (await docKeys(trx)).length;
      });
      // VACUUM cannot run inside the transaction: after it, the GIN index is tidied.
      await optimizeIndex(target);
      log('Memeriksa salinan: membaca setiap tabel dari kedua basis data…');
      report = { tables: await compareTables(src, target, tables), searchDocuments, searchIdsKept };
    });
    return report as CopyReport;
  } finally {
    await target.destroy();
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Tables of the current schema holding at least one row, apart from those the migrations fill. */
async function tablesWithRows(db: Db | Trx): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') order by c.relname`.execute(db);
  const filled: string[] = [];
  for (const { name } of rows) {
    if (MIGRATIONS_FILL.has(name)) continue;
    const { rows: any } = await sql`select 1 from ${sql.table(name)} limit 1`.execute(db);
    if (any.length > 0) filled.push(name);
  }
  return filled;
}

/**
 * The tables to copy, parents first, with columns, primary key and serial columns as the
 * migrated target declares them; checked against the SQLite file's own tables and columns.
 */
async function copyableTables(src: Trx, trx: Db): Promise<Table[]> {
  const { rows: columns } = await sql<{ table: string; name: string; type: string; serial: boolean }>`
    select table_name as "table", column_name as name, data_type as type,
      coalesce(column_default like 'nextval(%', false) as serial
    from information_schema.columns
    where table_schema = current_schema() and is_generated = 'NEVER'
    order by table_name, ordinal_position`.execute(trx);
  const { rows: keys } = await sql<{ table: string; name: string }>`
    select c.relname as "table", a.attname as name
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_attribute a on a.attrelid = c.oid and a.attnum = any (i.indkey)
    where i.indisprimary and c.relnamespace = current_schema()::regnamespace
    order by c.relname, array_position(i.indkey::int2[], a.attnum)`.execute(trx);
  const { rows: references } = await sql<{ child: string; parent: string }>`
    select child.relname as child, parent.relname as parent
    from pg_constraint f
    join pg_class child on child.oid = f.conrelid
    join pg_class parent on parent.oid = f.confrelid
    where f.contype = 'f' and f.connamespace = current_schema()::regnamespace`.execute(trx);

  const tables = new Map<string, Table>();
  for (const c of columns.filter((c) => isCopied(c.table))) {
    const table = tables.get(c.table) ?? { name: c.table, columns: [], key: [], serial: [], parents: [] };
    if (!SAME_ON_BOTH.has(c.type)) {
      throw new CopyFailed(`Kolom ${c.table}.${c.name} bertipe ${c.type} di PostgreSQL: salinan belum tahu cara mengubah nilainya dari SQLite (src/db/copy-to-postgres.ts).`);
    }
    table.columns.push({ name: c.name, type: c.type });
    if (c.serial) table.serial.push(c.name);
    tables.set(c.table, table);
  }
  for (const k of keys) tables.get(k.table)?.key.push(k.name);
  for (const r of references) {
    if (r.child !== r.parent) tables.get(r.child)?.parents.push(r.parent);
  }

  // The SQLite file must have exactly these tables and columns: both are at the latest migration.
  const { rows: sqliteTables } = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(src);
  const sqliteNames = sqliteTables.map((t) => t.name).filter(isCopied);
  for (const name of sqliteNames) {
    const table = tables.get(name);
    if (!table) throw new CopyFailed(`Tabel ${name} ada di SQLite tetapi tidak di PostgreSQL setelah migrasi: skema keduanya berbeda.`);
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(src);
    const own = rows.map((r) => r.name).sort();
    const theirs = table.columns.map((c) => c.name).sort();
    if (own.join() !== theirs.join()) throw new CopyFailed(`Kolom tabel ${name} berbeda: SQLite (${own.join(', ')}), PostgreSQL (${theirs.join(', ')}).`);
  }
  for (const table of tables.values()) {
    if (!sqliteNames.includes(table.name)) throw new CopyFailed(`Tabel ${table.name} ada di PostgreSQL tetapi tidak di SQLite: skema keduanya berbeda.`);
    if (table.key.length === 0) throw new CopyFailed(`Tabel ${table.name} tidak punya kunci utama: urutan barisnya tidak dapat dibandingkan.`);
  }
  return parentsFirst([...tables.values()]);
}

/** Tables ordered so that every table comes after those its foreign keys point at. */
function parentsFirst(tables: Table[]): Table[] {
  const ordered: Table[] = [];
  const placed = new Set<string>();
  let rest = [...tables].sort((a, b) => (a.name < b.name ? -1 : 1));
  while (rest.length > 0) {
    const ready = rest.filter((t) => t.parents.every((p) => placed.has(p)));
    if (ready.length === 0) throw new CopyFailed(`Kunci asing melingkar antara ${rest.map((t) => t.name).join(', ')}: urutan salinan tidak dapat ditentukan.`);
    for (const t of ready) {
      ordered.push(t);
      placed.add(t.name);
    }
    rest = rest.filter((t) => !placed.has(t.name));
  }
  return ordered;
}

/** A table's rows in primary-key order, a page at a time (keyset: each page starts after the last key). */
async function* pages(db: Kysely<any>, table: Table, size: number): AsyncGenerator<Record<string, unknown>[]> {
  const key = sql.join(table.key.map((k) => sql.ref(k)));
  const columns = sql.join(table.columns.map((c) => sql.ref(c.name)));
  let after: RawBuilder<unknown> = sql``;
  for (;;) {
    const { rows } = await sql<Record<string, unknown>>`
      select ${columns} from ${sql.table(table.name)} ${after} order by ${key} limit ${size}`.execute(db);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    const last = rows[rows.length - 1] as Record<string, unknown>;
    after = sql`where (${key}) > (${sql.join(table.key.map((k) => last[k]))})`;
  }
}

async function copyTable(src: Trx, trx: Trx, table: Table): Promise<number> {
  const perInsert = Math.floor(PARAMETERS_PER_BATCH / table.columns.length);
  let copied = 0;
  for await (const page of pages(src, table, perInsert)) {
    try {
      await (trx as unknown as Kysely<any>).insertInto(table.name).values(page).execute();
    } catch (error) {
      const keyOf = (row: Record<string, unknown>) => table.key.map((k) => String(row[k])).join('/');
      const range = `${keyOf(page[0] as Record<string, unknown>)} … ${keyOf(page[page.length - 1] as Record<string, unknown>)}`;
      throw new CopyFailed(`PostgreSQL menolak baris tabel ${table.name} (kunci ${range}): ${messageOf(error)}. Salinan dibatalkan; PostgreSQL tetap kosong.`);
    }
    copied += page.length;
  }
  return copied;
}

/**
 * Serial ids go on after the highest SQLite ever handed out: for an AUTOINCREMENT table
 * that is sqlite_sequence's, which remembers deleted rows, else the highest present.
 */
async function continueSequences(src: Trx, trx: Trx, tables: Table[]) {
  const hasSequences = (await sql`select 1 from sqlite_master where name = 'sqlite_sequence'`.execute(src)).rows.length > 0;
  const { rows } = hasSequences ? await sql<{ name: string; seq: number }>`select name, seq from sqlite_sequence`.execute(src) : { rows: [] };
  const handedOut = new Map(rows.map((r) => [r.name, Number(r.seq)]));
  for (const table of tables) {
    for (const column of table.serial) {
      const { rows: max } = await sql<{ max: number | null }>`select max(${sql.ref(column)}) as max from ${sql.table(table.name)}`.execute(trx);
      const last = Math.max(Number(max[0]?.max ?? 0), table.serial.length === 1 ? (handedOut.get(table.name) ?? 0) : 0);
      if (last > 0) await sql`select setval(pg_get_serial_sequence(${table.name}, ${column}), ${last})`.execute(trx);
    }
  }
}

/** One line per row, each value as its column's type reads it on either database. */
function canonicalRow(table: Table, row: Record<string, unknown>): string {
  return JSON.stringify(
    table.columns.map((c) => {
      const value = row[c.name];
      if (value === null || value === undefined) return null;
      return NUMERIC.has(c.type) ? Number(value) : String(value);
    }),
  );
}

async function checksum(db: Kysely<any>, table: Table): Promise<{ rows: number; sha256: string }> {
  const hash = createHash('sha256');
  let rows = 0;
  for await (const page of pages(db, table, ROWS_PER_READ)) {
    for (const row of page) hash.update(`${canonicalRow(table, row)}\n`);
    rows += page.length;
  }
  return { rows, sha256: hash.digest('hex') };
}

async function compareTables(src: Trx, target: Db, tables: Table[]): Promise<TableReport[]> {
  const reports: TableReport[] = [];
  for (const table of tables) {
    const [a, b] = [await checksum(src, table), await checksum(target, table)];
    reports.push({ table: table.name, sqliteRows: a.rows, postgresRows: b.rows, sqliteChecksum: a.sha256, postgresChecksum: b.sha256, matches: a.rows === b.rows && a.sha256 === b.sha256 });
  }
  return reports;
}

/** The report as the command prints it. */
export function formatReport(report: CopyReport): string {
  const short = (sha: string) => sha.slice(0, 16);
  const rows = report.tables.map((t) => [t.table, String(t.sqliteRows), String(t.postgresRows), short(t.sqliteChecksum), short(t.postgresChecksum), t.matches ? 'ya' : 'TIDAK']);
  const header = ['Tabel', 'SQLite', 'PostgreSQL', 'SHA-256 SQLite', 'SHA-256 PostgreSQL', 'Cocok'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  const differing = report.tables.filter((t) => !t.matches);
  return [
    line(header),
    ...rows.map(line),
    '',
    `Indeks pencarian dibangun ulang di PostgreSQL: ${report.searchDocuments} dokumen${report.searchIdsKept ? ', dengan nomor dokumen yang sama seperti di SQLite' : '; nomor dokumen mengikuti waktu siar, karena indeks SQLite tidak memuat dokumen yang sama (seperti sesudah "search rebuild")'}.`,
    'Berkas media (audio) tidak disalin: setiap instans memakai akar penyimpanan yang sama (SIARAN_MEDIA_DIR).',
    differing.length === 0
      ? `Semua ${report.tables.length} tabel cocok: jumlah baris dan checksum sama.`
      : `${differing.length} tabel TIDAK cocok: ${differing.map((t) => t.table).join(', ')}. Periksa sebelum memakai PostgreSQL.`,
  ].join('\n');
}
