// The transcript editor's pages: /console/dialogues/{id}/transcript/edit for coordinators
// (each save is a new version through the edits service) and /s/{token}/dialog/{id}/edit
// for a dialogue's speakers (each save is a proposed correction, reviewed as before). Every
// form redirects back to the line it changed; a refused one shows the editor again with
// the reason in the reader's language.
import { Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../auth/actor.ts';
import type { DialogueJson } from '../../dialogues/dialogues.schemas.ts';
import { getDialogue } from '../../dialogues/dialogues.service.ts';
import { AppError, said } from '../../errors.ts';
import { issueMessage } from '../../http/issues.ts';
import type { AppEnv, Deps } from '../../http/api.ts';
import { editTranscript, reviewVersion } from '../../transcripts/edits.service.ts';
import type { EditOperation } from '../../transcripts/edits.schemas.ts';
import { scheduleWordsOf } from '../../transcription/transcription.service.ts';
import { proposeCorrection } from '../../transcripts/corrections.service.ts';
import { readTranscript } from '../../transcripts/transcripts.service.ts';
import { coordinatorOf, credentialOf, toLogin } from '../console/console.routes.tsx';
import type { AudioJson } from '../data.ts';
import { type FormFields, readForm, text, texts } from '../forms.ts';
import { type Page, type PageContext, render } from '../layout.tsx';
import { ownDialogue, speakerFor } from '../portal/portal.routes.tsx';
import { type EditorMode, EditorPage } from './editor.tsx';
import { type EditorMessages, editorMessages } from './editor.i18n.ts';

const VersionNumber = z.coerce.number().int().min(1);

/** The latest transcript as the actor may read it, or null when there is none yet. */
async function latestTranscript(db: Deps['db'], actor: Actor, dialogueId: string, version?: number) {
  try {
    return (await readTranscript(db, actor, dialogueId, version)).json;
  } catch (error) {
    if (error instanceof AppError && error.status === 404 && error.code === 'not_found') return null;
    throw error;
  }
}

/** A refusal in the reader's words, with the status to answer; other failures are not the form's to explain. */
function refusal(e: EditorMessages, error: unknown): { lines: string[]; status: 400 | 409 } {
  if (!(error instanceof AppError) || error.status >= 500 || error.status === 401 || error.status === 403) throw error;
  const said = e.errors[error.code] ?? error.message;
  const fields = Array.isArray(error.details?.fields) ? (error.details.fields as { path?: string; message?: string }[]).map((f) => `${f.path ?? ''}: ${f.message ?? ''}`) : [];
  return { lines: [said, ...fields], status: error.status === 409 ? 409 : 400 };
}

function notice(e: EditorMessages, done: string | undefined, count: string | undefined): string | undefined {
  if (done === 'replaced') return e.done.replaced(Number(count) || 0);
  if (done === 'saved' || done === 'assigned' || done === 'reviewed' || done === 'proposed') return e.done[done];
  return undefined;
}

/**
 * A line's number on the page (1-based), for the anchor a form returns to: `#text-N` names
 * the line's textarea, which browsers focus when they follow it, so the reader carries on
 * where they were, with or without JavaScript.
 */
const lineNumber = (lines: { id: string }[], segmentId: string) => Math.max(1, lines.findIndex((s) => s.id === segmentId) + 1);

const NO_VERSION = said('Formulir ini tidak menyebut versi transkrip.', 'The form names no transcript version.');

function baseOf(fields: FormFields): number {
  const base = VersionNumber.safeParse(text(fields, 'base'));
  if (!base.success) throw new AppError(400, 'invalid_request', NO_VERSION, { fields: [{ path: 'base', message: said('tidak ada', 'missing') }] });
  return base.data;
}

/**
 * The lines a speaker is assigned to: the ticked ones (each run of consecutive ticks one
 * operation), else the numbers from–to. Ids are the base version's, which is what the
 * edit is checked against.
 */
function assignOperations(fields: FormFields, lineIds: string[], speakerId: string | null): EditOperation[] {
  const ticked = texts(fields, 'line');
  let picked: number[];
  if (ticked.length > 0) {
    picked = ticked.map((id) => {
      const at = lineIds.indexOf(id);
      if (at < 0) throw new AppError(400, 'unknown_segment', said(`Baris ${id} tidak ada di versi ini.`, `No line ${id} in this version.`));
      return at;
    });
  } else {
    const from = Number(text(fields, 'from'));
    const to = text(fields, 'to') === '' ? from : Number(text(fields, 'to'));
    if (text(fields, 'from') === '') throw new AppError(400, 'no_lines', said('Belum ada baris yang dipilih.', 'No lines chosen.'));
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to > lineIds.length || from > to) {
      throw new AppError(400, 'bad_lines', said(`Baris ${from}–${to} tidak ada di transkrip ini.`, `Lines ${from}–${to} are not in this transcript.`));
    }
    picked = Array.from({ length: to - from + 1 }, (_, i) => from - 1 + i);
  }
  const sorted = [...new Set(picked)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const at of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === at - 1) last[1] = at;
    else runs.push([at, at]);
  }
  return runs.map(([from, to]) => ({ op: 'speaker', fromSegmentId: lineIds[from] as string, toSegmentId: lineIds[to] as string, speakerId }));
}

export function editorPages({ db }: Deps) {
  async function show(
    c: PageContext,
    p: Page,
    actor: Actor,
    mode: EditorMode,
    csrf: string,
    dialogueId: string,
    audio: (d: DialogueJson) => AudioJson | null,
    extra: { notice?: string; errors?: string[] } = {},
    status: 200 | 400 | 409 = 200,
  ) {
    const d = await getDialogue(db, actor, dialogueId);
    const transcript = await latestTranscript(db, actor, dialogueId);
    const version = transcript?.version ?? null;
    const machineDraft = version !== null && !version.reviewed && (version.source === 'machine' || version.source === 'edit');
    return render(
      c,
      <EditorPage
        p={p}
        mode={mode}
        csrf={csrf}
        d={d}
        version={version}
        lines={transcript?.segments ?? []}
        audio={audio(d)}
        schedule={machineDraft ? await scheduleWordsOf(db, dialogueId) : null}
        notice={extra.notice}
        errors={extra.errors}
      />,
      status,
    );
  }

  // ---- Coordinators, in the console
  const consoleBase = (id: string) => `/console/dialogues/${id}/transcript/edit`;
  const consoleMode = (id: string, signOut: string): EditorMode => ({ kind: 'coordinator', base: consoleBase(id), back: `/console/dialogues/${id}`, signOut });
  const ownAudio = (d: DialogueJson) => d.audio;

  /** Runs a coordinator's form: on success back to the editor with a notice, else the editor with the reason. */
  async function coordinatorAction(c: PageContext, act: (actor: Extract<Actor, { kind: 'user' }>, id: string, fields: FormFields) => Promise<string>) {
    const me = coordinatorOf(c);
    if (!me) return toLogin(c);
    const id = c.req.param('id') ?? '';
    const fields = await readForm(c, credentialOf(c));
    try {
      return c.redirect(`${consoleBase(id)}${await act(me.actor, id, fields)}`, 303);
    } catch (error) {
      const e = editorMessages(me.x.p.lang);
      const problem = refusal(e, error);
      return show(c, me.x.p, me.actor, consoleMode(id, me.x.csrf), me.x.csrf, id, ownAudio, { errors: problem.lines }, problem.status);
    }
  }

  const app = new Hono<AppEnv>();
  app.get('/console/dialogues/:id/transcript/edit', async (c) => {
    const me = coordinatorOf(c);
    if (!me) return toLogin(c);
    const id = c.req.param('id');
    return show(c, me.x.p, me.actor, consoleMode(id, me.x.csrf), me.x.csrf, id, ownAudio, {
      notice: notice(editorMessages(me.x.p.lang), c.req.query('done'), c.req.query('n')),
    });
  });
  app.post('/console/dialogues/:id/transcript/edit/lines/:segmentId', (c) =>
    coordinatorAction(c, async (actor, id, fields) => {
      const segmentId = c.req.param('segmentId') ?? '';
      const base = baseOf(fields);
      await editTranscript(db, actor, id, { baseVersion: base, operations: [{ op: 'text', segmentId, text: text(fields, 'text') }] });
      // The new version keeps the lines' order: the base version says which number this line has.
      return `?done=saved#text-${lineNumber((await latestTranscript(db, actor, id, base))?.segments ?? [], segmentId)}`;
    }),
  );
  app.post('/console/dialogues/:id/transcript/edit/replace', (c) =>
    coordinatorAction(c, async (actor, id, fields) => {
      const result = await editTranscript(db, actor, id, {
        baseVersion: baseOf(fields),
        operations: [{ op: 'replace', find: text(fields, 'find'), replace: text(fields, 'replace'), matchCase: text(fields, 'matchCase') === '1' }],
      });
      return `?done=replaced&n=${result.changes.replacements}`;
    }),
  );
  app.post('/console/dialogues/:id/transcript/edit/assign', (c) =>
    coordinatorAction(c, async (actor, id, fields) => {
      const base = baseOf(fields);
      const lines = (await latestTranscript(db, actor, id, base))?.segments ?? [];
      const operations = assignOperations(
        fields,
        lines.map((s) => s.id),
        text(fields, 'speakerId') || null,
      );
      await editTranscript(db, actor, id, { baseVersion: base, operations });
      const first = operations[0];
      return `?done=assigned#text-${first?.op === 'speaker' ? lineNumber(lines, first.fromSegmentId) : 1}`;
    }),
  );
  app.post('/console/dialogues/:id/transcript/edit/review', (c) =>
    coordinatorAction(c, async (actor, id, fields) => {
      const version = VersionNumber.safeParse(text(fields, 'version'));
      if (!version.success) throw new AppError(400, 'invalid_request', NO_VERSION);
      await reviewVersion(db, actor, id, version.data);
      return '?done=reviewed';
    }),
  );

  // ---- Speakers, in their portal: their own dialogues only, and proposals only
  const portalMode = (token: string, id: string): EditorMode => ({ kind: 'speaker', base: `/s/${token}/dialog/${id}/edit`, back: `/s/${token}/dialog/${id}` });
  // The speaker's <audio> cannot send their token as a header: media goes through the link's path (audio.routes.ts).
  const throughLink = (token: string) => (d: DialogueJson) =>
    d.audio && { ...d.audio, renditions: d.audio.renditions.map((r) => ({ ...r, url: `/s/${token}${r.url}` })), peaksUrl: `/s/${token}${d.audio.peaksUrl}` };

  app.get('/s/:token/dialog/:id/edit', async (c) => {
    const { actor, x } = await speakerFor(c, db);
    const d = await ownDialogue(db, actor, c.req.param('id'));
    return show(c, x.p, actor, portalMode(x.token, d.id), x.csrf, d.id, throughLink(x.token), {
      notice: notice(editorMessages(x.p.lang), c.req.query('done'), undefined),
    });
  });
  app.post('/s/:token/dialog/:id/edit/lines/:segmentId', async (c) => {
    const { actor, x } = await speakerFor(c, db);
    const d = await ownDialogue(db, actor, c.req.param('id'));
    const fields = await readForm(c, x.token);
    const segmentId = c.req.param('segmentId') ?? '';
    try {
      const proposed = z.object({ text: z.string().trim().min(1).max(10_000) }).safeParse({ text: text(fields, 'text') });
      if (!proposed.success) {
        throw new AppError(400, 'invalid_request', said('Teksnya kosong atau terlalu panjang.', 'The text is empty or too long.'), {
          fields: proposed.error.issues.map((issue) => ({ path: 'text', message: said(issueMessage(issue, 'id'), issueMessage(issue, 'en')) })),
        });
      }
      await proposeCorrection(db, actor, { segmentId, text: proposed.data.text });
    } catch (error) {
      // An unknown line is, for this speaker, one that has changed since the page was drawn.
      const problem = refusal(editorMessages(x.p.lang), error instanceof AppError && error.status === 404 ? new AppError(409, 'stale_segment', error.message) : error);
      return show(c, x.p, actor, portalMode(x.token, d.id), x.csrf, d.id, throughLink(x.token), { errors: problem.lines }, problem.status);
    }
    const lines = (await latestTranscript(db, actor, d.id))?.segments ?? [];
    return c.redirect(`/s/${x.token}/dialog/${d.id}/edit?done=proposed#text-${lineNumber(lines, segmentId)}`, 303);
  });
  return app;
}
