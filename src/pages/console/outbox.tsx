// The console's outbox (/console/messages): every message with its state; a coordinator
// resends or cancels one; each carries "Kirim lewat WhatsApp" (a wa.me link with the text
// filled in) and a copy button, for coordinators who reach speakers by WhatsApp, as most
// in Indonesia do, or who run without a mail server. Also the announce/withdraw forms.
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { announceDialogue, withdrawAnnouncement } from '../../dialogues/dialogues.service.ts';
import type { AppEnv, Deps } from '../../http/api.ts';
import { cancelMessage, listMessages, type MessageJson, resendMessage } from '../../messages/messages.service.ts';
import { Notices } from '../components.tsx';
import { readForm } from '../forms.ts';
import { CsrfField, Layout, render } from '../layout.tsx';
import { announceWords } from './announce.i18n.ts';
import type { ConsoleContext } from './console.tsx';
import { coordinatorOf, credentialOf, toLogin } from './console.routes.tsx';

const STATES = ['pending', 'failed', 'sent', 'cancelled'] as const;

const OutboxPage: FC<{ x: ConsoleContext; items: MessageJson[]; state: string | undefined; notice?: string }> = ({ x, items, state, notice }) => {
  const w = announceWords(x.p.lang);
  return (
    <Layout p={x.p} title={w.outbox} area="console" script signOut={x.csrf}>
      <h1>{w.outbox}</h1>
      <p>{w.outboxIntro}</p>
      <Notices notice={notice} />
      <nav aria-label={w.outbox}>
        <ul class="tags">
          <li>
            <a href="/console/messages" aria-current={state === undefined ? 'page' : undefined}>{w.all}</a>
          </li>
          {STATES.map((s) => (
            <li>
              <a href={`/console/messages?status=${s}`} aria-current={state === s ? 'page' : undefined}>{w.state[s]}</a>
            </li>
          ))}
        </ul>
      </nav>
      {items.length === 0 ? (
        <p class="muted">{w.noMessages}</p>
      ) : (
        <ul class="cards" id="messages">
          {items.map((m) => (
            <li id={`message-${m.id}`}>
              <h2>
                {w.kind[m.kind]}: {m.dialogueTitle ?? m.subject} <span class={`badge ${m.status}`}>{w.state[m.status]}</span>
              </h2>
              <p class="meta">
                {w.to}: {m.recipientName ?? ''} {m.toEmail ? `<${m.toEmail}>` : ''} {m.toPhone ?? ''} · {x.p.f.shortDate(m.createdAt, 'Asia/Jakarta')}
              </p>
              {m.lastError ? (
                <p class="meta">
                  {w.error}: {m.lastError}
                </p>
              ) : null}
              <label for={`text-${m.id}`}>{m.subject}</label>
              <textarea id={`text-${m.id}`} readonly rows={6} cols={60}>
                {m.text}
              </textarea>
              <p>
                {m.whatsappUrl ? (
                  <a class="button" href={m.whatsappUrl} rel="noopener noreferrer" target="_blank">
                    {w.sendWhatsapp}
                  </a>
                ) : (
                  <span class="muted">{w.noPhone}</span>
                )}{' '}
                <button type="button" class="secondary" data-copy={`text-${m.id}`} data-copied={w.copied}>
                  {w.copyText}
                </button>
              </p>
              {m.status === 'failed' || m.status === 'cancelled' ? (
                <form method="post" action={`/console/messages/${m.id}/resend`} class="inline">
                  <CsrfField token={x.csrf} />
                  <button type="submit" class="secondary">{w.resend}</button>
                </form>
              ) : null}
              {m.status === 'pending' || m.status === 'failed' ? (
                <form method="post" action={`/console/messages/${m.id}/cancel`} class="inline">
                  <CsrfField token={x.csrf} />
                  <button type="submit" class="secondary">{w.cancel}</button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
};

export function outboxPages({ db }: Deps) {
  return new Hono<AppEnv>()
    .get('/messages', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const asked = c.req.query('status');
      const state = STATES.find((s) => s === asked);
      const { items } = await listMessages(db, { status: state, dialogueId: c.req.query('dialogue') || undefined }, null, 200);
      const w = announceWords(me.x.p.lang);
      const done = c.req.query('done');
      const notice = done === 'resent' ? w.resent : done === 'cancelled' ? w.cancelledNotice : undefined;
      return render(c, <OutboxPage x={me.x} items={items} state={state} notice={notice} />);
    })
    .post('/messages/:id/:action{resend|cancel}', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      await readForm(c, credentialOf(c));
      const id = c.req.param('id');
      if (c.req.param('action') === 'resend') await resendMessage(db, id);
      else await cancelMessage(db, id);
      return c.redirect(`/console/messages?done=${c.req.param('action') === 'resend' ? 'resent' : 'cancelled'}`, 303);
    })
    .post('/dialogues/:id/announce', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const fields = await readForm(c, credentialOf(c));
      const id = c.req.param('id');
      if (fields.withdraw === 'yes') await withdrawAnnouncement(db, me.actor, id);
      else await announceDialogue(db, me.actor, id);
      return c.redirect(`/console/dialogues/${encodeURIComponent(id)}`, 303);
    });
}
