// Recorder files arriving in media/incoming/<station>/: taken once complete, probed, hashed
// and registered, or moved aside with their reason, one bad file never stopping the others.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ffmpegRun, makeLoggerFile } from '../helpers/audio.ts';
import { type TestApp, createTestApp, seedBasics } from '../helpers/app.ts';

let t: TestApp;
let station: { id: string; slug: string };
let incoming: string;

beforeEach(async () => {
  t = await createTestApp({ SIARAN_INCOMING_QUIET_SEC: '30' });
  station = (await seedBasics(t)).station;
  incoming = join(t.dir, 'incoming', station.slug);
  await mkdir(incoming, { recursive: true });
});
afterEach(() => t.close());

/** Makes a file look finished: last written a minute ago, past the 30 s quiet time. */
const settle = (path: string) => utimes(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

async function logger(name: string, startSec = 0, durationSec = 5, dir = incoming) {
  const path = await makeLoggerFile({ path: join(dir, name), format: name.endsWith('.wav') ? 'wav' : 'mp3', startSec, durationSec });
  await settle(path);
  return path;
}

const recordings = () => t.db.selectFrom('recordings').selectAll().orderBy('starts_at').execute();
const rejected = () => t.db.selectFrom('rejected_files').selectAll().orderBy('original_name').execute();
const runs = async () => (await t.call('GET', '/api/jobs?job=intake', { token: t.coordinator })).json.items;

describe('taking recorder files', () => {
  it('registers complete files with their start, length, format and hash, and files them under recordings/', async () => {
    await logger('2021-09-08_09-00-00.mp3', 0, 5);
    await logger('20210908-090005.wav', 5, 5);
    await t.jobs.intakeNow();

    const rows = await recordings();
    expect(rows.map((r) => [r.original_name, r.starts_at, r.start_source, r.codec, r.channels])).toEqual([
      ['2021-09-08_09-00-00.mp3', '2021-09-08T02:00:00.000Z', 'filename', 'mp3', 2],
      ['20210908-090005.wav', '2021-09-08T02:00:05.000Z', 'filename', 'pcm_s16le', 2],
    ]);
    for (const r of rows) {
      expect(Math.abs(r.duration_ms - 5000)).toBeLessThan(60);
      expect(Date.parse(r.ends_at) - Date.parse(r.starts_at)).toBe(r.duration_ms);
      expect(r.path).toBe(`recordings/${station.id}/2021-09/${r.original_name}`);
      const bytes = await readFile(join(t.dir, r.path));
      expect(r.bytes).toBe(bytes.length);
      expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(await readdir(incoming)).toEqual([]);
    const [run] = await runs();
    expect(run).toMatchObject({ job: 'intake', outcome: 'registered', reason: null });
    expect(run.details.registered).toHaveLength(2);
  });

  it('waits for a file still being written, and takes one renamed from .part at once', async () => {
    const fresh = await makeLoggerFile({ path: join(incoming, '2021-09-08_09-00-00.mp3'), format: 'mp3', startSec: 10, durationSec: 2 });
    const partial = join(incoming, '2021-09-08_10-00-00.mp3.part');
    await rename(await makeLoggerFile({ path: join(t.dir, 'writing.mp3'), format: 'mp3', startSec: 0, durationSec: 2 }), partial);
    await t.jobs.intakeNow();
    expect(await recordings()).toEqual([]);
    expect(await runs()).toEqual([]); // nothing happened, nothing recorded

    await rename(partial, partial.replace(/\.part$/, ''));
    await t.jobs.intakeNow();
    expect((await recordings()).map((r) => r.original_name)).toEqual(['2021-09-08_10-00-00.mp3']);

    await settle(fresh);
    await t.jobs.intakeNow();
    expect((await recordings()).map((r) => r.original_name)).toEqual(['2021-09-08_09-00-00.mp3', '2021-09-08_10-00-00.mp3']);
  });

  it('moves aside text posing as audio, an empty file, a truncated MP3 and a nameless one, and still takes the good one', async () => {
    await writeFile(join(incoming, '2021-09-08_08-00-00.mp3'), 'Ini bukan rekaman, hanya teks.\n'.repeat(50));
    await writeFile(join(incoming, '2021-09-08_09-00-00.mp3'), '');
    const whole = await makeLoggerFile({ path: join(t.dir, 'whole.mp3'), format: 'mp3', startSec: 0, durationSec: 20 });
    const bytes = await readFile(whole);
    await writeFile(join(incoming, '2021-09-08_10-00-00.mp3'), bytes.subarray(0, bytes.length / 2));
    await logger('studio-take-2.mp3');
    await logger('2021-09-08_11-00-00.mp3');
    for (const name of await readdir(incoming)) await settle(join(incoming, name));
    await t.jobs.intakeNow();

    expect((await recordings()).map((r) => r.original_name)).toEqual(['2021-09-08_11-00-00.mp3']);
    expect((await rejected()).map((r) => [r.original_name, r.code])).toEqual([
      ['2021-09-08_08-00-00.mp3', 'not_audio'],
      ['2021-09-08_09-00-00.mp3', 'empty'],
      ['2021-09-08_10-00-00.mp3', 'corrupt'],
      ['studio-take-2.mp3', 'no_start_time'],
    ]);
    for (const r of await rejected()) {
      expect(r.path).toBe(`rejected/${station.slug}/${r.original_name}`);
      expect(existsSync(join(t.dir, r.path))).toBe(true);
      expect(r.message.length).toBeGreaterThan(10);
    }
    expect(await readdir(incoming)).toEqual([]);
    const [run] = await runs();
    expect(run.outcome).toBe('registered');
    expect(run.reason).toContain('2021-09-08_10-00-00.mp3: corrupt');
  });

  it('turns away a second copy of a registered recording', async () => {
    const first = await logger('2021-09-08_09-00-00.mp3');
    const copy = await readFile(join(incoming, '2021-09-08_09-00-00.mp3'));
    await t.jobs.intakeNow();
    await writeFile(first.replace('09-00-00', '09-00-00-copy'), copy);
    await settle(first.replace('09-00-00', '09-00-00-copy'));
    await t.jobs.intakeNow();
    expect(await recordings()).toHaveLength(1);
    expect((await rejected()).map((r) => r.code)).toEqual(['duplicate']);
  });

  it('reads the start from the file when its name has none', async () => {
    const path = join(incoming, 'studio.m4a');
    await ffmpegRun(['-f', 'lavfi', '-i', 'sine=d=2', '-c:a', 'aac', '-metadata', 'creation_time=2021-09-08T02:00:00Z', path]);
    await settle(path);
    await t.jobs.intakeNow();
    expect((await recordings()).map((r) => [r.starts_at, r.start_source])).toEqual([['2021-09-08T02:00:00.000Z', 'metadata']]);
  });

  it("knows a station's folder by its recorder id too, and leaves folders of no station alone", async () => {
    await t.call('PATCH', `/api/stations/${station.id}`, { token: t.coordinator, body: { recorderId: 'pky-logger-1' } });
    const byRecorder = join(t.dir, 'incoming', 'pky-logger-1');
    const unknown = join(t.dir, 'incoming', 'nobody');
    await mkdir(byRecorder, { recursive: true });
    await mkdir(unknown, { recursive: true });
    await logger('2021-09-08_09-00-00.mp3', 0, 2, byRecorder);
    await logger('2021-09-08_10-00-00.mp3', 0, 2, unknown);
    await t.jobs.intakeNow();
    expect((await recordings()).map((r) => r.station_id)).toEqual([station.id]);
    expect(await readdir(unknown)).toEqual(['2021-09-08_10-00-00.mp3']);
  });
});
