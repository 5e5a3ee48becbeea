// Capturing a dialogue's audio from the station's recordings, through the real jobs, real
// ffmpeg and logger files whose content says what instant they recorded (a chirp over station
// time, see test/helpers/audio.ts): the cut is checked by what it sounds like.
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { measureLoudness } from '../../src/audio/ffmpeg.ts';
import { LEASE_LOST, captureDialogue } from '../../src/jobs/capture.job.ts';
import { Lease, claimNext, expireLeases, stillHolds } from '../../src/jobs/queue.ts';
import { INTERRUPTED_BY_KILL, finishRun } from '../../src/jobs/runs.repository.ts';
import { type LoggerFormat, analyseLoggerAudio, makeLoggerFile } from '../helpers/audio.ts';
import { type TestApp, booking, createTestApp, seedBasics } from '../helpers/app.ts';

// Station time τ = 0 is 09:00:00 WIB on 8 September 2021. Each logger "hour" is a minute here.
const LOGGERS = [
  { name: '2021-09-08_09-00-00.mp3', format: 'mp3', startSec: 0 },
  { name: '2021-09-08_09-01-00.wav', format: 'wav', startSec: 60 },
  { name: '2021-09-08_09-02-00.flac', format: 'flac', startSec: 120 },
] as const;
const local = (tau: number) => `2021-09-08T09:${String(Math.floor(tau / 60)).padStart(2, '0')}:${String(tau % 60).padStart(2, '0')}`;

let t: TestApp;
afterEach(() => t?.close());

async function setUp(env: Record<string, string> = {}, loggers: number[] = [0, 1, 2]) {
  t = await createTestApp({
    SIARAN_INCOMING_QUIET_SEC: '0',
    SIARAN_CAPTURE_PREROLL_SEC: '10',
    SIARAN_CAPTURE_POSTROLL_SEC: '10',
    SIARAN_CAPTURE_GRACE_MIN: '0',
    SIARAN_CAPTURE_LOOKBACK_DAYS: '3650',
    SIARAN_JOB_RETRY_BASE_SEC: '0',
    ...env,
  });
  const s = await seedBasics(t);
  for (const i of loggers) await addLogger(s.station.slug, i);
  return s;
}

async function addLogger(slug: string, i: number, file: { name: string; format: LoggerFormat; startSec: number } = LOGGERS[i]!) {
  const dir = join(t.dir, 'incoming', slug);
  await mkdir(dir, { recursive: true });
  await makeLoggerFile({ path: join(dir, file.name), format: file.format, startSec: file.startSec, durationSec: 60 });
}

/** Books a dialogue over station time [fromTau, toTau) seconds; with 10 s margins its span is 10 s wider each side. */
const book = (stationId: string, fromTau: number, toTau: number, extra: Record<string, unknown> = {}) =>
  t.create('/api/dialogues', booking(stationId, local(fromTau), local(toTau), extra));

async function runSchedule() {
  await t.jobs.intakeNow();
  await t.jobs.captureDue();
  await t.jobs.idle();
}

const dialogue = async (id: string) => (await t.call('GET', `/api/dialogues/${id}`, { token: t.coordinator })).json;
const captureRuns = async (id: string) => (await t.call('GET', `/api/jobs?job=capture&dialogue=${id}`, { token: t.coordinator })).json.items;
const audioRow = (id: string) => t.db.selectFrom('dialogue_audio').selectAll().where('dialogue_id', '=', id).executeTakeFirstOrThrow();
const renditionPaths = async (id: string) => {
  const row = await audioRow(id);
  return { opus: join(t.dir, row.opus_path), mp3: join(t.dir, row.mp3_path), peaks: join(t.dir, row.peaks_path) };
};

describe('capturing a dialogue from the recordings', () => {
  it('cuts across a file boundary to within 0.5 s at both ends, normalised, and the dialogue becomes aired', async () => {
    const s = await setUp();
    const d = await book(s.station.id, 40, 80); // span τ 30..90, across the MP3/WAV boundary at 60
    await runSchedule();

    const [run] = await captureRuns(d.id);
    expect(run).toMatchObject({ job: 'capture', trigger: 'schedule', outcome: 'attached', attempt: 1, error: null });
    expect(run.details).toMatchObject({ source: 'recordings', coverage: 'full', missing: [] });
    expect(run.details.recordings).toHaveLength(2);

    const after = await dialogue(d.id);
    expect(after.status).toBe('aired');
    expect(after.audio).toMatchObject({ coverage: 'full', source: 'recordings', missing: [] });
    expect(Math.abs(after.audio.durationMs - 60_000)).toBeLessThan(50);
    expect(after.audio.renditions.map((r: any) => r.format)).toEqual(['opus', 'mp3']);

    const paths = await renditionPaths(d.id);
    for (const format of ['opus', 'mp3'] as const) {
      const heard = await analyseLoggerAudio(paths[format]);
      expect(heard.unreadableWindows, format).toBe(0);
      expect(Math.abs(heard.startSec - 30), format).toBeLessThan(0.5);
      expect(Math.abs(heard.endSec - 90), format).toBeLessThan(0.5);
      // Opus at 24 kb/s blurs the chirp's frequency near 1 kHz by up to ~1 Hz, i.e. 0.1 s of τ.
      expect(heard.maxDeviationSec, format).toBeLessThan(format === 'opus' ? 0.1 : 0.05);
      const loudness = await measureLoudness(paths[format]);
      expect(Math.abs(loudness.integratedLufs - -16), format).toBeLessThanOrEqual(1);
      expect(loudness.truePeakDbtp, format).toBeLessThanOrEqual(-1);
    }
    const history = (await t.call('GET', `/api/dialogues/${d.id}/history`, { token: t.coordinator })).json;
    expect(JSON.stringify(history)).toContain('system:capture');
  });

  it("takes the station's own margins over the defaults", async () => {
    const s = await setUp({}, [0, 1]);
    const patched = await t.call('PATCH', `/api/stations/${s.station.id}`, { token: t.coordinator, body: { prerollSeconds: 0, postrollSeconds: 5 } });
    expect(patched.json).toMatchObject({ prerollSeconds: 0, postrollSeconds: 5 });
    const d = await book(s.station.id, 40, 80);
    await runSchedule();
    const heard = await analyseLoggerAudio((await renditionPaths(d.id)).mp3);
    expect(Math.abs(heard.startSec - 40)).toBeLessThan(0.5);
    expect(Math.abs(heard.endSec - 85)).toBeLessThan(0.5);
  });

  it('never duplicates or re-encodes on a second run, scheduled or by hand', async () => {
    const s = await setUp({}, [0, 1]);
    const d = await book(s.station.id, 40, 80);
    await runSchedule();
    const first = await audioRow(d.id);
    const files = await readdir(join(t.dir, 'dialogues', d.id));

    await runSchedule();
    const manual = await t.call('POST', `/api/dialogues/${d.id}/capture`, { token: t.coordinator });
    expect(manual.status).toBe(202);
    expect(manual.json).toMatchObject({ job: 'capture', dialogueId: d.id, trigger: 'manual' });
    await t.jobs.idle();

    expect(await audioRow(d.id)).toEqual(first);
    expect(await readdir(join(t.dir, 'dialogues', d.id))).toEqual(files);
    expect(files).toHaveLength(3);
    const runs = await captureRuns(d.id);
    expect(runs.map((r: any) => `${r.trigger} ${r.outcome} ${r.reason ?? ''}`.trim())).toEqual(['manual skipped already attached', 'schedule attached']);
  });

  it('plays no moment twice where a studio recording overlaps the logger', async () => {
    const s = await setUp({}, [0, 1]);
    await addLogger(s.station.slug, 0, { name: '2021-09-08_09-00-45.mp3', format: 'mp3', startSec: 45 });
    const d = await book(s.station.id, 40, 80);
    await runSchedule();
    const heard = await analyseLoggerAudio((await renditionPaths(d.id)).mp3);
    expect(Math.abs(heard.startSec - 30)).toBeLessThan(0.5);
    expect(Math.abs(heard.endSec - 90)).toBeLessThan(0.5);
    expect(heard.maxDeviationSec).toBeLessThan(0.05);
    expect(Math.abs(heard.durationSec - 60)).toBeLessThan(0.1);
  });

  it('reports a gap with its missing range and waits, then attaches what there is after the wait, with silence for the gap', async () => {
    // Partial captures are attached at once here: the wait is 0 minutes.
    const s = await setUp({ SIARAN_CAPTURE_PARTIAL_AFTER_MIN: '0' }, [0, 2]);
    const d = await book(s.station.id, 40, 140); // span τ 30..150; the minute τ 60..120 is missing
    await runSchedule();
    const after = await dialogue(d.id);
    expect(after.audio).toMatchObject({ coverage: 'partial', missing: [{ from: '2021-09-08T02:01:00.000Z', to: '2021-09-08T02:02:00.000Z' }] });
    // Silence keeps everything after the gap at its place in time.
    expect(Math.abs(after.audio.durationMs - 120_000)).toBeLessThan(100);
    const [run] = await captureRuns(d.id);
    expect(run.details.coverage).toBe('partial');

    // The missing hour turns up late: the next run completes the audio.
    await addLogger(s.station.slug, 1);
    await runSchedule();
    const completed = await dialogue(d.id);
    expect(completed.audio).toMatchObject({ coverage: 'full', missing: [] });
    const heard = await analyseLoggerAudio((await renditionPaths(d.id)).mp3);
    expect(Math.abs(heard.startSec - 30)).toBeLessThan(0.5);
    expect(Math.abs(heard.endSec - 150)).toBeLessThan(0.5);
    expect(heard.maxDeviationSec).toBeLessThan(0.05);
  });

  it('keeps waiting, in one recorded run, while the wait for a partial capture has not passed', async () => {
    const s = await setUp({ SIARAN_CAPTURE_PARTIAL_AFTER_MIN: 'never' }, [0, 2]);
    const d = await book(s.station.id, 40, 140);
    await runSchedule();
    await runSchedule();
    const runs = await captureRuns(d.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ outcome: 'skipped', details: { missing: [{ from: '2021-09-08T02:01:00.000Z', to: '2021-09-08T02:02:00.000Z' }] } });
    expect(runs[0].reason).toContain('missing 2021-09-08 09:01:00–09:02:00 (Asia/Jakarta)');
    expect((await dialogue(d.id)).audio).toBeNull();
  });

  it('says so when no recording covers the dialogue at all', async () => {
    const s = await setUp({}, []);
    const d = await book(s.station.id, 40, 80);
    await runSchedule();
    const [run] = await captureRuns(d.id);
    expect(run).toMatchObject({ outcome: 'skipped' });
    expect(run.reason).toContain('no recording covers 2021-09-08 09:00:30–09:01:30');
    expect((await dialogue(d.id)).status).toBe('scheduled');
  });

  it('cuts again when a captured dialogue is moved, and removes the old files', async () => {
    const s = await setUp();
    const d = await book(s.station.id, 40, 80);
    await runSchedule();
    const before = await renditionPaths(d.id);

    const moved = await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { startsAt: local(70) } });
    expect(moved.status).toBe(200);
    await runSchedule();
    const after = await renditionPaths(d.id);
    expect(after.mp3).not.toBe(before.mp3);
    for (const old of Object.values(before)) expect(existsSync(old)).toBe(false);
    expect(await readdir(join(t.dir, 'dialogues', d.id))).toHaveLength(3);
    const heard = await analyseLoggerAudio(after.mp3);
    expect(Math.abs(heard.startSec - 60)).toBeLessThan(0.5);
    expect(Math.abs(heard.endSec - 120)).toBeLessThan(0.5);
    expect((await captureRuns(d.id))[0].details.replaced).toBe(before.mp3.match(/([^/]+)\.mp3$/)![1]);
  });

  it('retries a failing capture with back-off up to the limit, then waits for a hand', async () => {
    const s = await setUp({ SIARAN_JOB_RETRIES: '2' }, [0, 1]);
    const d = await book(s.station.id, 40, 80);
    await t.jobs.intakeNow();
    // The WAV hour is damaged on disk after it was registered: ffmpeg cannot read it.
    const wav = await t.db.selectFrom('recordings').select('path').where('original_name', '=', LOGGERS[1].name).executeTakeFirstOrThrow();
    await writeFile(join(t.dir, wav.path), 'RIFF but nothing more');

    for (let i = 0; i < 5; i++) await runSchedule();
    const runs = await captureRuns(d.id);
    expect(runs.map((r: any) => [r.outcome, r.attempt])).toEqual([
      ['failed', 3],
      ['failed', 2],
      ['failed', 1],
    ]);
    expect(runs[2].retryAt).not.toBeNull();
    expect(runs[0].retryAt).toBeNull();
    expect(runs[0].reason).toContain('gave up after 3 attempts');
    expect(runs[0].error).toBeTruthy();
    expect(existsSync(join(t.dir, 'dialogues', d.id)) ? await readdir(join(t.dir, 'dialogues', d.id)) : []).toEqual([]);
    expect((await dialogue(d.id)).audio).toBeNull();

    // Mended by hand, and captured by hand.
    await makeLoggerFile({ path: join(t.dir, wav.path), format: 'wav', startSec: 60, durationSec: 60 });
    await t.call('POST', `/api/dialogues/${d.id}/capture`, { token: t.coordinator });
    await t.jobs.idle();
    expect((await captureRuns(d.id))[0]).toMatchObject({ trigger: 'manual', outcome: 'attached', attempt: 1 });
  });

  it('runs one capture at a time, whoever asks, and joins a repeated request to the waiting one', async () => {
    const s = await setUp({}, [0, 1]);
    const a = await book(s.station.id, 20, 50);
    const b = await book(s.station.id, 60, 90);
    await t.jobs.intakeNow();
    const [first, again, second] = await Promise.all([t.jobs.captureNow(a.id, 'manual'), t.jobs.captureNow(a.id, 'manual'), t.jobs.captureNow(b.id, 'manual')]);
    expect(again.runId).toBe(first.runId);
    await Promise.all([t.jobs.captureDue(), t.jobs.idle()]);
    const runs = (await t.call('GET', '/api/jobs?job=capture', { token: t.coordinator })).json.items.sort((x: any, y: any) => x.startedAt.localeCompare(y.startedAt));
    // The intake queued a capture of what its files complete before the requests by hand;
    // those then found the audio in place. Each dialogue was rendered once.
    expect(runs.filter((r: any) => r.outcome === 'attached').map((r: any) => r.dialogueId).sort()).toEqual([a.id, b.id].sort());
    // Each request is a run of its own dialogue; one the intake's queued capture was waiting
    // for already joins that run (which keeps its trigger), as on PostgreSQL it may.
    expect(runs.find((r: any) => r.id === String(first.runId))?.dialogueId).toBe(a.id);
    expect(runs.find((r: any) => r.id === String(second.runId))?.dialogueId).toBe(b.id);
    for (let i = 1; i < runs.length; i++) expect(runs[i - 1].finishedAt <= runs[i].startedAt, `run ${runs[i].id} overlaps`).toBe(true);
  });

  it('leaves drafts and cancelled dialogues alone, and refuses to capture a cancelled one by hand', async () => {
    const s = await setUp({}, [0, 1]);
    const draft = await book(s.station.id, 20, 40, { status: 'draft' });
    const cancelled = await book(s.station.id, 40, 80);
    await t.call('PATCH', `/api/dialogues/${cancelled.id}`, { token: t.coordinator, body: { status: 'cancelled' } });
    await runSchedule();
    expect(await captureRuns(draft.id)).toEqual([]);
    expect(await captureRuns(cancelled.id)).toEqual([]);
    const refused = await t.call('POST', `/api/dialogues/${cancelled.id}/capture`, { token: t.coordinator });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('dialogue_cancelled');
  });
});

describe('a capture whose lease ran out while it rendered', () => {
  it('records nothing and leaves no file, and the worker that took it over attaches the audio once', async () => {
    const s = await setUp({}, [0]);
    // The recording first: booked after it, the dialogue gets no capture of the intake's own.
    await t.jobs.intakeNow();
    const d = await book(s.station.id, 15, 45);
    // This process's run, as claimed by a worker that then hung past its lease.
    const hung = new Lease(t.db, 60_000);
    await t.db.insertInto('job_runs').values({ job: 'capture', dialogue_id: d.id, trigger: 'schedule', started_at: new Date().toISOString(), outcome: 'queued', attempt: 1 }).execute();
    const run = (await claimNext(t.db, hung, 'capture'))!;
    hung.stop();
    await t.db.updateTable('job_runs').set({ lease_expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', run.id).execute();
    expect(await expireLeases(t.db)).toBe(1);

    // Its render ends after that: the attach finds the run no longer its own.
    const result = await captureDialogue(t.db, t.config, d.id, undefined, (trx) => stillHolds(trx, hung, run.id));
    expect(result).toEqual({ outcome: 'failed', reason: LEASE_LOST });
    expect(await t.db.selectFrom('dialogue_audio').select('dialogue_id').where('dialogue_id', '=', d.id).execute()).toEqual([]);
    expect(await readdir(join(t.dir, 'dialogues', d.id))).toEqual([]);
    // Nor does it write its ending over the run another worker now holds.
    expect(await finishRun(t.db, run.id, hung.owner, { outcome: 'attached' })).toBe(false);
    expect(await t.db.selectFrom('job_runs').select(['outcome', 'reason']).where('id', '=', run.id).executeTakeFirstOrThrow()).toEqual({ outcome: 'failed', reason: INTERRUPTED_BY_KILL });

    // The other worker takes the run up and attaches the audio: one attached run, three files.
    await t.jobs.resumeInterrupted();
    await t.jobs.idle();
    const runs = await captureRuns(d.id);
    expect(runs.filter((r: { outcome: string }) => r.outcome === 'attached')).toHaveLength(1);
    expect(await readdir(join(t.dir, 'dialogues', d.id))).toHaveLength(3);
  });
});
