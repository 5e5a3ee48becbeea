// Runs the jobs of this process one at a time and records every run. The schedule
// (scheduler.ts), uploads and "capture now" requests all come through here, so no two runs of
// a process ever overlap: ffmpeg gets the machine's cores to itself.
//
// Captures go through the shared queue (queue.ts): a request queues a job_runs row, and the
// worker processes (SIARAN_JOBS=1, the default, or `npm run worker`) claim rows one at a time,
// so each is run by exactly one process, and the same dialogue is never rendered twice at once.
// An instance with SIARAN_JOBS=0 only queues. With one process, it queues and claims itself.
// Transcriptions are queued and claimed the same way, in a lane of their own
// (transcription/transcribe.job.ts).
//
// Every run is a row of job_runs from the moment it is queued (captures) or begins (intake
// passes), so a run a kill cuts short is still there: once its lease runs out (or at the next
// start on the same host) it is marked interrupted, and resumeInterrupted() runs it again at
// once, whatever its trigger and however old its dialogue (the schedule's look-back does not
// apply). An interruption is not a failed attempt: it does not count toward SIARAN_JOB_RETRIES.
import { AudioError, cleanupTempFiles } from '../audio/ffmpeg.ts';
import { MEDIA_FOLDERS, resolveMediaPath } from '../audio/storage.ts';
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
import { Drain, Lease, expireLeases, stillHolds } from './queue.ts';
import * as runs from './runs.repository.ts';

/** How often a worker looks for queued runs and runs whose lease ran out. */
const POLL_MS = 1000;

const iso = (ms: number) => new Date(ms).toISOString();

export class Jobs {
  private queue: Promise<unknown> = Promise.resolve();
  // Work waiting or running, by key: asking again for the same thing joins it.
  private readonly pending = new Map<string, Promise<number | null>>();
  // Requests of this tick, by dialogue, before their row is written; the row answers after that.
  private readonly captures = new Map<string, Promise<{ runId: number; done: Promise<unknown> }>>();
  // Who waits for which run to end: settled when this process ends it, or when the watch sees
  // another process did.
  private readonly waiters = new Map<number, () => void>();
  private watch: NodeJS.Timeout | null = null;
  private poll: NodeJS.Timeout | null = null;
  // Claims queued captures one at a time, in the serial queue beside intake and retention.
  private readonly captureDrain: Drain;
  /** This process's hold on the runs it works (renewed in the background). */
  readonly lease: Lease;
  /** Whether this process claims and runs queued work (SIARAN_JOBS, or `npm run worker`). */
  readonly works: boolean;
  private readonly stopping = new AbortController();
  private readonly intake: Intake;
  private readonly warnedFolders = new Set<string>();
  /** Transcriptions are claimed in their own lane, so they never hold up a capture. */
  readonly transcription: TranscriptionLane;

  /** Without `transcription` (no model configured), audio is attached and nothing is transcribed. */
  constructor(
    private readonly db: Db,
    private readonly config: Config,
    transcription: TranscriptionSetup | null = null,
  ) {
    this.intake = new Intake(db, config.mediaDir, config.capture);
    this.works = config.capture.scheduled;
    this.lease = new Lease(db, config.capture.leaseMs);
    this.captureDrain = new Drain(
      db,
      this.lease,
      'capture',
      async (run) => {
        try {
          await this.runCapture(run);
        } finally {
          this.settle(run.id);
        }
      },
      () => this.stopping.signal.aborted,
    );
    this.transcription = new TranscriptionLane(db, config, transcription, this.lease, this.works);
  }

  /** Worker processes: looks for queued runs, and runs whose worker died, every second. */
  start(): void {
    if (!this.works || this.poll) return;
    this.poll = setInterval(() => void this.pollOnce().catch((err) => console.error('pemeriksaan antrean tugas gagal', err)), POLL_MS);
    this.work();
    this.transcription.work();
  }

  private async pollOnce(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    await expireLeases(this.db);
    // Also runs that another instance's start-up or stop marked interrupted.
    await this.resumeInterrupted();
    await this.transcription.resumeDue();
    this.work();
    this.transcription.work();
  }

  /**
   * Queues a capture of one dialogue, for the first worker free. Resolves once the run is
   * recorded (as queued) with its id, and `done`, settled when it has run, here or in another
   * process. Asking again while one is waiting or running answers with that one (an upload,
   * only with one waiting).
   */
  captureNow(dialogueId: string, trigger: JobTrigger, attempt = 1): Promise<{ runId: number; done: Promise<unknown> }> {
    const waiting = this.captures.get(dialogueId);
    if (waiting) return waiting;
    const entry = (async () => {
      // A new upload joins only a run still waiting, which reads the newest upload when it
      // starts; one already rendering reads older sources, so the upload's own run follows it.
      const open = await runs.openCaptureRun(this.db, dialogueId, trigger === 'upload' ? ['queued'] : ['queued', 'running']);
      const runId = open?.id ?? (await runs.insertRun(this.db, { job: 'capture', dialogue_id: dialogueId, trigger, started_at: nowIso(), outcome: 'queued', attempt }));
      const done = this.ended(runId);
      this.work();
      return { runId, done };
    })();
    // Set before the first await, so a second request in the same tick finds it.
    this.captures.set(dialogueId, entry);
    void entry.finally(() => this.captures.delete(dialogueId)).catch(() => {});
    return entry;
  }

  /** Claims and runs queued captures until none is left (a worker process's loop). */
  private work(): void {
    if (!this.works) return;
    // enqueue says what went wrong.
    this.captureDrain.kick((loop) =>
      this.enqueue('captures', async () => {
        await loop();
        return null;
      }).then(
        () => undefined,
        () => undefined,
      ),
    );
  }

  /** Settles when the run has ended (or is gone), wherever it ran. */
  private ended(runId: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const before = this.waiters.get(runId);
      this.waiters.set(runId, () => {
        before?.();
        resolve();
      });
      this.watch ??= setInterval(() => void this.checkWaiters().catch(() => {}), POLL_MS);
      this.watch.unref();
    });
  }

  private settle(runId: number): void {
    const resolve = this.waiters.get(runId);
    this.waiters.delete(runId);
    resolve?.();
    if (this.waiters.size === 0 && this.watch) {
      clearInterval(this.watch);
      this.watch = null;
    }
  }

  private async checkWaiters(): Promise<void> {
    const ids = [...this.waiters.keys()];
    if (ids.length === 0) return;
    const open = new Set((await this.db.selectFrom('job_runs').select('id').where('id', 'in', ids).where('outcome', 'in', ['queued', 'running']).execute()).map((r) => r.id));
    for (const id of ids) if (!open.has(id)) this.settle(id);
  }

  /**
   * Takes complete files from media/incoming/; when any arrived, looks for dialogues they
   * complete. The pass is a run from its start, its details updated after each file, so a
   * pass cut short still says what it registered; a pass that found nothing leaves no row.
   */
  intakeNow(trigger: JobTrigger = 'schedule'): Promise<number | null> {
    return this.enqueue('intake', async () => {
      const runId = await runs.insertRun(this.db, { job: 'intake', trigger, started_at: nowIso(), outcome: 'running', attempt: 1, ...this.lease.stamp() });
      // One pass at a time across the cluster (a slow pass can outlast its tick): the oldest
      // live one goes on; a later one leaves no row. Both rows are written before either
      // looks, so of two passes starting together exactly one sees the other.
      if (await runs.earlierLiveRun(this.db, 'intake', runId, nowIso())) {
        await runs.deleteRun(this.db, runId);
        return null;
      }
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
        console.warn(`media/incoming/${folder}: tidak ada stasiun dengan slug atau id perekam ini; berkasnya menunggu di sana`);
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
        console.log(`Retensi: ${result.removedRecordings.length} rekaman (${Math.round(freed / 1048576)} MB) dan ${result.removedRejected.length} berkas tertolak dihapus; ${result.keptForDialogues.length} yang melewati masa simpan tetap disimpan untuk dialog yang belum direkam.`);
      }
      return null;
    });
  }

  /**
   * Queues again, at once, every run that a kill, a stop or a lost lease interrupted
   * (recovery.ts and queue.ts marked them failed with an "interrupted" reason and a retry time):
   * captures of any trigger and any age, and intake passes. Each is taken up by one process
   * only; its old row then says it was taken up again, and by which run.
   */
  async resumeInterrupted(): Promise<JobRun[]> {
    // The transcription lane takes up its own interrupted runs (resumeDue), with its engine.
    const interrupted = (await runs.interruptedRuns(this.db)).filter((run) => run.job !== TRANSCRIBE_JOB);
    const taken: JobRun[] = [];
    for (const run of interrupted) {
      if (!(await runs.takeUp(this.db, run.id))) continue;
      taken.push(run);
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
      await runs.updateRun(this.db, run.id, { reason: `${run.reason}; ${again}` });
    }
    return taken;
  }

  /**
   * Captures every dialogue the schedule owes audio: ended (plus the grace period) within the
   * look-back, and without audio matching its span or its latest upload. Failed ones wait out
   * their back-off; after the last retry they wait for a manual capture. Queues them; the
   * workers run them.
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
        if (current || (await runs.openCaptureRun(this.db, d.id))) continue;
        const last = await runs.lastCaptureRun(this.db, d.id);
        let attempt = 1;
        if (last?.outcome === 'failed') {
          if (last.retry_at === null || Date.parse(last.retry_at) > now) continue;
          attempt = runs.isInterruption(last) || last.reason?.startsWith(runs.NO_SPACE) ? last.attempt : last.attempt + 1;
        }
        if (attempt > retries + 1) continue;
        await runs.insertRun(this.db, { job: 'capture', dialogue_id: d.id, trigger: 'schedule', started_at: nowIso(), outcome: 'queued', attempt });
      }
      this.work();
      return null;
    });
  }

  /** Runs a claimed capture and records how it ended. */
  private async runCapture(run: JobRun): Promise<JobResult> {
    const runId = run.id;
    const dialogueId = run.dialogue_id!;
    const started = Date.now();
    let result: JobResult;
    try {
      this.stopping.signal.throwIfAborted();
      // What a worker that died mid-render left of this dialogue: its run's lease ran out before
      // this one could be queued, so nothing writes these any more (a live render's files are
      // written every moment, far newer than a third of the lease).
      await cleanupTempFiles(resolveMediaPath(this.config.mediaDir, `${MEDIA_FOLDERS.dialogues}/${dialogueId}`), { olderThanMs: this.lease.ms / 3 });
      const noSpace = await spaceProblem(this.config.mediaDir, this.config.storage.minFreeBytes);
      result = noSpace ? { outcome: 'failed', reason: `${runs.NO_SPACE}${noSpace}` } : await captureDialogue(this.db, this.config, dialogueId, this.stopping.signal, (trx) => stillHolds(trx, this.lease, runId));
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
        console.error(`perekaman dialog ${dialogueId} gagal`, err);
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
    const recorded = await runs.finishRun(this.db, runId, this.lease.owner, {
      outcome: result.outcome,
      reason,
      error: result.outcome === 'failed' ? (result.error ?? null) : null,
      finished_at: iso(finished),
      retry_at: retryAt,
      details: 'details' in result && result.details ? JSON.stringify(result.details) : null,
    });
    // The lease ran out meanwhile: the run was marked interrupted and is another worker's now.
    if (!recorded) {
      console.error(`perekaman #${runId} untuk dialog ${dialogueId}: masa pegangnya habis sebelum selesai; worker lain mengambil alih`);
      return result;
    }
    // A dialogue waiting for its recordings is looked at every few minutes: one row says so,
    // kept up to date, instead of a new one each time. A partly covered one whose gaps are
    // still unfilled has nothing new to say at all.
    if (result.outcome === 'skipped' && run.trigger === 'schedule') {
      const last = await runs.lastCaptureRun(this.db, dialogueId, runId);
      const same = last?.outcome === 'skipped' && last.reason === result.reason;
      if (same) await runs.updateRun(this.db, last.id, { finished_at: nowIso() });
      if (same || result.reason.startsWith('already attached')) await runs.deleteRun(this.db, runId);
    }
    // New audio, from a capture or an upload: its words are next (when a model is configured).
    if (result.outcome === 'attached') await this.transcription.request(dialogueId, run.trigger);
    return result;
  }

  /** How many runs wait in the shared queue and how long the oldest has waited (for /metrics). */
  async queueState(now = Date.now()): Promise<{ length: number; oldestMs: number }> {
    const waiting = await runs.waitingRuns(this.db);
    return { length: Number(waiting.n), oldestMs: waiting.oldest ? Math.max(0, now - Date.parse(String(waiting.oldest))) : 0 };
  }

  private enqueue(key: string, work: () => Promise<number | null>): Promise<number | null> {
    const existing = this.pending.get(key);
    if (existing) return existing;
    const job = this.queue.then(work).finally(() => this.pending.delete(key));
    this.pending.set(key, job);
    // The queue goes on after a failure; the caller of this job still sees it.
    this.queue = job.catch((err) => {
      if (!this.stopping.signal.aborted) console.error(`tugas ${key} gagal`, err);
    });
    return job;
  }

  /**
   * Stops a render and a transcription in progress (their runs are recorded as interrupted,
   * for any worker to take up) and waits for both queues. Captures still queued wait for the
   * other workers, or for this process's next start.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.poll) clearInterval(this.poll);
    await Promise.all([this.queue, this.transcription.stop()]);
    this.lease.stop();
    for (const id of [...this.waiters.keys()]) this.settle(id);
  }

  /** Waits until this process has run everything queued so far that it can claim (tests, and the end of a scripted run). */
  async idle(): Promise<void> {
    for (;;) {
      let seen: Promise<unknown>;
      do {
        seen = this.queue;
        await seen;
      } while (seen !== this.queue);
      if (!this.works || this.stopping.signal.aborted || !(await runs.claimable(this.db, 'capture'))) return;
      this.work();
    }
  }
}
