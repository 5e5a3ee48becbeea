// The clock of the jobs: the only module that runs node-cron (config/schedule.ts validates the
// expressions with it at start). Every instance that runs jobs runs this clock, and each tick
// fires once across all of them: the first to record it in job_ticks runs it (queue.ts).
import cron, { type ScheduledTask, type TaskContext } from 'node-cron';
import type { CaptureConfig } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Jobs } from './jobs.ts';
import { fireTick } from './queue.ts';

/**
 * A small job that runs beside the capture lane on its own schedule (the outbox, the digest).
 * catchUp: when the cluster was down at today's time, the job runs at start instead.
 */
export type SideJob = { name: string; schedule: string; run: () => Promise<unknown>; stop: () => Promise<void>; catchUp?: boolean };

/** Today's latest whole minute at or before `now` (the process's time zone, as the schedules) that `task` matches. */
export function lastSlotToday(task: Pick<ScheduledTask, 'match'>, now = new Date()): Date | null {
  const minute = new Date(now);
  minute.setSeconds(0, 0);
  for (const today = now.getDate(); minute.getDate() === today; minute.setMinutes(minute.getMinutes() - 1)) {
    if (task.match(minute)) return new Date(minute);
  }
  return null;
}

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
  ];
  const sideTasks = sideJobs.map((job) => schedule(job.schedule, job.name, () => job.run()));
  tasks.push(...sideTasks);
  // A daily job whose time passed while every instance was down runs now, as that slot: if
  // any instance fired the slot (job_ticks), fireTick says so and nothing runs twice.
  const catchUps = sideJobs.map(async (job, i) => {
    const slot = job.catchUp ? lastSlotToday(sideTasks[i]!) : null;
    if (slot && (await fireTick(db, jobs.lease, job.name, slot))) await job.run();
  }).map((caughtUp, i) => caughtUp.catch((err) => console.error(`susulan ${sideJobs[i]!.name} gagal`, err)));
  return {
    stop: async () => {
      await Promise.all(tasks.map((t) => t.destroy()));
      await Promise.all(catchUps);
      await Promise.all([jobs.stop(), ...sideJobs.map((job) => job.stop())]);
    },
  };
}
