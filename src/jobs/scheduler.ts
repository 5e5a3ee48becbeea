// The clock of the jobs: the only module that runs node-cron (config/schedule.ts validates the
// expressions with it at start).
import cron from 'node-cron';
import type { CaptureConfig } from '../config.ts';
import type { Jobs } from './jobs.ts';

/** A small job that runs beside the capture lane on its own schedule (the outbox). */
export type SideJob = { name: string; schedule: string; run: () => Promise<unknown>; stop: () => Promise<void> };

export function startScheduler(jobs: Jobs, config: CaptureConfig, sideJobs: SideJob[] = []): { stop: () => Promise<void> } {
  // noOverlap: a tick that finds the previous one still running is skipped, not stacked.
  const tasks = [
    cron.schedule(config.intakeSchedule, () => jobs.intakeNow(), { name: 'intake', noOverlap: true }),
    cron.schedule(config.captureSchedule, () => jobs.captureDue(), { name: 'capture', noOverlap: true }),
    cron.schedule(config.retentionSchedule, () => jobs.retentionNow(), { name: 'retention', noOverlap: true }),
    // Failed transcriptions whose back-off is over, on the same clock as captures' retries.
    cron.schedule(config.captureSchedule, () => jobs.transcription.resumeDue(), { name: 'transcription-retries', noOverlap: true }),
    ...sideJobs.map((job) => cron.schedule(job.schedule, () => job.run(), { name: job.name, noOverlap: true })),
  ];
  return {
    stop: async () => {
      await Promise.all(tasks.map((t) => t.destroy()));
      await Promise.all([jobs.stop(), ...sideJobs.map((job) => job.stop())]);
    },
  };
}
