// Audio in the pages: the console uploads, captures and shows the runs; the speakers' portal
// plays a dialogue that is not public yet through the speaker's own link.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { ffmpegRun } from '../helpers/audio.ts';
import { browser, csrfOf, seedArchive } from './helpers.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;
let aired: { id: string };
beforeAll(async () => {
  t = await createTestApp();
  s = await seedArchive(t);
  aired = await t.create('/api/dialogues', {
    title: 'Dialog yang Sudah Tayang',
    stationId: s.station.id,
    startsAt: '2021-09-15T09:00',
    endsAt: '2021-09-15T10:00',
    participants: [{ speakerId: s.suliwati.id, role: 'speaker' }],
  });
});
afterAll(() => t.close());

const coordinator = () => browser(t, { session: t.coordinator });

async function postFile(url: string, csrf: string, name: string, bytes: Uint8Array<ArrayBuffer>, type: string) {
  const form = new FormData();
  form.set('_csrf', csrf);
  form.set('file', new File([bytes], name, { type }));
  return t.app.request(url, { method: 'POST', body: form, headers: { cookie: `siaran_session=${t.coordinator}`, origin: 'http://localhost', accept: 'text/html' }, redirect: 'manual' });
}

describe('audio in the console', () => {
  it('uploads a recording from the form, then shows the player and the attached run', async () => {
    const page = await coordinator().get(`/console/dialogues/${aired.id}`);
    expect(page.html).toContain('Belum ada audio.');
    expect(page.html).toContain('Belum ada proses.');
    const path = join(t.dir, 'take.mp3');
    await ffmpegRun(['-f', 'lavfi', '-i', 'sine=frequency=300:duration=5', '-c:a', 'libmp3lame', path]);
    // Browsers often send a recording as application/octet-stream: the extension says what it is.
    const res = await postFile(`/console/dialogues/${aired.id}/audio`, csrfOf(page.html), 'take.mp3', new Uint8Array(await readFile(path)), 'application/octet-stream');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/console/dialogues/${aired.id}?done=uploaded`);
    await t.jobs.idle();

    const after = await coordinator().get(`/console/dialogues/${aired.id}?done=uploaded`);
    expect(after.html).toContain('Rekaman tersimpan; audio sedang diproses.');
    expect(after.html).toMatch(/<audio[^>]+id="player"/);
    expect(after.html).toContain('diunggah');
    expect(after.html).toMatch(/unggahan<\/td><td><span class="badge run-attached">terpasang<\/span>/);
  });

  it('labels the download links with their real size: "Opus (15 KB)", not "Opus (1 MB)"', async () => {
    await t.jobs.idle();
    const audio = await t.db.selectFrom('dialogue_audio').select(['opus_bytes', 'mp3_bytes']).where('dialogue_id', '=', aired.id).executeTakeFirstOrThrow();
    const page = await coordinator().get(`/dialog/${aired.id}`);
    expect(audio.opus_bytes).toBeLessThan(1_000_000);
    expect(page.html).toContain(`Opus (${Math.round(audio.opus_bytes / 1000)} KB)`);
    expect(page.html).toContain(`MP3 (${Math.round(audio.mp3_bytes / 1000)} KB)`);
    expect(page.html).not.toContain('(1 MB)');
  });

  it('explains a file that is not audio instead of failing, and stores nothing', async () => {
    const page = await coordinator().get(`/console/dialogues/${aired.id}`);
    const res = await postFile(`/console/dialogues/${aired.id}/audio`, csrfOf(page.html), 'notes.mp3', new TextEncoder().encode('bukan audio '.repeat(40)), 'audio/mpeg');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('bukan rekaman yang dapat dipakai');
    expect(await t.db.selectFrom('audio_uploads').select('id').execute()).toHaveLength(1);
  });

  it('queues a capture by hand and shows why it was skipped', async () => {
    const other = await t.create('/api/dialogues', { title: 'Tanpa Rekaman', stationId: s.station.id, startsAt: '2021-09-16T09:00', endsAt: '2021-09-16T10:00' });
    const page = await coordinator().get(`/console/dialogues/${other.id}`);
    const res = await coordinator().post(`/console/dialogues/${other.id}/capture`, { _csrf: csrfOf(page.html) });
    expect(res.status).toBe(303);
    await t.jobs.idle();
    const after = await coordinator().get(`/console/dialogues/${other.id}?done=capture`);
    expect(after.html).toContain('Pengambilan audio diantrekan.');
    expect(after.html).toContain('dilewati');
    expect(after.html).toContain('tidak ada rekaman untuk Kamis, 16 September 2021, 08.59–10.01 WIB');
    // The English reason, as the jobs wrote it, with ?lang=en.
    expect((await coordinator().get(`/console/dialogues/${other.id}?lang=en`)).html).toContain('no recording covers 2021-09-16 08:59:00–10:01:00 (Asia/Jakarta)');
  });
});

describe('audio in the speakers’ portal', () => {
  it("plays the speaker's own dialogue before it is public, through their link only", async () => {
    const token = await t.speakerToken(s.suliwati.id);
    const page = await browser(t).get(`/s/${token}/dialog/${aired.id}`);
    expect(page.status).toBe(200);
    const sources = [...page.html.matchAll(/<source src="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(sources).toHaveLength(2);
    for (const src of sources) {
      expect(src.startsWith(`/s/${token}/media/dialogues/${aired.id}.`)).toBe(true);
      const res = await t.app.request(src);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, no-cache');
      // The same file without the link is not public.
      expect((await t.app.request(src.replace(`/s/${token}`, ''))).status).toBe(404);
    }
    const stranger = await t.speakerToken(s.elyanie.id);
    expect((await t.app.request(sources[0]!.replace(token, stranger))).status).toBe(404);
  });
});
