// The record of job runs an operator reads in GET /api/jobs.
import type { Insertable, Updateable } from 'kysely';
import type { Db, Trx } from '../db/connection.ts';
import type { JobRunTable } from '../db/schema.ts';

export const insertRun = async (db: Db | Trx, row: Insertable<JobRunTable>): Promise<number> =>
  Number((await db.insertInto('job_runs').values(row).returning('id').executeTakeFirstOrThrow()).id);

export const updateRun = (db: Db | Trx, id: number, patch: Updateable<JobRunTable>) =>
  db.updateTable('job_runs').set(patch).where('id', '=', id).execute();

/** Records how a run ended, if its process still holds it: false when another took it over. */
export const finishRun = async (db: Db | Trx, id: number, owner: string, patch: Updateable<JobRunTable>) =>
  Number((await db.updateTable('job_runs').set(patch).where('id', '=', id).where('lease_owner', '=', owner).where('outcome', '=', 'running').executeTakeFirst()).numUpdatedRows) === 1;

export const deleteRun = (db: Db | Trx, id: number) => db.deleteFrom('job_runs').where('id', '=', id).execute();

export const findRun = (db: Db | Trx, id: number) => db.selectFrom('job_runs').selectAll().where('id', '=', id).executeTakeFirst();

/** The latest run of a job before `beforeId`. */
export const previousRunOf = (db: Db | Trx, job: string, beforeId: number) =>
  db.selectFrom('job_runs').selectAll().where('job', '=', job).where('id', '<', beforeId).orderBy('id', 'desc').limit(1).executeTakeFirst();

/** The latest capture run of a dialogue (before `beforeId`): decides whether it is due for a retry. */
export const lastCaptureRun = (db: Db | Trx, dialogueId: string, beforeId?: number) =>
  db
    .selectFrom('job_runs')
    .selectAll()
    .where('job', '=', 'capture')
    .where('dialogue_id', '=', dialogueId)
    .$if(beforeId !== undefined, (q) => q.where('id', '<', beforeId!))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

// The reasons of runs cut short by the process ending rather than by their own failure.
export const INTERRUPTED_BY_STOP = 'interrupted: the server was stopping';
export const INTERRUPTED_BY_KILL = 'interrupted: the process stopped before the run ended';

/** The reason of a run refused or failed for want of disk space; not counted as an attempt. */
export const NO_SPACE = 'no space: ';

export const isInterruption = (run: { outcome: string; reason: string | null }) => run.outcome === 'failed' && (run.reason?.startsWith('interrupted:') ?? false);

/** Interrupted runs not yet taken up again (those carry no retry time any more), oldest first. */
export const interruptedRuns = (db: Db | Trx) =>
  db
    .selectFrom('job_runs')
    .selectAll()
    .where('outcome', '=', 'failed')
    .where('reason', 'like', 'interrupted:%')
    .where('retry_at', 'is not', null)
    .orderBy('id')
    .execute();

/**
 * Takes a failed run up again (interrupted, or due for a retry), once across every process:
 * only the caller whose update finds its retry time still set goes on to run it again.
 */
export const takeUp = async (db: Db | Trx, id: number) =>
  Number((await db.updateTable('job_runs').set({ retry_at: null }).where('id', '=', id).where('retry_at', 'is not', null).executeTakeFirst()).numUpdatedRows) === 1;

/** The capture of a dialogue queued or under way, in any process. */
export const openCaptureRun = (db: Db | Trx, dialogueId: string, outcomes: ('queued' | 'running')[] = ['queued', 'running']) =>
  db.selectFrom('job_runs').select('id').where('job', '=', 'capture').where('dialogue_id', '=', dialogueId).where('outcome', 'in', outcomes).orderBy('id').limit(1).executeTakeFirst();

/** The run of `job` for a dialogue that waits, queued, for a worker to claim it. */
export const waitingRun = (db: Db | Trx, job: string, dialogueId: string) =>
  db
    .selectFrom('job_runs')
    .select(['id', 'trigger'])
    .where('job', '=', job)
    .where('dialogue_id', '=', dialogueId)
    .where('outcome', '=', 'queued')
    .where('lease_owner', 'is', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();

/** Makes a waiting run manual; false when a worker claimed it first (it runs as it was asked). */
export const makeManualWhileWaiting = async (db: Db | Trx, id: number) =>
  Number((await db.updateTable('job_runs').set({ trigger: 'manual' }).where('id', '=', id).where('outcome', '=', 'queued').where('lease_owner', 'is', null).executeTakeFirst()).numUpdatedRows) === 1;

/** A run of `job` older than `beforeId`, still running under a lease not yet run out. */
export const earlierLiveRun = (db: Db | Trx, job: string, beforeId: number, now: string) =>
  db
    .selectFrom('job_runs')
    .select('id')
    .where('job', '=', job)
    .where('id', '<', beforeId)
    .where('outcome', '=', 'running')
    .where('lease_expires_at', '>', now)
    .limit(1)
    .executeTakeFirst();

/** Whether a queued run of `job` waits for a worker to claim it. */
export const claimable = async (db: Db | Trx, job: string) =>
  (await db.selectFrom('job_runs').select('id').where('outcome', '=', 'queued').where('job', '=', job).where('lease_owner', 'is', null).limit(1).executeTakeFirst()) !== undefined;

/** How many runs wait to be claimed, and since when the oldest has (for /metrics). */
export const waitingRuns = (db: Db | Trx) =>
  db.selectFrom('job_runs').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('started_at').as('oldest')]).where('outcome', '=', 'queued').executeTakeFirstOrThrow();

export function listRuns(db: Db, filter: { job?: string; dialogueId?: string; outcome?: string; beforeId?: number; limit: number }) {
  let q = db.selectFrom('job_runs').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.job) q = q.where('job', '=', filter.job);
  if (filter.dialogueId) q = q.where('dialogue_id', '=', filter.dialogueId);
  if (filter.outcome) q = q.where('outcome', '=', filter.outcome as JobRunTable['outcome']);
  if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
  return q.execute();
}

/** The latest run of a job for a dialogue. */
export const lastRunOf = (db: Db | Trx, job: string, dialogueId: string) =>
  db.selectFrom('job_runs').selectAll().where('job', '=', job).where('dialogue_id', '=', dialogueId).orderBy('id', 'desc').limit(1).executeTakeFirst();

/** Failed runs of a job due for a retry: the latest of each dialogue, when its retry time has come. */
export const dueRetries = (db: Db | Trx, job: string, now: string) =>
  db
    .selectFrom('job_runs as r')
    .selectAll('r')
    .where('r.job', '=', job)
    .where('r.outcome', '=', 'failed')
    .where('r.retry_at', '<=', now)
    .where('r.dialogue_id', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('job_runs as later').select('later.id').whereRef('later.dialogue_id', '=', 'r.dialogue_id').where('later.job', '=', job).whereRef('later.id', '>', 'r.id'))),
    )
    .orderBy('r.id')
    .execute();
