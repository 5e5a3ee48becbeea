// The coordinators' daily digest (issue 14): who has not answered for the dialogues of the
// next three days, in each coordinator's language, for the stations they look after.
//
// - users.language: the language of the messages an account receives (id | en).
// - station_coordinators: which stations an account looks after. An account with none
//   looks after every station, so a one-station installation needs no setting.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .alterTable('users')
      .addColumn('language', 'text', (c) => c.notNull().defaultTo('id').check(sql`language in ('id', 'en')`))
      .execute();
    await trx.schema
      .createTable('station_coordinators')
      .addColumn('station_id', 'text', (c) => c.notNull().references('stations.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('station_coordinators_pk', ['station_id', 'user_id'])
      .execute();
    await trx.schema.createIndex('station_coordinators_user').on('station_coordinators').column('user_id').execute();
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('station_coordinators').execute();
  await db.schema.alterTable('users').dropColumn('language').execute();
}
