// The coordinators' console: sign-in, the booking form (with conflicts explained in
// words; its people in person-picker.tsx), a dialogue's page with its actions, audio, transcript
// and history, capture runs, and the corrections waiting for review.
import type { Child, FC } from 'hono/jsx';
import type { DialogueJson } from '../../dialogues/dialogues.schemas.ts';
import type { JobRunJson } from '../../jobs/jobs.schemas.ts';
import type { CorrectionJson } from '../../transcripts/transcripts.schemas.ts';
import { assetUrl } from '../assets.ts';
import { Notices, StatusBadge, placeOf } from '../components.tsx';
import type { AudioJson, Directory } from '../data.ts';
import { clock } from '../i18n.ts';
import { CsrfField, Layout, type Page } from '../layout.tsx';
import { Player } from '../public/dialogue.tsx';
import { editorMessages } from '../editor/editor.i18n.ts';
import type { ReadableHistoryEntry } from './history.ts';
import { announceWords } from './announce.i18n.ts';
import { runReason } from './run-reasons.ts';
import { type Participant, type PersonOption, type PickerState, PersonPicker, emptyPicker } from './person-picker.tsx';

export type ConsoleContext = { p: Page; csrf: string };

export const LoginPage: FC<{ p: Page; next: string; email?: string; error?: string }> = ({ p, next, email, error }) => (
  <Layout p={p} title={p.t.signIn} area="console">
    <h1>{p.t.signIn}</h1>
    <Notices errors={error ? [error] : undefined} />
    <form method="post" action="/console/login">
      <input type="hidden" name="next" value={next} />
      <label for="email">{p.t.email}</label>
      <input type="email" id="email" name="email" autocomplete="username" required value={email ?? ''} />
      <label for="password">{p.t.password}</label>
      <input type="password" id="password" name="password" autocomplete="current-password" required />
      <p>
        <button type="submit">{p.t.signIn}</button>
      </p>
    </form>
  </Layout>
);

export type DialogueFormValues = {
  title: string;
  description: string;
  stationId: string;
  programId: string;
  startsAt: string;
  endsAt: string;
  status: 'draft' | 'scheduled';
  topics: string[];
  participants: Participant[];
  repeat: boolean;
  count: string;
  scope: 'this' | 'following';
};

export const DialogueForm: FC<{
  x: ConsoleContext;
  dir: Directory;
  /** The chosen participants' names (the picker finds the others). */
  known: PersonOption[];
  picker?: PickerState;
  values: DialogueFormValues;
  action: string;
  editing: { seriesId: string | null } | null;
}> = ({ x, dir, known, picker, values, action, editing }) => {
  const { t } = x.p;
  return (
    <form method="post" action={action}>
      <CsrfField token={x.csrf} />
      {/* Enter in any field presses the form's first submit button: this one, so that it
          searches when a person's name is typed and saves otherwise, never removing a person. */}
      <button type="submit" class="default-action" tabindex={-1} aria-hidden="true">
        {editing ? t.save : t.book}
      </button>
      <label for="title">{t.title}</label>
      <input type="text" id="title" name="title" required maxlength={300} value={values.title} />
      <label for="description">{t.description}</label>
      <textarea id="description" name="description" maxlength={10000}>
        {values.description}
      </textarea>
      <div class="row">
        <div>
          <label for="stationId">{t.station}</label>
          <select id="stationId" name="stationId" required disabled={editing !== null}>
            {[...dir.stations.values()].map((s) => (
              <option value={s.id} selected={s.id === values.stationId}>
                {s.name} ({s.timezone})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="programId">{t.programme}</label>
          <select id="programId" name="programId">
            <option value="">{t.none}</option>
            {[...dir.programs.values()].map((program) => (
              <option value={program.id} selected={program.id === values.programId}>
                {program.title} — {dir.stations.get(program.station_id)?.name ?? ''}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="row">
        <div>
          <label for="startsAt">{t.startsAt}</label>
          <input type="datetime-local" id="startsAt" name="startsAt" required value={values.startsAt} />
        </div>
        <div>
          <label for="endsAt">{t.endsAt}</label>
          <input type="datetime-local" id="endsAt" name="endsAt" required value={values.endsAt} />
        </div>
      </div>
      <PersonPicker p={x.p} participants={values.participants} known={known} picker={picker ?? emptyPicker()} action={action} />
      <fieldset>
        <legend>{t.topics}</legend>
        <div class="checks">
          {[...dir.topics.entries()].map(([slug, name]) => (
            <label>
              <input type="checkbox" name="topics" value={slug} checked={values.topics.includes(slug)} /> {name}
            </label>
          ))}
        </div>
      </fieldset>
      {editing === null ? (
        <fieldset>
          <legend>{t.status.scheduled}</legend>
          <div class="checks">
            <label>
              <input type="radio" name="status" value="scheduled" checked={values.status === 'scheduled'} /> {t.status.scheduled}
            </label>
            <label>
              <input type="radio" name="status" value="draft" checked={values.status === 'draft'} /> {t.status.draft}
            </label>
          </div>
          <div class="checks">
            <label>
              <input type="checkbox" name="repeat" value="weekly" checked={values.repeat} /> {t.repeatWeekly}
            </label>
          </div>
          <label for="count">{t.occurrences}</label>
          <input type="number" id="count" name="count" min={2} max={200} value={values.count} />
        </fieldset>
      ) : editing.seriesId ? (
        <fieldset>
          <legend>{t.scope}</legend>
          <div class="checks">
            <label>
              <input type="radio" name="scope" value="this" checked={values.scope === 'this'} /> {t.scopeThis}
            </label>
            <label>
              <input type="radio" name="scope" value="following" checked={values.scope === 'following'} /> {t.scopeFollowing}
            </label>
          </div>
        </fieldset>
      ) : null}
      <p>
        <button type="submit" name="intent" value="book">
          {editing ? t.save : t.book}
        </button>
      </p>
    </form>
  );
};

export const NewDialoguePage: FC<{ x: ConsoleContext; form: Child; errors?: Child[]; errorTitle?: string }> = ({ x, form, errors, errorTitle }) => (
  <Layout p={x.p} title={x.p.t.newDialogue} area="console" script head={<script src={assetUrl('pickerJs')} defer></script>} signOut={x.csrf}>
    <h1>{x.p.t.newDialogue}</h1>
    <Notices errors={errors} title={errorTitle} />
    {form}
  </Layout>
);

export type HistoryEntry = { at: string; actor: string; action: string; from: string | null; to: string | null; note: string | null };

export const DialogueAdminPage: FC<{
  x: ConsoleContext;
  d: DialogueJson;
  dir: Directory;
  transitions: readonly string[];
  audio: AudioJson | null;
  runs: JobRunJson[];
  history: ReadableHistoryEntry[];
  form: Child;
  notice?: string;
  errors?: Child[];
  errorTitle?: string;
}> = ({ x, d, dir, transitions, audio, runs, history, form, notice, errors, errorTitle }) => {
  const { t, f } = x.p;
  const actionLabel: Record<string, string> = {
    scheduled: t.schedule,
    draft: d.status === 'cancelled' ? t.reopen : t.toDraft,
    aired: d.status === 'published' ? t.unpublish : t.markAired,
    published: t.publish,
    cancelled: t.cancel,
  };
  return (
    <Layout p={x.p} title={d.title} area="console" script head={<script src={assetUrl('pickerJs')} defer></script>} signOut={x.csrf}>
      <h1>
        {d.title} <StatusBadge p={x.p} status={d.status} />
      </h1>
      <p class="meta">
        <time datetime={d.startsAt}>{f.span(d.startsAt, d.endsAt, d.timezone)}</time> · {placeOf(d, dir)} ·{' '}
        <a href={`/console?station=${d.stationId}&week=${d.startsAt.slice(0, 10)}`}>{t.week}</a> · <a href={`/dialog/${d.id}`}>{t.publicPage}</a>
      </p>
      <Notices notice={notice} errors={errors} title={errorTitle} />
      <section aria-labelledby="people-heading">
        <h2 id="people-heading">{t.participants}</h2>
        {d.participants.length === 0 ? (
          <p class="muted">{t.none}</p>
        ) : (
          <table>
            <tbody>
              {d.participants.map((q) => (
                <tr>
                  <td>{q.name}</td>
                  <td>{t.role[q.role]}</td>
                  <td>
                    <span class={`badge ${q.response}`}>{t.response[q.response]}</span>
                  </td>
                  <td>
                    <a class="button secondary" href={`/console/speakers/${q.speakerId}/link?dialogue=${d.id}`}>
                      {t.personLink}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="actions-heading">
        <h2 id="actions-heading">{t.actions}</h2>
        {d.status === 'scheduled' ? (
          <form method="post" action={`/console/dialogues/${d.id}/announce`} class="inline">
            <CsrfField token={x.csrf} />
            {d.announcedAt ? <input type="hidden" name="withdraw" value="yes" /> : null}
            <button type="submit" class="secondary">
              {d.announcedAt ? announceWords(x.p.lang).withdraw : announceWords(x.p.lang).announce}
            </button>
          </form>
        ) : null}
        {transitions.length === 0 ? null : (
          <form method="post" action={`/console/dialogues/${d.id}/status`}>
            <CsrfField token={x.csrf} />
            <label for="note">{t.reason}</label>
            <input type="text" id="note" name="note" maxlength={1000} />
            <p>
              {transitions.map((status) => (
                <button type="submit" name="status" value={status} class={status === 'cancelled' ? 'danger' : undefined}>
                  {actionLabel[status] ?? status}
                </button>
              ))}
            </p>
          </form>
        )}
      </section>
      <section aria-labelledby="audio-heading">
        <h2 id="audio-heading">{t.audio}</h2>
        {audio ? <Player p={x.p} audio={audio} /> : <p class="muted">{t.audioMissing}</p>}
        {audio ? (
          <p class="meta">
            {t.audioFrom[audio.source]}
            {audio.missing.length > 0 ? ` · ${t.audioPartial(audio.missing.map((m) => f.span(m.from, m.to, d.timezone)).join(', '))}` : ''}
          </p>
        ) : null}
        <h3>{t.runs}</h3>
        {runs.length === 0 ? (
          <p class="muted">{t.noRuns}</p>
        ) : (
          <table>
            <tbody>
              {runs.map((r) => (
                <tr>
                  <td>
                    <time datetime={r.startedAt}>
                      {f.shortDate(r.startedAt, d.timezone)} {f.time(r.startedAt, d.timezone)}
                    </time>
                  </td>
                  <td>
                    {t.runJob[r.job] ?? r.job} · {t.runTrigger[r.trigger]}
                  </td>
                  <td>
                    <span class={`badge run-${r.outcome}`}>{t.runOutcome[r.outcome]}</span>
                    {/* A transcription takes minutes: how far it has got. */}
                    {r.progress !== null && r.outcome === 'running' ? <progress max={100} value={r.progress}>{r.progress} %</progress> : null} ({t.attempt} {r.attempt})
                  </td>
                  <td>
                    {r.reason ? runReason(r.reason, x.p.lang, f, d.timezone) : ''}
                    {r.retryAt ? ` · ${t.retryAt} ${f.time(r.retryAt, d.timezone)}` : ''}
                    {r.error ? (
                      <details>
                        <summary>{t.ffmpegSaid}</summary>
                        <pre>{r.error}</pre>
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {d.status === 'cancelled' ? null : (
          <>
            <form method="post" action={`/console/dialogues/${d.id}/capture`}>
              <CsrfField token={x.csrf} />
              <button type="submit" class="secondary">
                {t.captureNow}
              </button>
            </form>
            <form method="post" action={`/console/dialogues/${d.id}/audio`} enctype="multipart/form-data">
              <CsrfField token={x.csrf} />
              <label for="audio-file">{t.audioFile}</label>
              <input type="file" id="audio-file" name="file" accept="audio/*" required />
              <button type="submit">{t.uploadAudio}</button>
            </form>
          </>
        )}
      </section>
      <section aria-labelledby="transcript-heading">
        <h2 id="transcript-heading">{t.transcript}</h2>
        <p>
          {d.transcript ? (
            <>
              {t.version} {d.transcript.version}, {t.segments(d.transcript.segments)} · <a href={`/dialog/${d.id}#transcript-heading`}>{t.transcript}</a> ·{' '}
              <a href={`/console/dialogues/${d.id}/transcript/edit`}>{editorMessages(x.p.lang).editTranscript}</a>
            </>
          ) : (
            <span class="muted">{t.noTranscript}</span>
          )}
        </p>
        <form method="post" action={`/console/dialogues/${d.id}/transcript`} enctype="multipart/form-data">
          <CsrfField token={x.csrf} />
          <label for="transcript-file">{t.transcriptFile}</label>
          <input type="file" id="transcript-file" name="file" accept=".vtt,.srt,.json,.txt,text/vtt,application/x-subrip,application/json,text/plain" required />
          <button type="submit">{t.uploadTranscript}</button>
        </form>
      </section>
      <section aria-labelledby="edit-heading">
        <h2 id="edit-heading">{t.editDialogue}</h2>
        {form}
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t.history}</h2>
        <table>
          <tbody>
            {history.map((h) => (
              <tr>
                <td>
                  <time datetime={h.at}>
                    {f.shortDate(h.at, d.timezone)} {f.time(h.at, d.timezone)}
                  </time>
                </td>
                <td>{h.action}</td>
                <td>
                  {h.change}
                  {h.note ? ` (${h.note})` : ''}
                </td>
                <td class="muted">{h.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
};

export const CorrectionsPage: FC<{ x: ConsoleContext; items: CorrectionJson[]; notice?: string; errors?: Child[] }> = ({ x, items, notice, errors }) => {
  const { t, f } = x.p;
  return (
    <Layout p={x.p} title={t.reviewCorrections} area="console" signOut={x.csrf}>
      <h1>{t.reviewCorrections}</h1>
      <Notices notice={notice} errors={errors} />
      {items.length === 0 ? (
        <p class="muted">{t.noCorrections}</p>
      ) : (
        <ul class="cards">
          {items.map((c) => (
            <li id={`c-${c.id}`}>
              <h3>
                <a href={`/console/dialogues/${c.dialogueId}`}>{c.dialogueTitle}</a>
                {c.segment.startMs === null ? '' : ` · ${clock(c.segment.startMs)}`}
              </h3>
              <p class="meta">
                {c.speaker.name} · {f.shortDate(c.createdAt, 'Asia/Jakarta')} {f.time(c.createdAt, 'Asia/Jakarta')} WIB
              </p>
              <dl class="facts">
                <dt>{t.original}</dt>
                <dd>{c.originalText}</dd>
                <dt>{t.proposal}</dt>
                <dd>{c.text}</dd>
                {c.note ? (
                  <>
                    <dt>{t.noteLabel}</dt>
                    <dd>{c.note}</dd>
                  </>
                ) : null}
              </dl>
              <form method="post" action={`/console/corrections/${c.id}/accept`} class="inline">
                <CsrfField token={x.csrf} />
                <button type="submit">{t.accept}</button>
              </form>
              <form method="post" action={`/console/corrections/${c.id}/reject`} class="inline">
                <CsrfField token={x.csrf} />
                <label for={`reason-${c.id}`}>{t.rejectReason}</label>
                <input type="text" id={`reason-${c.id}`} name="reason" maxlength={2000} />
                <button type="submit" class="secondary">
                  {t.reject}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
};
