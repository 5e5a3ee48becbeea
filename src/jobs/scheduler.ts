// The clock of the jobs: the only module that knows node-cron exists.
import cron from 'node-cron';
import type { CaptureConfig } from '../config.ts';
import type { Jobs } from './jobs.ts';

export const isValidSchedule = (expression: string): boolean => cron.validate(expression);

/** A small job that runs beside the capture lane on its own schedule (the outbox). */
export type SideJob = { name: string; schedule: string; run: () => Promise<unknown>; stop: () => Promise<void> };

export function startScheduler(jobs: Jobs, config: CaptureConfig, sideJobs: SideJob[] = []): { stop: () => Promise<void> } {
  // noOverlap: a tick that finds the previous one still running is skipped, not stacked.
  const tasks = [
    cron.schedule(config.intakeSchedule, () => jobs.intakeNow(), { name: 'intake', noOverlap: true }),
    cron.schedule(config.captureSchedule, () => jobs.captureDue(), { name: 'capture', noOverlap: true }),
    ...sideJobs.map((job) => cron.schedule(job.schedule, () => job.run(), { name: job.name, noOverlap: true })),
  ];
  return {
    stop: async () => {
      await Promise.all(tasks.map((t) => t.destroy()));
      await Promise.all([jobs.stop(), ...sideJobs.map((job) => job.stop())]);
    },
  };
}
