// The speaker's own pages, reached by their personal link: their dialogues with times in
// the station's zone, answers to invitations, their calendar, and after air the transcript
// with a correction form under every line.
import type { FC } from 'hono/jsx';
import type { DialogueJson } from '../../dialogues/dialogues.schemas.ts';
import type { CorrectionJson } from '../../transcripts/transcripts.schemas.ts';
import { Notices, StatusBadge, TranscriptList, placeOf } from '../components.tsx';
import type { AudioJson, Directory, TranscriptView } from '../data.ts';
import { clock } from '../i18n.ts';
import { CsrfField, Layout, type Page } from '../layout.tsx';
import { Player } from '../public/dialogue.tsx';
import { editorMessages } from '../editor/editor.i18n.ts';

export type PortalContext = { p: Page; token: string; csrf: string; speakerId: string; name: string };

const answerable = (d: DialogueJson) => d.status === 'draft' || d.status === 'scheduled';

const Others: FC<{ x: PortalContext; d: DialogueJson }> = ({ x, d }) => {
  const others = d.participants.filter((q) => q.speakerId !== x.speakerId);
  if (others.length === 0) return null;
  return (
    <p class="meta">
      {x.p.t.coSpeakers}: {others.map((q) => `${q.name} (${x.p.t.role[q.role]})`).join(', ')}
    </p>
  );
};

const UpcomingItem: FC<{ x: PortalContext; d: DialogueJson; dir: Directory }> = ({ x, d, dir }) => {
  const { t, f } = x.p;
  const mine = d.participants.find((q) => q.speakerId === x.speakerId);
  return (
    <li id={`d-${d.id}`}>
      <h3>
        {d.title} <StatusBadge p={x.p} status={d.status} />
      </h3>
      <p class="meta">
        <time datetime={d.startsAt}>{f.span(d.startsAt, d.endsAt, d.timezone)}</time> · {placeOf(d, dir)}
      </p>
      <p class="meta">{t.role[mine?.role ?? 'speaker']}</p>
      <Others x={x} d={d} />
      {mine && answerable(d) ? (
        <form method="post" action={`/s/${x.token}/dialogues/${d.id}/response`}>
          <CsrfField token={x.csrf} />
          <p>
            {t.yourAnswer}: <span class={`badge ${mine.response}`}>{t.response[mine.response]}</span>
          </p>
          <button type="submit" name="response" value="confirmed" class={mine.response === 'confirmed' ? 'secondary' : undefined}>
            {t.confirm}
          </button>
          <button type="submit" name="response" value="declined" class="secondary">
            {t.decline}
          </button>
        </form>
      ) : null}
    </li>
  );
};

const PastItem: FC<{ x: PortalContext; d: DialogueJson; dir: Directory }> = ({ x, d, dir }) => {
  const { t, f } = x.p;
  return (
    <li id={`d-${d.id}`}>
      <h3>
        {d.status === 'aired' || d.status === 'published' ? <a href={`/s/${x.token}/dialog/${d.id}`}>{d.title}</a> : d.title}{' '}
        <StatusBadge p={x.p} status={d.status} />
      </h3>
      <p class="meta">
        <time datetime={d.startsAt}>{f.span(d.startsAt, d.endsAt, d.timezone)}</time> · {placeOf(d, dir)}
      </p>
      <Others x={x} d={d} />
      {d.status === 'aired' || d.status === 'published' ? (
        <p>
          <a href={`/s/${x.token}/dialog/${d.id}`}>{t.openDialogue}</a>
        </p>
      ) : null}
    </li>
  );
};

export const PortalHome: FC<{
  x: PortalContext;
  dir: Directory;
  upcoming: DialogueJson[];
  past: DialogueJson[];
  calendarUrl: string;
  notice?: string;
  errors?: string[];
}> = ({ x, dir, upcoming, past, calendarUrl, notice, errors }) => {
  const { t } = x.p;
  return (
    <Layout p={x.p} title={x.name} area="portal">
      <h1>{x.name}</h1>
      <p class="muted">{t.portalIntro}</p>
      <Notices notice={notice} errors={errors} />
      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t.portalUpcoming}</h2>
        {upcoming.length === 0 ? (
          <p class="muted">{t.portalNone}</p>
        ) : (
          <ul class="cards">
            {upcoming.map((d) => (
              <UpcomingItem x={x} d={d} dir={dir} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">{t.calendar}</h2>
        <p>{t.calendarHelp}</p>
        <p>
          <a href={calendarUrl.replace(/^https?:/, 'webcal:')}>{t.calendar}</a>
        </p>
        <p>
          <code class="link">{calendarUrl}</code>
        </p>
      </section>
      <section aria-labelledby="past-heading">
        <h2 id="past-heading">{t.portalPast}</h2>
        {past.length === 0 ? (
          <p class="muted">{t.portalNone}</p>
        ) : (
          <ul class="cards">
            {past.map((d) => (
              <PastItem x={x} d={d} dir={dir} />
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
};

export const PortalDialogue: FC<{
  x: PortalContext;
  d: DialogueJson;
  dir: Directory;
  audio: AudioJson | null;
  transcript: TranscriptView | null;
  corrections: CorrectionJson[];
  notice?: string;
  errors?: string[];
}> = ({ x, d, dir, audio, transcript, corrections, notice, errors }) => {
  const { t, f } = x.p;
  const correctionForm = (line: TranscriptView['lines'][number]) => (
    <details id={`c-${line.id}`}>
      <summary>{t.propose}</summary>
      <form method="post" action={`/s/${x.token}/dialog/${d.id}/corrections`}>
        <CsrfField token={x.csrf} />
        <input type="hidden" name="segmentId" value={line.id} />
        <label for={`text-${line.id}`}>{t.proposeLabel}</label>
        <textarea id={`text-${line.id}`} name="text" required maxlength={10000}>
          {line.text}
        </textarea>
        <label for={`note-${line.id}`}>{t.noteLabel}</label>
        <input type="text" id={`note-${line.id}`} name="note" maxlength={2000} />
        <button type="submit">{t.send}</button>
      </form>
    </details>
  );
  return (
    <Layout p={x.p} title={d.title} area="portal" script={audio !== null}>
      <p>
        <a href={`/s/${x.token}`}>← {x.name}</a>
      </p>
      <h1>{d.title}</h1>
      <p class="meta">
        <time datetime={d.startsAt}>{f.span(d.startsAt, d.endsAt, d.timezone)}</time> · {placeOf(d, dir)} <StatusBadge p={x.p} status={d.status} />
      </p>
      <Notices notice={notice} errors={errors} />
      <Player p={x.p} audio={audio} />
      {corrections.length > 0 ? (
        <section aria-labelledby="corrections-heading">
          <h2 id="corrections-heading">{t.yourCorrections}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.original}</th>
                <th scope="col">{t.proposal}</th>
                <th scope="col">{t.outcome}</th>
              </tr>
            </thead>
            <tbody>
              {corrections.map((c) => (
                <tr>
                  <td>{c.segment.startMs === null ? '' : clock(c.segment.startMs)}</td>
                  <td>{c.originalText}</td>
                  <td>{c.text}</td>
                  <td>
                    <span class={`badge ${c.status}`}>{t.correctionStatus[c.status]}</span>
                    {c.reviewNote ? (
                      <p>
                        {t.reviewNote}: {c.reviewNote}
                      </p>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section aria-labelledby="transcript-heading">
        <h2 id="transcript-heading">{t.transcript}</h2>
        {transcript && transcript.lines.length > 0 ? (
          <p>
            <a href={`/s/${x.token}/dialog/${d.id}/edit`}>{editorMessages(x.p.lang).editTranscript}</a>
          </p>
        ) : null}
        {transcript && transcript.lines.length > 0 ? <TranscriptList lines={transcript.lines} extra={correctionForm} /> : <p class="muted">{t.noTranscript}</p>}
      </section>
    </Layout>
  );
};
