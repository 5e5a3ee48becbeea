// The speakers' portal at /s/{token}: the personal link is the credential (no password),
// so every request turns the token into the speaker's actor and everything read or written
// goes through the services as that speaker.
import { Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../auth/actor.ts';
import { actorForPresentedToken } from '../../auth/auth.service.ts';
import { clientAddress } from '../../http/client.ts';
import { getDialogue, listDialogues, respond } from '../../dialogues/dialogues.service.ts';
import { AppError, said } from '../../errors.ts';
import type { AppEnv, Deps } from '../../http/api.ts';
import { getSpeaker } from '../../speakers/speakers.service.ts';
import { listCorrections, proposeCorrection } from '../../transcripts/corrections.service.ts';
import { type AudioJson, audioOf, directory, transcriptOf } from '../data.ts';
import { appErrorLines, problems, readForm, text } from '../forms.ts';
import { type PageContext, csrfTokenFor, pageOf, render } from '../layout.tsx';
import { type PortalContext, PortalDialogue, PortalHome } from './portal.tsx';

type SpeakerActor = Extract<Actor, { kind: 'speaker' }>;

const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

const ResponseForm = z.object({ response: z.enum(['confirmed', 'declined']) });
const CorrectionForm = z.object({
  segmentId: z.string().min(1).max(32),
  text: z.string().trim().min(1).max(10_000),
  note: z.string().trim().max(2000).optional(),
});

export async function speakerFor(c: PageContext, db: Deps['db']): Promise<{ actor: SpeakerActor; x: PortalContext }> {
  const token = c.req.param('token') ?? '';
  const actor = await actorForPresentedToken(db, TOKEN.test(token) ? token : '', clientAddress(c));
  if (actor?.kind !== 'speaker') throw new AppError(404, 'link_revoked', said('Tautan pribadi ini tidak dikenal atau sudah dicabut.', 'This personal link is unknown or was revoked.'));
  const speaker = await getSpeaker(db, actor, actor.speakerId);
  const p = { ...pageOf(c), actor };
  return { actor, x: { p, token, csrf: csrfTokenFor(token), speakerId: speaker.id, name: speaker.name } };
}

/** One of the speaker's own dialogues; others' dialogues do not exist here, published or not. */
export async function ownDialogue(db: Deps['db'], actor: SpeakerActor, id: string) {
  const d = await getDialogue(db, actor, id);
  if (!d.participants.some((q) => q.speakerId === actor.speakerId)) throw new AppError(404, 'not_found', said(`Tidak ada dialog dengan id ${id}.`, `No dialogue with id ${id}.`));
  return d;
}

export function portalPages({ db, config }: Deps) {
  async function home(c: PageContext, extra: { notice?: string; errors?: string[] } = {}, status: 200 | 400 | 409 = 200) {
    const { actor, x } = await speakerFor(c, db);
    const [dir, mine] = await Promise.all([directory(db), listDialogues(db, actor, { speaker: actor.speakerId, limit: 200 }, null)]);
    const now = new Date().toISOString();
    const upcoming = mine.items.filter((d) => d.endsAt > now && d.status !== 'aired' && d.status !== 'published');
    const past = mine.items.filter((d) => !upcoming.includes(d)).reverse();
    const calendarUrl = `${config.publicUrl}/calendar/speakers/${x.token}.ics`;
    return render(c, <PortalHome x={x} dir={dir} upcoming={upcoming} past={past} calendarUrl={calendarUrl} {...extra} />, status);
  }

  // The speaker's <audio> cannot send their token as a header, and the dialogue may not be
  // public yet: the media routes take the token in the path (audio.routes.ts).
  const throughLink = (audio: AudioJson | null, token: string): AudioJson | null =>
    audio && {
      ...audio,
      renditions: audio.renditions.map((r) => ({ ...r, url: `/s/${token}${r.url}` })),
      peaksUrl: `/s/${token}${audio.peaksUrl}`,
    };

  async function dialoguePage(c: PageContext, extra: { notice?: string; errors?: string[] } = {}, status: 200 | 400 | 409 = 200) {
    const { actor, x } = await speakerFor(c, db);
    const d = await ownDialogue(db, actor, c.req.param('id') ?? '');
    const [dir, transcript, corrections] = await Promise.all([
      directory(db),
      transcriptOf(db, actor, d.id),
      listCorrections(db, { speakerId: actor.speakerId }, null, 200),
    ]);
    const own = corrections.items.filter((item) => item.dialogueId === d.id).reverse();
    return render(c, <PortalDialogue x={x} d={d} dir={dir} audio={throughLink(audioOf(d), x.token)} transcript={transcript} corrections={own} {...extra} />, status);
  }

  return new Hono<AppEnv>()
    .get('/:token', async (c) => {
      const done = c.req.query('done');
      const p = pageOf(c);
      return home(c, { notice: done ? p.t.answered[done] : undefined });
    })
    .post('/:token/dialogues/:id/response', async (c) => {
      const { actor, x } = await speakerFor(c, db);
      const form = ResponseForm.safeParse({ response: text(await readForm(c, x.token), 'response') });
      if (!form.success) return home(c, { errors: problems(form.error, pageOf(c)) }, 400);
      const id = c.req.param('id');
      try {
        await respond(db, actor, id, form.data.response);
      } catch (error) {
        if (error instanceof AppError && (error.status === 400 || error.status === 409)) return home(c, { errors: appErrorLines(error, pageOf(c)) }, error.status);
        throw error;
      }
      return c.redirect(`/s/${x.token}?done=${form.data.response}#d-${encodeURIComponent(id)}`, 303);
    })
    .get('/:token/dialog/:id', async (c) => dialoguePage(c, { notice: c.req.query('done') === 'proposed' ? pageOf(c).t.proposed : undefined }))
    .post('/:token/dialog/:id/corrections', async (c) => {
      const { actor, x } = await speakerFor(c, db);
      const d = await ownDialogue(db, actor, c.req.param('id'));
      const fields = await readForm(c, x.token);
      const form = CorrectionForm.safeParse({ segmentId: text(fields, 'segmentId'), text: text(fields, 'text'), note: text(fields, 'note') || undefined });
      if (!form.success) return dialoguePage(c, { errors: problems(form.error, pageOf(c)) }, 400);
      try {
        await proposeCorrection(db, actor, form.data);
      } catch (error) {
        if (error instanceof AppError && (error.status === 400 || error.status === 404 || error.status === 409)) {
          return dialoguePage(c, { errors: appErrorLines(error, pageOf(c)) }, error.status === 404 ? 400 : error.status);
        }
        throw error;
      }
      return c.redirect(`/s/${x.token}/dialog/${d.id}?done=proposed#c-${form.data.segmentId}`, 303);
    });
}
