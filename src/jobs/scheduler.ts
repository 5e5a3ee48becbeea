// The clock of the jobs: the only module that runs node-cron (config/schedule.ts validates the
// expressions with it at start). Every instance that runs jobs runs this clock, and each tick
// fires once across all of them: the first to record it in job_ticks runs it (queue.ts).
import cron, { type TaskContext } from 'node-cron';
import type { CaptureConfig } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Jobs } from './jobs.ts';
import { fireTick } from './queue.ts';

/** A small job that runs beside the capture lane on its own schedule (the outbox). */
export type SideJob = { name: string; schedule: string; run: () => Promise<unknown>; stop: () => Promise<void> };

export function startScheduler(db: Db, jobs: Jobs, config: CaptureConfig, sideJobs: SideJob[] = []): { stop: () => Promise<void> } {
  // The tick's slot is the time it was due, to the second (a 6-field cron ticks every second),
  // the same on every instance whatever its timer's delay.
  const once = (name: string, run: () => Promise<unknown>) => async (context: TaskContext) => {
    const slot = new Date(Math.floor(context.date.getTime() / 1000) * 1000);
    if (await fireTick(db, jobs.lease, name, slot)) await run();
  };
  // noOverlap: a tick that finds the previous one still running is skipped, not stacked.
  const schedule = (expression: string, name: string, run: () => Promise<unknown>) => cron.schedule(expression, once(name, run), { name, noOverlap: true });
  const tasks = [
    schedule(config.intakeSchedule, 'intake', () => jobs.intakeNow()),
    schedule(config.captureSchedule, 'capture', () => jobs.captureDue()),
    schedule(config.retentionSchedule, 'retention', () => jobs.retentionNow()),
    // Failed transcriptions whose back-off is over, on the same clock as captures' retries.
    schedule(config.captureSchedule, 'transcription-retries', () => jobs.transcription.resumeDue()),
    ...sideJobs.map((job) => schedule(job.schedule, job.name, () => job.run())),
  ];
  return {
    stop: async () => {
      await Promise.all(tasks.map((t) => t.destroy()));
      await Promise.all([jobs.stop(), ...sideJobs.map((job) => job.stop())]);
    },
  };
}
