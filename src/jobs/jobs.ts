// Runs the jobs one at a time and records every run. The schedule (scheduler.ts), uploads and
// "capture now" requests all come through here, so no two runs ever overlap: ffmpeg gets the
// machine's cores to itself, and the same dialogue is never rendered twice at once.
import { AudioError } from '../audio/ffmpeg.ts';
import type { Config } from '../config.ts';
import { type Db, nowIso } from '../db/connection.ts';
import type { JobTrigger } from '../db/schema.ts';
import { Intake } from '../recordings/intake.ts';
import { captureCandidates } from '../recordings/recordings.repository.ts';
import { TranscriptionLane } from '../transcription/transcribe.job.ts';
import type { TranscriptionSetup } from '../transcription/transcription.service.ts';
import { type JobResult, captureDialogue, captureSpan } from './capture.job.ts';
import * as runs from './runs.repository.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export class Jobs {
  private queue: Promise<unknown> = Promise.resolve();
  // Work waiting or running, by key: asking again for the same thing joins it.
  private readonly pending = new Map<string, Promise<number | null>>();
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
  captureNow(dialogueId: string, trigger: JobTrigger): Promise<{ runId: number; done: Promise<unknown> }> {
    const waiting = this.captures.get(dialogueId);
    if (waiting) return waiting;
    const entry = (async () => {
      const runId = await runs.insertRun(this.db, { job: 'capture', dialogue_id: dialogueId, trigger, started_at: nowIso(), outcome: 'queued', attempt: 1 });
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

  /** Takes complete files from media/incoming/; when any arrived, looks for dialogues they complete. */
  intakeNow(): Promise<number | null> {
    return this.enqueue('intake', async () => {
      const started = nowIso();
      const result = await this.intake.run();
      for (const folder of result.unknownFolders) {
        if (this.warnedFolders.has(folder)) continue;
        this.warnedFolders.add(folder);
        console.warn(`media/incoming/${folder}: no station has this slug or recorder id; its files wait there`);
      }
      // A run is recorded only when it did something, not every minute.
      if (result.registered.length === 0 && result.rejected.length === 0) return null;
      const rejected = result.rejected.map((r) => `${r.station}/${r.name}: ${r.code}`).join('; ');
      const runId = await runs.insertRun(this.db, {
        job: 'intake',
        trigger: 'schedule',
        started_at: started,
        finished_at: nowIso(),
        outcome: result.registered.length > 0 ? 'registered' : 'skipped',
        reason: rejected ? `moved aside: ${rejected}` : null,
        attempt: 1,
        details: JSON.stringify(result),
      });
      if (result.registered.length > 0) void this.captureDue();
      return runId;
    });
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
          attempt = last.attempt + 1;
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
    let result: JobResult;
    try {
      this.stopping.signal.throwIfAborted();
      result = await captureDialogue(this.db, this.config, dialogueId, this.stopping.signal);
    } catch (err) {
      if (this.stopping.signal.aborted) {
        result = { outcome: 'failed', reason: 'interrupted: the server was stopping' };
      } else if (err instanceof AudioError) {
        result = { outcome: 'failed', reason: err.message, error: err.details.stderr };
      } else {
        console.error(`capture of dialogue ${dialogueId} failed`, err);
        result = { outcome: 'failed', reason: err instanceof Error ? err.message : String(err) };
      }
    }
    const finished = Date.now();
    let retryAt: string | null = null;
    let reason = 'reason' in result ? result.reason : null;
    if (result.outcome === 'failed') {
      if (reason?.startsWith('interrupted')) retryAt = iso(finished);
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

  private enqueue(key: string, work: () => Promise<number | null>): Promise<number | null> {
    const existing = this.pending.get(key);
    if (existing) return existing;
    const job = this.queue.then(work).finally(() => this.pending.delete(key));
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
