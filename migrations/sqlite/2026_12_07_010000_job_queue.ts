// The shared job queue (issue 17): several processes claim job_runs rows from the database.
//
// - job_runs.lease_owner: the worker process holding a queued or running row ("host:pid:random").
// - job_runs.lease_expires_at: until when it holds it; its worker renews it while it runs, and
//   a row whose lease ran out (its worker died) is taken over by another worker.
// - job_ticks: one row per scheduled tick (name, slot). The instance whose insert succeeds runs
//   the tick, so a tick fires once across every instance, not once per instance.
// Plain schema-builder code, so the PostgreSQL twin is a copy.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable('job_runs').addColumn('lease_owner', 'text').execute();
    await trx.schema.alterTable('job_runs').addColumn('lease_expires_at', 'text').execute();
    // What a worker looks for when it claims: the oldest queued row of a job.
    await trx.schema.createIndex('job_runs_open').on('job_runs').columns(['outcome', 'job', 'id']).execute();
    await trx.schema
      .createTable('job_ticks')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('slot', 'text', (c) => c.notNull())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('fired_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('job_ticks_pk', ['name', 'slot'])
      .execute();
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_ticks').execute();
  await db.schema.dropIndex('job_runs_open').execute();
  await db.schema.alterTable('job_runs').dropColumn('lease_expires_at').execute();
  await db.schema.alterTable('job_runs').dropColumn('lease_owner').execute();
}
