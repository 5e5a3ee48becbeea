// The transcription lane: a second serial queue beside the capture queue in Jobs, so an hour
// of Whisper never holds up a capture, an intake or an upload, and two transcriptions never
// share the machine's two cores. One run at a time; the engine itself runs in a niced child
// process (src/asr/).
//
// Every run is a job_runs row (job "transcribe") with its progress (0–100), written at most
// once a second. A request for a dialogue whose run is still waiting joins that run (it reads
// the newest audio when it starts); one whose run is already under way queues another, since
// the audio it reads may be the old one. A coordinator's request ("manual") upgrades a
// waiting automatic one, because manual runs may put a draft on top of people's versions
// (transcription.service.ts says when).
//
// Stopping (SIGTERM) aborts the engine and records the run as interrupted, due again at once;
// a run a kill left "running" is marked so by start-up recovery. `resumeDue()`, called at
// start-up and on the capture schedule, takes both up again, and retries failed runs with the
// captures' back-off (SIARAN_JOB_RETRIES, SIARAN_JOB_RETRY_BASE_SEC). An interruption does not
// count as an attempt.
import type { Config } from '../config.ts';
import { type Db, nowIso } from '../db/connection.ts';
import type { JobTrigger } from '../db/schema.ts';
import type { JobResult } from '../jobs/capture.job.ts';
import type { Lease } from '../jobs/queue.ts';
import * as runs from '../jobs/runs.repository.ts';
import { type TranscriptionSetup, transcribeDialogue } from './transcription.service.ts';

export const TRANSCRIBE_JOB = 'transcribe';
const INTERRUPTED = 'interrupted';
const PROGRESS_EVERY_MS = 1000;

type Waiting = { runId: number; done: Promise<JobResult | null>; manual: boolean };

export class TranscriptionLane {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly waiting = new Map<string, Waiting>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    readonly setup: TranscriptionSetup | null,
    private readonly lease: Lease,
  ) {}

  get enabled(): boolean {
    return this.setup !== null;
  }

  /**
   * Queues a transcription of the dialogue; null when transcription is off (no model). The
   * run is recorded (as queued) before this resolves.
   */
  async request(dialogueId: string, trigger: JobTrigger, attempt = 1): Promise<{ runId: number; done: Promise<JobResult | null> } | null> {
    if (!this.setup || this.stopping.signal.aborted) return null;
    const manual = trigger === 'manual';
    const waiting = this.waiting.get(dialogueId);
    if (waiting) {
      if (manual && !waiting.manual) {
        waiting.manual = true;
        await runs.updateRun(this.db, waiting.runId, { trigger: 'manual' });
      }
      return waiting;
    }
    const runId = await runs.insertRun(this.db, { job: TRANSCRIBE_JOB, dialogue_id: dialogueId, trigger, started_at: nowIso(), outcome: 'queued', attempt, progress: 0, ...this.lease.stamp() });
    // Another request may have queued one while the row was written.
    const raced = this.waiting.get(dialogueId);
    if (raced) {
      await runs.deleteRun(this.db, runId);
      return raced;
    }
    const entry: Waiting = { runId, manual, done: Promise.resolve(null) };
    entry.done = this.enqueue(async () => {
      this.waiting.delete(dialogueId);
      return this.run(runId, dialogueId, entry.manual);
    });
    this.waiting.set(dialogueId, entry);
    return entry;
  }

  /** Takes up interrupted runs and failed ones whose back-off is over. */
  async resumeDue(now = Date.now()): Promise<number> {
    if (!this.setup) return 0;
    let queued = 0;
    for (const run of await runs.dueRetries(this.db, TRANSCRIBE_JOB, new Date(now).toISOString())) {
      const attempt = run.reason?.startsWith(INTERRUPTED) ? run.attempt : run.attempt + 1;
      if (attempt > this.config.capture.retries + 1) continue;
      if (await this.request(run.dialogue_id!, run.trigger, attempt)) queued++;
    }
    return queued;
  }

  private async run(runId: number, dialogueId: string, manual: boolean): Promise<JobResult> {
    const signal = this.stopping.signal;
    await runs.updateRun(this.db, runId, { outcome: 'running', started_at: nowIso(), progress: 0 });
    const run = (await runs.findRun(this.db, runId))!;
    let lastWrite = 0;
    let lastPercent = 0;
    let writing: Promise<unknown> = Promise.resolve();
    const onProgress = (percent: number) => {
      const p = Math.max(0, Math.min(100, Math.floor(percent)));
      if (p <= lastPercent || Date.now() - lastWrite < PROGRESS_EVERY_MS) return;
      lastPercent = p;
      lastWrite = Date.now();
      writing = writing.then(() => runs.updateRun(this.db, runId, { progress: p })).catch(() => {});
    };
    let result: JobResult;
    try {
      signal.throwIfAborted();
      result = await transcribeDialogue(this.db, this.config, this.setup!, dialogueId, { manual, signal, onProgress });
    } catch (err) {
      if (signal.aborted) result = { outcome: 'failed', reason: `${INTERRUPTED}: the server was stopping` };
      else {
        console.error(`transcription of dialogue ${dialogueId} failed`, err);
        const stderr = (err as { details?: { stderr?: string } }).details?.stderr;
        result = { outcome: 'failed', reason: err instanceof Error ? err.message : String(err), ...(stderr && { error: stderr }) };
      }
    }
    await writing;
    const finished = Date.now();
    let retryAt: string | null = null;
    let reason = 'reason' in result ? result.reason : null;
    if (result.outcome === 'failed') {
      if (reason?.startsWith(INTERRUPTED)) retryAt = new Date(finished).toISOString();
      else if (run.attempt <= this.config.capture.retries) retryAt = new Date(finished + this.config.capture.retryBaseMs * 2 ** (run.attempt - 1)).toISOString();
      else reason = `${reason} (gave up after ${run.attempt} attempts; ask for a transcription again)`;
    }
    await runs.updateRun(this.db, runId, {
      outcome: result.outcome,
      reason,
      error: result.outcome === 'failed' ? (result.error ?? null) : null,
      finished_at: new Date(finished).toISOString(),
      retry_at: retryAt,
      progress: result.outcome === 'attached' ? 100 : lastPercent,
      details: 'details' in result && result.details ? JSON.stringify(result.details) : null,
    });
    return result;
  }

  private enqueue(work: () => Promise<JobResult>): Promise<JobResult> {
    const job = this.queue.then(work);
    this.queue = job.catch((err) => {
      if (!this.stopping.signal.aborted) console.error('transcription lane', err);
    });
    return job;
  }

  /** Stops the engine mid-run (recorded as interrupted, due again at the next start) and waits. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }

  async idle(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.queue;
      await seen;
    } while (seen !== this.queue);
  }
}
