// The console's page for a speaker's personal link: shows the current link to copy without
// changing it, and issues a new one (revoking the old, and with it the speaker's calendar
// subscription) only after the coordinator ticks a confirmation.
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { createSpeakerLink, currentSpeakerLink } from '../../auth/auth.service.ts';
import { notFound, THINGS } from '../../errors.ts';
import type { AppEnv, Deps } from '../../http/api.ts';
import { findSpeaker } from '../../speakers/speakers.repository.ts';
import { Notices } from '../components.tsx';
import { readForm, text } from '../forms.ts';
import { CsrfField, Layout, render } from '../layout.tsx';
import { announceWords } from './announce.i18n.ts';
import { type ConsoleContext } from './console.tsx';
import { coordinatorOf, credentialOf, toLogin } from './console.routes.tsx';

type LinkState = { token: string; url: string } | { missing: 'none' | 'unreadable' };

const SpeakerLinkPage: FC<{ x: ConsoleContext; speaker: { id: string; name: string }; link: LinkState; dialogueId: string; notice?: string; error?: string }> = ({
  x,
  speaker,
  link,
  dialogueId,
  notice,
  error,
}) => {
  const w = announceWords(x.p.lang);
  return (
    <Layout p={x.p} title={w.linkTitle(speaker.name)} area="console" script signOut={x.csrf}>
      <h1>{w.linkTitle(speaker.name)}</h1>
      <p>{w.linkIntro}</p>
      <Notices notice={notice} errors={error ? [error] : undefined} />
      <section aria-labelledby="current-heading">
        <h2 id="current-heading">{w.currentLink}</h2>
        {'url' in link ? (
          <p class="copy-row">
            <input type="text" id="current-link" readonly value={link.url} aria-labelledby="current-heading" size={60} />
            <button type="button" class="secondary" data-copy="current-link" data-copied={w.copied}>
              {w.copy}
            </button>
          </p>
        ) : (
          <p class="muted" id="no-link">
            {link.missing === 'none' ? w.noLink : w.unreadableLink}
          </p>
        )}
      </section>
      <section aria-labelledby="issue-heading">
        <h2 id="issue-heading">{w.issueNew}</h2>
        <form method="post" action={`/console/speakers/${speaker.id}/link`}>
          <CsrfField token={x.csrf} />
          <input type="hidden" name="dialogueId" value={dialogueId} />
          <p>{w.issueWarning}</p>
          <p>
            <input type="checkbox" id="confirm" name="confirm" value="yes" required />
            <label for="confirm">{w.confirmIssue}</label>
          </p>
          <button type="submit">{w.issueNew}</button>
        </form>
      </section>
      {dialogueId ? (
        <p>
          <a href={`/console/dialogues/${encodeURIComponent(dialogueId)}`}>{w.backToDialogue}</a>
        </p>
      ) : null}
    </Layout>
  );
};

export function speakerLinkPages({ db, config }: Deps) {
  async function show(c: Parameters<typeof coordinatorOf>[0], x: ConsoleContext, speakerId: string, dialogueId: string, extra: { notice?: string; error?: string }, status: 200 | 400 = 200) {
    const speaker = await findSpeaker(db, speakerId);
    if (!speaker) throw notFound(THINGS.speaker, speakerId);
    const link = await currentSpeakerLink(db, config, speakerId);
    return render(c, <SpeakerLinkPage x={x} speaker={speaker} link={link} dialogueId={dialogueId} {...extra} />, status);
  }

  return new Hono<AppEnv>()
    .get('/speakers/:id/link', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const notice = c.req.query('done') === 'issued' ? announceWords(me.x.p.lang).issued : undefined;
      return show(c, me.x, c.req.param('id'), c.req.query('dialogue') ?? '', { notice });
    })
    .post('/speakers/:id/link', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const fields = await readForm(c, credentialOf(c));
      const speakerId = c.req.param('id');
      const dialogueId = text(fields, 'dialogueId');
      // Without the confirmation nothing changes: the old link keeps working.
      if (text(fields, 'confirm') !== 'yes') return show(c, me.x, speakerId, dialogueId, { error: announceWords(me.x.p.lang).mustConfirm }, 400);
      await createSpeakerLink(db, config, speakerId);
      return c.redirect(`/console/speakers/${encodeURIComponent(speakerId)}/link?done=issued&dialogue=${encodeURIComponent(dialogueId)}`, 303);
    });
}
