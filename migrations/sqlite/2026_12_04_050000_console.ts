// What the console and the account-safety work need:
// - users.disabled_at: a disabled account cannot sign in and its sessions stop at once.
// - sign_in_attempts: every sign-in and speaker-link attempt, kept in the database rather
//   than in memory so throttling holds across processes (and later across machines).
//   `account` is the lower-cased email for passwords (known or not, so that throttling
//   reveals nothing about which accounts exist) and null for speaker links.
// - dialogues.prerecorded: a programme recorded before its broadcast may take audio early.
// - speakers.photo_url: a public photo beside the public bio.
// - transcript_corrections.review_note: why a coordinator rejected (or accepted) a proposal.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
    await trx.schema
      .createTable('sign_in_attempts')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('password', 'speaker_link')`))
      .addColumn('account', 'text')
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('succeeded', 'integer', (c) => c.notNull().check(sql`succeeded in (0, 1)`))
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await trx.schema.createIndex('sign_in_attempts_account').on('sign_in_attempts').columns(['kind', 'account', 'at']).execute();
    await trx.schema.createIndex('sign_in_attempts_address').on('sign_in_attempts').columns(['kind', 'address', 'at']).execute();
    await trx.schema
      .alterTable('dialogues')
      .addColumn('prerecorded', 'integer', (c) => c.notNull().defaultTo(0).check(sql`prerecorded in (0, 1)`))
      .execute();
    await trx.schema.alterTable('speakers').addColumn('photo_url', 'text').execute();
    await trx.schema.alterTable('transcript_corrections').addColumn('review_note', 'text').execute();
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable('transcript_corrections').dropColumn('review_note').execute();
    await trx.schema.alterTable('speakers').dropColumn('photo_url').execute();
    await trx.schema.alterTable('dialogues').dropColumn('prerecorded').execute();
    await trx.schema.dropTable('sign_in_attempts').execute();
    await trx.schema.alterTable('users').dropColumn('disabled_at').execute();
  });
}
