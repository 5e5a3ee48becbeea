import { parseFeed } from 'podcast-partytime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podcastFeed, podcastGuid } from '../../src/pages/feeds/podcast.ts';
import { findProgram } from '../../src/programs/programs.repository.ts';
import { findStation } from '../../src/stations/stations.repository.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { attachAudio, seedArchive } from './helpers.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;
beforeAll(async () => {
  t = await createTestApp({ SIARAN_PUBLIC_URL: 'https://siaran.example.id' });
  s = await seedArchive(t);
  await attachAudio(t, s.published.id, 20);
});
afterAll(() => t.close());

const feedOf = async () => {
  const res = await t.app.request(`/feeds/${s.program.slug}.xml`);
  return { res, xml: await res.text() };
};

describe("a programme's podcast feed", () => {
  it('lists no episode without audio: a podcast app would have nothing to play', async () => {
    const program = await t.create('/api/programs', { stationId: s.station.id, title: 'Tanpa Rekaman' });
    const d = await t.create('/api/dialogues', { title: 'Belum Direkam', stationId: s.station.id, programId: program.id, startsAt: '2021-11-01T09:00', endsAt: '2021-11-01T10:00' });
    for (const status of ['aired', 'published']) await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { status } });
    const res = await t.app.request(`/feeds/${program.slug}.xml`);
    expect(res.status).toBe(200);
    const feed = parseFeed(await res.text());
    expect(feed?.title).toBe('Tanpa Rekaman');
    expect(feed?.items).toHaveLength(0);
  });

  it('writes an episode that a Podcasting 2.0 parser reads back: enclosure, transcripts, people, the Opus alternate', async () => {
    const dialogue = (await t.call('GET', `/api/dialogues/${s.published.id}`)).json;
    const audio = {
      durationMs: 3_601_400,
      renditions: [
        { format: 'opus' as const, url: `/media/dialogues/${dialogue.id}.opus`, bytes: 10_800_000, mimeType: 'audio/ogg; codecs=opus' },
        { format: 'mp3' as const, url: `/media/dialogues/${dialogue.id}.mp3`, bytes: 28_800_000, mimeType: 'audio/mpeg' },
      ],
      peaksUrl: `/media/dialogues/${dialogue.id}.peaks.json`,
      source: 'recordings' as const,
      coverage: 'full' as const,
      missing: [],
    };
    const program = await findProgram(t.db, s.program.id);
    const station = await findStation(t.db, s.station.id);
    const xml = podcastFeed(t.config, program!, station!, [{ dialogue, audio, hasTranscript: true }]);
    const feed = parseFeed(xml);
    const base = 'https://siaran.example.id';
    expect(feed).toMatchObject({ title: 'Dialog Interaktif', language: 'id', guid: podcastGuid(`${base}/feeds/${s.program.slug}.xml`) });
    expect(feed?.items).toHaveLength(1);
    const episode = feed?.items[0];
    expect(episode?.title).toBe(s.published.title);
    expect(episode?.guid).toBe(`siaran-dialogue-${dialogue.id}`);
    expect(episode?.enclosure).toMatchObject({ url: `${base}/media/dialogues/${dialogue.id}.mp3`, type: 'audio/mpeg', length: 28_800_000 });
    expect(episode?.duration).toBe(3601);
    expect(episode?.pubDate?.toISOString()).toBe('2021-09-08T02:00:00.000Z');
    expect(episode?.podcastTranscripts).toEqual([
      { url: `${base}/api/dialogues/${dialogue.id}/transcript?format=vtt`, type: 'text/vtt', language: 'id' },
      { url: `${base}/api/dialogues/${dialogue.id}/transcript?format=json`, type: 'application/json', language: 'id' },
    ]);
    expect(episode?.podcastPeople?.map((p) => [p.name, p.role, p.group]).sort()).toEqual([
      ['Elyanie', 'Guest', 'Cast'],
      ['Rahmat', 'Host', 'Cast'],
      ['Suliwati', 'Guest', 'Cast'],
    ]);
    expect(episode?.podcastPeople?.find((p) => p.name === 'Suliwati')?.href).toBe(`${base}/speakers/${s.suliwati.id}`);
    const small = episode?.alternativeEnclosures?.find((a) => a.type.startsWith('audio/ogg'));
    expect(small).toMatchObject({ type: 'audio/ogg; codecs=opus', length: 10_800_000, default: false, title: 'Opus (hemat data)' });
    expect(small?.source[0]?.uri).toBe(`${base}/media/dialogues/${dialogue.id}.opus`);
    expect(episode?.alternativeEnclosures?.find((a) => a.type === 'audio/mpeg')?.default).toBe(true);
    expect(xml).not.toContain('suli@example.id');
  });

  it('is RSS 2.0 that a Podcasting 2.0 parser reads back: transcripts, people, and the Opus alternate', async () => {
    const { res, xml } = await feedOf();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const feed = parseFeed(xml);
    expect(feed).not.toBeNull();
    expect(feed?.title).toBe('Dialog Interaktif');
    expect(feed?.language).toBe('id');
    expect(feed?.guid).toBe(podcastGuid(`https://siaran.example.id/feeds/${s.program.slug}.xml`));
    expect(feed?.items).toHaveLength(1);

    const episode = feed?.items[0];
    const dialogue = (await t.call('GET', `/api/dialogues/${s.published.id}`)).json;
    const mp3 = dialogue.audio.renditions.find((r: any) => r.format === 'mp3');
    const opus = dialogue.audio.renditions.find((r: any) => r.format === 'opus');
    expect(episode?.title).toBe(s.published.title);
    expect(episode?.link).toBe(`https://siaran.example.id/dialog/${s.published.id}`);
    expect(episode?.enclosure).toMatchObject({ url: new URL(mp3.url, 'https://siaran.example.id').toString(), type: 'audio/mpeg', length: mp3.bytes });
    expect(episode?.duration).toBe(Math.round(dialogue.audio.durationMs / 1000));
    expect(episode?.pubDate?.toISOString()).toBe('2021-09-08T02:00:00.000Z');

    expect(episode?.podcastTranscripts).toEqual([
      { url: `https://siaran.example.id/api/dialogues/${s.published.id}/transcript?format=vtt`, type: 'text/vtt', language: 'id' },
      { url: `https://siaran.example.id/api/dialogues/${s.published.id}/transcript?format=json`, type: 'application/json', language: 'id' },
    ]);
    expect(episode?.podcastPeople?.map((p) => [p.name, p.role, p.group]).sort()).toEqual([
      ['Elyanie', 'Guest', 'Cast'],
      ['Rahmat', 'Host', 'Cast'],
      ['Suliwati', 'Guest', 'Cast'],
    ]);
    const alternates = episode?.alternativeEnclosures ?? [];
    const small = alternates.find((a) => a.type.startsWith('audio/ogg'));
    expect(small).toMatchObject({ type: 'audio/ogg; codecs=opus', length: opus.bytes, default: false });
    expect(small?.source[0]?.uri).toBe(new URL(opus.url, 'https://siaran.example.id').toString());
    expect(alternates.find((a) => a.type === 'audio/mpeg')?.default).toBe(true);
  });

  it('links transcripts that the public can fetch in both formats', async () => {
    const vtt = await t.app.request(`/api/dialogues/${s.published.id}/transcript?format=vtt`);
    expect(vtt.status).toBe(200);
    expect(await vtt.text()).toContain('menyebarluaskan');
    const json = await t.app.request(`/api/dialogues/${s.published.id}/transcript?format=json`);
    expect((await json.json()).segments).toHaveLength(3);
  });

  it('never lists unpublished dialogues, nor contact details, whoever asks', async () => {
    // Aired with audio, but not published: not for the public, so not in the feed.
    const aired = await t.create('/api/dialogues', { title: 'Belum Terbit', stationId: s.station.id, programId: s.program.id, startsAt: '2021-10-01T09:00', endsAt: '2021-10-01T10:00' });
    await t.call('PATCH', `/api/dialogues/${aired.id}`, { token: t.coordinator, body: { status: 'aired' } });
    await attachAudio(t, aired.id, 5);
    const res = await t.app.request(`/feeds/${s.program.slug}.xml`, { headers: { cookie: `siaran_session=${t.coordinator}` } });
    const xml = await res.text();
    expect(xml).not.toContain('Belum Terbit');
    expect(xml).not.toContain('suli@example.id');
    expect(xml).not.toContain('+62 811 000');
  });
});
