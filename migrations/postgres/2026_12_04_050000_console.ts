// PostgreSQL twin of migrations/sqlite/2026_12_04_050000_console.ts (see it for why each
// column exists): users.disabled_at, sign_in_attempts (throttling that holds across
// processes, and here across instances), dialogues.prerecorded, speakers.photo_url,
// transcript_corrections.review_note. Kysely already runs this in a transaction.
import { type Kysely, sql } from 'kysely';

const text = sql`text collate "C"`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('disabled_at', text).execute();
  await db.schema
    .createTable('sign_in_attempts')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('kind', text, (c) => c.notNull().check(sql`kind in ('password', 'speaker_link')`))
    .addColumn('account', text)
    .addColumn('address', text, (c) => c.notNull())
    .addColumn('succeeded', 'integer', (c) => c.notNull().check(sql`succeeded in (0, 1)`))
    .addColumn('at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_attempts_account').on('sign_in_attempts').columns(['kind', 'account', 'at']).execute();
  await db.schema.createIndex('sign_in_attempts_address').on('sign_in_attempts').columns(['kind', 'address', 'at']).execute();
  await sql`select track_changes('sign_in_attempts'::regclass)`.execute(db);
  await db.schema
    .alterTable('dialogues')
    .addColumn('prerecorded', 'integer', (c) => c.notNull().defaultTo(0).check(sql`prerecorded in (0, 1)`))
    .execute();
  await db.schema.alterTable('speakers').addColumn('photo_url', text).execute();
  await db.schema.alterTable('transcript_corrections').addColumn('review_note', text).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('transcript_corrections').dropColumn('review_note').execute();
  await db.schema.alterTable('speakers').dropColumn('photo_url').execute();
  await db.schema.alterTable('dialogues').dropColumn('prerecorded').execute();
  await db.schema.dropTable('sign_in_attempts').execute();
  await db.schema.alterTable('users').dropColumn('disabled_at').execute();
}
