/**
 * Every statement that touches the search tables, on both databases. What differs by
 * dialect (FTS5 on SQLite, a tsvector in a GIN index on PostgreSQL) is in full-text.ts
 * and nowhere else; the SQLite-only warm-up reads at the end are used by prewarm.ts on
 * SQLite only.
 *
 * The four queries every search runs (candidates, termStats, prefixDocs, hitDetails) are
 * SQL text, not built with Kysely's builder: building and compiling them took longer than
 * SQLite took to answer a rare word, and writing them out took a search for one from
 * about 1.2 to 0.8 ms at 1 M segments (test/bench/search.bench.ts). Apart from the match
 * condition, their SQL is portable.
 */
import { type Expression, expressionBuilder, sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Db, Trx } from '../db/connection.ts';
import { lockNames } from '../db/locks.ts';
import { writeInBatches } from '../db/sqlite-driver.ts';
import type { Database } from '../db/schema.ts';
import { searchDocVisibleTo } from '../dialogues/visibility.ts';
import { type DocumentPart, fullTextOf } from './full-text.ts';
import { pairTokensOfStored } from './phrase-pairs.ts';
import type { QueryNode } from './query.ts';
import type { IndexedWords } from './scoring.ts';

/** One row of the index as written: the document, and what the analysis made of its text. */
export interface IndexedDoc {
  docId: number;
  dialogueId: string;
  segmentId: number | null;
  /** Headers only (segments keep their text in transcript_segments). */
  headerText: string | null;
  terms: string;
  surfaces: string;
  facets: string;
}

// Fixed batch sizes keep the set of distinct statements small for the statement cache.
const DOC_BATCH = 100;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * On PostgreSQL, connections and instances write the index side by side. Taking document
 * ids or changing frequencies first waits for any other transaction doing either to commit
 * (the lock is held to the end of the transaction): the second then reads the ids the
 * first used, and two transactions never update the same frequency rows in opposite orders
 * (a deadlock). No-op on SQLite, which lets one writer in at a time.
 */
const lockIndexWrites = (trx: Trx) => lockNames(trx, ['search:index']);

export async function nextDocId(trx: Trx): Promise<number> {
  await lockIndexWrites(trx);
  const row = await trx.selectFrom('search_docs').select((eb) => eb.fn.max('doc_id').as('max')).executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

// Writes go in batches with a turn of the event loop between them (writeInBatches): a long
// transcript's index is tens of thousands of rows, and reads should not wait for them all.
async function insertFtsRows(trx: Trx, docs: readonly IndexedDoc[]) {
  await writeInBatches(docs, DOC_BATCH, (batch) => {
    // The facets column holds the document's phrase pairs too (phrase-pairs.ts).
    const rows = batch.map((d) => sql`(${d.docId}, ${d.terms}, ${d.surfaces}, ${[d.facets, pairTokensOfStored(d.terms)].join(' ')})`);
    return sql`insert into ${sql.table('search_fts')} (rowid, terms, surfaces, facets) values ${sql.join(rows)}`.execute(trx);
  });
}

async function deleteFtsRows(trx: Trx, docIds: readonly number[]) {
  await writeInBatches(docIds, DOC_BATCH, (batch) => trx.deleteFrom('search_fts').where('rowid', 'in', batch).execute());
}

export async function insertDocs(trx: Trx, docs: readonly IndexedDoc[]) {
  await writeInBatches(docs, DOC_BATCH, (batch) =>
    trx
      .insertInto('search_docs')
      .values(
        batch.map((d) => ({
          doc_id: d.docId,
          dialogue_id: d.dialogueId,
          segment_id: d.segmentId,
          text: d.headerText,
          terms: d.terms,
          surfaces: d.surfaces,
          // The same rule as the trigger that keeps it (migration search_published), as an
          // integer on both databases (PostgreSQL's comparisons are booleans).
          published: sql<number>`(select case when status = 'published' then 1 else 0 end from dialogues where id = ${d.dialogueId})`,
        })),
      )
      .execute(),
  );
  await insertFtsRows(trx, docs);
}

/** New content under the same document ids, so a corrected line keeps its place in time. */
export async function rewriteDocs(trx: Trx, docs: readonly IndexedDoc[]) {
  await deleteFtsRows(
    trx,
    docs.map((d) => d.docId),
  );
  await insertFtsRows(trx, docs);
  await writeInBatches(docs, DOC_BATCH, async (batch) => {
    for (const d of batch) {
      await trx
        .updateTable('search_docs')
        .set({ segment_id: d.segmentId, text: d.headerText, terms: d.terms, surfaces: d.surfaces })
        .where('doc_id', '=', d.docId)
        .execute();
    }
  });
}

/** Flags (1) or clears (0) the transcript lines of these dialogues as unreviewed machine text; writes only rows that change. */
export async function markUnreviewed(trx: Trx, dialogueIds: readonly string[], flag: 0 | 1) {
  for (const batch of chunks(dialogueIds, DOC_BATCH)) {
    await trx
      .updateTable('search_docs')
      .set({ unreviewed: flag })
      .where('dialogue_id', 'in', batch)
      .where('segment_id', 'is not', null)
      .where('unreviewed', '!=', flag)
      .execute();
  }
}

/** Points unchanged documents at the same line of a newer version. */
export async function repointDocs(trx: Trx, moves: readonly { docId: number; segmentId: number }[]) {
  await writeInBatches(moves, DOC_BATCH, async (batch) => {
    for (const m of batch) await trx.updateTable('search_docs').set({ segment_id: m.segmentId }).where('doc_id', '=', m.docId).execute();
  });
}

export async function deleteDocs(trx: Trx, docIds: readonly number[]) {
  await deleteFtsRows(trx, docIds);
  await writeInBatches(docIds, DOC_BATCH, (batch) => trx.deleteFrom('search_docs').where('doc_id', 'in', batch).execute());
}

/** What each document stands for: a dialogue's header (no segment) or a line. */
export function docKeys(db: Db | Trx) {
  return db.selectFrom('search_docs').select(['doc_id as docId', 'dialogue_id as dialogueId', 'segment_id as segmentId']).execute();
}

/**
 * Gives documents other ids, on PostgreSQL (a copy's target, db/copy-to-postgres.ts):
 * FTS5's contentless table takes no UPDATE. Through negative ids first, so that no row
 * takes an id another still holds (the primary key is checked row by row).
 */
export async function renumberDocs(trx: Trx, moves: readonly { from: number; to: number }[]) {
  const columns = [
    ['search_docs', 'doc_id'],
    ['search_fts', 'rowid'],
  ] as const;
  for (const [table, id] of columns) {
    await writeInBatches(moves, DOC_BATCH * 10, (batch) => {
      const pairs = sql.join(batch.map((m) => sql`(cast(${m.from} as integer), cast(${-m.to} as integer))`));
      return sql`update ${sql.table(table)} set ${sql.ref(id)} = m.column2 from (values ${pairs}) as m
        where ${sql.ref(`${table}.${id}`)} = m.column1`.execute(trx);
    });
    await sql`update ${sql.table(table)} set ${sql.ref(id)} = -${sql.ref(id)} where ${sql.ref(id)} < 0`.execute(trx);
  }
}

/** The documents of these dialogues with the line each one shows now. */
export function docsOf(db: Db | Trx, dialogueIds: readonly string[]) {
  return db
    .selectFrom('search_docs')
    .leftJoin('transcript_segments', 'transcript_segments.id', 'search_docs.segment_id')
    .select([
      'search_docs.doc_id as docId',
      'search_docs.dialogue_id as dialogueId',
      'search_docs.segment_id as segmentId',
      'search_docs.text as headerText',
      'search_docs.terms',
      'search_docs.surfaces',
      'transcript_segments.ordinal',
      'transcript_segments.text',
      'transcript_segments.speaker_id as speakerId',
    ])
    .where('search_docs.dialogue_id', 'in', dialogueIds)
    .execute();
}

export function indexedDialogues(db: Db | Trx, dialogueIds: readonly string[]) {
  return db.selectFrom('search_dialogues').selectAll().where('dialogue_id', 'in', dialogueIds).execute();
}

export async function saveIndexedDialogue(trx: Trx, dialogueId: string, facets: string) {
  await trx
    .insertInto('search_dialogues')
    .values({ dialogue_id: dialogueId, facets })
    .onConflict((oc) => oc.column('dialogue_id').doUpdateSet({ facets }))
    .execute();
}

export async function forgetIndexedDialogue(trx: Trx, dialogueId: string) {
  await trx.deleteFrom('search_dialogues').where('dialogue_id', '=', dialogueId).execute();
}

export async function clearIndex(trx: Trx) {
  await fullTextOf(trx).clear(trx);
  await trx.deleteFrom('search_docs').execute();
  await trx.deleteFrom('search_dialogues').execute();
  await trx.deleteFrom('search_stats').execute();
}

/** Tidies the index after a bulk load (full-text.ts). */
export async function optimizeIndex(db: Db | Trx) {
  await fullTextOf(db).optimize(db);
}

/** The analysis version the index was built with, and the one a migration asked for. */
export async function analysisVersions(db: Db | Trx): Promise<{ built: number; wanted: number }> {
  const rows = await db.selectFrom('search_state').select(['key', 'value']).where('key', 'in', ['analysis_built', 'analysis_wanted']).execute();
  const value = (key: string) => rows.find((r) => r.key === key)?.value ?? 0;
  return { built: value('analysis_built'), wanted: value('analysis_wanted') };
}

export async function setAnalysisBuilt(db: Db | Trx, version: number) {
  await db
    .insertInto('search_state')
    .values({ key: 'analysis_built', value: version })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: version }))
    .execute();
}

/**
 * While a rebuild of the index runs anywhere on the database (reindex.ts), notes these
 * dialogues for it to bring up to date in its new tables. Under the index-writes lock, which
 * startRebuild takes too: on PostgreSQL a write either commits before the rebuild begins
 * reading (and is read) or sees that it runs.
 */
export async function notePendingForRebuild(trx: Trx, dialogueIds: readonly string[]): Promise<void> {
  if (dialogueIds.length === 0) return;
  await lockIndexWrites(trx);
  const rebuilding = await trx.selectFrom('search_state').select('value').where('key', '=', 'rebuilding').executeTakeFirst();
  if (!rebuilding?.value) return;
  await trx
    .insertInto('search_rebuild_pending')
    .values([...new Set(dialogueIds)].map((dialogue_id) => ({ dialogue_id })))
    .onConflict((oc) => oc.column('dialogue_id').doNothing())
    .execute();
}

async function setRebuilding(trx: Trx, running: boolean) {
  const value = running ? 1 : 0;
  await trx
    .insertInto('search_state')
    .values({ key: 'rebuilding', value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** From now on, index writes are noted for the rebuild; what an earlier one left is forgotten. */
export async function startRebuild(trx: Trx): Promise<void> {
  await lockIndexWrites(trx);
  await trx.deleteFrom('search_rebuild_pending').execute();
  await setRebuilding(trx, true);
}

/** Ends the noting; returns the dialogues noted, for the rebuild to bring up to date. */
export async function endRebuild(trx: Trx): Promise<string[]> {
  await lockIndexWrites(trx);
  const pending = await trx.selectFrom('search_rebuild_pending').select('dialogue_id').execute();
  await trx.deleteFrom('search_rebuild_pending').execute();
  await setRebuilding(trx, false);
  return pending.map((p) => p.dialogue_id);
}

export type StatKind = 'term' | 'surface' | 'corpus';

/** Adds (or with a negative count, removes) documents to the frequencies; rows at zero go. */
export async function adjustStats(trx: Trx, deltas: readonly { kind: StatKind; token: string; delta: number }[]) {
  const changed = deltas.filter((d) => d.delta !== 0);
  if (changed.length > 0) await lockIndexWrites(trx);
  await writeInBatches(changed, DOC_BATCH, (batch) =>
    trx
      .insertInto('search_stats')
      .values(batch.map((d) => ({ kind: d.kind, token: d.token, docs: d.delta })))
      .onConflict((oc) => oc.columns(['kind', 'token']).doUpdateSet((eb) => ({ docs: eb('search_stats.docs', '+', eb.ref('excluded.docs')) })))
      .execute(),
  );
  const shrunk = changed.filter((d) => d.delta < 0);
  await writeInBatches(shrunk, DOC_BATCH, (batch) =>
    trx
      .deleteFrom('search_stats')
      .where('docs', '<=', 0)
      .where((eb) => eb.or(batch.map((d) => eb.and([eb('kind', '=', d.kind), eb('token', '=', d.token)]))))
      .execute(),
  );
}

/**
 * What ranking needs in one read: how many documents hold each of these terms, and the
 * corpus totals (`docs`, `tokens`).
 */
export async function termStats(db: Db, terms: readonly string[]): Promise<{ termDocs: Map<string, number>; docs: number; tokens: number }> {
  const wanted = terms.length === 0 ? sql`` : sql` or (kind = 'term' and token in (${sql.join(terms)}))`;
  const { rows } = await sql<{ kind: StatKind; token: string; docs: number }>`
    select kind, token, docs from search_stats
    where (kind = 'corpus' and token in ('docs', 'tokens'))${wanted}`.execute(db);
  const termDocs = new Map<string, number>();
  let docs = 0;
  let tokens = 0;
  for (const r of rows) {
    if (r.kind === 'term') termDocs.set(r.token, r.docs);
    else if (r.token === 'docs') docs = r.docs;
    else tokens = r.docs;
  }
  return { termDocs, docs, tokens };
}

/** Documents holding a word that starts with `prefix`, counted once per word: an upper bound. */
export async function prefixDocs(db: Db, prefix: string): Promise<number> {
  const last = prefix.codePointAt(prefix.length - 1) as number;
  const upper = prefix.slice(0, prefix.length - String.fromCodePoint(last).length) + String.fromCodePoint(last + 1);
  const { rows } = await sql<{ docs: number | null }>`
    select sum(docs) as docs from search_stats where kind = 'surface' and token >= ${prefix} and token < ${upper}`.execute(db);
  return Number(rows[0]?.docs ?? 0);
}

export interface CandidateQuery {
  /** What the parser made of the input. */
  nodes: readonly QueryNode[];
  /** Headers, lines, or both (full-text.ts). */
  part: DocumentPart;
  /** Facet tokens to require: one of each group. */
  facetGroups: readonly string[][];
  /** Whether the index holds phrase pairs (full-text.ts, MatchQuery). */
  pairs: boolean;
  /** Only documents with a smaller id: the next window of a long result. */
  before: number | null;
  /** Exact date bounds, checked on the dialogue: ends after `from`, starts before `to`. */
  from: string | null;
  to: string | null;
  limit: number;
}

export interface Candidate extends IndexedWords {
  docId: number;
  dialogueId: string;
  segmentId: number | null;
  /** 1: a line of an unreviewed machine draft. */
  unreviewed: number;
}

/**
 * Matching documents the actor may see, newest document first. On SQLite the FTS5 table
 * drives the loop and hands out rowids in descending order, so the query stops after
 * `limit` visible matches whatever the total (PostgreSQL: full-text.ts). Visibility is read from the documents' copy of
 * "published" (visibility.ts); the dialogue itself is read only for a date range.
 */
export async function candidates(db: Db, actor: Actor, q: CandidateQuery): Promise<Candidate[]> {
  const fullText = fullTextOf(db);
  const dated = q.from !== null || q.to !== null;
  const conditions: Expression<unknown>[] = [
    fullText.match({ nodes: q.nodes, part: q.part, dated, facetGroups: q.facetGroups, pairs: q.pairs }),
    searchDocVisibleTo(actor)(expressionBuilder<Database, 'search_docs'>()),
  ];
  if (q.before !== null) conditions.push(sql`search_fts.rowid < ${q.before}`);
  if (q.from !== null) conditions.push(sql`dialogues.ends_at > ${q.from}`);
  if (q.to !== null) conditions.push(sql`dialogues.starts_at < ${q.to}`);
  const datedJoin = dated ? fullText.datedJoin : sql``;
  const { rows } = await sql<Candidate>`
    select search_docs.doc_id as "docId", search_docs.dialogue_id as "dialogueId",
      search_docs.segment_id as "segmentId", search_docs.terms, search_docs.surfaces, search_docs.unreviewed
    from search_fts
    join search_docs on search_docs.doc_id = search_fts.rowid
    ${datedJoin}
    where ${sql.join(conditions, sql` and `)}
    order by search_fts.rowid desc
    limit ${q.limit}`.execute(db);
  return rows;
}

export interface HitDetails {
  docId: number;
  dialogueTitle: string;
  text: string;
  startMs: number | null;
  endMs: number | null;
  speakerId: string | null;
  speakerLabel: string | null;
  speakerName: string | null;
}

/** What a page of hits shows: the text, and for segments their time and speaker. */
export async function hitDetails(db: Db, docIds: readonly number[]): Promise<HitDetails[]> {
  if (docIds.length === 0) return [];
  const { rows } = await sql<HitDetails>`
    select d.doc_id as "docId", g.title as "dialogueTitle", coalesce(s.text, d.text) as text,
      s.start_ms as "startMs", s.end_ms as "endMs", s.speaker_id as "speakerId",
      s.speaker_label as "speakerLabel", p.name as "speakerName"
    from search_docs d
    join dialogues g on g.id = d.dialogue_id
    left join transcript_segments s on s.id = d.segment_id
    left join speakers p on p.id = s.speaker_id
    where d.doc_id in (${sql.join(docIds)})`.execute(db);
  return rows;
}

/** The first and last start of all dialogues: the ends of an open date range. */
export async function dialogueSpan(db: Db) {
  // Two queries: SQLite reads min() or max() from the index only when a query has just one.
  const [first, last] = await Promise.all([
    db.selectFrom('dialogues').select((eb) => eb.fn.min('starts_at').as('at')).executeTakeFirst(),
    db.selectFrom('dialogues').select((eb) => eb.fn.max('starts_at').as('at')).executeTakeFirst(),
  ]);
  return { first: first?.at ?? null, last: last?.at ?? null };
}

/**
 * SQLite only (prewarm.ts): what a search reads besides small lookups: the FTS5 index's blocks, the documents, and
 * the lines hits show, each with what it holds (prewarm.ts). Rowids of the index's blocks
 * are far apart (they encode segment and page), so slices are counted in rows.
 */
const SLICED_READS = {
  // Blocks of about 4 KB, against documents and lines of a few hundred bytes. length() of
  // a blob reads only its size; the cast makes SQLite read the bytes.
  search_fts_data: { key: 'id', payload: 'length(cast(block as text))', sliceRows: 2_000 },
  search_docs: { key: 'doc_id', payload: 'length(terms) + length(surfaces)', sliceRows: 20_000 },
  transcript_segments: { key: 'id', payload: 'length(text)', sliceRows: 20_000 },
} as const;

export type SlicedTable = keyof typeof SLICED_READS;
export const SLICED_TABLES = Object.keys(SLICED_READS) as SlicedTable[];

/**
 * Reads the next slice of rows after rowid `after` (a few milliseconds' worth): how many
 * there were, the last rowid, and whether the table goes on.
 */
export async function readSlice(db: Db, table: SlicedTable, after: number, size: number = SLICED_READS[table].sliceRows): Promise<{ rows: number; last: number; more: boolean }> {
  const { key, payload } = SLICED_READS[table];
  const { rows } = await sql<{ rows: number; last: number | null }>`
    select count(*) as rows, max(k) as last, sum(p) from (
      select ${sql.ref(key)} as k, ${sql.raw(payload)} as p from ${sql.table(table)}
      where ${sql.ref(key)} > ${after} order by ${sql.ref(key)} limit ${size})`.execute(db);
  const read = Number(rows[0]?.rows ?? 0);
  return { rows: read, last: Number(rows[0]?.last ?? after), more: read === size };
}

/** The smaller tables and indexes a search looks things up in: dialogues, people, frequencies. */
const LOOKUP_READS = [
  sql<{ rows: number }>`select count(*) as rows, sum(length(title)) from dialogues`,
  sql<{ rows: number }>`select count(*) as rows from dialogues indexed by sqlite_autoindex_dialogues_1`,
  sql<{ rows: number }>`select count(*) as rows from dialogues indexed by dialogues_search`,
  sql<{ rows: number }>`select count(*) as rows, sum(length(name)) from speakers`,
  sql<{ rows: number }>`select count(*) as rows from speakers indexed by sqlite_autoindex_speakers_1`,
  sql<{ rows: number }>`select count(*) as rows, sum(docs) from search_stats`,
  sql<{ rows: number }>`select count(*) as rows from search_fts_idx`,
];
export const LOOKUP_READ_COUNT = LOOKUP_READS.length;

/** Reads all of one of them (by its place in the list above), and says how many rows it has. */
export async function readLookup(db: Db, index: number): Promise<number> {
  const statement = LOOKUP_READS[index];
  return statement ? Number((await statement.execute(db)).rows[0]?.rows ?? 0) : 0;
}
