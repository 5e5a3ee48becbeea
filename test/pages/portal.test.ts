import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { browser, csrfOf, seedArchive } from './helpers.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;
let token: string;
let other: { id: string; title: string };
beforeAll(async () => {
  t = await createTestApp();
  s = await seedArchive(t);
  token = await t.speakerToken(s.suliwati.id);
  // Elyanie's own booking, which Suliwati must never see.
  other = await t.create('/api/dialogues', {
    title: 'Dialog Pribadi Elyanie',
    stationId: s.other.id,
    startsAt: '2031-09-10T09:00',
    endsAt: '2031-09-10T10:00',
    participants: [{ speakerId: s.elyanie.id, role: 'speaker' }],
  });
});
afterAll(() => t.close());

const speaker = () => browser(t);

describe("the speakers' portal", () => {
  it('shows their upcoming and past dialogues in the station time, with co-speakers and host, and nothing of others', async () => {
    const page = await speaker().get(`/s/${token}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Suliwati</h1>');
    expect(page.html).toContain(s.upcoming.title);
    expect(page.html).toContain('Rabu, 10 September 2031, 09.00–10.00 WIB');
    expect(page.html).toContain(s.published.title);
    expect(page.html).toContain('Elyanie (Narasumber), Rahmat (Pembawa acara)');
    expect(page.html).not.toContain(other.title);
    expect(page.html).toContain(`/calendar/speakers/${token}.ics`);
    // The link is a password: the page tells browsers not to pass it on, nor index it.
    expect(page.html).toContain('<meta name="referrer" content="no-referrer"/>');
    expect(page.html).toContain('content="noindex"');
  });

  it("does not open another person's dialogue by its id", async () => {
    expect((await speaker().get(`/s/${token}/dialog/${other.id}`)).status).toBe(404);
  });

  it('confirms and declines an invitation with the form', async () => {
    const page = await speaker().get(`/s/${token}`);
    const confirm = await speaker().post(`/s/${token}/dialogues/${s.upcoming.id}/response`, { _csrf: csrfOf(page.html), response: 'confirmed' });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get('location')).toBe(`/s/${token}?done=confirmed#d-${s.upcoming.id}`);
    const api = await t.call('GET', `/api/dialogues/${s.upcoming.id}`, { token: t.coordinator });
    expect(api.json.participants.find((p: any) => p.speakerId === s.suliwati.id).response).toBe('confirmed');
    const after = await speaker().get(`/s/${token}?done=confirmed`);
    expect(after.html).toContain('kehadiran Anda tercatat');

    const decline = await speaker().post(`/s/${token}/dialogues/${s.upcoming.id}/response`, { _csrf: csrfOf(page.html), response: 'declined' });
    expect(decline.status).toBe(303);
    const again = await t.call('GET', `/api/dialogues/${s.upcoming.id}`, { token: t.coordinator });
    expect(again.json.participants.find((p: any) => p.speakerId === s.suliwati.id).response).toBe('declined');
  });

  it('refuses a form sent from another site or without its token, and changes nothing', async () => {
    const page = await speaker().get(`/s/${token}`);
    const foreign = await speaker().post(`/s/${token}/dialogues/${s.upcoming.id}/response`, { _csrf: csrfOf(page.html), response: 'confirmed' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.html).toContain('Permintaan ditolak');
    const tokenless = await speaker().post(`/s/${token}/dialogues/${s.upcoming.id}/response`, { response: 'confirmed' });
    expect(tokenless.status).toBe(403);
    const wrong = await speaker().post(`/s/${token}/dialogues/${s.upcoming.id}/response`, { _csrf: 'x'.repeat(43), response: 'confirmed' });
    expect(wrong.status).toBe(403);
    const api = await t.call('GET', `/api/dialogues/${s.upcoming.id}`, { token: t.coordinator });
    expect(api.json.participants.find((p: any) => p.speakerId === s.suliwati.id).response).toBe('declined');
  });

  it('refuses an oversized form with 413 before reading it', async () => {
    const page = await speaker().get(`/s/${token}/dialog/${s.published.id}`);
    const res = await speaker().post(`/s/${token}/dialog/${s.published.id}/corrections`, { _csrf: csrfOf(page.html), segmentId: '1', text: 'a'.repeat(300 * 1024) });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('answers a bad answer with the page and a message, not an error', async () => {
    const page = await speaker().get(`/s/${token}`);
    const bad = await speaker().post(`/s/${token}/dialogues/${s.upcoming.id}/response`, { _csrf: csrfOf(page.html), response: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('role="alert"');
    const past = await speaker().post(`/s/${token}/dialogues/${s.published.id}/response`, { _csrf: csrfOf(page.html), response: 'confirmed' });
    expect(past.status).toBe(409);
  });

  it('proposes a correction to a line after air and shows what became of it', async () => {
    const page = await speaker().get(`/s/${token}/dialog/${s.published.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('KIM membantu menyebarluaskan informasi kepada masyarakat desa.');
    const transcript = await t.call('GET', `/api/dialogues/${s.published.id}/transcript`);
    const line = transcript.json.segments[1];
    const sent = await speaker().post(`/s/${token}/dialog/${s.published.id}/corrections`, {
      _csrf: csrfOf(page.html),
      segmentId: line.id,
      text: 'KIM membantu menyebarluaskan informasi kepada masyarakat di desa-desa.',
      note: 'kata yang terlewat',
    });
    expect(sent.status).toBe(303);
    const after = await speaker().get(sent.headers.get('location') as string);
    expect(after.html).toContain('Usulan koreksi Anda terkirim');
    expect(after.html).toContain('masyarakat di desa-desa.');
    expect(after.html).toContain('Menunggu tinjauan');

    const pending = await t.call('GET', '/api/corrections?status=pending', { token: t.coordinator });
    const correction = pending.json.items.find((c: any) => c.segmentId === line.id);
    await t.call('POST', `/api/corrections/${correction.id}/reject`, { token: t.coordinator });
    const reviewed = await speaker().get(`/s/${token}/dialog/${s.published.id}`);
    expect(reviewed.html).toContain('Ditolak');

    const unchanged = await speaker().post(`/s/${token}/dialog/${s.published.id}/corrections`, { _csrf: csrfOf(page.html), segmentId: line.id, text: line.text });
    expect(unchanged.status).toBe(400);
    const unknownLine = await speaker().post(`/s/${token}/dialog/${s.published.id}/corrections`, { _csrf: csrfOf(page.html), segmentId: '999999', text: 'apa saja' });
    expect(unknownLine.status).toBe(400);
  });

  it('explains a revoked or unknown link instead of showing anything', async () => {
    const fresh = await t.speakerToken(s.elyanie.id);
    await t.call('DELETE', `/api/speakers/${s.elyanie.id}/link`, { token: t.coordinator });
    for (const url of [`/s/${fresh}`, '/s/short', `/s/${'a'.repeat(43)}`]) {
      const page = await speaker().get(url);
      expect(page.status, url).toBe(404);
      expect(page.html).toContain('tautan baru');
    }
  });
});
