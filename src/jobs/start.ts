// Starts the work of a process that runs jobs: `npm start` with SIARAN_JOBS=1 (the default) and
// `npm run worker`. Recovery after a kill, the interrupted runs taken up again, the schedule
// (its ticks shared with the other instances), the claiming of queued runs and the
// transcriptions due again.
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Jobs } from './jobs.ts';
import { Outbox, digestJob } from './outbox.job.ts';
import { recoverAfterCrash } from './recovery.ts';
import { startScheduler } from './scheduler.ts';

/** Said by a process that waits while another one on the database starts. */
export const waitingForStartUp = () => console.log('Waiting for another Siaran process on this database to finish starting (migrations, recovery, first account, demo data).');

/** Recovery first, before anything else writes: call it before the first account and demo data. */
export async function recover(db: Db, config: Config, jobs: Jobs): Promise<void> {
  const recovered = await recoverAfterCrash(db, config.mediaDir, jobs.lease);
  if (Object.values(recovered).some((n) => n > 0)) console.log('Recovered after an interrupted run:', JSON.stringify(recovered));
}

export async function startWorking(db: Db, config: Config, jobs: Jobs): Promise<{ stop: () => Promise<void> }> {
  // Before the schedule starts, so interrupted work is first in the queue.
  const resumed = await jobs.resumeInterrupted();
  if (resumed.length > 0) console.log(`Taking up again ${resumed.length} interrupted run(s): ${resumed.map((r) => `${r.job} #${r.id}`).join(', ')}`);
  const outbox = new Outbox(db, config);
  const outboxJob = { name: 'outbox', schedule: config.mail.schedule, run: () => outbox.run(), stop: () => outbox.stop() };
  const scheduler = startScheduler(db, jobs, config.capture, [outboxJob, digestJob(db, config)]);
  // Transcriptions a kill or a stop interrupted, and failed ones now due, are taken up again;
  // from then on the poll of jobs.start() does so, for runs whose worker dies later.
  try {
    const queued = await jobs.transcription.resumeDue();
    if (queued > 0) console.log(`Transcription: took up ${queued} interrupted or failed run${queued === 1 ? '' : 's'} again.`);
  } catch (error) {
    console.error('Transcription: could not take up interrupted runs:', error instanceof Error ? error.message : error);
  }
  jobs.start();
  console.log(
    `Jobs: intake "${config.capture.intakeSchedule}", capture "${config.capture.captureSchedule}", retention "${config.capture.retentionSchedule}", outbox "${config.mail.schedule}", digest "${config.mail.digestSchedule}"; queued runs claimed with a ${config.capture.leaseMs / 1000} s lease (SIARAN_JOBS=0 turns them off).`,
  );
  // A disk that filled while the server was down is relieved without waiting for the hour.
  void jobs.retentionNow().catch((error) => console.error('Retention failed:', error));
  console.log(config.mail.smtpUrl ? 'Messages: sent over SMTP (SIARAN_SMTP_URL).' : "Messages: no SIARAN_SMTP_URL, so they wait in the console's outbox (WhatsApp by hand).");
  return scheduler;
}
