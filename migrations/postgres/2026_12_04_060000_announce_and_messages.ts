// PostgreSQL twin of migrations/sqlite/2026_12_04_060000_announce_and_messages.ts (see it
// for what each column is for): readable speaker links, announcing, iCal sequences,
// reminder hours, and the outbox of messages. Kysely already runs this in a transaction.
import { type Kysely, sql } from 'kysely';

const text = sql`text collate "C"`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tokens').addColumn('secret', text).execute();
  await db.schema.alterTable('dialogues').addColumn('announced_at', text).execute();
  await db.schema.alterTable('dialogues').addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .alterTable('programs')
    .addColumn('announce_when_scheduled', 'integer', (c) => c.notNull().defaultTo(0).check(sql`announce_when_scheduled in (0, 1)`))
    .execute();
  await db.schema.alterTable('stations').addColumn('reminder_hours', text, (c) => c.notNull().defaultTo('[24,2]')).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('idempotency_key', text, (c) => c.notNull().unique())
    .addColumn('message_id', text, (c) => c.notNull().unique())
    .addColumn('kind', text, (c) => c.notNull().check(sql`kind in ('invitation', 'reminder', 'change', 'cancellation', 'digest')`))
    .addColumn('dialogue_id', text, (c) => c.references('dialogues.id').onDelete('cascade'))
    .addColumn('speaker_id', text, (c) => c.references('speakers.id').onDelete('cascade'))
    .addColumn('user_id', text, (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('to_email', text)
    .addColumn('to_phone', text)
    .addColumn('language', text, (c) => c.notNull().check(sql`language in ('id', 'en')`))
    .addColumn('subject', text, (c) => c.notNull())
    .addColumn('text_body', text, (c) => c.notNull())
    .addColumn('html_body', text, (c) => c.notNull())
    .addColumn('ics', text)
    .addColumn('status', text, (c) => c.notNull().check(sql`status in ('pending', 'sent', 'failed', 'cancelled')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', text, (c) => c.notNull())
    .addColumn('last_error', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('sent_at', text)
    .execute();
  await db.schema.createIndex('messages_due').on('messages').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('messages_dialogue').on('messages').columns(['dialogue_id', 'created_at']).execute();
  await sql`select track_changes('messages'::regclass)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('messages').execute();
  await db.schema.alterTable('stations').dropColumn('reminder_hours').execute();
  await db.schema.alterTable('programs').dropColumn('announce_when_scheduled').execute();
  await db.schema.alterTable('dialogues').dropColumn('sequence').execute();
  await db.schema.alterTable('dialogues').dropColumn('announced_at').execute();
  await db.schema.alterTable('tokens').dropColumn('secret').execute();
}
