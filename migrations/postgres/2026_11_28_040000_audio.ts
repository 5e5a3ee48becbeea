// PostgreSQL twin of migrations/sqlite/2026_11_28_040000_audio.ts (sizes in bytes are bigint).
// Audio: recorder files registered from media/incoming/, files turned away with their reason,
// uploads made by hand, the audio attached to each dialogue, and the record of every job run.
//
// Paths are relative to the media root. A dialogue's audio row names the exact files of one
// render; a new render writes new names and swaps the row, so readers never see a mix.
import { type Kysely, sql } from 'kysely';

const text = sql`text collate "C"`;

const TABLES = ['recordings', 'rejected_files', 'audio_uploads', 'dialogue_audio', 'job_runs'];

export async function up(db: Kysely<any>): Promise<void> {
  // Per-station margins around a dialogue's span; null takes the configured default.
  await db.schema.alterTable('stations').addColumn('capture_preroll_sec', 'integer').execute();
  await db.schema.alterTable('stations').addColumn('capture_postroll_sec', 'integer').execute();

  await db.schema
    .createTable('recordings')
    .addColumn('id', text, (c) => c.primaryKey())
    // No cascade: a station's recordings are archive material, not to vanish with a click.
    .addColumn('station_id', text, (c) => c.notNull().references('stations.id'))
    .addColumn('path', text, (c) => c.notNull().unique())
    .addColumn('original_name', text, (c) => c.notNull())
    .addColumn('starts_at', text, (c) => c.notNull())
    .addColumn('ends_at', text, (c) => c.notNull())
    .addColumn('start_source', text, (c) => c.notNull().check(sql`start_source in ('filename', 'metadata')`))
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('codec', text, (c) => c.notNull())
    .addColumn('format_name', text, (c) => c.notNull())
    .addColumn('sample_rate', 'integer', (c) => c.notNull())
    .addColumn('channels', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addUniqueConstraint('recordings_content', ['station_id', 'sha256'])
    .execute();
  await db.schema.createIndex('recordings_span').on('recordings').columns(['station_id', 'starts_at']).execute();

  await db.schema
    .createTable('rejected_files')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('folder', text, (c) => c.notNull())
    .addColumn('station_id', text, (c) => c.references('stations.id').onDelete('set null'))
    .addColumn('original_name', text, (c) => c.notNull())
    .addColumn('path', text, (c) => c.notNull())
    .addColumn('code', text, (c) => c.notNull())
    .addColumn('message', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audio_uploads')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('dialogue_id', text, (c) => c.notNull().references('dialogues.id').onDelete('cascade'))
    .addColumn('path', text, (c) => c.notNull().unique())
    .addColumn('content_type', text, (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('actor', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audio_uploads_dialogue').on('audio_uploads').columns(['dialogue_id', 'created_at']).execute();

  await db.schema
    .createTable('dialogue_audio')
    .addColumn('dialogue_id', text, (c) => c.primaryKey().references('dialogues.id').onDelete('cascade'))
    .addColumn('render_id', text, (c) => c.notNull())
    .addColumn('source', text, (c) => c.notNull().check(sql`source in ('recordings', 'upload')`))
    .addColumn('upload_id', text, (c) => c.references('audio_uploads.id').onDelete('set null'))
    // The station-time span that was cut; a dialogue moved afterwards no longer matches it.
    .addColumn('span_starts_at', text)
    .addColumn('span_ends_at', text)
    .addColumn('coverage', text, (c) => c.notNull().check(sql`coverage in ('full', 'partial')`))
    .addColumn('missing', text, (c) => c.notNull().defaultTo('[]'))
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('opus_path', text, (c) => c.notNull())
    .addColumn('opus_bytes', 'bigint', (c) => c.notNull())
    .addColumn('mp3_path', text, (c) => c.notNull())
    .addColumn('mp3_bytes', 'bigint', (c) => c.notNull())
    .addColumn('peaks_path', text, (c) => c.notNull())
    .addColumn('measured_lufs', 'double precision')
    .addColumn('normalization', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('job', text, (c) => c.notNull())
    .addColumn('dialogue_id', text, (c) => c.references('dialogues.id').onDelete('set null'))
    .addColumn('trigger', text, (c) => c.notNull().check(sql`trigger in ('schedule', 'manual', 'upload')`))
    .addColumn('started_at', text, (c) => c.notNull())
    .addColumn('finished_at', text)
    .addColumn('outcome', text, (c) => c.notNull().check(sql`outcome in ('queued', 'running', 'attached', 'registered', 'skipped', 'failed')`))
    .addColumn('reason', text)
    .addColumn('error', text)
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('retry_at', text)
    .addColumn('details', text)
    .execute();
  await db.schema.createIndex('job_runs_dialogue').on('job_runs').columns(['dialogue_id', 'id']).execute();

  for (const table of TABLES) await sql`select track_changes(${table}::regclass)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [...TABLES].reverse()) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('stations').dropColumn('capture_postroll_sec').execute();
  await db.schema.alterTable('stations').dropColumn('capture_preroll_sec').execute();
}
