// The dialogue page: the audio player (Opus with an MP3 fallback), the transcript with a
// link to every moment, and schema.org data. JavaScript (assets/siaran.js) only adds the
// follow-along highlight, seeking on click and copying a moment's link.
import type { FC } from 'hono/jsx';
import type { Config } from '../../config.ts';
import type { DialogueJson } from '../../dialogues/dialogues.schemas.ts';
import { type AudioJson, type Directory, type TranscriptView } from '../data.ts';
import { StatusBadge, TranscriptList, placeOf } from '../components.tsx';
import { Layout, type Page } from '../layout.tsx';

export type PublicPerson = { id: string; name: string; position: string | null; organisation: string | null };

const mimeOf = { opus: 'audio/ogg; codecs=opus', mp3: 'audio/mpeg' } as const;

/** ISO 8601 duration for schema.org: PT1H2M3S. */
function isoDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return `PT${Math.floor(s / 3600)}H${Math.floor((s % 3600) / 60)}M${s % 60}S`;
}

function structuredData(config: Config, d: DialogueJson, dir: Directory, people: PublicPerson[], audio: AudioJson | null) {
  const station = dir.stations.get(d.stationId);
  const program = d.programId ? dir.programs.get(d.programId) : undefined;
  const absolute = (url: string) => new URL(url, config.publicUrl).toString();
  return {
    '@context': 'https://schema.org',
    '@type': 'RadioEpisode',
    name: d.title,
    ...(d.description ? { description: d.description } : {}),
    url: `${config.publicUrl}/dialog/${d.id}`,
    inLanguage: 'id',
    datePublished: d.startsAt,
    ...(program
      ? { partOfSeries: { '@type': 'RadioSeries', name: program.title, ...(program.organiser ? { producer: { '@type': 'Organization', name: program.organiser } } : {}) } }
      : {}),
    publication: {
      '@type': 'BroadcastEvent',
      startDate: d.startsAt,
      endDate: d.endsAt,
      ...(station ? { publishedOn: { '@type': 'BroadcastService', name: station.name } } : {}),
    },
    contributor: people.map((person) => ({
      '@type': 'Person',
      name: person.name,
      url: `${config.publicUrl}/speakers/${person.id}`,
      ...(person.position ? { jobTitle: person.position } : {}),
      ...(person.organisation ? { affiliation: { '@type': 'Organization', name: person.organisation } } : {}),
    })),
    about: d.topics.map((slug) => ({ '@type': 'Thing', name: dir.topics.get(slug) ?? slug })),
    ...(audio
      ? {
          duration: isoDuration(audio.durationMs),
          associatedMedia: audio.renditions.map((r) => ({
            '@type': 'AudioObject',
            contentUrl: absolute(r.url),
            encodingFormat: mimeOf[r.format],
            contentSize: String(r.bytes),
            duration: isoDuration(audio.durationMs),
          })),
        }
      : {}),
  };
}

/** JSON inside a script element: "<" escaped so no "</script>" in a title can end it. */
const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export const Player: FC<{ p: Page; audio: AudioJson | null }> = ({ p, audio }) => {
  const { t } = p;
  if (!audio || audio.renditions.length === 0) return <p class="notice">{t.noAudio}</p>;
  // Opus first: a third of the bytes for the same speech; MP3 where Opus does not play.
  const ordered = [...audio.renditions].sort((a, b) => (a.format === b.format ? 0 : a.format === 'opus' ? -1 : 1));
  return (
    <section class="player" aria-label={t.listen}>
      <audio id="player" controls preload="metadata">
        {ordered.map((r) => (
          <source src={r.url} type={mimeOf[r.format]} />
        ))}
      </audio>
      <p>
        <a id="share" href="#t=0" hidden data-copied={t.shareCopied}>
          {t.share}
        </a>{' '}
        <span id="share-status" role="status" aria-live="polite"></span>
        <span class="muted">
          {' '}
          {t.download}:{' '}
          {ordered.map((r, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <a href={r.url} download>
                {r.format === 'opus' ? 'Opus' : 'MP3'} ({p.f.bytes(r.bytes)})
              </a>
            </>
          ))}
        </span>
      </p>
    </section>
  );
};

export const DialoguePage: FC<{
  p: Page;
  config: Config;
  d: DialogueJson;
  dir: Directory;
  people: PublicPerson[];
  audio: AudioJson | null;
  transcript: TranscriptView | null;
  feedSlug: string | null;
}> = ({ p, config, d, dir, people, audio, transcript, feedSlug }) => {
  const { t, f } = p;
  const roleOf = new Map(d.participants.map((x) => [x.speakerId, x.role]));
  const head = (
    <>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(structuredData(config, d, dir, people, audio)) }}></script>
      <link rel="canonical" href={`${config.publicUrl}/dialog/${d.id}`} />
      {feedSlug ? <link rel="alternate" type="application/rss+xml" title={t.podcast} href={`/feeds/${feedSlug}.xml`} /> : null}
    </>
  );
  return (
    <Layout p={p} title={d.title} description={d.description ?? undefined} head={head} noindex={d.status !== 'published'} script={audio !== null}>
      <article>
        <h1>{d.title}</h1>
        <p class="meta">
          <time datetime={d.startsAt}>{f.span(d.startsAt, d.endsAt, d.timezone)}</time> · {placeOf(d, dir)}
        </p>
        {d.status !== 'published' ? (
          <p class="notice">
            <StatusBadge p={p} status={d.status} /> {t.notPublished}
          </p>
        ) : null}
        <Player p={p} audio={audio} />
        {d.description ? <p>{d.description}</p> : null}
        <dl class="facts">
          {people.length > 0 ? (
            <>
              <dt>{t.participants}</dt>
              <dd>
                <ul class="plain">
                  {people.map((person) => (
                    <li>
                      <a href={`/speakers/${person.id}`}>{person.name}</a> ({t.role[roleOf.get(person.id) ?? 'speaker']})
                      {person.position || person.organisation ? <span class="muted"> — {[person.position, person.organisation].filter(Boolean).join(', ')}</span> : null}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
          {d.topics.length > 0 ? (
            <>
              <dt>{t.topics}</dt>
              <dd>
                <ul class="tags">
                  {d.topics.map((slug) => (
                    <li>
                      <a href={`/browse?topic=${slug}`}>{dir.topics.get(slug) ?? slug}</a>
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
          {feedSlug ? (
            <>
              <dt>{t.podcast}</dt>
              <dd>
                <a href={`/feeds/${feedSlug}.xml`}>RSS</a>
              </dd>
            </>
          ) : null}
        </dl>
        <section aria-labelledby="transcript-heading">
          <h2 id="transcript-heading">{t.transcript}</h2>
          {transcript && transcript.lines.length > 0 ? (
            <>
              {transcript.unreviewed ? (
                <p class="notice" role="note">
                  <strong>{t.machineDraft}</strong>. {t.machineDraftHelp}
                </p>
              ) : null}
              <p class="muted">{t.transcriptHelp}</p>
              <TranscriptList lines={transcript.lines} />
              <p class="meta">
                {t.downloadTranscript}:{' '}
                {transcript.lines[0]?.startMs !== null ? (
                  <>
                    <a href={`/api/dialogues/${d.id}/transcript?format=vtt`}>WebVTT</a>,{' '}
                  </>
                ) : null}
                <a href={`/api/dialogues/${d.id}/transcript?format=txt`}>{t.plainText}</a>
              </p>
            </>
          ) : (
            <p class="muted">{t.noTranscript}</p>
          )}
        </section>
      </article>
    </Layout>
  );
};
