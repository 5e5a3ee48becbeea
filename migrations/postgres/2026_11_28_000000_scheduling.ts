// PostgreSQL twin of migrations/sqlite/2026_11_28_000000_scheduling.ts: the same tables and
// column types (text instants, integer flags), so one set of repositories serves both.
// Text is collated "C" (byte order, as SQLite compares) whatever the database's locale, so
// ordering, keyset pages and lower()/like behave as on SQLite.
//
// Also the change counter the response caches of every instance read (db/connection.ts
// dataVersion): a statement trigger on each table notes that the transaction wrote, and a
// deferred trigger bumps change_counter once, as the transaction commits. Bumped at commit,
// the counter's row is locked only for the commit itself, so writers do not queue behind
// each other's whole transactions, and no lock order can deadlock with the app's own.
// Every table a later migration creates calls track_changes(table) (migrations/README.md).
import { type Kysely, sql } from 'kysely';

const text = sql`text collate "C"`;

async function createChangeCounter(db: Kysely<any>) {
  await sql`create table change_counter (
    only_row boolean primary key default true check (only_row),
    version bigint not null
  )`.execute(db);
  await sql`insert into change_counter (version) values (0)`.execute(db);
  await sql`create table change_pending (txid xid8 primary key)`.execute(db);
  await sql`create function note_change() returns trigger language plpgsql as $$
    begin
      insert into change_pending values (pg_current_xact_id()) on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`create function count_change() returns trigger language plpgsql as $$
    begin
      update change_counter set version = version + 1;
      delete from change_pending where txid = new.txid;
      return null;
    end $$`.execute(db);
  await sql`create constraint trigger count_change after insert on change_pending
    deferrable initially deferred for each row execute function count_change()`.execute(db);
  await sql`create function track_changes(target regclass) returns void language plpgsql as $$
    begin
      execute format('create trigger track_changes after insert or update or delete or truncate on %s
        for each statement execute function note_change()', target);
    end $$`.execute(db);
}

const TABLES = [
  'users',
  'stations',
  'programs',
  'speakers',
  'topics',
  'tokens',
  'series',
  'dialogues',
  'dialogue_participants',
  'dialogue_topics',
  'dialogue_history',
];

export async function up(db: Kysely<any>): Promise<void> {
  await createChangeCounter(db);
  await db.schema
    .createTable('users')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('email', text, (c) => c.notNull().unique())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('password_hash', text, (c) => c.notNull())
    .addColumn('role', text, (c) => c.notNull().check(sql`role in ('admin', 'coordinator')`))
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('stations')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('slug', text, (c) => c.notNull().unique())
    .addColumn('timezone', text, (c) => c.notNull())
    .addColumn('recorder_id', text, (c) => c.unique())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('programs')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('station_id', text, (c) => c.notNull().references('stations.id').onDelete('restrict'))
    .addColumn('title', text, (c) => c.notNull())
    .addColumn('slug', text, (c) => c.notNull().unique())
    .addColumn('description', text)
    .addColumn('organiser', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('speakers')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('position', text)
    .addColumn('organisation', text)
    .addColumn('email', text)
    .addColumn('phone', text)
    .addColumn('bio', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('topics')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('slug', text, (c) => c.notNull().unique())
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();

  // A token is either a coordinator's session (user_id) or a speaker's personal link
  // (speaker_id). Only its SHA-256 is kept, so a copy of the database grants nothing.
  await db.schema
    .createTable('tokens')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('token_hash', text, (c) => c.notNull().unique())
    .addColumn('kind', text, (c) => c.notNull().check(sql`kind in ('session', 'speaker_link')`))
    .addColumn('user_id', text, (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('speaker_id', text, (c) => c.references('speakers.id').onDelete('cascade'))
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('expires_at', text)
    .addColumn('revoked_at', text)
    .addCheckConstraint('tokens_owner', sql`(user_id is null) <> (speaker_id is null)`)
    .execute();

  await db.schema
    .createTable('series')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('station_id', text, (c) => c.notNull().references('stations.id').onDelete('restrict'))
    .addColumn('rrule', text, (c) => c.notNull())
    .addColumn('local_start', text, (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dialogues')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('title', text, (c) => c.notNull())
    .addColumn('description', text)
    .addColumn('station_id', text, (c) => c.notNull().references('stations.id').onDelete('restrict'))
    .addColumn('program_id', text, (c) => c.references('programs.id').onDelete('restrict'))
    .addColumn('series_id', text, (c) => c.references('series.id').onDelete('set null'))
    .addColumn('starts_at', text, (c) => c.notNull())
    .addColumn('ends_at', text, (c) => c.notNull())
    .addColumn('status', text, (c) =>
      c.notNull().check(sql`status in ('draft', 'scheduled', 'aired', 'published', 'cancelled')`),
    )
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .addCheckConstraint('dialogues_span', sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex('dialogues_station_time').on('dialogues').columns(['station_id', 'starts_at']).execute();
  await db.schema.createIndex('dialogues_time').on('dialogues').columns(['starts_at', 'id']).execute();
  await db.schema.createIndex('dialogues_series').on('dialogues').columns(['series_id', 'starts_at']).execute();

  await db.schema
    .createTable('dialogue_participants')
    .addColumn('dialogue_id', text, (c) => c.notNull().references('dialogues.id').onDelete('cascade'))
    .addColumn('speaker_id', text, (c) => c.notNull().references('speakers.id').onDelete('restrict'))
    .addColumn('role', text, (c) => c.notNull().check(sql`role in ('speaker', 'host', 'moderator')`))
    .addColumn('response', text, (c) =>
      c.notNull().defaultTo('pending').check(sql`response in ('pending', 'confirmed', 'declined')`),
    )
    .addColumn('responded_at', text)
    .addPrimaryKeyConstraint('dialogue_participants_pk', ['dialogue_id', 'speaker_id'])
    .execute();
  await db.schema.createIndex('dialogue_participants_speaker').on('dialogue_participants').column('speaker_id').execute();

  await db.schema
    .createTable('dialogue_topics')
    .addColumn('dialogue_id', text, (c) => c.notNull().references('dialogues.id').onDelete('cascade'))
    .addColumn('topic_id', text, (c) => c.notNull().references('topics.id').onDelete('restrict'))
    .addPrimaryKeyConstraint('dialogue_topics_pk', ['dialogue_id', 'topic_id'])
    .execute();
  await db.schema.createIndex('dialogue_topics_topic').on('dialogue_topics').column('topic_id').execute();

  await db.schema
    .createTable('dialogue_history')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('dialogue_id', text, (c) => c.notNull().references('dialogues.id').onDelete('cascade'))
    .addColumn('at', text, (c) => c.notNull())
    .addColumn('actor', text, (c) => c.notNull())
    .addColumn('action', text, (c) => c.notNull())
    .addColumn('from_value', text)
    .addColumn('to_value', text)
    .addColumn('note', text)
    .execute();
  await db.schema.createIndex('dialogue_history_dialogue').on('dialogue_history').columns(['dialogue_id', 'id']).execute();

  for (const table of TABLES) await sql`select track_changes(${table}::regclass)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [...TABLES].reverse()) await db.schema.dropTable(table).execute();
  await sql`drop function track_changes(regclass)`.execute(db);
  await db.schema.dropTable('change_pending').execute();
  await db.schema.dropTable('change_counter').execute();
  await sql`drop function count_change()`.execute(db);
  await sql`drop function note_change()`.execute(db);
}
