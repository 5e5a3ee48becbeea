// Announcing dialogues and the messages that tell people about them (issue 14), and
// speakers' links that the server can read back (issue 13).
//
// - tokens.secret: a speaker link's token encrypted with the key beside the database
//   (src/auth/link-secrets.ts), so invitations and the console can show the current link
//   again. Null for sign-in tokens and for links issued before this migration (those exist
//   only as hashes and cannot be read back: the console says so).
// - dialogues.announced_at: when the dialogue was made public ahead of its air time;
//   dialogues.sequence: the iCal SEQUENCE, raised on every change a calendar must follow.
// - programs.announce_when_scheduled: announce each dialogue once it is scheduled.
// - stations.reminder_hours: JSON list of hours before the start when reminders go out.
// - messages: the outbox. A row is written in the transaction of the change that causes
//   it; `idempotency_key` is unique, so the same cause never queues two messages, and
//   `message_id` is fixed at insert, so a retry after a crash carries the same Message-ID.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable('tokens').addColumn('secret', 'text').execute();
    await trx.schema.alterTable('dialogues').addColumn('announced_at', 'text').execute();
    await trx.schema.alterTable('dialogues').addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await trx.schema
      .alterTable('programs')
      .addColumn('announce_when_scheduled', 'integer', (c) => c.notNull().defaultTo(0).check(sql`announce_when_scheduled in (0, 1)`))
      .execute();
    await trx.schema.alterTable('stations').addColumn('reminder_hours', 'text', (c) => c.notNull().defaultTo('[24,2]')).execute();

    await trx.schema
      .createTable('messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
      .addColumn('message_id', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('invitation', 'reminder', 'change', 'cancellation', 'digest')`))
      .addColumn('dialogue_id', 'text', (c) => c.references('dialogues.id').onDelete('cascade'))
      .addColumn('speaker_id', 'text', (c) => c.references('speakers.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('to_email', 'text')
      .addColumn('to_phone', 'text')
      .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('id', 'en')`))
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('text_body', 'text', (c) => c.notNull())
      .addColumn('html_body', 'text', (c) => c.notNull())
      .addColumn('ics', 'text')
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent', 'failed', 'cancelled')`))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .execute();
    await trx.schema.createIndex('messages_due').on('messages').columns(['status', 'next_attempt_at']).execute();
    await trx.schema.createIndex('messages_dialogue').on('messages').columns(['dialogue_id', 'created_at']).execute();
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('messages').execute();
  await db.schema.alterTable('stations').dropColumn('reminder_hours').execute();
  await db.schema.alterTable('programs').dropColumn('announce_when_scheduled').execute();
  await db.schema.alterTable('dialogues').dropColumn('sequence').execute();
  await db.schema.alterTable('dialogues').dropColumn('announced_at').execute();
  await db.schema.alterTable('tokens').dropColumn('secret').execute();
}
