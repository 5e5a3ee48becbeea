import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { browser, seedArchive } from './helpers.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;
beforeAll(async () => {
  t = await createTestApp();
  s = await seedArchive(t);
});
afterAll(() => t.close());

const publicBrowser = () => browser(t);

describe('the public archive', () => {
  it('lists published dialogues on the home and browse pages, and never the unpublished ones', async () => {
    const home = await publicBrowser().get('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    expect(home.html).toContain(s.published.title);
    expect(home.html).not.toContain(s.upcoming.title);

    const browse = await publicBrowser().get(`/browse?topic=kim&speaker=${s.suliwati.id}&year=2021&month=9`);
    expect(browse.html).toContain(s.published.title);
    expect(browse.html).not.toContain(s.upcoming.title);
    const otherMonth = await publicBrowser().get('/browse?year=2021&month=10');
    expect(otherMonth.html).not.toContain(s.published.title);
    const byProgramme = await publicBrowser().get(`/browse?program=${s.program.slug}`);
    expect(byProgramme.html).toContain(s.published.title);
  });

  it('answers 404 for an unpublished dialogue to the public, and shows it to a coordinator marked as unpublished', async () => {
    const hidden = await publicBrowser().get(`/dialog/${s.upcoming.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.html).not.toContain(s.upcoming.title);

    const preview = await browser(t, { session: t.coordinator }).get(`/dialog/${s.upcoming.id}`);
    expect(preview.status).toBe(200);
    expect(preview.html).toContain(s.upcoming.title);
    expect(preview.html).toContain('belum dipublikasikan');
    expect(preview.html).toContain('name="robots" content="noindex"');
  });

  it('shows the transcript with a timestamp link and an anchor for every moment, and speaker names', async () => {
    const page = await publicBrowser().get(`/dialog/${s.published.id}`);
    expect(page.status).toBe(200);
    // #t=75 lands on the line said at 1:15 without any script, and is the address to share.
    expect(page.html).toContain('<a href="#t=75" id="t=75">1:15</a>');
    expect(page.html).toContain('<a href="#t=9" id="t=9">0:09</a>');
    expect(page.html).toMatch(/<b>Suliwati<\/b>KIM membantu menyebarluaskan informasi/);
    expect(page.html).toContain('<b>Elyanie</b>');
    expect(page.html).toContain('<main id="main"');
    expect(page.html).toContain('<nav class="main" aria-label="Navigasi utama">');
  });

  it('describes the dialogue in schema.org terms, with its people and no contact details', async () => {
    const page = await publicBrowser().get(`/dialog/${s.published.id}`);
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.html)?.[1];
    const data = JSON.parse(json as string);
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'RadioEpisode',
      name: s.published.title,
      inLanguage: 'id',
      publication: { '@type': 'BroadcastEvent', startDate: '2021-09-08T02:00:00.000Z', publishedOn: { name: 'RRI Palangka Raya' } },
      partOfSeries: { '@type': 'RadioSeries', name: 'Dialog Interaktif' },
    });
    expect(data.contributor.map((p: any) => p.name).sort()).toEqual(['Elyanie', 'Rahmat', 'Suliwati']);
    expect(data.contributor.find((p: any) => p.name === 'Suliwati').jobTitle).toBe('Kepala Seksi');
  });

  it('never shows contact details, not even to a coordinator on the public pages', async () => {
    for (const who of [publicBrowser(), browser(t, { session: t.coordinator })]) {
      for (const url of ['/', '/browse', `/dialog/${s.published.id}`, `/speakers/${s.suliwati.id}`, '/search?q=informasi']) {
        const page = await who.get(url);
        expect(page.status, url).toBe(200);
        for (const secret of ['suli@example.id', '+62 811 000', 'ely@example.id', 'rahmat@example.id']) expect(page.html, url).not.toContain(secret);
      }
    }
  });

  it("shows a speaker's public page with position and published dialogues only", async () => {
    const page = await publicBrowser().get(`/speakers/${s.suliwati.id}`);
    expect(page.html).toContain('<h1>Suliwati</h1>');
    expect(page.html).toContain('Kepala Seksi');
    expect(page.html).toContain(s.published.title);
    expect(page.html).not.toContain(s.upcoming.title);
  });

  it('finds an affixed form of a word and links the hit to its moment, grouped under its dialogue', async () => {
    const page = await publicBrowser().get('/search?q=penyebarluasan');
    expect(page.status).toBe(200);
    expect(page.html).toContain(`<a href="/dialog/${s.published.id}">${s.published.title}</a>`);
    expect(page.html).toContain(`href="/dialog/${s.published.id}#t=9"`);
    expect(page.html).toContain('<mark>menyebarluaskan</mark>');
    const none = await publicBrowser().get('/search?q=zzzqqq');
    expect(none.html).toContain('Tidak ada yang ditemukan');
  });
});

describe('language', () => {
  it('speaks Indonesian by default and English after the switch, remembered in a cookie', async () => {
    const id = await publicBrowser().get(`/dialog/${s.published.id}`);
    expect(id.html).toContain('<html lang="id">');
    expect(id.html).toContain('Rabu, 8 September 2021, 09.00–10.00 WIB');
    expect(id.html).toContain(`href="/dialog/${s.published.id}?lang=en"`);

    const en = await publicBrowser().get(`/dialog/${s.published.id}?lang=en`);
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('Transcript');
    expect(en.html).toMatch(/Wednesday,? 8 September 2021, 09:00–10:00 WIB/);
    const cookie = en.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/siaran_lang=en/);

    const remembered = await browser(t, { cookie: 'siaran_lang=en' }).get('/');
    expect(remembered.html).toContain('Recent dialogues');
    const back = await browser(t, { cookie: 'siaran_lang=en' }).get('/?lang=id');
    expect(back.html).toContain('Dialog terbaru');
  });
});

describe('bad input', () => {
  it('answers bad addresses and parameters with 4xx pages, never a 5xx', async () => {
    const cases: [string, number][] = [
      ['/browse?year=abc', 400],
      ['/browse?month=13&year=2021', 400],
      ['/browse?cursor=not-a-cursor', 400],
      ['/browse?program=no-such-programme', 200],
      [`/dialog/${'x'.repeat(500)}`, 404],
      ['/dialog/unknown', 404],
      ['/speakers/unknown', 404],
      ['/search?cursor=garbage&q=kim', 400],
      [`/search?q=${'kata '.repeat(300)}`, 400],
      [`/search?q=${encodeURIComponent('"unclosed (* -')}`, 200],
      ['/feeds/UPPER.xml', 404],
      ['/feeds/no-such.xml', 404],
      ['/no/such/page', 404],
    ];
    for (const [url, status] of cases) {
      const res = await publicBrowser().get(url);
      expect(res.status, url).toBe(status);
      expect(res.headers.get('content-type'), url).toMatch(/^text\/html/);
    }
    // API clients keep getting JSON for unknown paths.
    expect((await t.call('GET', '/api/nothing')).json.error.code).toBe('not_found');
  });
});

describe('weight and caching', () => {
  it('keeps an hour-long dialogue page with its CSS and JavaScript under 100 KB', async () => {
    // An hour of talk: 450 lines of 17 words (130 words a minute), in the mix of long and
    // short words of spoken Indonesian.
    const words = 'jadi kami di dinas ingin menyebarluaskan informasi yang benar kepada masyarakat desa dan itu tugas kelompok informasi masyarakat bersama pemerintah daerah ya'.split(' ');
    const cues = Array.from({ length: 450 }, (_, i) => {
      const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);
      const text = Array.from({ length: 17 }, (_, j) => words[(i + j) % words.length]).join(' ');
      return `${clock(i * 8000)} --> ${clock(i * 8000 + 7900)}\n<v ${i % 2 ? 'Suliwati' : 'Elyanie'}>${text}.`;
    });
    const long = await t.create('/api/dialogues', {
      title: 'Dialog Satu Jam',
      stationId: s.station.id,
      startsAt: '2021-10-06T09:00',
      endsAt: '2021-10-06T10:00',
      participants: [
        { speakerId: s.suliwati.id, role: 'speaker' },
        { speakerId: s.elyanie.id, role: 'speaker' },
      ],
    });
    for (const status of ['aired', 'published']) await t.call('PATCH', `/api/dialogues/${long.id}`, { token: t.coordinator, body: { status } });
    const put = await t.call('PUT', `/api/dialogues/${long.id}/transcript`, { token: t.coordinator, rawBody: `WEBVTT\n\n${cues.join('\n\n')}\n`, headers: { 'content-type': 'text/vtt' } });
    expect(put.status).toBe(201);

    const res = await t.app.request(`/dialog/${long.id}`, { headers: { accept: 'text/html', 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const transferred = (await res.arrayBuffer()).byteLength;
    const html = await (await t.app.request(`/dialog/${long.id}`)).text();
    expect(html.match(/<li><a href="#t=/g)).toHaveLength(450);
    // The script is counted even where the page has no audio to enhance and omits it.
    const assets = ['/assets/siaran.css', '/assets/siaran.js'];
    let raw = Buffer.byteLength(html);
    let compressed = transferred;
    for (const asset of assets) {
      const body = await (await t.app.request(asset)).text();
      raw += Buffer.byteLength(body);
      compressed += gzipSync(body).byteLength;
    }
    console.log(`hour-long dialogue page: ${raw} bytes (HTML+CSS+JS), ${compressed} bytes gzipped`);
    expect(raw).toBeLessThan(100 * 1024);
    expect(compressed).toBeLessThan(30 * 1024);
  });

  it('serves the stylesheet and script with a content hash and a year-long immutable cache', async () => {
    const html = (await publicBrowser().get(`/dialog/${s.published.id}`)).html;
    const css = /href="(\/assets\/siaran\.css\?v=[\w-]+)"/.exec(html)?.[1] as string;
    const res = await t.app.request(css);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    const again = await t.app.request(css, { headers: { 'if-none-match': res.headers.get('etag') as string } });
    expect(again.status).toBe(304);
  });

  it('revalidates an unchanged page with its ETag and loads nothing from other sites', async () => {
    const first = await t.app.request('/', { headers: { accept: 'text/html' } });
    const html = await first.text();
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^W\//);
    expect((await t.app.request('/', { headers: { accept: 'text/html', 'if-none-match': etag } })).status).toBe(304);
    expect(first.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(html).not.toMatch(/(?:src|href)="https?:\/\//);
  });
});
