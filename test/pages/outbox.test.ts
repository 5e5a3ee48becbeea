// The console's outbox without a mail server: who may open it, each message with its state,
// "Kirim lewat WhatsApp" from the person's phone, cancelling and resending through its forms,
// and the coordinators' digest among the messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueDigests } from '../../src/messages/messages.service.ts';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { browser, csrfOf } from './helpers.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
beforeAll(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
  const date = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await t.create('/api/dialogues', {
    title: 'Literasi Digital', stationId: s.station.id, startsAt: `${date}T09:00`, endsAt: `${date}T10:00`,
    participants: [{ speakerId: s.suliwati.id, role: 'speaker' }, { speakerId: s.elyanie.id, role: 'speaker' }],
  });
  await queueDigests(t.db, t.config);
});
afterAll(() => t.close());

const coordinator = () => browser(t, { session: t.coordinator });
const pending = async () => (await t.call('GET', '/api/messages', { token: t.coordinator })).json.items as any[];

describe('the outbox page', () => {
  it('is for coordinators only', async () => {
    const anonymous = await browser(t).get('/console/messages');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/console/login');
    const speaker = await t.call('GET', '/console/messages', { token: await t.speakerToken(s.suliwati.id), headers: { accept: 'text/html' } });
    expect(speaker.status).toBe(303);
  });

  it('shows each message with its state, WhatsApp from the phone, and the digest with its coordinator', async () => {
    const page = await coordinator().get('/console/messages');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Kotak keluar');
    const items = await pending();
    const suli = items.find((m) => m.toEmail === 'suli@example.id');
    expect(suli.whatsappUrl).toMatch(/^https:\/\/wa\.me\/62811000\?text=Yth\.%20Suliwati/);
    expect(page.html).toContain(`href="${suli.whatsappUrl.replaceAll('&', '&amp;')}"`);
    expect(page.html).toContain('Kirim lewat WhatsApp');
    expect(page.html).toContain('Tidak ada nomor telepon');
    expect(page.html).toContain('Salin teks');
    expect(page.html).toContain('Ringkasan: Belum menjawab: 2 orang untuk dialog tiga hari ke depan');
    expect(page.html).toContain('Koordinator &lt;coord@test.id&gt;');
    const english = await coordinator().get('/console/messages?lang=en');
    expect(english.html).toContain('Send over WhatsApp');
  });

  it('cancels and resends a message through its forms, and refuses a form without its token', async () => {
    const suli = (await pending()).find((m) => m.toEmail === 'suli@example.id');
    const page = await coordinator().get('/console/messages');
    const forged = await coordinator().post(`/console/messages/${suli.id}/cancel`, { _csrf: 'nope' });
    expect(forged.status).toBe(403);
    const cancelled = await coordinator().post(`/console/messages/${suli.id}/cancel`, { _csrf: csrfOf(page.html) });
    expect(cancelled.status).toBe(303);
    expect((await coordinator().get(cancelled.headers.get('location') as string)).html).toContain('Pesan dibatalkan.');
    expect((await pending()).find((m) => m.id === suli.id).status).toBe('cancelled');
    const resent = await coordinator().post(`/console/messages/${suli.id}/resend`, { _csrf: csrfOf(page.html) });
    expect(resent.status).toBe(303);
    expect((await pending()).find((m) => m.id === suli.id)).toMatchObject({ status: 'pending', messageId: suli.messageId });
    const again = await coordinator().post(`/console/messages/${suli.id}/resend`, { _csrf: csrfOf(page.html) });
    expect(again.status).toBe(409);
    expect(again.html).toContain('Pesan ini masih menunggu dikirim; hanya pesan yang gagal atau dibatalkan yang dikirim ulang.');
    expect((await t.call('POST', `/api/messages/${suli.id}/resend?lang=en`, { token: t.coordinator })).json.error.message).toBe('This message is pending; only failed or cancelled messages are sent again.');
  });
});
