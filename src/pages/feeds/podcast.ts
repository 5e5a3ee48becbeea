// A programme's podcast feed: RSS 2.0 with iTunes tags and the Podcasting 2.0 namespace
// (transcripts, people, the small Opus rendition as an alternate enclosure), built with
// xmlbuilder2 so escaping and namespaces are the library's business, not string pasting.
import { createHash } from 'node:crypto';
import { create } from 'xmlbuilder2';
import type { Config } from '../../config.ts';
import type { Program, Station } from '../../db/schema.ts';
import type { DialogueJson } from '../../dialogues/dialogues.schemas.ts';
import type { AudioJson } from '../data.ts';

const NS = {
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  podcast: 'https://podcastindex.org/namespace/1.0',
  atom: 'http://www.w3.org/2005/Atom',
};

// The Podcasting 2.0 person taxonomy has no "narasumber": an invited expert is a guest,
// and a moderator leads the talk beside (or instead of) the host.
const personRole = { speaker: 'guest', host: 'host', moderator: 'co-host' } as const;

const mimeOf = { opus: 'audio/ogg; codecs=opus', mp3: 'audio/mpeg' } as const;

/**
 * podcast:guid as the namespace defines it: a UUIDv5 of the feed URL without its scheme
 * and trailing slashes, in the namespace ead4c236-bf58-58c6-a2c6-a6b28d128cb6.
 */
export function podcastGuid(feedUrl: string): string {
  const name = feedUrl.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '');
  const namespace = Buffer.from('ead4c236bf5858c6a2c6a6b28d128cb6', 'hex');
  const hash = createHash('sha1').update(namespace).update(name).digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type FeedEpisode = { dialogue: DialogueJson; audio: AudioJson; hasTranscript: boolean };

export function podcastFeed(config: Config, program: Program, station: Station, episodes: FeedEpisode[]): string {
  const base = config.publicUrl;
  const feedUrl = `${base}/feeds/${program.slug}.xml`;
  const abs = (url: string) => new URL(url, base).toString();
  const description = program.description ?? `${program.title} — ${station.name}`;

  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const rss = doc.ele('rss', { version: '2.0', 'xmlns:itunes': NS.itunes, 'xmlns:podcast': NS.podcast, 'xmlns:atom': NS.atom });
  const channel = rss.ele('channel');
  channel.ele('title').txt(program.title);
  channel.ele('link').txt(`${base}/browse?program=${program.slug}`);
  channel.ele('description').txt(description);
  channel.ele('language').txt('id');
  channel.ele(NS.atom, 'atom:link', { href: feedUrl, rel: 'self', type: 'application/rss+xml' });
  channel.ele(NS.podcast, 'podcast:guid').txt(podcastGuid(feedUrl));
  channel.ele(NS.itunes, 'itunes:author').txt(program.organiser ?? station.name);
  channel.ele(NS.itunes, 'itunes:summary').txt(description);
  channel.ele(NS.itunes, 'itunes:explicit').txt('false');
  channel.ele(NS.itunes, 'itunes:type').txt('episodic');
  channel.ele(NS.itunes, 'itunes:category', { text: 'Government' });
  channel.ele(NS.itunes, 'itunes:owner').ele(NS.itunes, 'itunes:name').txt(program.organiser ?? station.name);
  const newest = episodes[0]?.dialogue;
  if (newest) channel.ele('lastBuildDate').txt(new Date(newest.updatedAt).toUTCString());

  for (const { dialogue: d, audio, hasTranscript } of episodes) {
    const page = `${base}/dialog/${d.id}`;
    const item = channel.ele('item');
    item.ele('title').txt(d.title);
    item.ele('link').txt(page);
    item.ele('guid', { isPermaLink: 'false' }).txt(`siaran-dialogue-${d.id}`);
    item.ele('pubDate').txt(new Date(d.startsAt).toUTCString());
    item.ele('description').txt(d.description ?? d.title);
    // The enclosure every app plays is the MP3; Opus, a third of the size for speech,
    // is offered beside it for apps that understand alternate enclosures.
    const mp3 = audio.renditions.find((r) => r.format === 'mp3');
    const opus = audio.renditions.find((r) => r.format === 'opus');
    const main = mp3 ?? opus;
    if (main) item.ele('enclosure', { url: abs(main.url), length: String(main.bytes), type: mimeOf[main.format] });
    item.ele(NS.itunes, 'itunes:duration').txt(String(Math.round(audio.durationMs / 1000)));
    item.ele(NS.itunes, 'itunes:explicit').txt('false');
    item.ele(NS.itunes, 'itunes:episodeType').txt('full');
    if (hasTranscript) {
      const transcript = `${base}/api/dialogues/${d.id}/transcript`;
      item.ele(NS.podcast, 'podcast:transcript', { url: `${transcript}?format=vtt`, type: 'text/vtt', language: 'id' });
      item.ele(NS.podcast, 'podcast:transcript', { url: `${transcript}?format=json`, type: 'application/json', language: 'id' });
    }
    for (const person of d.participants) {
      if (person.response === 'declined') continue;
      item.ele(NS.podcast, 'podcast:person', { role: personRole[person.role], group: 'cast', href: `${base}/speakers/${person.speakerId}` }).txt(person.name);
    }
    for (const r of [opus, mp3]) {
      if (!r) continue;
      item
        .ele(NS.podcast, 'podcast:alternateEnclosure', {
          type: mimeOf[r.format],
          length: String(r.bytes),
          title: r.format === 'opus' ? 'Opus (hemat data)' : 'MP3',
          ...(r === main ? { default: 'true' } : {}),
        })
        .ele(NS.podcast, 'podcast:source', { uri: abs(r.url) });
    }
  }
  return doc.end({ prettyPrint: true });
}
