// What the jobs report to /metrics: runs by kind and outcome, how long captures take, and how
// long work has waited in the queue (set when /metrics is read, from Jobs.queueState()), and
// what the retention pass removed.
import { Counter, Gauge, Histogram } from 'prom-client';
import { registry } from '../metrics/registry.ts';

export const jobRuns = new Counter({
  name: 'siaran_job_runs_total',
  help: 'Finished job runs of this process, by job (capture, intake, retention) and outcome',
  labelNames: ['job', 'outcome'] as const,
  registers: [registry],
});

export const captureDuration = new Histogram({
  name: 'siaran_capture_duration_seconds',
  help: 'How long a capture run took, from its start to its outcome',
  labelNames: ['outcome'] as const,
  buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600],
  registers: [registry],
});

export const queueLength = new Gauge({
  name: 'siaran_job_queue_length',
  help: 'Job runs queued in the database and not yet started, by any process (the shared queue)',
  registers: [registry],
});

export const queueAge = new Gauge({
  name: 'siaran_job_queue_oldest_seconds',
  help: 'How long the oldest waiting job run has waited (0 when none waits)',
  registers: [registry],
});

export const retentionRemoved = new Counter({
  name: 'siaran_retention_removed_files_total',
  help: 'Files the retention pass removed, by kind (recordings past retention, rejected files)',
  labelNames: ['kind'] as const,
  registers: [registry],
});
