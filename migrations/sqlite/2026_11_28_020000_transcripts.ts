// Transcripts in versions, speakers' corrections, and the search index over the latest
// version of every transcript plus every dialogue's title and people.
//
// Versions are immutable: an import or an accepted correction writes a new version with
// all its segments, so any older version can be read back exactly and a correction can
// tell whether the line it corrects has changed since.
//
// The search tables are derived data kept by src/search/ in the same transactions as the
// writes they reflect. search_docs and search_dialogues reference dialogues and segments
// without ON DELETE CASCADE on purpose: a delete that forgets the index fails on the
// foreign key instead of leaving entries behind in the FTS5 table, which no cascade reaches.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('transcript_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('import', 'correction')`))
    // The format of an imported file; null for a version made by a correction.
    .addColumn('source_format', 'text', (c) => c.check(sql`source_format in ('vtt', 'srt', 'json', 'txt')`))
    .addColumn('correction_id', 'text')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('id'))
    .addColumn('segment_count', 'integer', (c) => c.notNull())
    .addUniqueConstraint('transcript_versions_number', ['dialogue_id', 'version'])
    .addCheckConstraint(
      'transcript_versions_reason',
      sql`(reason = 'import' and source_format is not null and correction_id is null) or (reason = 'correction' and correction_id is not null)`,
    )
    .execute();

  // Integer ids: they are the join key of the search index, and AUTOINCREMENT never hands
  // out the id of a deleted segment again, so a stale reference cannot point at new text.
  await db.schema
    .createTable('transcript_segments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('version_id', 'text', (c) => c.notNull().references('transcript_versions.id').onDelete('cascade'))
    .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id').onDelete('cascade'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('start_ms', 'integer')
    .addColumn('end_ms', 'integer')
    .addColumn('cue_id', 'text')
    .addColumn('speaker_id', 'text', (c) => c.references('speakers.id').onDelete('set null'))
    .addColumn('speaker_label', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addUniqueConstraint('transcript_segments_ordinal', ['version_id', 'ordinal'])
    .addCheckConstraint('transcript_segments_span', sql`(start_ms is null) = (end_ms is null) and (end_ms is null or end_ms >= start_ms)`)
    .execute();
  await db.schema.createIndex('transcript_segments_dialogue').on('transcript_segments').column('dialogue_id').execute();
  await db.schema.createIndex('transcript_segments_speaker').on('transcript_segments').column('speaker_id').execute();

  await db.schema
    .createTable('transcript_corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id').onDelete('cascade'))
    // The segment as the speaker saw it: its row never changes, so it keeps the text
    // the proposal was made against.
    .addColumn('segment_id', 'integer', (c) => c.notNull().references('transcript_segments.id').onDelete('cascade'))
    .addColumn('speaker_id', 'text', (c) => c.notNull().references('speakers.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'accepted', 'rejected')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewer', 'text')
    .addColumn('result_version', 'integer')
    .execute();
  await db.schema.createIndex('transcript_corrections_status').on('transcript_corrections').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('transcript_corrections_speaker').on('transcript_corrections').columns(['speaker_id', 'created_at']).execute();

  // One FTS5 row a document: a segment of a latest version, or a dialogue's header
  // (title and people). Columns hold what src/search/indonesian.ts made of the text:
  // `terms` (stems, for words and phrases), `surfaces` (folded words, for prefixes), and
  // `facets` (filter tokens: dialogue, station, programme, topics, speaker, year, month).
  // Contentless, since the text lives in transcript_segments; the ascii tokenizer,
  // because the analysis already reduced every token to letters and digits; prefix
  // indexes for two and three letters, so "pe*" and "pem*" read one list instead of
  // merging thousands.
  await sql`create virtual table search_fts using fts5(
    terms, surfaces, facets,
    content = '', contentless_delete = 1, tokenize = 'ascii', prefix = '2 3'
  )`.execute(db);

  await db.schema
    .createTable('search_docs')
    .addColumn('doc_id', 'integer', (c) => c.primaryKey())
    .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
    .addColumn('segment_id', 'integer', (c) => c.references('transcript_segments.id'))
    // Headers only: the text indexed for the dialogue's title and people.
    .addColumn('text', 'text')
    // The words as indexed, position by position: ranking hundreds of candidates reads
    // these instead of analysing their texts again (FTS5 keeps no copy: contentless).
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('surfaces', 'text', (c) => c.notNull())
    .addCheckConstraint('search_docs_kind', sql`(segment_id is null) <> (text is null)`)
    .execute();
  await db.schema.createIndex('search_docs_dialogue').on('search_docs').column('dialogue_id').execute();
  // Search checks every candidate's dialogue for visibility and dates: with these columns
  // in the index, that is one index lookup instead of an index and a table lookup
  // (measured over a thousand candidates: 3 ms instead of 14).
  await db.schema.createIndex('dialogues_search').on('dialogues').columns(['id', 'status', 'starts_at', 'ends_at']).execute();
  await db.schema.createIndex('search_docs_segment').on('search_docs').column('segment_id').execute();

  await db.schema
    .createTable('search_dialogues')
    .addColumn('dialogue_id', 'text', (c) => c.primaryKey().references('dialogues.id'))
    // The facet tokens of the dialogue's header as indexed: the dialogue's own (which
    // every document of it carries, so a change there rewrites them all) and its people's.
    .addColumn('facets', 'text', (c) => c.notNull())
    .execute();

  // Document frequencies for ranking (kind 'term' or 'surface'), and the corpus size
  // (kind 'corpus': 'docs' and 'tokens'). FTS5 can count them too, but only by reading
  // a whole posting list: 30 ms for a word found in most segments.
  await sql`create table search_stats (
    kind text not null,
    token text not null,
    docs integer not null,
    primary key (kind, token)
  ) without rowid`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'search_stats',
    'search_dialogues',
    'search_docs',
    'search_fts',
    'transcript_corrections',
    'transcript_segments',
    'transcript_versions',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
