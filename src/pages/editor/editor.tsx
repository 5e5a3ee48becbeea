// The transcript line editor, for coordinators in the console and for speakers in their
// portal. Every line is its own form (time, speaker, its text in a textarea, a play link),
// so the page works without JavaScript; replace-all, assigning a speaker to a run of lines
// and marking the version reviewed are forms too (coordinators only). assets/editor.js adds
// playing a line in the page, the keyboard shortcuts listed on the page, and stepping
// through the words the engine doubts, or, when it gave no confidences (our binding gives
// none), the words neither the root-word list nor the schedule knows (unknown-words.ts).
//
// A word is doubtful below DOUBTFUL_BELOW: Whisper's token probabilities for words it got
// right sit mostly above 0.8; below 0.6 a word is wrong often enough to be worth a look,
// and few enough are marked that stepping through them stays quicker than reading it all.
import type { Child, FC } from 'hono/jsx';
import type { DialogueJson } from '../../dialogues/dialogues.schemas.ts';
import type { VersionJson, WordJson } from '../../transcripts/transcripts.schemas.ts';
import { type Span, unknownWordSpans } from '../../transcription/unknown-words.ts';
import { Notices } from '../components.tsx';
import { assetUrl } from '../assets.ts';
import type { AudioJson } from '../data.ts';
import { clock } from '../i18n.ts';
import { CsrfField, Layout, type Page } from '../layout.tsx';
import { editorMessages } from './editor.i18n.ts';

export const DOUBTFUL_BELOW = 0.6;

export type EditorLine = {
  id: string;
  startMs: number | null;
  endMs: number | null;
  speaker: { id: string | null; name: string } | null;
  text: string;
  words?: WordJson[] | null;
};

const edgePunctuation = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/**
 * Where the doubtful words are in the line's text, in characters. The engine's words are
 * found in order (its tokens carry spaces and punctuation the text may not), so a word the
 * text no longer has is skipped rather than marked in the wrong place.
 */
export function doubtfulSpans(text: string, words: WordJson[] | null | undefined, schedule: Set<string> | null = null): Span[] {
  const engineDoubts = (words ?? []).some((w) => w.confidence !== null);
  if (!engineDoubts) return schedule ? unknownWordSpans(text, schedule) : [];
  const spans: Span[] = [];
  let cursor = 0;
  for (const word of words ?? []) {
    const bare = word.text.trim().replace(edgePunctuation, '');
    if (bare === '') continue;
    const at = text.indexOf(bare, cursor);
    if (at < 0) continue;
    cursor = at + bare.length;
    if (word.confidence !== null && word.confidence < DOUBTFUL_BELOW) spans.push({ from: at, to: at + bare.length });
  }
  return spans;
}

const Heard: FC<{ text: string; spans: Span[] }> = ({ text, spans }) => {
  const pieces: Child[] = [];
  let at = 0;
  for (const span of spans) {
    pieces.push(text.slice(at, span.from));
    pieces.push(
      <mark class="doubt" data-from={String(span.from)} data-to={String(span.to)}>
        {text.slice(span.from, span.to)}
      </mark>,
    );
    at = span.to;
  }
  pieces.push(text.slice(at));
  return <>{pieces}</>;
};

/** Who edits: a coordinator's saves make versions; a speaker's become proposed corrections. */
export type EditorMode =
  | { kind: 'coordinator'; base: string; back: string; signOut: string }
  | { kind: 'speaker'; base: string; back: string };

export const EditorPage: FC<{
  p: Page;
  mode: EditorMode;
  csrf: string;
  d: DialogueJson;
  version: VersionJson | null;
  lines: EditorLine[];
  audio: AudioJson | null;
  /** The schedule's words, given while the text is an unreviewed machine draft (see unknown-words.ts). */
  schedule: Set<string> | null;
  notice?: string;
  errors?: string[];
}> = ({ p, mode, csrf, d, version, lines, audio, schedule, notice, errors }) => {
  const e = editorMessages(p.lang);
  const coordinator = mode.kind === 'coordinator';
  const rendition = audio ? ([...audio.renditions].sort((a, b) => (a.format === b.format ? 0 : a.format === 'opus' ? -1 : 1))[0] ?? null) : null;
  const head = (
    <>
      <link rel="stylesheet" href={assetUrl('editorCss')} />
      <script src={assetUrl('editorJs')} defer></script>
    </>
  );
  const Base = () => <input type="hidden" name="base" value={String(version?.version ?? '')} />;
  return (
    <Layout p={p} title={e.title(d.title)} area={coordinator ? 'console' : 'portal'} head={head} signOut={mode.kind === 'coordinator' ? mode.signOut : undefined}>
      <p>
        <a href={mode.back}>← {e.back}</a>
      </p>
      <h1>{e.title(d.title)}</h1>
      {version ? (
        <p class="meta">
          {e.version(version.version)} · {e.source[version.source] ?? version.source}
          {version.model ? ` (${e.model} ${version.model})` : ''} ·{' '}
          {version.reviewedAt ? e.reviewed(p.f.date(version.reviewedAt, d.timezone)) : e.notReviewed}
        </p>
      ) : null}
      <Notices notice={notice} errors={errors} />
      <p id="editor-status" role="status" class="editor-status" data-none={e.statusNone} data-word={e.statusWord} data-of={e.statusOf}></p>
      {!version ? (
        <p class="muted">{e.noTranscript}</p>
      ) : (
        <>
          <details class="keys">
            <summary>{e.keysTitle}</summary>
            <dl class="facts">
              {e.keys.map(([key, what]) => (
                <>
                  <dt>
                    <kbd>{key}</kbd>
                  </dt>
                  <dd>{what}</dd>
                </>
              ))}
            </dl>
            <p class="meta">{e.doubtfulNote(Math.round(DOUBTFUL_BELOW * 100))}</p>
            {schedule ? <p class="meta">{e.unknownNote}</p> : null}
          </details>
          {mode.kind === 'speaker' ? <p class="notice">{e.proposeNote}</p> : null}
          {rendition ? (
            <section class="editor-player" aria-label={e.play}>
              <audio id="editor-audio" controls preload="metadata" src={rendition.url}></audio>
            </section>
          ) : (
            <p class="muted">{e.noAudio}</p>
          )}
          {coordinator ? (
            <div class="editor-tools">
              <form method="post" action={`${mode.base}/replace`} class="tool">
                <fieldset>
                  <legend>{e.replaceTitle}</legend>
                  <CsrfField token={csrf} />
                  <Base />
                  <label for="find">{e.find}</label>
                  <input type="text" id="find" name="find" required maxlength={200} />
                  <label for="replace">{e.replaceWith}</label>
                  <input type="text" id="replace" name="replace" maxlength={200} />
                  <div class="checks">
                    <label>
                      <input type="checkbox" name="matchCase" value="1" /> {e.matchCase}
                    </label>
                  </div>
                  <p class="meta">{e.replaceHelp}</p>
                  <button type="submit">{e.replaceAll}</button>
                </fieldset>
              </form>
              <form method="post" action={`${mode.base}/assign`} id="assign-form" class="tool">
                <fieldset>
                  <legend>{e.assignTitle}</legend>
                  <CsrfField token={csrf} />
                  <Base />
                  <label for="assign-person">{e.person}</label>
                  <select id="assign-person" name="speakerId">
                    {d.participants.map((q) => (
                      <option value={q.speakerId}>
                        {q.name} ({p.t.role[q.role]})
                      </option>
                    ))}
                    <option value="">{e.nobody}</option>
                  </select>
                  <p class="meta">{e.assignHelp}</p>
                  <div class="row">
                    <div>
                      <label for="assign-from">{e.fromLine}</label>
                      <input type="number" id="assign-from" name="from" min={1} max={lines.length} inputmode="numeric" />
                    </div>
                    <div>
                      <label for="assign-to">{e.toLine}</label>
                      <input type="number" id="assign-to" name="to" min={1} max={lines.length} inputmode="numeric" />
                    </div>
                  </div>
                  <button type="submit">{e.assign}</button>
                </fieldset>
              </form>
              {version.reviewed ? null : (
                <form method="post" action={`${mode.base}/review`} class="tool">
                  <CsrfField token={csrf} />
                  <input type="hidden" name="version" value={String(version.version)} />
                  <button type="submit" class="secondary">
                    {e.markReviewed}
                  </button>
                </form>
              )}
            </div>
          ) : null}
          <ol class="editor-lines" id="editor-lines">
            {lines.map((line, i) => {
              const n = i + 1;
              const spans = doubtfulSpans(line.text, line.words, schedule);
              const timed = line.startMs !== null;
              return (
                <li id={`line-${n}`} data-start={timed ? String(line.startMs) : undefined} data-end={line.endMs === null ? undefined : String(line.endMs)}>
                  <div class="line-head">
                    {coordinator ? (
                      <>
                        <input type="checkbox" form="assign-form" name="line" value={line.id} id={`pick-${n}`} />
                        <label for={`pick-${n}`} class="vh">
                          {e.pickLine(n)}
                        </label>
                      </>
                    ) : null}
                    <span class="num">{n}</span>
                    {timed && rendition ? (
                      // Without JavaScript the link opens the recording at the line's span
                      // (a media fragment); the script plays it in the page instead.
                      <a class="time play" href={`${rendition.url}#t=${(line.startMs as number) / 1000}${line.endMs === null ? '' : `,${line.endMs / 1000}`}`}>
                        <span class="vh">{e.playLine(n)}: </span>
                        {clock(line.startMs as number)}
                      </a>
                    ) : timed ? (
                      <span class="time">{clock(line.startMs as number)}</span>
                    ) : null}
                    <span class="who">{line.speaker?.name ?? <span class="muted">{e.unknownSpeaker}</span>}</span>
                    {spans.length > 0 ? <span class="badge doubt-count">{e.doubtfulCount(spans.length)}</span> : null}
                  </div>
                  {spans.length > 0 ? (
                    <p class="heard" data-line={String(n)}>
                      <Heard text={line.text} spans={spans} />
                    </p>
                  ) : null}
                  <form method="post" action={`${mode.base}/lines/${line.id}`} class="line-form">
                    <CsrfField token={csrf} />
                    <Base />
                    <label for={`text-${n}`} class="vh">
                      {e.lineText(n)}
                    </label>
                    <textarea id={`text-${n}`} name="text" rows={2} required maxlength={10000}>
                      {line.text}
                    </textarea>
                    <button type="submit">{coordinator ? e.save : e.propose}</button>
                  </form>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </Layout>
  );
};
