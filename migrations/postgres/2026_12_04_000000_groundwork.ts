// PostgreSQL twin of migrations/sqlite/2026_12_04_000000_groundwork.ts. The same columns and
// constraints; where SQLite rebuilds transcript_versions to change a CHECK constraint,
// PostgreSQL renames the column and swaps the constraints in place.
//
// - transcript_versions.reason becomes `source`, which adds 'machine' (a Whisper draft, with
//   its model) and 'edit' (a coordinator's change in the editor) to 'import' and
//   'correction'; a version can be marked reviewed.
// - transcript_segments carry the engine's confidence (0–1) and, as JSON text, its words.
// - stations: the studio's address and dial-in, the transcript policy, the ASR language.
// - speakers: the language their messages are written in.
// - glossary_terms: names and acronyms a station uses (a null station: every station).
import { type Kysely, sql } from 'kysely';

const text = sql`text collate "C"`;

export async function up(trx: Kysely<any>): Promise<void> {
  // Kysely runs each PostgreSQL migration in a transaction of its own (DDL is transactional there).
  {
    await trx.schema.alterTable('transcript_versions').renameColumn('reason', 'source').execute();
    // The column's own check (named by PostgreSQL after the column it was made with) and the table's.
    await trx.schema.alterTable('transcript_versions').dropConstraint('transcript_versions_reason_check').execute();
    await trx.schema.alterTable('transcript_versions').dropConstraint('transcript_versions_reason').execute();
    await trx.schema.alterTable('transcript_versions').addColumn('model', text).execute();
    await trx.schema.alterTable('transcript_versions').addColumn('reviewed_at', text).execute();
    await trx.schema.alterTable('transcript_versions').addColumn('reviewed_by', text).execute();
    await trx.schema
      .alterTable('transcript_versions')
      .addCheckConstraint('transcript_versions_source_values', sql`source in ('import', 'machine', 'edit', 'correction')`)
      .execute();
    await trx.schema
      .alterTable('transcript_versions')
      .addCheckConstraint(
        'transcript_versions_source',
        sql`(source = 'import' and source_format is not null and correction_id is null)
          or (source = 'correction' and correction_id is not null and source_format is null)
          or (source in ('machine', 'edit') and source_format is null and correction_id is null)`,
      )
      .execute();
    await trx.schema.alterTable('transcript_versions').addCheckConstraint('transcript_versions_model', sql`(source = 'machine') = (model is not null)`).execute();
    await trx.schema
      .alterTable('transcript_versions')
      .addCheckConstraint('transcript_versions_reviewed', sql`(reviewed_at is null) = (reviewed_by is null)`)
      .execute();

    await trx.schema
      .alterTable('transcript_segments')
      .addColumn('confidence', 'double precision', (c) => c.check(sql`confidence between 0 and 1`))
      .execute();
    await trx.schema.alterTable('transcript_segments').addColumn('words', text).execute();

    await trx.schema.alterTable('stations').addColumn('studio_address', text).execute();
    await trx.schema.alterTable('stations').addColumn('dial_in', text).execute();
    await trx.schema
      .alterTable('stations')
      .addColumn('transcript_policy', text, (c) => c.notNull().defaultTo('publish').check(sql`transcript_policy in ('publish', 'hold')`))
      .execute();
    await trx.schema.alterTable('stations').addColumn('asr_language', text, (c) => c.notNull().defaultTo('id')).execute();
    await trx.schema
      .alterTable('speakers')
      .addColumn('language', text, (c) => c.notNull().defaultTo('id').check(sql`language in ('id', 'en')`))
      .execute();

    await trx.schema
      .createTable('glossary_terms')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('station_id', text, (c) => c.references('stations.id').onDelete('cascade'))
      .addColumn('term', text, (c) => c.notNull())
      .addColumn('expansion', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();
    await sql`create unique index glossary_terms_unique on glossary_terms (coalesce(station_id, ''), lower(term))`.execute(trx);
    await sql`select track_changes('glossary_terms'::regclass)`.execute(trx);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // Machine and edited versions have no place in the old table: going back is not supported.
  throw new Error('2026_12_04_000000_groundwork cannot be undone');
}
