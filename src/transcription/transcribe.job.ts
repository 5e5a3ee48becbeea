// The transcription lane: transcriptions go through the shared queue (src/jobs/queue.ts), as
// captures do, in a lane of their own beside the captures', so an hour of Whisper never holds
// up a capture, an intake or an upload.
//
// - A request (a coordinator's, through any instance's API; a capture or upload that attached
//   audio; resumeDue) records a queued, unowned job_runs row (job "transcribe"). A web-only
//   instance (SIARAN_JOBS=0) only records it, and never runs the engine.
// - Each process that works jobs and has a model configured claims such rows one at a time
//   (claimNext), so two transcriptions never share one machine's cores, and never two of one
//   dialogue at once across the cluster. The claim's lease is renewed while the engine runs;
//   the engine itself runs in a niced child process (src/asr/).
// - Progress (0–100) is written at most once a second.
// - A request for a dialogue whose run still waits joins that run (it reads the newest audio
//   when it is claimed); one whose run is already under way queues another, since the audio
//   it reads may be the old one. A coordinator's request ("manual") upgrades a waiting
//   automatic one, because manual runs may put a draft on top of people's versions
//   (transcription.service.ts says when).
// - Stopping (SIGTERM) aborts the engine and records the run as interrupted, due again at once;
//   a run whose worker died is marked so when its lease runs out (expireLeases). resumeDue(),
//   called at start-up and by every worker's poll, takes both up again, each once across the
//   cluster, and retries failed runs with the captures' back-off (SIARAN_JOB_RETRIES,
//   SIARAN_JOB_RETRY_BASE_SEC). An interruption does not count as an attempt.
import type { Config } from '../config.ts';
import { type Db, nowIso } from '../db/connection.ts';
import type { JobRun, JobTrigger } from '../db/schema.ts';
import type { JobResult } from '../jobs/capture.job.ts';
import { Drain, type Lease } from '../jobs/queue.ts';
import * as runs from '../jobs/runs.repository.ts';
import { type TranscriptionSetup, transcribeDialogue } from './transcription.service.ts';

export const TRANSCRIBE_JOB = 'transcribe';
const INTERRUPTED = 'interrupted';
const PROGRESS_EVERY_MS = 1000;

export class TranscriptionLane {
  private readonly drain: Drain;
  // Requests of this process for one dialogue, one after the other, so each sees the row the
  // one before it wrote.
  private readonly requesting = new Map<string, Promise<number | null>>();
  private readonly stopping = new AbortController();
  /** Whether this process runs the engine: it works jobs and has a model. */
  private readonly runsEngine: boolean;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    readonly setup: TranscriptionSetup | null,
    private readonly lease: Lease,
    worksJobs: boolean,
  ) {
    this.runsEngine = worksJobs && setup !== null;
    this.drain = new Drain(db, lease, TRANSCRIBE_JOB, (run) => this.run(run), () => this.stopping.signal.aborted);
  }

  get enabled(): boolean {
    return this.setup !== null;
  }

  /**
   * Queues a transcription of the dialogue for the first worker free, or joins the one still
   * waiting; resolves with its run's id once the row is written. Null when transcription is
   * off (no model) or this process is stopping.
   */
  request(dialogueId: string, trigger: JobTrigger, attempt = 1): Promise<number | null> {
    if (!this.setup || this.stopping.signal.aborted) return Promise.resolve(null);
    const before = this.requesting.get(dialogueId) ?? Promise.resolve(null);
    const mine = before.catch(() => null).then(() => this.queue(dialogueId, trigger, attempt));
    this.requesting.set(dialogueId, mine);
    void mine.finally(() => this.requesting.get(dialogueId) === mine && this.requesting.delete(dialogueId)).catch(() => {});
    return mine;
  }

  private async queue(dialogueId: string, trigger: JobTrigger, attempt: number): Promise<number> {
    const waiting = await runs.waitingRun(this.db, TRANSCRIBE_JOB, dialogueId);
    if (waiting && (trigger !== 'manual' || waiting.trigger === 'manual' || (await runs.makeManualWhileWaiting(this.db, waiting.id)))) return waiting.id;
    const runId = await runs.insertRun(this.db, { job: TRANSCRIBE_JOB, dialogue_id: dialogueId, trigger, started_at: nowIso(), outcome: 'queued', attempt, progress: 0 });
    this.work();
    return runId;
  }

  /** Takes up interrupted runs and failed ones whose back-off is over, each in one process only. */
  async resumeDue(now = Date.now()): Promise<number> {
    if (!this.setup) return 0;
    let queued = 0;
    for (const run of await runs.dueRetries(this.db, TRANSCRIBE_JOB, new Date(now).toISOString())) {
      if (this.stopping.signal.aborted) break;
      const attempt = run.reason?.startsWith(INTERRUPTED) ? run.attempt : run.attempt + 1;
      if (attempt > this.config.capture.retries + 1) continue;
      if (!(await runs.takeUp(this.db, run.id))) continue;
      if (await this.request(run.dialogue_id!, run.trigger, attempt)) queued++;
    }
    return queued;
  }

  /** Claims and runs queued transcriptions, one at a time, until none is left (workers only). */
  work(): void {
    if (!this.runsEngine) return;
    this.drain.kick((loop) =>
      loop().catch((err) => {
        if (!this.stopping.signal.aborted) console.error('jalur transkripsi gagal', err);
      }),
    );
  }

  /** Runs a claimed transcription and records how it ended. */
  private async run(run: JobRun): Promise<void> {
    const signal = this.stopping.signal;
    const runId = run.id;
    const dialogueId = run.dialogue_id!;
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
      result = await transcribeDialogue(this.db, this.config, this.setup!, dialogueId, { manual: run.trigger === 'manual', signal, onProgress });
    } catch (err) {
      if (signal.aborted) result = { outcome: 'failed', reason: `${INTERRUPTED}: the server was stopping` };
      else {
        console.error(`transkripsi dialog ${dialogueId} gagal`, err);
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
    // A run whose lease ran out meanwhile is another worker's now: its ending is theirs to write.
    await runs.finishRun(this.db, runId, this.lease.owner, {
      outcome: result.outcome,
      reason,
      error: result.outcome === 'failed' ? (result.error ?? null) : null,
      finished_at: new Date(finished).toISOString(),
      retry_at: retryAt,
      progress: result.outcome === 'attached' ? 100 : lastPercent,
      details: 'details' in result && result.details ? JSON.stringify(result.details) : null,
    });
  }

  /** Stops the engine mid-run (recorded as interrupted, due again at once for any worker) and waits. */
  async stop(): Promise<void> {
    this.stopping.abort();
    while (this.drain.current) await this.drain.current;
  }

  /** Waits until this process has run every transcription queued so far that it can claim (tests). */
  async idle(): Promise<void> {
    for (;;) {
      while (this.drain.current) await this.drain.current;
      if (!this.runsEngine || this.stopping.signal.aborted || !(await runs.claimable(this.db, TRANSCRIBE_JOB))) return;
      this.work();
    }
  }
}
