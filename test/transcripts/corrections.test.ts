import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { type Basics, FILES, airedDialogue, transcriptTables, upload } from './helpers.ts';

let t: TestApp;
let s: Basics;
let dialogue: any;
let suliwati: string;
let elyanie: string;
beforeEach(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
  dialogue = await airedDialogue(t, s);
  await upload(t, dialogue.id, FILES.vtt, 'text/vtt');
  suliwati = await t.speakerToken(s.suliwati.id);
  elyanie = await t.speakerToken(s.elyanie.id);
});
afterEach(() => t.close());

const segments = async (id: string) => (await t.call('GET', `/api/dialogues/${id}/transcript`, { token: t.coordinator })).json.segments;
const propose = (token: string, body: unknown) => t.call('POST', '/api/me/corrections', { token, body });
const review = (id: string, action: 'accept' | 'reject', token = t.coordinator) => t.call('POST', `/api/corrections/${id}/${action}`, { token });
const search = async (q: string) => (await t.call('GET', `/api/search?q=${encodeURIComponent(q)}`)).json.items;

describe('corrections', () => {
  it('goes from a speaker\'s proposal to a new version that search reflects', async () => {
    const line = (await segments(dialogue.id))[1];
    const proposed = await propose(suliwati, { segmentId: line.id, text: 'Kelompok Informasi Masyarakat menyebarluaskan informasi ke desa-desa di Kalteng.', note: 'Nama provinsi terlewat.' });
    expect(proposed.status).toBe(201);
    expect(proposed.json).toMatchObject({
      dialogueId: dialogue.id,
      segmentId: line.id,
      speaker: { id: s.suliwati.id, name: 'Suliwati' },
      originalText: line.text,
      status: 'pending',
      note: 'Nama provinsi terlewat.',
      segment: { version: 1, startMs: 4_500, endMs: 21_333 },
    });

    const pending = await t.call('GET', '/api/corrections?status=pending', { token: t.coordinator });
    expect(pending.json.items.map((c: any) => c.id)).toEqual([proposed.json.id]);

    const accepted = await review(proposed.json.id, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.json.correction).toMatchObject({ status: 'accepted', resultVersion: 2 });
    expect(accepted.json.version).toMatchObject({ version: 2, source: 'correction', correctionId: proposed.json.id, format: null, segments: 4 });

    const now = await segments(dialogue.id);
    expect(now[1].text).toBe('Kelompok Informasi Masyarakat menyebarluaskan informasi ke desa-desa di Kalteng.');
    expect(now[1].speaker).toEqual({ id: s.suliwati.id, name: 'Suliwati' });
    expect(now[1].startMs).toBe(4_500);
    expect((await t.call('GET', `/api/dialogues/${dialogue.id}/transcript?version=1`)).json.segments[1].text).toBe(line.text);
    expect((await t.call('GET', `/api/dialogues/${dialogue.id}`)).json.transcript).toEqual({ version: 2, segments: 4, language: 'id', source: 'correction', reviewed: false });

    const hits = await search('kalteng');
    expect(hits.map((h: any) => h.segmentId)).toEqual([now[1].id]);
    // The index holds the latest version only: the old line is gone from search.
    expect((await search('menyebarluaskan')).map((h: any) => h.segmentId)).toEqual([now[1].id, now[2].id]);
    expect(line.id).not.toBe(now[1].id);

    const mine = await t.call('GET', '/api/me/corrections', { token: suliwati });
    expect(mine.json.items.map((c: any) => [c.id, c.status, c.resultVersion])).toEqual([[proposed.json.id, 'accepted', 2]]);
  });

  it('lets a coordinator reject a proposal, which changes nothing but its status', async () => {
    const line = (await segments(dialogue.id))[2];
    const proposed = await propose(elyanie, { segmentId: line.id, text: 'Teks yang lain sama sekali.' });
    const rejected = await review(proposed.json.id, 'reject');
    expect(rejected.status).toBe(200);
    expect(rejected.json).toMatchObject({ status: 'rejected', resultVersion: null });
    expect((await segments(dialogue.id))[2].text).toBe(line.text);
    expect((await review(proposed.json.id, 'accept')).status).toBe(409);
    const mine = await t.call('GET', '/api/me/corrections', { token: elyanie });
    expect(mine.json.items[0].status).toBe('rejected');
  });

  it('keeps the reason a coordinator gives for a rejection and shows it to the speaker, in the API and the portal', async () => {
    const line = (await segments(dialogue.id))[2];
    const proposed = await propose(elyanie, { segmentId: line.id, text: 'Teks yang lain sama sekali.' });
    const reason = 'Rekaman menyebut angka yang berbeda.';
    const rejected = await t.call('POST', `/api/corrections/${proposed.json.id}/reject`, { token: t.coordinator, body: { reason } });
    expect(rejected.status).toBe(200);
    expect(rejected.json).toMatchObject({ status: 'rejected', reviewNote: reason });
    const mine = await t.call('GET', '/api/me/corrections', { token: elyanie });
    expect(mine.json.items[0].reviewNote).toBe(reason);
    const portal = await t.call('GET', `/s/${elyanie}/dialog/${dialogue.id}`);
    expect(portal.text).toContain(reason);
  });

  it('refuses to accept a correction whose line has changed since, and writes nothing', async () => {
    const line = (await segments(dialogue.id))[1];
    const first = await propose(suliwati, { segmentId: line.id, text: 'Versi Suliwati.' });
    const second = await propose(elyanie, { segmentId: line.id, text: 'Versi Elyanie.' });
    expect((await review(first.json.id, 'accept')).status).toBe(200);
    const before = await transcriptTables(t);
    const stale = await review(second.json.id, 'accept');
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({ code: 'stale_correction', details: { proposedAgainst: line.text, current: 'Versi Suliwati.', currentVersion: 2 } });
    expect(await transcriptTables(t)).toBe(before);
    // It can still be rejected.
    expect((await review(second.json.id, 'reject')).status).toBe(200);
  });

  it('treats a correction as stale when a new file replaced the line', async () => {
    const line = (await segments(dialogue.id))[0];
    const proposed = await propose(suliwati, { segmentId: line.id, text: 'Selamat siang.' });
    await upload(t, dialogue.id, 'Rahmat: Selamat malam.\n', 'text/plain');
    expect((await review(proposed.json.id, 'accept')).json.error.code).toBe('stale_correction');
  });

  it('applies a correction to the same line of a re-imported file when its text is unchanged', async () => {
    const line = (await segments(dialogue.id))[3];
    const proposed = await propose(suliwati, { segmentId: line.id, text: 'Terima kasih, salam dari Kuala Kapuas.' });
    await upload(t, dialogue.id, FILES.srt, 'application/x-subrip');
    expect((await review(proposed.json.id, 'accept')).status).toBe(200);
    expect((await segments(dialogue.id))[3].text).toBe('Terima kasih, salam dari Kuala Kapuas.');
  });

  it('takes proposals only on the latest version, and only when the text changes', async () => {
    const old = (await segments(dialogue.id))[1];
    await upload(t, dialogue.id, FILES.srt, 'application/x-subrip');
    const stale = await propose(suliwati, { segmentId: old.id, text: 'Apa saja.' });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('stale_segment');
    const current = (await segments(dialogue.id))[1];
    const same = await propose(suliwati, { segmentId: current.id, text: `  ${current.text}  ` });
    expect(same.status).toBe(400);
  });
});

describe('who may correct what', () => {
  it('does not let a speaker correct a dialogue they are not in: 404, as if it did not exist', async () => {
    const other = await t.create('/api/speakers', { name: 'Yohanes Wenda' });
    const outsider = await t.speakerToken(other.id);
    const line = (await segments(dialogue.id))[1];
    const before = await transcriptTables(t);
    const res = await propose(outsider, { segmentId: line.id, text: 'Bukan urusan saya.' });
    expect(res.status).toBe(404);
    expect((await propose(outsider, { segmentId: '999999', text: 'x' })).status).toBe(404);
    expect((await propose(outsider, { segmentId: 'not-a-number', text: 'x' })).status).toBe(404);
    expect(await transcriptTables(t)).toBe(before);
  });

  it('does not let speaker A correct speaker B\'s dialogue even when both have dialogues', async () => {
    // Suliwati's own dialogue, without Elyanie.
    const own = await t.create('/api/dialogues', {
      title: 'Layanan Komunikasi Publik', stationId: s.station.id, startsAt: '2021-10-01T09:00', endsAt: '2021-10-01T10:00',
      participants: [{ speakerId: s.suliwati.id, role: 'speaker' }],
    });
    await t.call('PATCH', `/api/dialogues/${own.id}`, { token: t.coordinator, body: { status: 'aired' } });
    await upload(t, own.id, 'Suliwati: Layanan publik harus terbuka.\n', 'text/plain');
    const line = (await segments(own.id))[0];
    expect((await propose(elyanie, { segmentId: line.id, text: 'Diubah.' })).status).toBe(404);
    expect((await propose(suliwati, { segmentId: line.id, text: 'Layanan publik harus terbuka dan cepat.' })).status).toBe(201);
  });

  it('keeps each speaker\'s list to their own corrections and reviewing to coordinators', async () => {
    const line = (await segments(dialogue.id))[1];
    const proposed = await propose(suliwati, { segmentId: line.id, text: 'Baru.' });
    expect((await t.call('GET', '/api/me/corrections', { token: elyanie })).json.items).toEqual([]);
    expect((await review(proposed.json.id, 'accept', suliwati)).status).toBe(403);
    expect((await t.call('GET', '/api/corrections', { token: suliwati })).status).toBe(403);
    expect((await t.call('GET', '/api/corrections')).status).toBe(401);
    expect((await propose(t.coordinator, { segmentId: line.id, text: 'x' })).status).toBe(403);
    expect((await review('no-such-correction', 'accept')).status).toBe(404);
  });

  it('pages through corrections with a cursor', async () => {
    const lines = await segments(dialogue.id);
    for (const [i, line] of lines.entries()) await propose(suliwati, { segmentId: line.id, text: `Perbaikan ${i}.` });
    const first = await t.call('GET', '/api/corrections?status=pending&limit=3', { token: t.coordinator });
    expect(first.json.items).toHaveLength(3);
    const rest = await t.call('GET', `/api/corrections?status=pending&limit=3&cursor=${first.json.nextCursor}`, { token: t.coordinator });
    expect(rest.json.items.map((c: any) => c.text)).toEqual(['Perbaikan 3.']);
    expect(rest.json.nextCursor).toBeNull();
  });
});
