// Listening: a dialogue's renditions served through the real app with byte ranges, conditional
// requests, the right types and caching, only to those who may hear them, and never anything
// outside media/. Every byte served is compared with the file on disk.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { booking, createTestApp, onPostgres, seedBasics, type TestApp } from '../helpers/app.ts';
import { attachAudio } from '../pages/helpers.ts';

let t: TestApp;
/** Published, with speaker A (Suliwati) on it. */
let published: { id: string };
/** Aired but not published: speaker A's own. */
let ownA: { id: string };
/** Aired but not published: speaker B's (Elyanie) own. */
let ownB: { id: string };
/** Aired, published by one of the tests. */
let later: { id: string };
let tokenA: string;
let tokenB: string;
let speakerA: string;
let stationId: string;

type Raw = { status: number; headers: Headers; body: Buffer };

async function fetchRaw(url: string, opts: { method?: string; headers?: Record<string, string>; token?: string } = {}): Promise<Raw> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await t.app.request(url, { method: opts.method ?? 'GET', headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

async function audioRow(dialogueId: string) {
  return t.db.selectFrom('dialogue_audio').selectAll().where('dialogue_id', '=', dialogueId).executeTakeFirstOrThrow();
}

/** The bytes on disk behind one of a dialogue's media URLs. */
async function fileOf(dialogueId: string, file: 'opus' | 'mp3' | 'peaks.json'): Promise<Buffer> {
  const row = await audioRow(dialogueId);
  const rel = file === 'opus' ? row.opus_path : file === 'mp3' ? row.mp3_path : row.peaks_path;
  return fs.readFileSync(path.join(t.config.mediaDir, rel));
}

async function setStatus(id: string, status: string) {
  const res = await t.call('PATCH', `/api/dialogues/${id}`, { token: t.coordinator, body: { status } });
  if (res.status !== 200) throw new Error(`PATCH ${status}: ${res.status} ${res.text}`);
}

/** The parts of a multipart/byteranges body, by its boundary. */
function parseByteranges(contentType: string, body: Buffer): { contentType: string; range: string; bytes: Buffer }[] {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { contentType: string; range: string; bytes: Buffer }[] = [];
  let at = body.indexOf(delimiter);
  expect(at).toBe(0);
  for (;;) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break; // the closing delimiter
    const headEnd = body.indexOf('\r\n\r\n', afterDelimiter);
    const head = body.subarray(afterDelimiter + 2, headEnd).toString();
    const fields = Object.fromEntries(head.split('\r\n').map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headEnd + 4);
    if (next < 0) throw new Error('unterminated part');
    parts.push({ contentType: fields['content-type'] ?? '', range: fields['content-range'] ?? '', bytes: body.subarray(headEnd + 4, next) });
    at = next + 2;
  }
  return parts;
}

beforeAll(async () => {
  t = await createTestApp();
  const s = await seedBasics(t);
  speakerA = s.suliwati.id;
  stationId = s.station.id;
  const asSpeaker = (speakerId: string) => ({ participants: [{ speakerId, role: 'speaker' }] });
  published = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00', asSpeaker(s.suliwati.id)));
  ownA = await t.create('/api/dialogues', booking(s.station.id, '2021-09-09T09:00', '2021-09-09T10:00', asSpeaker(s.suliwati.id)));
  ownB = await t.create('/api/dialogues', booking(s.station.id, '2021-09-10T09:00', '2021-09-10T10:00', asSpeaker(s.elyanie.id)));
  later = await t.create('/api/dialogues', booking(s.station.id, '2021-09-11T09:00', '2021-09-11T10:00'));
  // 20 s: renditions of several tens of kilobytes, so "the middle" is well away from both ends.
  for (const d of [published, ownA, ownB, later]) await attachAudio(t, d.id, 20);
  for (const d of [published, ownA, ownB, later]) {
    const { json } = await t.call('GET', `/api/dialogues/${d.id}`, { token: t.coordinator });
    if (json.status === 'scheduled') await setStatus(d.id, 'aired');
  }
  await setStatus(published.id, 'published');
  tokenA = await t.speakerToken(s.suliwati.id);
  tokenB = await t.speakerToken(s.elyanie.id);
}, 240_000);

afterAll(async () => {
  await t?.close();
});

describe('byte ranges', () => {
  const mp3 = () => `/media/dialogues/${published.id}.mp3`;

  it('serves the whole rendition byte for byte when no range is asked', async () => {
    const file = await fileOf(published.id, 'mp3');
    // Big enough that the ranges below are all distinct stretches of it.
    expect(file.length).toBeGreaterThan(40_000);
    const res = await fetchRaw(mp3());
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe(String(file.length));
    expect(res.headers.get('content-range')).toBeNull();
    expect(res.body.equals(file)).toBe(true);
  });

  it('lists renditions whose URLs and sizes match what is served', async () => {
    const { json } = await t.call('GET', `/api/dialogues/${published.id}`);
    for (const r of json.audio.renditions) {
      const res = await fetchRaw(r.url);
      expect(res.status).toBe(200);
      expect(res.body.length).toBe(r.bytes);
      expect(res.headers.get('content-type')).toBe(r.mimeType);
      expect(res.body.equals(await fileOf(published.id, r.format))).toBe(true);
    }
    expect((await fetchRaw(json.audio.peaksUrl)).status).toBe(200);
  });

  it('serves the first kilobyte as 206 with its content-range', async () => {
    const file = await fileOf(published.id, 'mp3');
    const res = await fetchRaw(mp3(), { headers: { range: 'bytes=0-1023' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-1023/${file.length}`);
    expect(res.headers.get('content-length')).toBe('1024');
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(res.body.equals(file.subarray(0, 1024))).toBe(true);
  });

  it('serves a range from the middle of the file', async () => {
    const file = await fileOf(published.id, 'mp3');
    const start = Math.floor(file.length / 2) - 3000;
    const end = start + 6143;
    const res = await fetchRaw(mp3(), { headers: { range: `bytes=${start}-${end}` } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${file.length}`);
    expect(res.headers.get('content-length')).toBe('6144');
    expect(res.body.equals(file.subarray(start, end + 1))).toBe(true);
  });

  it('serves from an offset to the end for an open-ended range', async () => {
    const file = await fileOf(published.id, 'mp3');
    const start = file.length - 10_000;
    const res = await fetchRaw(mp3(), { headers: { range: `bytes=${start}-` } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${file.length - 1}/${file.length}`);
    expect(res.headers.get('content-length')).toBe('10000');
    expect(res.body.equals(file.subarray(start))).toBe(true);
  });

  it('serves the last 500 bytes for a suffix range', async () => {
    const file = await fileOf(published.id, 'mp3');
    const res = await fetchRaw(mp3(), { headers: { range: 'bytes=-500' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${file.length - 500}-${file.length - 1}/${file.length}`);
    expect(res.headers.get('content-length')).toBe('500');
    expect(res.body.equals(file.subarray(file.length - 500))).toBe(true);
  });

  it('serves the whole file for a suffix longer than the file', async () => {
    const file = await fileOf(published.id, 'mp3');
    const res = await fetchRaw(mp3(), { headers: { range: `bytes=-${file.length + 1000}` } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-${file.length - 1}/${file.length}`);
    expect(res.body.equals(file)).toBe(true);
  });

  it('answers 416 with the size for a range that starts beyond the end', async () => {
    const file = await fileOf(published.id, 'mp3');
    for (const range of [`bytes=${file.length}-`, `bytes=${file.length + 10}-${file.length + 20}`, 'bytes=-0']) {
      const res = await fetchRaw(mp3(), { headers: { range } });
      expect(res.status, range).toBe(416);
      expect(res.headers.get('content-range'), range).toBe(`bytes */${file.length}`);
      expect(res.body.length, range).toBe(0);
    }
  });

  it('clamps a range whose end passes the size to the last byte', async () => {
    const file = await fileOf(published.id, 'mp3');
    const start = file.length - 100;
    const res = await fetchRaw(mp3(), { headers: { range: `bytes=${start}-${file.length + 5000}` } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${file.length - 1}/${file.length}`);
    expect(res.headers.get('content-length')).toBe('100');
    expect(res.body.equals(file.subarray(start))).toBe(true);
  });

  it('serves several ranges as multipart/byteranges, each part holding the bytes of the file', async () => {
    const file = await fileOf(published.id, 'mp3');
    const mid = Math.floor(file.length / 2);
    const res = await fetchRaw(mp3(), { headers: { range: `bytes=0-99, ${mid}-${mid + 2047}, -300` } });
    expect(res.status).toBe(206);
    const type = res.headers.get('content-type')!;
    expect(type).toMatch(/^multipart\/byteranges; boundary=/);
    expect(res.headers.get('content-length')).toBe(String(res.body.length));
    const parts = parseByteranges(type, res.body);
    const expected = [
      [0, 99],
      [mid, mid + 2047],
      [file.length - 300, file.length - 1],
    ] as const;
    expect(parts).toHaveLength(3);
    parts.forEach((part, i) => {
      const [start, end] = expected[i]!;
      expect(part.contentType).toBe('audio/mpeg');
      expect(part.range).toBe(`bytes ${start}-${end}/${file.length}`);
      expect(part.bytes.equals(file.subarray(start, end + 1))).toBe(true);
    });
  });

  it('merges overlapping and adjacent ranges into one', async () => {
    const file = await fileOf(published.id, 'mp3');
    const res = await fetchRaw(mp3(), { headers: { range: 'bytes=500-999, 0-599, 1000-1499' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(res.headers.get('content-range')).toBe(`bytes 0-1499/${file.length}`);
    expect(res.body.equals(file.subarray(0, 1500))).toBe(true);
  });

  it('merges the overlapping ones among several ranges and keeps the others apart, in order', async () => {
    const file = await fileOf(published.id, 'mp3');
    const res = await fetchRaw(mp3(), { headers: { range: 'bytes=5000-5999, 100-199, 150-299' } });
    expect(res.status).toBe(206);
    const parts = parseByteranges(res.headers.get('content-type')!, res.body);
    expect(parts.map((p) => p.range)).toEqual([`bytes 100-299/${file.length}`, `bytes 5000-5999/${file.length}`]);
    expect(parts[0]!.bytes.equals(file.subarray(100, 300))).toBe(true);
    expect(parts[1]!.bytes.equals(file.subarray(5000, 6000))).toBe(true);
  });

  it('ignores a Range header it cannot read and sends the whole file', async () => {
    const file = await fileOf(published.id, 'mp3');
    for (const range of ['bytes=abc', 'bytes=500-100', 'items=0-10', 'bytes=-', 'bytes=0-10,x', '0-1023']) {
      const res = await fetchRaw(mp3(), { headers: { range } });
      expect(res.status, range).toBe(200);
      expect(res.headers.get('content-range'), range).toBeNull();
      expect(res.body.equals(file), range).toBe(true);
    }
  });

  it('sends the whole file rather than more than sixteen ranges', async () => {
    const file = await fileOf(published.id, 'mp3');
    const many = Array.from({ length: 40 }, (_, i) => `${i * 100}-${i * 100 + 9}`).join(',');
    const res = await fetchRaw(mp3(), { headers: { range: `bytes=${many}` } });
    expect(res.status).toBe(200);
    expect(res.body.equals(file)).toBe(true);
  });
});

describe('HEAD', () => {
  it('answers with the headers a GET would have, the right content-length and no body', async () => {
    const file = await fileOf(published.id, 'mp3');
    const get = await fetchRaw(`/media/dialogues/${published.id}.mp3`);
    const head = await fetchRaw(`/media/dialogues/${published.id}.mp3`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers.get('content-length')).toBe(String(file.length));
    for (const name of ['content-type', 'accept-ranges', 'etag', 'last-modified', 'cache-control']) {
      expect(head.headers.get(name), name).toBe(get.headers.get(name));
    }
  });

  it('answers a ranged HEAD with the length of the range', async () => {
    const file = await fileOf(published.id, 'opus');
    const head = await fetchRaw(`/media/dialogues/${published.id}.opus`, { method: 'HEAD', headers: { range: 'bytes=0-1023' } });
    expect(head.status).toBe(206);
    expect(head.body.length).toBe(0);
    expect(head.headers.get('content-length')).toBe('1024');
    expect(head.headers.get('content-range')).toBe(`bytes 0-1023/${file.length}`);
  });

  it('gives a multipart HEAD the content-length its GET has', async () => {
    const url = `/media/dialogues/${published.id}.mp3`;
    const range = 'bytes=0-9, 2000-2999';
    const head = await fetchRaw(url, { method: 'HEAD', headers: { range } });
    const get = await fetchRaw(url, { headers: { range } });
    expect(head.status).toBe(206);
    expect(head.body.length).toBe(0);
    expect(head.headers.get('content-length')).toBe(String(get.body.length));
  });
});

describe('validators and conditional requests', () => {
  const mp3 = () => `/media/dialogues/${published.id}.mp3`;

  it('sends a strong ETag of the render and answers 304 to If-None-Match holding it', async () => {
    const row = await audioRow(published.id);
    const first = await fetchRaw(mp3());
    const etag = first.headers.get('etag')!;
    expect(etag).toBe(`"${row.render_id}.mp3"`);
    for (const ifNoneMatch of [etag, `"other", ${etag}`, `W/${etag}`, '*']) {
      const res = await fetchRaw(mp3(), { headers: { 'if-none-match': ifNoneMatch } });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(res.body.length).toBe(0);
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    }
    // Each file of a render has its own tag.
    expect((await fetchRaw(`/media/dialogues/${published.id}.opus`)).headers.get('etag')).toBe(`"${row.render_id}.opus"`);
  });

  it('answers 200 with the file to an If-None-Match that does not hold the ETag', async () => {
    const file = await fileOf(published.id, 'mp3');
    const res = await fetchRaw(mp3(), { headers: { 'if-none-match': '"an-older-render.mp3"' } });
    expect(res.status).toBe(200);
    expect(res.body.equals(file)).toBe(true);
  });

  it('answers 304 to If-Modified-Since at or after Last-Modified, and 200 to an earlier date', async () => {
    const lastModified = (await fetchRaw(mp3(), { method: 'HEAD' })).headers.get('last-modified')!;
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);
    expect((await fetchRaw(mp3(), { headers: { 'if-modified-since': lastModified } })).status).toBe(304);
    const later = new Date(Date.parse(lastModified) + 60_000).toUTCString();
    expect((await fetchRaw(mp3(), { headers: { 'if-modified-since': later } })).status).toBe(304);
    const earlier = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    expect((await fetchRaw(mp3(), { headers: { 'if-modified-since': earlier } })).status).toBe(200);
    expect((await fetchRaw(mp3(), { headers: { 'if-modified-since': 'not a date' } })).status).toBe(200);
  });

  it('lets If-None-Match decide when both validators are sent', async () => {
    const lastModified = (await fetchRaw(mp3(), { method: 'HEAD' })).headers.get('last-modified')!;
    const res = await fetchRaw(mp3(), { headers: { 'if-none-match': '"an-older-render.mp3"', 'if-modified-since': lastModified } });
    expect(res.status).toBe(200);
  });

  it('serves the range when If-Range holds the current ETag or Last-Modified', async () => {
    const file = await fileOf(published.id, 'mp3');
    const head = await fetchRaw(mp3(), { method: 'HEAD' });
    for (const ifRange of [head.headers.get('etag')!, head.headers.get('last-modified')!]) {
      const res = await fetchRaw(mp3(), { headers: { range: 'bytes=100-199', 'if-range': ifRange } });
      expect(res.status, ifRange).toBe(206);
      expect(res.body.equals(file.subarray(100, 200))).toBe(true);
    }
  });

  it('sends the whole file when If-Range holds a stale ETag or date', async () => {
    const file = await fileOf(published.id, 'mp3');
    const head = await fetchRaw(mp3(), { method: 'HEAD' });
    const olderDate = new Date(Date.parse(head.headers.get('last-modified')!) - 3_600_000).toUTCString();
    // A weak tag never matches for If-Range (strong comparison only).
    for (const ifRange of ['"an-older-render.mp3"', `W/${head.headers.get('etag')}`, olderDate]) {
      const res = await fetchRaw(mp3(), { headers: { range: 'bytes=100-199', 'if-range': ifRange } });
      expect(res.status, ifRange).toBe(200);
      expect(res.headers.get('content-range')).toBeNull();
      expect(res.body.equals(file)).toBe(true);
    }
  });
});

describe('types and caching', () => {
  it('serves each file with its MIME type', async () => {
    const types = { opus: 'audio/ogg; codecs=opus', mp3: 'audio/mpeg', 'peaks.json': 'application/json' } as const;
    for (const [file, type] of Object.entries(types) as [keyof typeof types, string][]) {
      const res = await fetchRaw(`/media/dialogues/${published.id}.${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toBe(type);
      expect(res.body.equals(await fileOf(published.id, file)), file).toBe(true);
    }
    // What the names promise is what the files hold.
    const opus = await fileOf(published.id, 'opus');
    expect(opus.subarray(0, 4).toString()).toBe('OggS');
    expect(opus.includes(Buffer.from('OpusHead'))).toBe(true);
    const mp3 = await fileOf(published.id, 'mp3');
    expect(mp3.subarray(0, 3).toString() === 'ID3' || (mp3[0] === 0xff && (mp3[1]! & 0xe0) === 0xe0)).toBe(true);
    const peaks = (await fileOf(published.id, 'peaks.json')).toString();
    expect(() => JSON.parse(peaks)).not.toThrow();
  });

  it('lets anyone cache a published versioned URL forever, and an unversioned one for five minutes', async () => {
    const row = await audioRow(published.id);
    const url = `/media/dialogues/${published.id}.mp3`;
    expect((await fetchRaw(`${url}?v=${row.render_id}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetchRaw(url)).headers.get('cache-control')).toBe('public, max-age=300');
    // A URL of an older render is not forever: it now serves other bytes.
    expect((await fetchRaw(`${url}?v=an-older-render`)).headers.get('cache-control')).toBe('public, max-age=300');
    const ranged = await fetchRaw(`${url}?v=${row.render_id}`, { headers: { range: 'bytes=0-9' } });
    expect(ranged.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('keeps an unpublished dialogue out of shared caches, versioned or not', async () => {
    const row = await audioRow(ownA.id);
    for (const url of [`/media/dialogues/${ownA.id}.mp3`, `/media/dialogues/${ownA.id}.mp3?v=${row.render_id}`]) {
      const res = await fetchRaw(url, { token: t.coordinator });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, no-cache');
    }
    const portal = await fetchRaw(`/s/${tokenA}/media/dialogues/${ownA.id}.opus?v=${row.render_id}`);
    expect(portal.headers.get('cache-control')).toBe('private, no-cache');
  });

  it("keeps a URL holding a speaker's token out of shared caches, even for a published dialogue", async () => {
    const row = await audioRow(published.id);
    const res = await fetchRaw(`/s/${tokenA}/media/dialogues/${published.id}.mp3?v=${row.render_id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
  });
});

describe('who may listen', () => {
  it("hides an unpublished dialogue's audio from the public, and serves it once published", async () => {
    for (const file of ['opus', 'mp3', 'peaks.json']) {
      expect((await fetchRaw(`/media/dialogues/${later.id}.${file}`)).status, file).toBe(404);
      expect((await fetchRaw(`/media/dialogues/${later.id}.${file}`, { method: 'HEAD' })).status, file).toBe(404);
    }
    await setStatus(later.id, 'published');
    for (const file of ['opus', 'mp3', 'peaks.json'] as const) {
      const res = await fetchRaw(`/media/dialogues/${later.id}.${file}`);
      expect(res.status, file).toBe(200);
      expect(res.body.equals(await fileOf(later.id, file))).toBe(true);
    }
  });

  it('lets a speaker hear their own unpublished dialogue through their link', async () => {
    expect((await fetchRaw(`/media/dialogues/${ownA.id}.mp3`)).status).toBe(404);
    const file = await fileOf(ownA.id, 'mp3');
    const res = await fetchRaw(`/s/${tokenA}/media/dialogues/${ownA.id}.mp3`);
    expect(res.status).toBe(200);
    expect(res.body.equals(file)).toBe(true);
    const ranged = await fetchRaw(`/s/${tokenA}/media/dialogues/${ownA.id}.mp3`, { headers: { range: 'bytes=-700' } });
    expect(ranged.status).toBe(206);
    expect(ranged.body.equals(file.subarray(file.length - 700))).toBe(true);
    expect((await fetchRaw(`/s/${tokenA}/media/dialogues/${ownA.id}.peaks.json`)).status).toBe(200);
  });

  it('lets a speaker use their link as a bearer token too', async () => {
    expect((await fetchRaw(`/media/dialogues/${ownA.id}.opus`, { token: tokenA })).status).toBe(200);
    expect((await fetchRaw(`/media/dialogues/${ownB.id}.opus`, { token: tokenA })).status).toBe(404);
  });

  it('lets a speaker hear published dialogues through their link, as anyone may', async () => {
    expect((await fetchRaw(`/s/${tokenB}/media/dialogues/${published.id}.mp3`)).status).toBe(200);
  });

  it("does not let another speaker's link reach a dialogue they are not on", async () => {
    for (const file of ['opus', 'mp3', 'peaks.json']) {
      const res = await fetchRaw(`/s/${tokenB}/media/dialogues/${ownA.id}.${file}`);
      expect(res.status, file).toBe(404);
      expect(res.body.toString()).not.toContain('OggS');
    }
    expect((await fetchRaw(`/s/${tokenA}/media/dialogues/${ownB.id}.mp3`)).status).toBe(404);
  });

  it('answers 404 to a revoked link, an unknown one, and a token that is not a speaker link', async () => {
    const old = await t.speakerToken(speakerA);
    const fresh = await t.speakerToken(speakerA); // issuing a new link revokes the old one
    expect((await fetchRaw(`/s/${fresh}/media/dialogues/${ownA.id}.mp3`)).status).toBe(200);
    for (const token of [old, 'garbage', 'x'.repeat(43), t.coordinator]) {
      expect((await fetchRaw(`/s/${token}/media/dialogues/${ownA.id}.mp3`)).status, token).toBe(404);
      expect((await fetchRaw(`/s/${token}/media/dialogues/${published.id}.mp3`)).status, token).toBe(404);
    }
    tokenA = fresh;
  });

  it("serves any dialogue's audio to a coordinator's bearer token", async () => {
    for (const d of [ownA, ownB, published]) {
      const res = await fetchRaw(`/media/dialogues/${d.id}.mp3`, { token: t.coordinator, headers: { range: 'bytes=0-1023' } });
      expect(res.status).toBe(206);
      expect(res.body.equals((await fileOf(d.id, 'mp3')).subarray(0, 1024))).toBe(true);
    }
  });

  it('answers 404 for a dialogue that has no audio or does not exist', async () => {
    const silent = await t.create('/api/dialogues', booking(stationId, '2021-09-12T09:00', '2021-09-12T10:00'));
    expect((await fetchRaw(`/media/dialogues/${silent.id}.mp3`, { token: t.coordinator })).status).toBe(404);
    expect((await fetchRaw('/media/dialogues/00000000-0000-0000-0000-000000000000.mp3', { token: t.coordinator })).status).toBe(404);
  });
});

describe('paths', () => {
  const isDatabase = (body: Buffer) => body.includes(Buffer.from('SQLite format 3'));

  it('never serves anything outside media/dialogues, whatever the path tries', async () => {
    // On PostgreSQL there is no database file in the media folder: a decoy stands in for it.
    if (onPostgres) fs.writeFileSync(t.config.databasePath, 'SQLite format 3\0');
    expect(fs.existsSync(t.config.databasePath)).toBe(true);
    const paths = [
      '/media/dialogues/..%2F..%2Fsiaran.db',
      '/media/dialogues/%2e%2e%2fsiaran.db.mp3',
      '/media/dialogues/..%2Fsiaran.db.mp3',
      '/media/dialogues/%2e%2e%2f%2e%2e%2fsiaran.db.peaks.json',
      '/media/dialogues/..%5Csiaran.db.opus',
      `/media/dialogues/${published.id}%2F..%2F..%2Fsiaran.db.mp3`,
      `/media/dialogues/${published.id}.wav`,
      `/media/dialogues/${published.id}.db`,
      `/media/dialogues/${published.id}`,
      `/media/dialogues/${published.id}.mp3%00.db`,
      '/media/dialogues/siaran.db',
      '/media/siaran.db',
      '/siaran.db',
      '/media/dialogues/../../siaran.db',
      '/media/dialogues/%2e%2e/siaran.db',
      `/s/${tokenA}/media/dialogues/..%2F..%2Fsiaran.db`,
      `/s/${tokenA}/media/dialogues/%2e%2e%2fsiaran.db.mp3`,
    ];
    for (const url of paths) {
      for (const token of [undefined, t.coordinator]) {
        const res = await fetchRaw(url, { token });
        expect(res.status, url).toBe(404);
        expect(isDatabase(res.body), url).toBe(false);
      }
    }
  });

  it('refuses a stored path that would lead outside the media folder', async () => {
    const row = await audioRow(published.id);
    const outsideFile = path.join(path.dirname(t.config.mediaDir), `${path.basename(t.config.mediaDir)}-outside.mp3`);
    const outside = path.relative(t.config.mediaDir, outsideFile); // "../siaran-test-…-outside.mp3"
    fs.writeFileSync(outsideFile, 'not for listeners');
    // The app logs the refusal as the internal error it is (the database should never hold such a path).
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await t.db.updateTable('dialogue_audio').set({ mp3_path: outside, peaks_path: '/etc/hostname' }).where('dialogue_id', '=', published.id).execute();
    try {
      for (const file of ['mp3', 'peaks.json']) {
        const res = await fetchRaw(`/media/dialogues/${published.id}.${file}`);
        expect(res.status, file).toBeGreaterThanOrEqual(400);
        expect(res.body.toString()).not.toContain('not for listeners');
      }
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
      await t.db.updateTable('dialogue_audio').set({ mp3_path: row.mp3_path, peaks_path: row.peaks_path }).where('dialogue_id', '=', published.id).execute();
      fs.rmSync(outsideFile, { force: true });
    }
    expect((await fetchRaw(`/media/dialogues/${published.id}.mp3`)).status).toBe(200);
  });
});
