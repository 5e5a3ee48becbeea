// On a real small file system (a 24 MB tmpfs holding the whole media folder and the database):
// a disk that fills during a capture leaves no half file and loses no recording, and below
// SIARAN_MIN_FREE_MB intake and capture stop with a clear job error and /healthz says degraded.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeLoggerFile } from '../helpers/audio.ts';
import { type TestApp, booking, createTestApp, seedBasics } from '../helpers/app.ts';

const root = mkdtempSync(join(os.tmpdir(), 'siaran-smallfs-'));
let unmountable: string | null = null;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', root], { stdio: 'pipe' });
} catch (err) {
  unmountable = `cannot mount a tmpfs at ${root} (${(err as Error).message.split('\n')[0]}): the small-disk tests need root`;
  console.warn(`SKIPPED: ${unmountable}`);
}
afterAll(() => {
  if (!unmountable) execFileSync('umount', [root]);
  rmSync(root, { recursive: true, force: true });
});

let t: TestApp;
const filler = join(root, 'filler');
afterEach(async () => {
  await t?.close();
  rmSync(filler, { force: true });
});

const free = () => {
  const fs = statfsSync(root);
  return fs.bavail * fs.bsize;
};
/** Fills the file system until only `leaveBytes` are free. */
const fillLeaving = (leaveBytes: number) => writeFileSync(filler, Buffer.alloc(Math.max(0, free() - leaveBytes)));

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function setUp(env: Record<string, string>) {
  const media = join(root, `media-${Math.random().toString(36).slice(2)}`);
  mkdirSync(media);
  t = await createTestApp({ SIARAN_MEDIA_DIR: media, SIARAN_INCOMING_QUIET_SEC: '0', SIARAN_CAPTURE_PREROLL_SEC: '0', SIARAN_CAPTURE_POSTROLL_SEC: '0', ...env });
  const s = await seedBasics(t);
  const incoming = join(media, 'incoming', s.station.slug);
  mkdirSync(incoming, { recursive: true });
  return { s, media, incoming };
}

const runsOf = async (query: string) => (await t.call('GET', `/api/jobs?${query}`, { token: t.coordinator })).json.items;

describe.skipIf(unmountable !== null)('a small disk', () => {
  it('filling up during a capture: no half file, no lost recording, a clear error, and the capture succeeds once there is room', async () => {
    const { s, media, incoming } = await setUp({ SIARAN_MIN_FREE_MB: '0' });
    await makeLoggerFile({ path: join(incoming, '2021-09-08_09-00-00.mp3'), format: 'mp3', startSec: 0, durationSec: 90 });
    await makeLoggerFile({ path: join(incoming, '2021-09-08_09-01-30.mp3'), format: 'mp3', startSec: 90, durationSec: 90 });
    await t.jobs.intakeNow();
    const recordings = await t.db.selectFrom('recordings').select(['path', 'sha256', 'bytes']).execute();
    expect(recordings).toHaveLength(2);
    const d = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00:00', '2021-09-08T09:03:00'));

    // Three minutes make about 0.5 MB of Opus and 1.4 MB of MP3: 400 KB of room is not enough.
    fillLeaving(400 * 1024);
    await (await t.jobs.captureNow(d.id, 'manual')).done;

    const [run] = await runsOf(`dialogue=${d.id}`);
    expect(run).toMatchObject({ outcome: 'failed', attempt: 1 });
    expect(run.reason).toMatch(/^no space: /);
    expect(run.retryAt).not.toBeNull();
    const dir = join(media, 'dialogues', d.id);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    expect(await t.db.selectFrom('dialogue_audio').selectAll().execute()).toEqual([]);
    for (const r of recordings) expect(sha(join(media, r.path))).toBe(r.sha256);

    rmSync(filler);
    await (await t.jobs.captureNow(d.id, 'manual')).done;
    const [again] = await runsOf(`dialogue=${d.id}`);
    expect(again).toMatchObject({ outcome: 'attached' });
    const audio = (await t.call('GET', `/api/dialogues/${d.id}`, { token: t.coordinator })).json.audio;
    expect(Math.abs(audio.durationMs - 180_000)).toBeLessThan(500);
  }, 180_000);

  it('below SIARAN_MIN_FREE_MB: intake and capture stop with a clear error, /healthz is degraded, /metrics shows it; with room again all resumes', async () => {
    const { s, incoming } = await setUp({ SIARAN_MIN_FREE_MB: '10', SIARAN_METRICS_TOKEN: 'metrics-token-0123456789' });
    expect((await t.call('GET', '/healthz')).json).toEqual({ status: 'ok' });
    await makeLoggerFile({ path: join(incoming, '2021-09-08_09-00-00.mp3'), format: 'mp3', startSec: 0, durationSec: 60 });
    const d = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00:10', '2021-09-08T09:00:50'));

    fillLeaving(6 * 1024 * 1024);
    await t.jobs.intakeNow();
    await t.jobs.intakeNow();
    const intake = await runsOf('job=intake');
    // One row, kept current, however many passes find the disk low.
    expect(intake).toHaveLength(1);
    expect(intake[0].outcome).toBe('failed');
    expect(intake[0].reason).toMatch(/^no space: only \d MB free in the media folder, below SIARAN_MIN_FREE_MB \(10 MB\); the files wait in incoming\/$/);
    expect(readdirSync(incoming)).toEqual(['2021-09-08_09-00-00.mp3']);
    expect(await t.db.selectFrom('recordings').selectAll().execute()).toEqual([]);

    await (await t.jobs.captureNow(d.id, 'manual')).done;
    const [capture] = await runsOf(`job=capture&dialogue=${d.id}`);
    expect(capture).toMatchObject({ outcome: 'failed', attempt: 1, error: null });
    expect(capture.reason).toMatch(/^no space: only \d MB free/);

    const health = await t.call('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.json.status).toBe('degraded');
    expect(health.json.reasons[0]).toMatch(/below SIARAN_MIN_FREE_MB \(10 MB\): intake and capture are stopped$/);
    const metrics = (await t.call('GET', '/metrics', { token: 'metrics-token-0123456789' })).text;
    const value = (name: string) => Number(metrics.split('\n').find((l) => l.startsWith(`${name} `))!.split(' ')[1]);
    expect(value('siaran_media_free_bytes')).toBeLessThan(value('siaran_media_min_free_bytes'));
    expect(value('siaran_media_filesystem_bytes')).toBe(24 * 1024 * 1024);

    rmSync(filler);
    expect((await t.call('GET', '/healthz')).json).toEqual({ status: 'ok' });
    await t.jobs.intakeNow();
    await t.jobs.idle();
    expect((await runsOf('job=intake'))[0].outcome).toBe('registered');
    await (await t.jobs.captureNow(d.id, 'manual')).done;
    expect((await runsOf(`job=capture&dialogue=${d.id}`))[0].outcome).toBe('attached');
  }, 180_000);
});
