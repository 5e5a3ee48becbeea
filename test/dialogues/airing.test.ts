// Issue 13, "Audio attached before the broadcast": audio for a dialogue still to come is
// refused unless the programme is prerecorded, nothing airs before it starts, and a
// mistaken airing can be undone with a reason kept in the history.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ffmpegRun } from '../helpers/audio.ts';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
beforeEach(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
});
afterEach(() => t.close());

const patch = (id: string, body: unknown) => t.call('PATCH', `/api/dialogues/${id}`, { token: t.coordinator, body });
/** An hour-long slot starting this many days from now, as instants with an offset. */
function slotInDays(days: number): [string, string] {
  const start = DateTime.now().plus({ days }).startOf('hour');
  return [start.toISO()!, start.plus({ hours: 1 }).toISO()!];
}

async function tone(seconds: number): Promise<Uint8Array> {
  const path = join(t.dir, `tone-${seconds}.mp3`);
  await ffmpegRun(['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k', '-y', path]);
  return new Uint8Array(await readFile(path));
}
const putAudio = async (id: string) =>
  t.call('PUT', `/api/dialogues/${id}/audio`, { token: t.coordinator, rawBody: (await tone(3)) as BodyInit, headers: { 'content-type': 'audio/mpeg' } });

describe('audio before the broadcast', () => {
  it('refuses audio for a dialogue that has not started with 409 not_started, stores nothing and leaves it scheduled', async () => {
    const d = await t.create('/api/dialogues', booking(s.station.id, ...slotInDays(3)));
    const res = await putAudio(d.id);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('not_started');
    expect(res.json.error.message).toMatch(/belum dimulai/);
    expect(await t.db.selectFrom('audio_uploads').selectAll().execute()).toEqual([]);
    await t.jobs.idle();
    expect((await t.call('GET', `/api/dialogues/${d.id}`, { token: t.coordinator })).json).toMatchObject({ status: 'scheduled', audio: null });
  });

  it('takes audio early for a prerecorded programme, which still does not air (nor publish) before it starts', async () => {
    const d = await t.create('/api/dialogues', { ...booking(s.station.id, ...slotInDays(2)), prerecorded: true });
    expect(d.prerecorded).toBe(true);
    const res = await putAudio(d.id);
    expect(res.status).toBe(202);
    await t.jobs.idle();
    const after = (await t.call('GET', `/api/dialogues/${d.id}`, { token: t.coordinator })).json;
    expect(after.audio).not.toBeNull();
    expect(after.status).toBe('scheduled');
    const aired = await patch(d.id, { status: 'aired' });
    expect(aired.status).toBe(409);
    expect(aired.json.error.code).toBe('not_started');
    expect((await patch(d.id, { status: 'published' })).status).toBe(409);
    expect((await t.call('GET', `/api/dialogues/${d.id}`)).status).toBe(404);
  });

  it('lets a coordinator take aired back to scheduled with a reason kept in the history, and then delete it', async () => {
    const d = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'));
    await patch(d.id, { status: 'aired' });
    const noReason = await patch(d.id, { status: 'scheduled' });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.details.fields[0]).toMatchObject({ path: 'note' });
    const undone = await patch(d.id, { status: 'scheduled', note: 'Audio salah dialog' });
    expect(undone.status).toBe(200);
    expect(undone.json.status).toBe('scheduled');
    const history = (await t.call('GET', `/api/dialogues/${d.id}/history`, { token: t.coordinator })).json.items;
    expect(history.at(-1)).toMatchObject({ action: 'status', from: 'aired', to: 'scheduled', note: 'Audio salah dialog' });
    expect((await t.call('DELETE', `/api/dialogues/${d.id}`, { token: t.coordinator })).status).toBe(204);
  });

  it('says "An aired dialogue" in words that agree: the status, not an article glued to it', async () => {
    const d = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'));
    await patch(d.id, { status: 'aired' });
    const en = await t.call('PATCH', `/api/dialogues/${d.id}?lang=en`, { token: t.coordinator, body: { status: 'cancelled' } });
    expect(en.json.error.message).toBe('This dialogue is aired and cannot become cancelled.');
    const id = await patch(d.id, { status: 'cancelled' });
    expect(id.json.error.message).toBe('Dialog yang sudah disiarkan tidak dapat menjadi dibatalkan.');
  });

  it('refuses a transcript for a dialogue still to come without contradicting itself, and names the end in station time', async () => {
    const d = await t.create('/api/dialogues', booking(s.station.id, ...slotInDays(1)));
    const put = (lang: string) =>
      t.call('PUT', `/api/dialogues/${d.id}/transcript?lang=${lang}`, { token: t.coordinator, rawBody: 'WEBVTT\n\n00:00.000 --> 00:01.000\nHalo\n', headers: { 'content-type': 'text/vtt' } });
    const en = await put('en');
    expect(en.status).toBe(409);
    expect(en.json.error.message).not.toMatch(/has not aired \(it is aired/);
    expect(en.json.error.message).toMatch(/has not ended yet \(it ends \w+day, \d+ \w+ \d{4} at \d\d:\d\d WIB\)/);
    const id = await put('id');
    expect(id.json.error.message).toMatch(/belum selesai \(selesai \w+, \d+ \w+ \d{4} pukul \d\d\.\d\d WIB\)/);
    expect(id.json.error.message).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });
});

describe('dates people mistype', () => {
  it('refuses a booking in 1900, and one in 2206', async () => {
    const old = await t.call('POST', '/api/dialogues', { token: t.coordinator, body: booking(s.station.id, '1900-09-08T09:00', '1900-09-08T10:00') });
    expect(old.status).toBe(400);
    expect(old.json.error.details.fields[0].path).toBe('startsAt');
    const far = await t.call('POST', '/api/dialogues', { token: t.coordinator, body: booking(s.station.id, '2206-09-08T09:00', '2206-09-08T10:00') });
    expect(far.status).toBe(400);
  });
});
