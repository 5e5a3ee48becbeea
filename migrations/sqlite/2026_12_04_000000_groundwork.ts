// Groundwork shared by the open work: machine transcripts, the editor, the console, messages
// to speakers and the search glossary all need these columns, so they land once, first.
//
// - transcript_versions.reason becomes `source`, which adds 'machine' (a Whisper draft, with
//   its model) and 'edit' (a coordinator's change in the editor) to 'import' and
//   'correction'; a version can be marked reviewed. SQLite cannot change a CHECK constraint,
//   so the table is rebuilt the way SQLite's documentation prescribes (foreign keys off, new
//   table, copy, drop, rename, check), inside one transaction.
// - transcript_segments carry the engine's confidence (0–1) and, as JSON, its words with
//   their times and confidences.
// - stations: the studio's address and dial-in (invitations), whether machine drafts are
//   published at once or held until reviewed, and the language Whisper is told to expect.
// - speakers: the language their messages are written in.
// - glossary_terms: names and acronyms a station uses (a null station: every station), with
//   an optional expansion; Whisper's prompt and search's acronyms read the same list.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await trx.schema
        .createTable('transcript_versions_new')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('import', 'machine', 'edit', 'correction')`))
        .addColumn('source_format', 'text', (c) => c.check(sql`source_format in ('vtt', 'srt', 'json', 'txt')`))
        .addColumn('correction_id', 'text')
        .addColumn('model', 'text')
        .addColumn('language', 'text', (c) => c.notNull().defaultTo('id'))
        .addColumn('segment_count', 'integer', (c) => c.notNull())
        .addColumn('reviewed_at', 'text')
        .addColumn('reviewed_by', 'text')
        .addUniqueConstraint('transcript_versions_number', ['dialogue_id', 'version'])
        .addCheckConstraint(
          'transcript_versions_source',
          sql`(source = 'import' and source_format is not null and correction_id is null)
            or (source = 'correction' and correction_id is not null and source_format is null)
            or (source in ('machine', 'edit') and source_format is null and correction_id is null)`,
        )
        .addCheckConstraint('transcript_versions_model', sql`(source = 'machine') = (model is not null)`)
        .addCheckConstraint('transcript_versions_reviewed', sql`(reviewed_at is null) = (reviewed_by is null)`)
        .execute();
      await sql`insert into transcript_versions_new
          (id, dialogue_id, version, created_at, actor, source, source_format, correction_id, model, language, segment_count, reviewed_at, reviewed_by)
        select id, dialogue_id, version, created_at, actor, reason, source_format, correction_id, null, language, segment_count, null, null
        from transcript_versions`.execute(trx);
      await trx.schema.dropTable('transcript_versions').execute();
      await trx.schema.alterTable('transcript_versions_new').renameTo('transcript_versions').execute();
      const broken = await sql`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error(`foreign keys broken by the rebuild: ${JSON.stringify(broken.rows.slice(0, 5))}`);

      await trx.schema
        .alterTable('transcript_segments')
        .addColumn('confidence', 'real', (c) => c.check(sql`confidence between 0 and 1`))
        .execute();
      await trx.schema.alterTable('transcript_segments').addColumn('words', 'text').execute();

      await trx.schema.alterTable('stations').addColumn('studio_address', 'text').execute();
      await trx.schema.alterTable('stations').addColumn('dial_in', 'text').execute();
      await trx.schema
        .alterTable('stations')
        .addColumn('transcript_policy', 'text', (c) => c.notNull().defaultTo('publish').check(sql`transcript_policy in ('publish', 'hold')`))
        .execute();
      await trx.schema.alterTable('stations').addColumn('asr_language', 'text', (c) => c.notNull().defaultTo('id')).execute();
      await trx.schema
        .alterTable('speakers')
        .addColumn('language', 'text', (c) => c.notNull().defaultTo('id').check(sql`language in ('id', 'en')`))
        .execute();

      await trx.schema
        .createTable('glossary_terms')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('station_id', 'text', (c) => c.references('stations.id').onDelete('cascade'))
        .addColumn('term', 'text', (c) => c.notNull())
        .addColumn('expansion', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // One entry per term and station; "every station" entries are unique among themselves too.
      await sql`create unique index glossary_terms_unique on glossary_terms (coalesce(station_id, ''), lower(term))`.execute(trx);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // Machine and edited versions have no place in the old table: going back is not supported.
  throw new Error('2026_12_04_000000_groundwork cannot be undone');
}
