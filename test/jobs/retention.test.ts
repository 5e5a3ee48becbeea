// Recorder files past their station's retention go once no uncaptured dialogue needs them;
// rejected files expire; a station may keep its recordings longer.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeLoggerFile } from '../helpers/audio.ts';
import { type TestApp, booking, createTestApp, seedBasics } from '../helpers/app.ts';

let t: TestApp;
afterEach(() => t?.close());

const DAY = 86_400_000;
/** A logger file name (UTC) for a minute starting `daysAgo` days ago, on the minute. */
const loggerName = (daysAgo: number, minute = 0) => {
  const at = new Date(Math.floor((Date.now() - daysAgo * DAY) / 3_600_000) * 3_600_000 + minute * 60_000);
  return { name: `${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z.mp3`, at };
};

async function setUp(env: Record<string, string> = {}) {
  t = await createTestApp({ SIARAN_INCOMING_QUIET_SEC: '0', SIARAN_CAPTURE_PREROLL_SEC: '0', SIARAN_CAPTURE_POSTROLL_SEC: '0', ...env });
  return seedBasics(t);
}

let dropped = 0;
async function drop(slug: string, name: string) {
  const dir = join(t.dir, 'incoming', slug);
  await mkdir(dir, { recursive: true });
  // Each file sounds different, or intake would turn the second away as a copy.
  await makeLoggerFile({ path: join(dir, name), format: 'mp3', startSec: 40 * (dropped++ % 4), durationSec: 60 });
}

const recordings = () => t.db.selectFrom('recordings').select(['original_name', 'path']).orderBy('starts_at').execute();

describe('retention of recorder files', () => {
  it('removes recordings past 30 days, but keeps one an uncaptured dialogue needs until it is captured', async () => {
    const s = await setUp();
    const old = loggerName(40);
    const needed = loggerName(40, 5);
    const recent = loggerName(2);
    for (const { name } of [old, needed, recent]) await drop(s.station.slug, name);
    await t.jobs.intakeNow();
    expect(await recordings()).toHaveLength(3);
    const paths = Object.fromEntries((await recordings()).map((r) => [r.original_name, join(t.dir, r.path)]));
    // Scheduled, ended 40 days ago, no audio: it still needs its recording.
    const d = await t.create('/api/dialogues', booking(s.station.id, new Date(needed.at.getTime() + 10_000).toISOString(), new Date(needed.at.getTime() + 50_000).toISOString()));
    // A draft over the old file needs nothing.
    await t.create('/api/dialogues', booking(s.station.id, new Date(old.at.getTime() + 10_000).toISOString(), new Date(old.at.getTime() + 20_000).toISOString(), { status: 'draft' }));

    await t.jobs.retentionNow();
    expect((await recordings()).map((r) => r.original_name)).toEqual([needed.name, recent.name]);
    expect(existsSync(paths[old.name]!)).toBe(false);
    expect(existsSync(paths[needed.name]!)).toBe(true);

    await (await t.jobs.captureNow(d.id, 'manual')).done;
    expect((await t.call('GET', `/api/dialogues/${d.id}`, { token: t.coordinator })).json.audio).not.toBeNull();
    await t.jobs.retentionNow();
    expect((await recordings()).map((r) => r.original_name)).toEqual([recent.name]);
    expect(existsSync(paths[needed.name]!)).toBe(false);
    expect(existsSync(paths[recent.name]!)).toBe(true);
  });

  it("keeps a station's recordings for its own retentionDays", async () => {
    const s = await setUp({ SIARAN_RETENTION_DAYS: '10' });
    const patched = await t.call('PATCH', `/api/stations/${s.station.id}`, { token: t.coordinator, body: { retentionDays: 60 } });
    expect(patched.json.retentionDays).toBe(60);
    await drop(s.station.slug, loggerName(40).name);
    await drop(s.other.slug, loggerName(40).name);
    await t.jobs.intakeNow();
    await t.jobs.retentionNow();
    // The other station keeps the default of 10 days.
    expect((await t.db.selectFrom('recordings').select('station_id').execute()).map((r) => r.station_id)).toEqual([s.station.id]);
    expect((await t.call('PATCH', `/api/stations/${s.station.id}`, { token: t.coordinator, body: { retentionDays: 0 } })).status).toBe(400);
  });

  it('keeps everything with SIARAN_RETENTION_DAYS=never', async () => {
    const s = await setUp({ SIARAN_RETENTION_DAYS: 'never' });
    await drop(s.station.slug, loggerName(400).name);
    await t.jobs.intakeNow();
    await t.jobs.retentionNow();
    expect(await recordings()).toHaveLength(1);
  });
});

describe('rejected files', () => {
  it('are removed, file and record, after SIARAN_REJECTED_RETENTION_DAYS', async () => {
    const s = await setUp({ SIARAN_REJECTED_RETENTION_DAYS: '7' });
    const dir = join(t.dir, 'incoming', s.station.slug);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '2021-09-08_09-00-00.mp3'), 'not audio at all');
    await writeFile(join(dir, '2021-09-08_10-00-00.mp3'), 'not audio either');
    await t.jobs.intakeNow();
    const rejected = await t.db.selectFrom('rejected_files').select(['id', 'path', 'original_name']).orderBy('original_name').execute();
    expect(rejected).toHaveLength(2);
    await t.db.updateTable('rejected_files').set({ created_at: new Date(Date.now() - 8 * DAY).toISOString() }).where('id', '=', rejected[0]!.id).execute();
    await t.jobs.retentionNow();
    expect((await t.db.selectFrom('rejected_files').select('original_name').execute()).map((r) => r.original_name)).toEqual(['2021-09-08_10-00-00.mp3']);
    expect(existsSync(join(t.dir, rejected[0]!.path))).toBe(false);
    expect(existsSync(join(t.dir, rejected[1]!.path))).toBe(true);
  });
});
