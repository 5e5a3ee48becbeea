import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { type Basics, FILES, MEDIA_TYPES, airedDialogue, expectedSegments, transcriptTables, upload } from './helpers.ts';

let t: TestApp;
let s: Basics;
beforeEach(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
});
afterEach(() => t.close());

const formats = ['vtt', 'srt', 'json', 'txt'] as const;
const read = (id: string, query = '', token?: string) => t.call('GET', `/api/dialogues/${id}/transcript${query}`, { token });
const withoutIds = (segments: any[]) => segments.map(({ id, cueId, ...rest }) => rest);

describe('importing a transcript', () => {
  it.each(formats)('reads %s into segments attributed to the participants', async (format) => {
    const d = await airedDialogue(t, s);
    const res = await upload(t, d.id, FILES[format], MEDIA_TYPES[format]);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ dialogueId: d.id, version: { version: 1, source: 'import', format, segments: 4, language: 'id' } });
    const transcript = await read(d.id);
    expect(transcript.status).toBe(200);
    expect(withoutIds(transcript.json.segments)).toEqual(expectedSegments(s, format !== 'txt'));
  });

  it('matches labels to participants regardless of case and accents, and lists the labels it could not match', async () => {
    const d = await airedDialogue(t, s);
    const res = await upload(t, d.id, FILES.vtt, 'text/vtt');
    expect(res.json.speakers).toEqual([
      { label: 'Rahmat', speakerId: s.host.id, name: 'Rahmat' },
      { label: 'SULIWATI', speakerId: s.suliwati.id, name: 'Suliwati' },
      { label: 'Élyanie', speakerId: s.elyanie.id, name: 'Elyanie' },
      { label: 'Penelepon', speakerId: null, name: null },
    ]);
    expect(res.json.unmappedLabels).toEqual(['Penelepon']);
  });

  it('matches honorifics and first names when they fit exactly one participant', async () => {
    const d = await airedDialogue(t, s);
    const file = 'Ibu Suliwati: Selamat pagi.\n\nBu Elyanie: Pagi.\n\nPak Rahmat: Mari mulai.\n';
    const res = await upload(t, d.id, file, 'text/plain');
    expect(res.json.unmappedLabels).toEqual([]);
    expect(res.json.speakers.map((p: any) => p.speakerId)).toEqual([s.suliwati.id, s.elyanie.id, s.host.id]);
  });

  it('keeps WebVTT cue ids and several voices in one cue', async () => {
    const d = await airedDialogue(t, s);
    await upload(t, d.id, FILES.vtt, 'text/vtt');
    expect((await read(d.id)).json.segments[0].cueId).toBe('pembukaan');
  });

  it('accepts UTF-8 with a byte order mark and a charset parameter', async () => {
    const d = await airedDialogue(t, s);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(FILES.srt)]);
    const res = await upload(t, d.id, bytes, 'application/x-subrip; charset=UTF-8');
    expect(res.status).toBe(201);
    expect((await read(d.id)).json.segments[2].speaker.name).toBe('Elyanie');
  });

  it('refuses other media types with 415 and a list of the accepted ones', async () => {
    const d = await airedDialogue(t, s);
    const bytes = new TextEncoder().encode(FILES.vtt);
    for (const type of ['application/pdf', 'text/html', 'application/x-www-form-urlencoded', null]) {
      // Bytes, so that nothing fills in a content type when there is none.
      const res = await upload(t, d.id, bytes, type);
      expect(res.status, String(type)).toBe(415);
      expect(res.json.error.code).toBe('unsupported_media_type');
    }
    expect((await upload(t, d.id, FILES.vtt, 'text/vtt; charset=iso-8859-1')).status).toBe(400);
  });

  const malformed: [string, string, number][] = [
    // The broken arrow makes its line a cue id, so the cue's timing is missing on line 7.
    ['vtt', 'WEBVTT\n\n00:01.000 --> 00:02.000\nsatu\n\n00:03.000 -> 00:04.000\ndua\n', 7],
    ['vtt', 'VTT\n\n00:01.000 --> 00:02.000\nsatu\n', 1],
    ['srt', '1\n00:00:01,000 --> 00:00:02,000\nsatu\n\n2\n00:00:03,000 --> kemarin\ndua\n', 6],
    ['json', '{\n  "version": "1.0.0",\n  "segments": [\n    {"startTime": 1, "endTime": "dua", "body": "x"}\n  ]\n}', 4],
    ['json', '{"version": "1.0.0", "segments": [', 1],
    ['txt', '', 1],
  ];
  it.each(malformed)('answers 400 naming the line for a malformed %s file, and writes nothing', async (format, body, line) => {
    const d = await airedDialogue(t, s);
    await upload(t, d.id, FILES[format as keyof typeof FILES], MEDIA_TYPES[format as keyof typeof MEDIA_TYPES]);
    const before = await transcriptTables(t);
    const res = await upload(t, d.id, body, MEDIA_TYPES[format as keyof typeof MEDIA_TYPES]);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'invalid_transcript', details: { format, line } });
    expect(res.json.error.message).toContain(`baris ${line}`);
    expect(await transcriptTables(t)).toBe(before);
  });

  it('refuses bytes that are not UTF-8, naming the line', async () => {
    const d = await airedDialogue(t, s);
    const latin1 = new Uint8Array([...new TextEncoder().encode('Suliwati: pagi\n\nElyanie: '), 0xe9, 0x0a]);
    const res = await upload(t, d.id, latin1, 'text/plain');
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual({ format: 'txt', line: 3 });
  });

  it('refuses a transcript for a dialogue that has not aired', async () => {
    const d = await t.create('/api/dialogues', { title: 'Nanti', stationId: s.station.id, startsAt: '2031-01-01T09:00', endsAt: '2031-01-01T10:00' });
    const before = await transcriptTables(t);
    const res = await upload(t, d.id, FILES.vtt, 'text/vtt');
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('not_aired');
    expect(await transcriptTables(t)).toBe(before);
  });

  it('answers 404 for an unknown dialogue and 413 for a file over the limit', async () => {
    expect((await upload(t, 'no-such-dialogue', FILES.vtt, 'text/vtt')).status).toBe(404);
    const d = await airedDialogue(t, s);
    const huge = `WEBVTT\n\n${'00:01.000 --> 00:02.000\nkata kata kata kata\n\n'.repeat(200_000)}`;
    const res = await upload(t, d.id, huge, 'text/vtt');
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('payload_too_large');
  });

  it('takes files larger than the general body limit', async () => {
    const d = await airedDialogue(t, s);
    const cues = Array.from({ length: 3000 }, (_, i) => `${i}\n00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000 --> 00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.900\n<v Suliwati>Informasi untuk masyarakat desa nomor ${i}.`);
    const file = `WEBVTT\n\n${cues.join('\n\n')}\n`;
    expect(file.length).toBeGreaterThan(t.config.bodyLimitBytes);
    expect((await upload(t, d.id, file, 'text/vtt')).status).toBe(201);
  });

  it('lets only coordinators upload', async () => {
    const d = await airedDialogue(t, s);
    expect((await upload(t, d.id, FILES.vtt, 'text/vtt', await t.speakerToken(s.suliwati.id))).status).toBe(403);
    expect((await t.call('PUT', `/api/dialogues/${d.id}/transcript`, { rawBody: FILES.vtt, headers: { 'content-type': 'text/vtt' } })).status).toBe(401);
  });
});

describe('exporting a transcript', () => {
  const mime = { vtt: 'text/vtt; charset=utf-8', srt: 'application/x-subrip; charset=utf-8', json: 'application/json; charset=utf-8', txt: 'text/plain; charset=utf-8' };

  it.each(formats.filter((f) => f !== 'txt'))('round-trips text, millisecond timings and speakers through %s', async (format) => {
    const d = await airedDialogue(t, s);
    await upload(t, d.id, FILES.vtt, 'text/vtt');
    const file = await read(d.id, `?format=${format}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe(mime[format]);
    const again = await airedDialogue(t, s);
    expect((await upload(t, again.id, file.text, MEDIA_TYPES[format])).status).toBe(201);
    expect(withoutIds((await read(again.id)).json.segments)).toEqual(expectedSegments(s, true));
  });

  it('writes WebVTT voices, SRT names and plain-text paragraphs under the participants\' names', async () => {
    const d = await airedDialogue(t, s);
    await upload(t, d.id, FILES.json, 'application/json');
    const vtt = (await read(d.id, '?format=vtt')).text;
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    expect(vtt).toContain('00:12:34.100 --> 00:12:41.500');
    expect(vtt).toContain('<v Elyanie>Upaya penyebarluasan informasi');
    expect((await read(d.id, '?format=srt')).text).toContain('00:00:04,500 --> 00:00:21,333\nSuliwati: Kelompok');
    expect((await read(d.id, '?format=txt')).text).toContain('Penelepon: Terima kasih, salam dari Kapuas.');
    expect(JSON.parse((await read(d.id, '?format=json')).text).segments[2]).toEqual({
      speaker: 'Elyanie', startTime: 754.1, endTime: 761.5, body: 'Upaya penyebarluasan informasi juga berarti melawan hoaks.',
    });
  });

  it('keeps a plain-text transcript in text only: timed formats answer 409', async () => {
    const d = await airedDialogue(t, s);
    await upload(t, d.id, FILES.txt, 'text/plain');
    expect((await read(d.id, '?format=txt')).text).toBe(`${FILES.txt.split('\n\n').map((p) => p.trim()).filter(Boolean).join('\n\n').replace('SULIWATI', 'Suliwati').replace('Élyanie', 'Elyanie')}\n`);
    const vtt = await read(d.id, '?format=vtt');
    expect(vtt.status).toBe(409);
    expect(vtt.json.error.code).toBe('transcript_untimed');
  });

  it('lets players on other sites fetch published transcripts (CORS), not unpublished ones', async () => {
    const published = await airedDialogue(t, s, 'published');
    const aired = await airedDialogue(t, s, 'aired');
    await upload(t, published.id, FILES.vtt, 'text/vtt');
    await upload(t, aired.id, FILES.vtt, 'text/vtt');
    expect((await read(published.id, '?format=vtt')).headers.get('access-control-allow-origin')).toBe('*');
    const own = await read(aired.id, '?format=vtt', await t.speakerToken(s.suliwati.id));
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('shows a transcript exactly to those who see the dialogue', async () => {
    const aired = await airedDialogue(t, s, 'aired');
    await upload(t, aired.id, FILES.vtt, 'text/vtt');
    const outsider = await t.create('/api/speakers', { name: 'Orang Lain' });
    expect((await read(aired.id)).status).toBe(404);
    expect((await read(aired.id, '', await t.speakerToken(outsider.id))).status).toBe(404);
    expect((await read(aired.id, '', await t.speakerToken(s.elyanie.id))).status).toBe(200);
    expect((await read(aired.id, '', t.coordinator)).status).toBe(200);
    await t.call('PATCH', `/api/dialogues/${aired.id}`, { token: t.coordinator, body: { status: 'published' } });
    expect((await read(aired.id)).status).toBe(200);
  });

  it('answers 404 when there is no transcript, or no such version', async () => {
    const d = await airedDialogue(t, s);
    expect((await read(d.id)).status).toBe(404);
    await upload(t, d.id, FILES.vtt, 'text/vtt');
    expect((await read(d.id, '?version=2')).status).toBe(404);
    expect((await read(d.id, '?format=pdf')).status).toBe(400);
  });
});

describe('versions', () => {
  it('makes every import a new version, keeps the old ones readable and shows the latest on the dialogue', async () => {
    const d = await airedDialogue(t, s);
    expect((await t.call('GET', `/api/dialogues/${d.id}`)).json.transcript).toBeNull();
    await upload(t, d.id, FILES.vtt, 'text/vtt');
    await upload(t, d.id, 'Suliwati: Satu kalimat saja.\n', 'text/plain');

    expect((await t.call('GET', `/api/dialogues/${d.id}`)).json.transcript).toEqual({ version: 2, segments: 1, language: 'id', source: 'import', reviewed: false });
    expect((await read(d.id)).json.segments.map((x: any) => x.text)).toEqual(['Satu kalimat saja.']);
    expect((await read(d.id, '?version=1')).json.segments).toHaveLength(4);
    expect((await read(d.id, '?version=1&format=srt')).text).toContain('Penelepon: Terima kasih');

    const versions = await t.call('GET', `/api/dialogues/${d.id}/transcript/versions`);
    expect(versions.json.items.map((v: any) => [v.version, v.source, v.format, v.segments])).toEqual([
      [2, 'import', 'txt', 1],
      [1, 'import', 'vtt', 4],
    ]);
    // Who made a version is for coordinators.
    expect(versions.json.items[0].actor).toBeUndefined();
    const asCoordinator = await t.call('GET', `/api/dialogues/${d.id}/transcript/versions`, { token: t.coordinator });
    expect(asCoordinator.json.items[0].actor).toMatch(/^user:/);
  });
});
