// /metrics answers only the operator's token, and says what the jobs did and how full the disk is.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeLoggerFile } from '../helpers/audio.ts';
import { type TestApp, booking, createTestApp, seedBasics } from '../helpers/app.ts';

const TOKEN = 'metrics-token-0123456789';
let t: TestApp;
afterEach(() => t?.close());

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
const sample = (text: string, line: string) => {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
};

describe('GET /metrics', () => {
  it('is absent (404) when SIARAN_METRICS_TOKEN is not set, whoever asks', async () => {
    t = await createTestApp();
    expect((await t.call('GET', '/metrics')).status).toBe(404);
    expect((await t.call('GET', '/metrics', { token: t.admin })).status).toBe(404);
  });

  it('answers 401 without the token or with another one (a coordinator session is not it), 200 with it', async () => {
    t = await createTestApp({ SIARAN_METRICS_TOKEN: TOKEN });
    const none = await t.call('GET', '/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(none.json.error.code).toBe('unauthenticated');
    expect((await t.call('GET', '/metrics', { token: t.admin })).status).toBe(401);
    expect((await t.call('GET', '/metrics', { token: `${TOKEN}x` })).status).toBe(401);
    const ok = await t.call('GET', '/metrics', { token: TOKEN });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(ok.text).toContain('siaran_http_requests_total');
  });

  it('refuses a token shorter than 16 characters at start', async () => {
    await expect(createTestApp({ SIARAN_METRICS_TOKEN: 'short' })).rejects.toThrow(/SIARAN_METRICS_TOKEN: paling sedikit 16 karakter/);
  });

  it('counts job runs by kind and outcome, times captures, and shows the queue, media size and free space', async () => {
    t = await createTestApp({ SIARAN_METRICS_TOKEN: TOKEN, SIARAN_INCOMING_QUIET_SEC: '0', SIARAN_CAPTURE_PREROLL_SEC: '0', SIARAN_CAPTURE_POSTROLL_SEC: '0' });
    const read = async () => (await t.call('GET', '/metrics', { token: TOKEN })).text;
    const before = await read();
    const s = await seedBasics(t);
    const dir = join(t.dir, 'incoming', s.station.slug);
    await mkdir(dir, { recursive: true });
    await makeLoggerFile({ path: join(dir, '2021-09-08_09-00-00.mp3'), format: 'mp3', startSec: 0, durationSec: 60 });
    await t.jobs.intakeNow();
    const d = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00:10', '2021-09-08T09:00:40'));
    const empty = await t.create('/api/dialogues', booking(s.station.id, '2021-09-09T09:00', '2021-09-09T09:30'));
    const first = await t.jobs.captureNow(d.id, 'manual');
    const second = await t.jobs.captureNow(empty.id, 'manual');
    // While the first renders, the second waits in the queue.
    await new Promise((r) => setTimeout(r, 50));
    const during = await read();
    expect(sample(during, 'siaran_job_queue_length')).toBe(1);
    expect(sample(during, 'siaran_job_queue_oldest_seconds')).toBeGreaterThan(0.04);
    await first.done;
    await second.done;

    const after = await read();
    const runs = (line: string) => (sample(after, line) ?? 0) - (sample(before, line) ?? 0);
    expect(runs('siaran_job_runs_total{job="intake",outcome="registered"}')).toBe(1);
    expect(runs('siaran_job_runs_total{job="capture",outcome="attached"}')).toBe(1);
    expect(runs('siaran_job_runs_total{job="capture",outcome="skipped"}')).toBe(1);
    expect(runs('siaran_capture_duration_seconds_count{outcome="attached"}')).toBe(1);
    expect(sample(after, 'siaran_capture_duration_seconds_sum{outcome="attached"}')).toBeGreaterThan(0);

    const recording = await t.db.selectFrom('recordings').select('bytes').executeTakeFirstOrThrow();
    const audio = await t.db.selectFrom('dialogue_audio').select(['opus_bytes', 'mp3_bytes']).executeTakeFirstOrThrow();
    expect(sample(after, 'siaran_media_bytes{kind="recordings"}')).toBe(recording.bytes);
    expect(sample(after, 'siaran_media_bytes{kind="dialogues"}')).toBe(audio.opus_bytes + audio.mp3_bytes);
    expect(sample(after, 'siaran_media_bytes{kind="uploads"}')).toBe(0);
    expect(sample(after, 'siaran_media_free_bytes')).toBeGreaterThan(0);
    expect(sample(after, 'siaran_media_min_free_bytes')).toBe(1024 * 1024 * 1024);
    expect(sample(after, 'siaran_job_queue_length')).toBe(0);
    expect(sample(after, 'siaran_job_queue_oldest_seconds')).toBe(0);
  });
});
