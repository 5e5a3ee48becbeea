// Uploading a dialogue's recording by hand: streamed to disk, checked by ffprobe, processed
// like a capture; refused clearly (413, 415, 404, 409) with nothing left behind.
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ffmpegRun } from '../helpers/audio.ts';
import { type TestApp, booking, createTestApp, seedBasics } from '../helpers/app.ts';

let t: TestApp;
afterEach(() => t?.close());

async function setUp(env: Record<string, string> = {}) {
  t = await createTestApp(env);
  const s = await seedBasics(t);
  const d = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'));
  return { s, d };
}

async function tone(seconds: number, name = 'take.mp3'): Promise<Buffer> {
  const path = join(t.dir, name);
  await ffmpegRun(['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k', path]);
  return readFile(path);
}

const put = (id: string, body: Uint8Array | string, type = 'audio/mpeg', token = t.coordinator, headers: Record<string, string> = {}) =>
  t.call('PUT', `/api/dialogues/${id}/audio`, { token, rawBody: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'content-type': type, ...headers } });

/** Nothing stored: no upload row, no file in uploads/ (temporary or not). */
async function expectNothingStored() {
  expect(await t.db.selectFrom('audio_uploads').selectAll().execute()).toEqual([]);
  const dir = join(t.dir, 'uploads');
  const left = existsSync(dir) ? await readdir(dir, { recursive: true, withFileTypes: true }) : [];
  expect(left.filter((e) => e.isFile()).map((e) => e.name)).toEqual([]);
}

describe('uploading a recording', () => {
  it('answers 202 with the queued run, then attaches normalised renditions and marks the dialogue aired', async () => {
    const { d } = await setUp();
    const res = await put(d.id, await tone(8));
    expect(res.status).toBe(202);
    expect(res.json.upload).toMatchObject({ contentType: 'audio/mpeg', codec: 'mp3' });
    expect(Math.abs(res.json.upload.durationMs - 8000)).toBeLessThan(50);
    expect(res.json.run).toMatchObject({ job: 'capture', trigger: 'upload', dialogueId: d.id });
    await t.jobs.idle();

    const run = (await t.call('GET', `/api/jobs/${res.json.run.id}`, { token: t.coordinator })).json;
    expect(run).toMatchObject({ outcome: 'attached', details: { source: 'upload', coverage: 'full' } });
    const after = (await t.call('GET', `/api/dialogues/${d.id}`, { token: t.coordinator })).json;
    expect(after.status).toBe('aired');
    expect(after.audio.source).toBe('upload');
    expect(Math.abs(after.audio.durationMs - 8000)).toBeLessThan(50);
    const upload = await t.db.selectFrom('audio_uploads').selectAll().executeTakeFirstOrThrow();
    expect(upload.path).toBe(`uploads/${d.id}/${upload.id}.mp3`);
  });

  it('replaces earlier audio with a new upload, and the schedule never overrides an upload', async () => {
    const { d } = await setUp({ SIARAN_CAPTURE_GRACE_MIN: '0', SIARAN_CAPTURE_LOOKBACK_DAYS: '3650' });
    await put(d.id, await tone(4, 'a.mp3'));
    await t.jobs.idle();
    const first = await t.db.selectFrom('dialogue_audio').selectAll().executeTakeFirstOrThrow();
    await put(d.id, await tone(6, 'b.mp3'));
    await t.jobs.idle();
    const second = await t.db.selectFrom('dialogue_audio').selectAll().executeTakeFirstOrThrow();
    expect(second.render_id).not.toBe(first.render_id);
    expect(Math.abs(second.duration_ms - 6000)).toBeLessThan(50);
    expect(existsSync(join(t.dir, first.mp3_path))).toBe(false);

    await t.jobs.captureDue();
    await t.jobs.idle();
    expect((await t.db.selectFrom('dialogue_audio').selectAll().executeTakeFirstOrThrow()).render_id).toBe(second.render_id);
  });

  it('refuses a body that is not labelled as audio with 415, before reading it', async () => {
    const { d } = await setUp();
    const res = await put(d.id, 'hello', 'text/plain');
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe('unsupported_media_type');
    await expectNothingStored();
  });

  it.each([
    ['text posing as MP3', () => Buffer.from('Ini bukan rekaman.\n'.repeat(100)), 'not_audio'],
    ['an empty body', () => Buffer.alloc(0), 'empty'],
  ])('refuses %s with 415 after probing, keeping nothing', async (_name, body, reason) => {
    const { d } = await setUp();
    const res = await put(d.id, body());
    expect(res.status).toBe(415);
    expect(res.json.error.details.reason).toBe(reason);
    expect(res.json.error.message).not.toContain(t.dir);
    await expectNothingStored();
  });

  it('refuses a truncated MP3 with 415', async () => {
    const { d } = await setUp();
    const whole = await tone(20);
    const res = await put(d.id, whole.subarray(0, whole.length / 2));
    expect(res.status).toBe(415);
    expect(res.json.error.details.reason).toBe('corrupt');
    await expectNothingStored();
  });

  it('refuses with 413 what is larger than the limit, by its declared length or while streaming', async () => {
    const { d } = await setUp({ SIARAN_UPLOAD_LIMIT_MB: '1' });
    const big = Buffer.alloc(1024 * 1024 + 10, 0xff);
    const declared = await put(d.id, big);
    expect(declared.status).toBe(413);
    expect(declared.json.error.code).toBe('payload_too_large');

    // No content-length: chunks arrive until the limit is passed.
    const chunks = [big.subarray(0, 600_000), big.subarray(600_000)];
    const stream = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const res = await t.app.request(`/api/dialogues/${d.id}/audio`, {
      method: 'PUT',
      body: stream,
      headers: { authorization: `Bearer ${t.coordinator}`, 'content-type': 'audio/mpeg' },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    await expectNothingStored();
  });

  it('answers 404 for an unknown dialogue, 409 for a cancelled one, and 403 to a speaker', async () => {
    const { s, d } = await setUp();
    const body = await tone(2);
    expect((await put('no-such-dialogue', body)).status).toBe(404);
    const speaker = await t.speakerToken(s.suliwati.id);
    expect((await put(d.id, body, 'audio/mpeg', speaker)).status).toBe(403);
    await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { status: 'cancelled' } });
    const cancelled = await put(d.id, body);
    expect(cancelled.status).toBe(409);
    expect(cancelled.json.error.code).toBe('dialogue_cancelled');
    await expectNothingStored();
  });
});
