// A small published archive for the page tests: one dialogue with a timed transcript and
// people with contact details, one booked in the future, through the real API.
import fs from 'node:fs';
import path from 'node:path';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { ffmpegRun, makeTempDir } from '../helpers/audio.ts';
import { waitFor } from '../helpers/server.ts';

export const TRANSCRIPT_VTT = `WEBVTT

00:00:01.000 --> 00:00:09.000
<v Rahmat>Selamat pagi, pendengar RRI Palangka Raya.

00:00:09.000 --> 00:00:20.000
<v Suliwati>KIM membantu menyebarluaskan informasi kepada masyarakat desa.

00:01:15.000 --> 00:01:31.500
<v Elyanie>Kami juga melawan hoaks tentang covid-19 bersama warga.
`;

export async function seedArchive(t: TestApp) {
  const s = await seedBasics(t);
  const people = [
    { speakerId: s.suliwati.id, role: 'speaker' },
    { speakerId: s.elyanie.id, role: 'speaker' },
    { speakerId: s.host.id, role: 'host' },
  ];
  const published = await t.create('/api/dialogues', {
    ...booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'),
    title: 'Peran KIM Daerah Sebagai Mitra Kerja Diseminasi Informasi',
    programId: s.program.id,
    participants: people,
    topics: ['kim', 'hoaks'],
  });
  for (const status of ['aired', 'published']) {
    const res = await t.call('PATCH', `/api/dialogues/${published.id}`, { token: t.coordinator, body: { status } });
    if (res.status !== 200) throw new Error(res.text);
  }
  const put = await t.call('PUT', `/api/dialogues/${published.id}/transcript`, {
    token: t.coordinator,
    rawBody: TRANSCRIPT_VTT,
    headers: { 'content-type': 'text/vtt' },
  });
  if (put.status !== 200 && put.status !== 201) throw new Error(put.text);
  const upcoming = await t.create('/api/dialogues', {
    ...booking(s.station.id, '2031-09-10T09:00', '2031-09-10T10:00'),
    title: 'Rencana Rahasia yang Belum Tayang',
    participants: [{ speakerId: s.suliwati.id, role: 'speaker' }],
  });
  return { ...s, published, upcoming };
}

/** A browser's request: the session cookie, our own origin, a form body. */
export function browser(t: TestApp, opts: { session?: string; cookie?: string } = {}) {
  const cookies = [opts.session ? `siaran_session=${opts.session}` : null, opts.cookie ?? null].filter(Boolean).join('; ');
  const headers = (extra: Record<string, string> = {}) => ({ accept: 'text/html', ...(cookies ? { cookie: cookies } : {}), ...extra });
  return {
    get: async (url: string) => {
      const res = await t.app.request(url, { headers: headers() });
      return { status: res.status, html: await res.text(), headers: res.headers };
    },
    post: async (url: string, form: Record<string, string | string[]>, extra: Record<string, string> = { origin: 'http://localhost' }) => {
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
      const res = await t.app.request(url, {
        method: 'POST',
        headers: headers({ 'content-type': 'application/x-www-form-urlencoded', ...extra }),
        body,
        redirect: 'manual',
      });
      return { status: res.status, html: await res.text(), headers: res.headers };
    },
  };
}

/** The hidden cross-site token of the first form on a page. */
export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/**
 * Gives a dialogue real audio: a generated tone of `seconds`, uploaded as a coordinator
 * would (PUT /api/dialogues/{id}/audio), then waits until the dialogue lists its renditions.
 */
export async function attachAudio(t: TestApp, dialogueId: string, seconds: number): Promise<void> {
  const { dir, remove } = await makeTempDir('siaran-pages-audio-');
  try {
    const file = path.join(dir, 'dialog.mp3');
    await ffmpegRun(['-f', 'lavfi', '-i', `sine=frequency=330:sample_rate=44100:duration=${seconds}`, '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '32k', file]);
    const res = await t.call('PUT', `/api/dialogues/${dialogueId}/audio`, {
      token: t.coordinator,
      rawBody: fs.readFileSync(file),
      headers: { 'content-type': 'audio/mpeg' },
    });
    if (res.status >= 300) throw new Error(`audio upload: ${res.status} ${res.text}`);
    await waitFor(async () => (await t.call('GET', `/api/dialogues/${dialogueId}`, { token: t.coordinator })).json.audio !== null, 90_000);
  } finally {
    await remove();
  }
}
