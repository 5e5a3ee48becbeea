// Transcription runs take minutes to an hour: operators see how far one has got in
// GET /api/jobs and the console, so a run records its progress (0–100; null for jobs that
// do not report any, such as captures and intake).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('job_runs')
    .addColumn('progress', 'integer', (c) => c.check(sql`progress between 0 and 100`))
    .execute();
  // The transcription lane looks up the runs of one job that are still due.
  await db.schema.createIndex('job_runs_job_outcome').on('job_runs').columns(['job', 'outcome']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('job_runs_job_outcome').execute();
  await db.schema.alterTable('job_runs').dropColumn('progress').execute();
}
