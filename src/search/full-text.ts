/**
 * The part of search that differs by database, and nothing else: how the full-text table
 * `search_fts` is matched, emptied, tidied after a bulk load, and copied and swapped when
 * the index is rebuilt (reindex.ts). Everything else (documents, frequencies, ranking,
 * snippets, windows) is the same SQL on both, in search.repository.ts.
 *
 * - SQLite: FTS5, a contentless table whose MATCH column is the table's own name.
 * - PostgreSQL: `search_fts.document`, a tsvector of the `simple` configuration generated
 *   from the same three columns (migrations/postgres/…_transcripts), in a GIN index.
 *   `simple` only lower-cases, and our tokens are already analysed (indonesian.ts: our
 *   stems, protected words, clitics) and made of letters and digits only, so the index
 *   holds exactly our terms. PostgreSQL's own `indonesian` configuration is never used:
 *   its Snowball stemmer finds other stems (ekonomi → ekonom, perekonomian → ekonomi).
 *   Terms carry weight A, surfaces B and facets C, so one tsquery (one index scan) says
 *   which column each token must be found in, as FTS5's column filters do.
 *
 * On both, the facets column also holds each document's phrase pairs (phrase-pairs.ts): a
 * phrase is looked up by its pairs, and its positions are compared only beyond two words.
 *
 * Both answer the same query (query.ts) with the same documents. They differ in cost:
 * FTS5 walks its matches newest first and stops after `limit`; PostgreSQL's planner either
 * walks the newest documents testing each one, or collects every match from the GIN index
 * before it keeps the newest, so a query with tens of thousands of matches costs more
 * there, which the bounded windows of search.service.ts keep in check (../shared/SCALE.md).
 */
import { type RawBuilder, sql } from 'kysely';
import { type Db, type Dialect, type Trx, dialectOf } from '../db/connection.ts';
import { HEADER_FACET } from './facets.ts';
import { phraseMatch } from './phrase-pairs.ts';
import type { QueryNode } from './query.ts';

/** The search tables a rebuild makes anew beside the old ones. */
export const SEARCH_TABLES = ['search_fts', 'search_docs', 'search_dialogues', 'search_stats'] as const;
export const nextTable = (table: string) => `${table}_next`;

/**
 * Which documents a query reads: dialogue headers (titles and names), transcript lines,
 * or both, in an index built before headers were marked (search.service.ts).
 */
export type DocumentPart = 'headers' | 'lines' | 'all';

/** What a row of `search_fts` must match. */
export interface MatchQuery {
  nodes: readonly QueryNode[];
  part: DocumentPart;
  /** Whether the query also bounds the dialogues' dates (through datedJoin). */
  dated: boolean;
  /** Facet tokens to require: one of each group. */
  facetGroups: readonly string[][];
  /**
   * Whether the index holds phrase pairs (phrase-pairs.ts): an index built before them,
   * served until its rebuild is swapped in, is matched by positions alone.
   */
  pairs: boolean;
}

export interface FullText {
  /**
   * The condition that a row of `search_fts` (joined with its row of `search_docs`) is of
   * the part asked for and matches these items and facet groups (one of each group
   * required), with excluded items taken away.
   */
  match(query: MatchQuery): RawBuilder<unknown>;
  /** How candidates join the dialogue when a date range is asked for. */
  datedJoin: RawBuilder<unknown>;
  /** Empties the full-text table (a rebuild follows). */
  clear(trx: Trx): Promise<void>;
  /** Tidies the index after a bulk load. */
  optimize(db: Db | Trx): Promise<void>;
  /**
   * Whether reading the search tables after start makes first searches faster
   * (prewarm.ts): on SQLite, read through this process's memory map; not on PostgreSQL,
   * whose server keeps its own buffers for every instance.
   */
  prewarms: boolean;
  /** Makes empty `<table>_next` twins of the search tables, dropping any a stopped rebuild left. */
  createNextTables(db: Db): Promise<void>;
  /** Inside the caller's transaction: drops the old tables and puts the `_next` ones in their place. */
  swapInNextTables(trx: Trx): Promise<void>;
}

// The parser guarantees letters and digits only, so quoting cannot be escaped from.
const quoted = (text: string) => `"${text}"`;

/** FTS5: a phrase as phraseMatch says, pairs among the facets and positions among the terms. */
function fts5Phrase(terms: readonly string[], pairs: boolean): string {
  const { lookups, positions } = phraseMatch(terms, pairs);
  return [
    ...(lookups.length > 0 ? [`facets : (${lookups.map(quoted).join(' AND ')})`] : []),
    ...(positions ? [`terms : ${quoted(terms.join(' '))}`] : []),
  ].join(' AND ');
}

function fts5Item(node: QueryNode, pairs: boolean): string {
  if (node.kind === 'prefix') return `surfaces : ${quoted(node.prefix)} *`;
  const own = fts5Phrase(node.kind === 'word' ? [node.word.term] : node.words.map((w) => w.term), pairs);
  if (!node.alternatives?.length) return own;
  const others = node.alternatives.map((a) => {
    const match = fts5Phrase(a.terms, pairs);
    return a.facet === null ? `(${match})` : `((${match}) AND (facets : ${quoted(a.facet)}))`;
  });
  return [`(${own})`, ...others].join(' OR ');
}

/** The FTS5 query: positive items and facets ANDed, then each excluded item taken away. */
export function fts5Expression({ nodes, part, facetGroups, pairs }: MatchQuery): string {
  const required = [
    ...nodes.filter((n) => !n.exclude).map((n) => fts5Item(n, pairs)),
    ...facetGroups.map((group) => `facets : (${group.map(quoted).join(' OR ')})`),
    ...(part === 'headers' ? [`facets : ${quoted(HEADER_FACET)}`] : []),
  ];
  const excluded = [
    ...nodes.filter((n) => n.exclude).map((n) => fts5Item(n, pairs)),
    ...(part === 'lines' ? [`facets : ${quoted(HEADER_FACET)}`] : []),
  ];
  return excluded.reduce((expression, e) => `(${expression}) NOT (${e})`, required.map((r) => `(${r})`).join(' AND '));
}

// Same guarantee as above: a quoted lexeme holds letters and digits only.
const lexeme = (token: string, weight: 'A' | 'B' | 'C', prefix = false) => `'${token}':${prefix ? '*' : ''}${weight}`;
/** tsquery: the same as fts5Phrase, with pairs among the facets (weight C). */
function phrase(terms: readonly string[], pairs: boolean): string {
  const { lookups, positions } = phraseMatch(terms, pairs);
  const parts = [...lookups.map((p) => lexeme(p, 'C')), ...(positions ? [`(${terms.map((t) => lexeme(t, 'A')).join(' <-> ')})`] : [])];
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' & ')})`;
}

function tsqueryItem(node: QueryNode, pairs: boolean): string {
  if (node.kind === 'prefix') return lexeme(node.prefix, 'B', true);
  const own = phrase(node.kind === 'word' ? [node.word.term] : node.words.map((w) => w.term), pairs);
  if (!node.alternatives?.length) return own;
  const others = node.alternatives.map((a) => (a.facet === null ? phrase(a.terms, pairs) : `(${phrase(a.terms, pairs)} & ${lexeme(a.facet, 'C')})`));
  return `(${[own, ...others].join(' | ')})`;
}

/**
 * The tsquery with the same meaning as fts5Expression. Written as text and cast, never
 * through to_tsquery(), which would analyse our already analysed tokens again.
 */
export function tsqueryText({ nodes, part, facetGroups, pairs }: MatchQuery): string {
  const required = [
    ...nodes.filter((n) => !n.exclude).map((n) => tsqueryItem(n, pairs)),
    ...facetGroups.map((group) => `(${group.map((token) => lexeme(token, 'C')).join(' | ')})`),
    ...(part === 'headers' ? [lexeme(HEADER_FACET, 'C')] : []),
  ];
  const excluded = [...nodes.filter((n) => n.exclude).map((n) => tsqueryItem(n, pairs)), ...(part === 'lines' ? [lexeme(HEADER_FACET, 'C')] : [])];
  return [...required, ...excluded.map((e) => `!${e}`)].join(' & ');
}

/**
 * Headers on PostgreSQL, unless a date range is asked for: the predicates of the partial
 * indexes over headers alone (migrations/postgres/…_search_header_indexes), written as
 * literals exactly as there, so that the planner sees the query implies them and can use
 * them. The header window then walks the newest headers, or looks the words up among
 * headers, instead of testing lines too (one document in eleven is a header): at 1 M
 * segments, 5–15 ms instead of 20–80 for a word in many titles or a short prefix.
 *
 * The marker is then left out of the tsquery: there the planner counts it a second time
 * and picks a lookup that rechecks 30,000 headers (0.8 s for "yang"). With a date range
 * the partial indexes are left alone: the planner then walked every header, checking each
 * one's dialogue (0.3–0.7 s for a word with a one-year range), where the marker in the
 * tsquery gives one lookup of 70 ms.
 */
const HEADERS_ONLY = sql.raw(`search_fts.document @@ '''${HEADER_FACET}'':C'::tsquery and search_docs.segment_id is null`);

const fts5: FullText = {
  match: (query) => sql`search_fts match ${fts5Expression(query)}`,
  // Named, or the planner prefers the primary key's index and then reads each dialogue's row.
  datedJoin: sql`join dialogues indexed by dialogues_search on dialogues.id = search_docs.dialogue_id`,
  async clear(trx) {
    // A contentless table is emptied with its own command; DELETE would need every rowid.
    await sql`insert into ${sql.table('search_fts')} (${sql.table('search_fts')}) values ('delete-all')`.execute(trx);
  },
  async optimize(db) {
    // Merges the index's segments into one, which a bulk load leaves many of.
    await sql`insert into ${sql.table('search_fts')} (${sql.table('search_fts')}) values ('optimize')`.execute(db);
  },
  prewarms: true,
  async createNextTables(db) {
    await dropNextTables(db);
    const tables = await sqliteSchema(db, 'table');
    for (const table of SEARCH_TABLES) {
      const statement = tables.find((t) => t.name === table)?.sql;
      if (!statement) throw new Error(`the search table ${table} is missing`);
      await sql.raw(statement.replace(new RegExp(`^(create (?:virtual )?table )"?${table}"?`, 'i'), `$1"${nextTable(table)}"`)).execute(db);
    }
  },
  async swapInNextTables(trx) {
    // Indexes and triggers go with their table: made again on the renamed one. The
    // trigger that keeps "published" names search_docs in its body.
    const indexes = (await sqliteSchema(trx, 'index')).filter((i) => isSearchTable(i.tbl_name) && i.sql !== null);
    const triggers = (await sqliteSchema(trx, 'trigger')).filter((t) => t.sql !== null && SEARCH_TABLES.some((table) => t.sql?.includes(table)));
    for (const t of triggers) await sql`drop trigger ${sql.ref(t.name)}`.execute(trx);
    await renameNextTables(trx);
    for (const i of indexes) await sql.raw(i.sql as string).execute(trx);
    for (const t of triggers) await sql.raw(t.sql as string).execute(trx);
  },
};

const tsvector: FullText = {
  match: (query) => {
    if (query.part !== 'headers' || query.dated) return sql`search_fts.document @@ ${tsqueryText(query)}::tsquery`;
    return sql`search_fts.document @@ ${tsqueryText({ ...query, part: 'all' })}::tsquery and ${HEADERS_ONLY}`;
  },
  datedJoin: sql`join dialogues on dialogues.id = search_docs.dialogue_id`,
  async clear(trx) {
    await sql`delete from ${sql.table('search_fts')}`.execute(trx);
  },
  async optimize(db) {
    // Moves the GIN index's pending list (where a bulk load's entries wait, and which every
    // search scans) into the index, and gives the planner the new tables' statistics.
    // VACUUM cannot run in a transaction: inside one, ANALYZE alone.
    const inTransaction = db.isTransaction;
    for (const table of ['search_fts', 'search_docs'] as const) {
      if (inTransaction) await sql`analyze ${sql.table(table)}`.execute(db);
      else await sql`vacuum (analyze) ${sql.table(table)}`.execute(db);
    }
  },
  prewarms: false,
  async createNextTables(db) {
    await dropNextTables(db);
    for (const table of SEARCH_TABLES) {
      const next = nextTable(table);
      // Columns with their types, defaults, the generated tsvector, checks and indexes.
      await sql`create table ${sql.table(next)} (like ${sql.table(table)} including all)`.execute(db);
      // LIKE copies no foreign keys: the same ones again, as the catalog defines them.
      const { rows } = await sql<{ name: string; definition: string }>`
        select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
        where conrelid = ${table}::regclass and contype = 'f'`.execute(db);
      for (const fk of rows) await sql.raw(`alter table "${next}" add constraint "${fk.name}" ${fk.definition}`).execute(db);
      // Its writes move the change counter the response caches read, as the old table's did.
      await sql`select track_changes(${next}::regclass)`.execute(db);
    }
  },
  async swapInNextTables(trx) {
    // LIKE named the copied indexes by PostgreSQL's default rule (search_fts_next_rowid_idx):
    // each takes back the name of the old index with the same definition, so that names the
    // migrations gave (and a later one may drop or replace) survive a rebuild.
    const renames: { from: string; to: string }[] = [];
    for (const table of SEARCH_TABLES) {
      const oldNames = new Map((await indexesOf(trx, table)).map((index) => [index.definition, index.name]));
      for (const copy of await indexesOf(trx, nextTable(table))) renames.push({ from: copy.name, to: oldNames.get(copy.definition) ?? copy.name.replace('_next', '') });
    }
    await renameNextTables(trx);
    for (const { from, to } of renames) await sql`alter index ${sql.ref(from)} rename to ${sql.ref(to)}`.execute(trx);
  },
};

/** A PostgreSQL table's indexes: each one's name, and its definition without its name or table's. */
async function indexesOf(db: Trx, table: string): Promise<{ name: string; definition: string }[]> {
  const { rows } = await sql<{ name: string; definition: string }>`
    select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i join pg_class c on c.oid = i.indexrelid
    where i.indrelid = ${table}::regclass`.execute(db);
  return rows.map((r) => ({ name: r.name, definition: r.definition.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+ /, '$1') }));
}

const isSearchTable = (name: string) => (SEARCH_TABLES as readonly string[]).includes(name);

async function sqliteSchema(db: Db | Trx, type: 'table' | 'index' | 'trigger') {
  const { rows } = await sql<{ name: string; tbl_name: string; sql: string | null }>`
    select name, tbl_name, sql from sqlite_master where type = ${type}`.execute(db);
  return rows;
}

async function dropNextTables(db: Db) {
  for (const table of SEARCH_TABLES) await sql`drop table if exists ${sql.table(nextTable(table))}`.execute(db);
}

async function renameNextTables(trx: Trx) {
  for (const table of SEARCH_TABLES) {
    await sql`drop table ${sql.table(table)}`.execute(trx);
    await sql`alter table ${sql.table(nextTable(table))} rename to ${sql.table(table)}`.execute(trx);
  }
}

const BY_DIALECT: Record<Dialect, FullText> = { sqlite: fts5, postgres: tsvector };

export function fullTextOf(db: Db | Trx): FullText {
  return BY_DIALECT[dialectOf(db)];
}
