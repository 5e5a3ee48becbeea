// Scheduling foundation: accounts and tokens, stations, programmes, people, topics,
// dialogues with participants, topics, series and history.
// Instants are stored as UTC ISO-8601 text from Date.toISOString(): fixed width, so
// string comparison is time comparison on SQLite and PostgreSQL alike.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'coordinator')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('stations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('recorder_id', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('programs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) => c.notNull().references('stations.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('organiser', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('speakers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'text')
    .addColumn('organisation', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('bio', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('topics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // A token is either a coordinator's session (user_id) or a speaker's personal link
  // (speaker_id). Only its SHA-256 is kept, so a copy of the database grants nothing.
  await db.schema
    .createTable('tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('session', 'speaker_link')`))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('speaker_id', 'text', (c) => c.references('speakers.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addCheckConstraint('tokens_owner', sql`(user_id is null) <> (speaker_id is null)`)
    .execute();

  await db.schema
    .createTable('series')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) => c.notNull().references('stations.id').onDelete('restrict'))
    .addColumn('rrule', 'text', (c) => c.notNull())
    .addColumn('local_start', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dialogues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('station_id', 'text', (c) => c.notNull().references('stations.id').onDelete('restrict'))
    .addColumn('program_id', 'text', (c) => c.references('programs.id').onDelete('restrict'))
    .addColumn('series_id', 'text', (c) => c.references('series.id').onDelete('set null'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft', 'scheduled', 'aired', 'published', 'cancelled')`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('dialogues_span', sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex('dialogues_station_time').on('dialogues').columns(['station_id', 'starts_at']).execute();
  await db.schema.createIndex('dialogues_time').on('dialogues').columns(['starts_at', 'id']).execute();
  await db.schema.createIndex('dialogues_series').on('dialogues').columns(['series_id', 'starts_at']).execute();

  await db.schema
    .createTable('dialogue_participants')
    .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id').onDelete('cascade'))
    .addColumn('speaker_id', 'text', (c) => c.notNull().references('speakers.id').onDelete('restrict'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('speaker', 'host', 'moderator')`))
    .addColumn('response', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`response in ('pending', 'confirmed', 'declined')`),
    )
    .addColumn('responded_at', 'text')
    .addPrimaryKeyConstraint('dialogue_participants_pk', ['dialogue_id', 'speaker_id'])
    .execute();
  await db.schema.createIndex('dialogue_participants_speaker').on('dialogue_participants').column('speaker_id').execute();

  await db.schema
    .createTable('dialogue_topics')
    .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id').onDelete('cascade'))
    .addColumn('topic_id', 'text', (c) => c.notNull().references('topics.id').onDelete('restrict'))
    .addPrimaryKeyConstraint('dialogue_topics_pk', ['dialogue_id', 'topic_id'])
    .execute();
  await db.schema.createIndex('dialogue_topics_topic').on('dialogue_topics').column('topic_id').execute();

  await db.schema
    .createTable('dialogue_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_value', 'text')
    .addColumn('to_value', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('dialogue_history_dialogue').on('dialogue_history').columns(['dialogue_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'dialogue_history',
    'dialogue_topics',
    'dialogue_participants',
    'dialogues',
    'series',
    'tokens',
    'topics',
    'speakers',
    'programs',
    'stations',
    'users',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
