// Runs the jobs one at a time and records every run. The schedule (scheduler.ts), uploads and
// "capture now" requests all come through here, so no two runs ever overlap: ffmpeg gets the
// machine's cores to itself, and the same dialogue is never rendered twice at once.
//
// Every run is a row of job_runs from the moment it is queued (captures) or begins (intake
// passes), so a run a kill cuts short is still there at the next start: recovery.ts marks it
// interrupted, and resumeInterrupted() runs it again at once, whatever its trigger and however
// old its dialogue (the schedule's look-back does not apply). An interruption is not a failed
// attempt: it does not count toward SIARAN_JOB_RETRIES.
import { AudioError } from '../audio/ffmpeg.ts';
import type { Config } from '../config.ts';
import { type Db, nowIso } from '../db/connection.ts';
import type { JobRun, JobTrigger } from '../db/schema.ts';
import { Intake, type IntakeResult } from '../recordings/intake.ts';
import { spaceProblem } from '../audio/space.ts';
import { captureCandidates } from '../recordings/recordings.repository.ts';
import { TRANSCRIBE_JOB, TranscriptionLane } from '../transcription/transcribe.job.ts';
import type { TranscriptionSetup } from '../transcription/transcription.service.ts';
import { type JobResult, captureDialogue, captureSpan } from './capture.job.ts';
import { captureDuration, jobRuns, retentionRemoved } from './jobs.metrics.ts';
import { expireMedia } from './retention.job.ts';
import * as runs from './runs.repository.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export class Jobs {
  private queue: Promise<unknown> = Promise.resolve();
  // Work waiting or running, by key: asking again for the same thing joins it.
  private readonly pending = new Map<string, Promise<number | null>>();
  // When each piece of work not yet started was queued, for the queue-age metric.
  private readonly waitingSince = new Map<string, number>();
  private readonly captures = new Map<string, Promise<{ runId: number; done: Promise<unknown> }>>();
  private readonly stopping = new AbortController();
  private readonly intake: Intake;
  private readonly warnedFolders = new Set<string>();
  /** Transcriptions run in their own lane, so they never hold up a capture. */
  readonly transcription: TranscriptionLane;

  /** Without `transcription` (no model configured), audio is attached and nothing is transcribed. */
  constructor(
    private readonly db: Db,
    private readonly config: Config,
    transcription: TranscriptionSetup | null = null,
  ) {
    this.intake = new Intake(db, config.mediaDir, config.capture);
    this.transcription = new TranscriptionLane(db, config, transcription);
  }

  /**
   * Captures one dialogue as soon as the queue allows. Resolves once the run is recorded (as
   * queued) with its id, and `done`, settled when it has run. Asking again while one is waiting
   * or running answers with that one.
   */
  captureNow(dialogueId: string, trigger: JobTrigger, attempt = 1): Promise<{ runId: number; done: Promise<unknown> }> {
    const waiting = this.captures.get(dialogueId);
    if (waiting) return waiting;
    const entry = (async () => {
      const runId = await runs.insertRun(this.db, { job: 'capture', dialogue_id: dialogueId, trigger, started_at: nowIso(), outcome: 'queued', attempt });
      const done = this.enqueue(`capture:${runId}`, async () => {
        await this.runCapture(runId, dialogueId);
        return runId;
      });
      void done.finally(() => this.captures.delete(dialogueId)).catch(() => {});
      return { runId, done };
    })();
    // Set before the first await, so a second request in the same tick finds it.
    this.captures.set(dialogueId, entry);
    entry.catch(() => this.captures.delete(dialogueId));
    return entry;
  }

  /**
   * Takes complete files from media/incoming/; when any arrived, looks for dialogues they
   * complete. The pass is a run from its start, its details updated after each file, so a
   * pass cut short still says what it registered; a pass that found nothing leaves no row.
   */
  intakeNow(trigger: JobTrigger = 'schedule'): Promise<number | null> {
    return this.enqueue('intake', async () => {
      const runId = await runs.insertRun(this.db, { job: 'intake', trigger, started_at: nowIso(), outcome: 'running', attempt: 1 });
      const noSpace = await spaceProblem(this.config.mediaDir, this.config.storage.minFreeBytes);
      if (noSpace) {
        // Files wait in incoming/. One row says so, kept current, rather than one a minute.
        const reason = `${runs.NO_SPACE}${noSpace}; the files wait in incoming/`;
        const last = await runs.previousRunOf(this.db, 'intake', runId);
        if (last?.outcome === 'failed' && last.reason?.startsWith(runs.NO_SPACE)) {
          await runs.updateRun(this.db, last.id, { reason, finished_at: nowIso() });
          await runs.deleteRun(this.db, runId);
          return last.id;
        }
        await runs.updateRun(this.db, runId, { outcome: 'failed', reason, finished_at: nowIso() });
        jobRuns.inc({ job: 'intake', outcome: 'failed' });
        void this.retentionNow().catch(() => {});
        return runId;
      }
      let result: IntakeResult;
      try {
        result = await this.intake.run(Date.now(), (sofar) => runs.updateRun(this.db, runId, { details: JSON.stringify(sofar) }).then(() => undefined));
      } catch (err) {
        await runs.updateRun(this.db, runId, { outcome: 'failed', reason: err instanceof Error ? err.message : String(err), finished_at: nowIso() });
        jobRuns.inc({ job: 'intake', outcome: 'failed' });
        throw err;
      }
      for (const folder of result.unknownFolders) {
        if (this.warnedFolders.has(folder)) continue;
        this.warnedFolders.add(folder);
        console.warn(`media/incoming/${folder}: no station has this slug or recorder id; its files wait there`);
      }
      // A run is kept only when it did something, not every minute.
      if (result.registered.length === 0 && result.rejected.length === 0) {
        await runs.deleteRun(this.db, runId);
        return null;
      }
      const rejected = result.rejected.map((r) => `${r.station}/${r.name}: ${r.code}`).join('; ');
      const outcome = result.registered.length > 0 ? 'registered' : 'skipped';
      jobRuns.inc({ job: 'intake', outcome });
      await runs.updateRun(this.db, runId, {
        finished_at: nowIso(),
        outcome,
        reason: rejected ? `moved aside: ${rejected}` : null,
        details: JSON.stringify(result),
      });
      if (result.registered.length > 0) void this.captureDue();
      return runId;
    });
  }

  /**
   * Removes recorder files past their retention that no uncaptured dialogue needs, and expired
   * rejected files (retention.job.ts). Not a row of job_runs, whose outcomes say nothing of
   * removal: what it removed goes to the console and /metrics.
   */
  retentionNow(): Promise<number | null> {
    return this.enqueue('retention', async () => {
      const result = await expireMedia(this.db, this.config, Date.now(), this.stopping.signal);
      const freed = result.removedRecordings.reduce((sum, r) => sum + r.bytes, 0);
      retentionRemoved.inc({ kind: 'recordings' }, result.removedRecordings.length);
      retentionRemoved.inc({ kind: 'rejected' }, result.removedRejected.length);
      jobRuns.inc({ job: 'retention', outcome: result.removedRecordings.length + result.removedRejected.length > 0 ? 'removed' : 'skipped' });
      if (result.removedRecordings.length > 0 || result.removedRejected.length > 0) {
        console.log(`Retention: removed ${result.removedRecordings.length} recording(s) (${Math.round(freed / 1048576)} MB) and ${result.removedRejected.length} rejected file(s); ${result.keptForDialogues.length} past retention kept for dialogues not yet captured.`);
      }
      return null;
    });
  }

  /**
   * Queues again, at once, every run that a kill or a stop interrupted (recovery.ts marked them
   * failed with an "interrupted" reason and a retry time): captures of any trigger and any age,
   * and intake passes. Each old row then says it was taken up again, and by which run.
   */
  async resumeInterrupted(): Promise<JobRun[]> {
    // The transcription lane takes up its own interrupted runs (resumeDue), with its engine.
    const interrupted = (await runs.interruptedRuns(this.db)).filter((run) => run.job !== TRANSCRIBE_JOB);
    for (const run of interrupted) {
      let again = 'taken up again at start-up';
      if (run.job === 'capture' && run.dialogue_id) {
        const { runId, done } = await this.captureNow(run.dialogue_id, run.trigger, run.attempt);
        void done.catch(() => {});
        again = `taken up again as run ${runId}`;
      } else if (run.job === 'intake') {
        void this.intakeNow(run.trigger).catch(() => {});
      } else {
        again = 'not taken up again: its dialogue is gone';
      }
      await runs.updateRun(this.db, run.id, { retry_at: null, reason: `${run.reason}; ${again}` });
    }
    return interrupted;
  }

  /**
   * Captures every dialogue the schedule owes audio: ended (plus the grace period) within the
   * look-back, and without audio matching its span or its latest upload. Failed ones wait out
   * their back-off; after the last retry they wait for a manual capture.
   */
  captureDue(now = Date.now()): Promise<number | null> {
    return this.enqueue('capture-due', async () => {
      const { graceMs, lookbackMs, retries } = this.config.capture;
      const candidates = await captureCandidates(this.db, iso(now - lookbackMs), iso(now - graceMs));
      for (const d of candidates) {
        if (this.stopping.signal.aborted) break;
        const span = captureSpan(d, d, this.config);
        const current =
          d.source === 'upload'
            ? d.latest_upload_id === d.upload_id
            : d.source === 'recordings' && d.coverage === 'full' && d.span_starts_at === iso(span.fromMs) && d.span_ends_at === iso(span.toMs) && !d.latest_upload_id;
        if (current) continue;
        const last = await runs.lastCaptureRun(this.db, d.id);
        let attempt = 1;
        if (last?.outcome === 'failed') {
          if (last.retry_at === null || Date.parse(last.retry_at) > now) continue;
          attempt = runs.isInterruption(last) || last.reason?.startsWith(runs.NO_SPACE) ? last.attempt : last.attempt + 1;
        }
        if (attempt > retries + 1) continue;
        const runId = await runs.insertRun(this.db, { job: 'capture', dialogue_id: d.id, trigger: 'schedule', started_at: nowIso(), outcome: 'queued', attempt });
        const outcome = await this.runCapture(runId, d.id);
        // A dialogue waiting for its recordings is looked at every few minutes: one row says so,
        // kept up to date, instead of a new one each time. A partly covered one whose gaps are
        // still unfilled has nothing new to say at all.
        if (outcome.outcome === 'skipped') {
          const same = last?.outcome === 'skipped' && last.reason === outcome.reason;
          if (same) await runs.updateRun(this.db, last.id, { finished_at: nowIso() });
          if (same || outcome.reason.startsWith('already attached')) await runs.deleteRun(this.db, runId);
        }
      }
      return null;
    });
  }

  private async runCapture(runId: number, dialogueId: string): Promise<JobResult> {
    await runs.updateRun(this.db, runId, { outcome: 'running', started_at: nowIso() });
    const run = (await runs.findRun(this.db, runId))!;
    const started = Date.now();
    let result: JobResult;
    try {
      this.stopping.signal.throwIfAborted();
      const noSpace = await spaceProblem(this.config.mediaDir, this.config.storage.minFreeBytes);
      result = noSpace ? { outcome: 'failed', reason: `${runs.NO_SPACE}${noSpace}` } : await captureDialogue(this.db, this.config, dialogueId, this.stopping.signal);
    } catch (err) {
      // A render that filled the disk is reported as that, not as ffmpeg's last words.
      const noSpace = this.stopping.signal.aborted ? null : await spaceProblem(this.config.mediaDir, this.config.storage.minFreeBytes).catch(() => null);
      if (this.stopping.signal.aborted) {
        result = { outcome: 'failed', reason: runs.INTERRUPTED_BY_STOP };
      } else if (noSpace || (err as NodeJS.ErrnoException).code === 'ENOSPC' || (err instanceof AudioError && /No space left on device/i.test(err.details.stderr ?? ''))) {
        result = { outcome: 'failed', reason: `${runs.NO_SPACE}${noSpace ?? 'the disk filled up during the capture'}`, error: err instanceof AudioError ? err.details.stderr : undefined };
      } else if (err instanceof AudioError) {
        result = { outcome: 'failed', reason: err.message, error: err.details.stderr };
      } else {
        console.error(`capture of dialogue ${dialogueId} failed`, err);
        result = { outcome: 'failed', reason: err instanceof Error ? err.message : String(err) };
      }
    }
    const finished = Date.now();
    jobRuns.inc({ job: 'capture', outcome: result.outcome });
    captureDuration.observe({ outcome: result.outcome }, (finished - started) / 1000);
    let retryAt: string | null = null;
    let reason = 'reason' in result ? result.reason : null;
    if (result.outcome === 'failed') {
      if (runs.isInterruption({ outcome: result.outcome, reason })) retryAt = iso(finished);
      // Not an attempt either: tried again after the base wait until there is room.
      else if (reason?.startsWith(runs.NO_SPACE)) retryAt = iso(finished + Math.max(this.config.capture.retryBaseMs, 60_000));
      else if (run.attempt <= this.config.capture.retries) retryAt = iso(finished + this.config.capture.retryBaseMs * 2 ** (run.attempt - 1));
      else reason = `${reason} (gave up after ${run.attempt} attempts; capture it again by hand)`;
    }
    await runs.updateRun(this.db, runId, {
      outcome: result.outcome,
      reason,
      error: result.outcome === 'failed' ? (result.error ?? null) : null,
      finished_at: iso(finished),
      retry_at: retryAt,
      details: 'details' in result && result.details ? JSON.stringify(result.details) : null,
    });
    // New audio, from a capture or an upload: its words are next (when a model is configured).
    if (result.outcome === 'attached') await this.transcription.request(dialogueId, run.trigger);
    return result;
  }

  /** How many runs wait in the queue and how long the oldest has waited (for /metrics). */
  queueState(now = Date.now()): { length: number; oldestMs: number } {
    const since = [...this.waitingSince.values()];
    return { length: since.length, oldestMs: since.length === 0 ? 0 : now - Math.min(...since) };
  }

  private enqueue(key: string, work: () => Promise<number | null>): Promise<number | null> {
    const existing = this.pending.get(key);
    if (existing) return existing;
    this.waitingSince.set(key, Date.now());
    const job = this.queue
      .then(() => {
        this.waitingSince.delete(key);
        return work();
      })
      .finally(() => {
        this.waitingSince.delete(key);
        this.pending.delete(key);
      });
    this.pending.set(key, job);
    // The queue goes on after a failure; the caller of this job still sees it.
    this.queue = job.catch((err) => {
      if (!this.stopping.signal.aborted) console.error(`job ${key} failed`, err);
    });
    return job;
  }

  /** Stops a render and a transcription in progress (their runs are recorded as interrupted) and waits for both queues. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all([this.queue, this.transcription.stop()]);
  }

  /** Waits until everything queued so far has run (tests, and the end of a scripted run). */
  async idle(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.queue;
      await seen;
    } while (seen !== this.queue);
  }
}
