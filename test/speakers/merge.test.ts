// Merging two records of one person (POST /api/speakers/{id}/merge): everything that named
// the other record names the kept one, in one transaction, and the refusals change nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { airedDialogue, type Basics, FILES, upload } from '../transcripts/helpers.ts';

let t: TestApp;
let s: Basics;
beforeEach(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
});
afterEach(() => t.close());

const merge = (keptId: string, otherId: string, token = t.coordinator) => t.call('POST', `/api/speakers/${keptId}/merge`, { token, body: { otherId } });
const counts = async () => ({
  speakers: (await t.db.selectFrom('speakers').select('id').execute()).length,
  participants: (await t.db.selectFrom('dialogue_participants').selectAll().orderBy('dialogue_id').orderBy('speaker_id').execute()),
});

describe('merging two records of one person', () => {
  it('moves participations, transcript lines, corrections, messages and the link to the kept record, then removes the other', async () => {
    // "Bu Suli" was added twice: once without details, and booked under that record.
    const duplicate = await t.create('/api/speakers', { name: 'Suliwati, S.Sos', email: 'suli.lama@example.id', organisation: 'DiskominfoSantik Prov. Kalteng', bio: 'Kepala Seksi.' });
    const future = await t.create('/api/dialogues', {
      ...booking(s.station.id, '2031-09-10T09:00', '2031-09-10T10:00'),
      participants: [{ speakerId: duplicate.id, role: 'speaker' }],
    });
    const aired = await airedDialogue(t, { ...s, suliwati: duplicate });
    expect((await upload(t, aired.id, FILES.vtt, 'text/vtt')).status).toBeLessThan(300);
    const link = await t.speakerToken(duplicate.id);
    const line = (await t.call('GET', `/api/dialogues/${aired.id}/transcript`, { token: t.coordinator })).json.segments.find((x: any) => x.speaker?.id === duplicate.id);
    expect(line).toBeDefined();
    const proposed = await t.call('POST', '/api/me/corrections', { token: link, body: { segmentId: line.id, text: 'Teks yang benar.' } });
    expect(proposed.status).toBe(201);
    const messagesBefore = await t.db.selectFrom('messages').select('id').where('speaker_id', '=', duplicate.id).execute();
    expect(messagesBefore.length).toBeGreaterThan(0);

    const res = await merge(s.suliwati.id, duplicate.id);
    expect(res.status).toBe(200);
    // The kept record keeps its own details and takes those it lacked.
    expect(res.json).toMatchObject({ id: s.suliwati.id, name: 'Suliwati', position: 'Kepala Seksi', organisation: 'DiskominfoSantik Prov. Kalteng', bio: 'Kepala Seksi.', email: 'suli@example.id' });
    expect((await t.call('GET', `/api/speakers/${duplicate.id}`, { token: t.coordinator })).status).toBe(404);

    for (const id of [future.id, aired.id]) {
      const d = (await t.call('GET', `/api/dialogues/${id}`, { token: t.coordinator })).json;
      expect(d.participants.map((q: any) => q.speakerId)).toContain(s.suliwati.id);
      expect(d.participants.map((q: any) => q.speakerId)).not.toContain(duplicate.id);
    }
    const lines = (await t.call('GET', `/api/dialogues/${aired.id}/transcript`, { token: t.coordinator })).json.segments;
    expect(lines.find((x: any) => x.id === line.id).speaker).toEqual({ id: s.suliwati.id, name: 'Suliwati' });
    const corrections = (await t.call('GET', '/api/corrections?status=pending', { token: t.coordinator })).json.items;
    expect(corrections.map((c: any) => c.speaker.id)).toEqual([s.suliwati.id]);
    expect(await t.db.selectFrom('messages').select('id').where('speaker_id', '=', s.suliwati.id).where('id', 'in', messagesBefore.map((m) => m.id)).execute()).toHaveLength(messagesBefore.length);
    // The link the person had keeps working, now as the kept record, calendar included.
    const me = await t.call('GET', '/api/me', { token: link });
    expect(me.status).toBe(200);
    expect(JSON.stringify(me.json)).toContain(s.suliwati.id);
    expect((await t.call('GET', '/api/me/dialogues', { token: link })).json.items.map((d: any) => d.id)).toContain(future.id);
    // The history reads the kept name where it recorded the other id.
    const history = await t.db.selectFrom('dialogue_history').select(['from_value', 'to_value', 'actor']).execute();
    expect(JSON.stringify(history)).not.toContain(duplicate.id);
    // Search finds the aired dialogue under the kept person.
    const found = (await t.call('GET', `/api/search?q=informasi&speaker=${s.suliwati.id}`)).json.items;
    expect(found.length).toBeGreaterThan(0);
  });

  it('keeps one participation when both were in one dialogue with the same role, with the answer given', async () => {
    const duplicate = await t.create('/api/speakers', { name: 'Elyanie (2)' });
    const d = await t.create('/api/dialogues', {
      ...booking(s.station.id, '2031-09-10T09:00', '2031-09-10T10:00'),
      participants: [
        { speakerId: s.elyanie.id, role: 'speaker' },
        { speakerId: duplicate.id, role: 'speaker' },
      ],
    });
    const link = await t.speakerToken(duplicate.id);
    expect((await t.call('POST', `/api/me/dialogues/${d.id}/response`, { token: link, body: { response: 'confirmed' } })).status).toBeLessThan(300);
    const res = await merge(s.elyanie.id, duplicate.id);
    expect(res.status).toBe(200);
    const after = (await t.call('GET', `/api/dialogues/${d.id}`, { token: t.coordinator })).json;
    expect(after.participants).toMatchObject([{ speakerId: s.elyanie.id, role: 'speaker', response: 'confirmed' }]);
  });

  it('refuses, changing nothing, a merge into itself, different roles in one dialogue, overlapping bookings, an unknown id, and a speaker', async () => {
    const duplicate = await t.create('/api/speakers', { name: 'Rahmat (lama)' });
    const d = await t.create('/api/dialogues', {
      ...booking(s.station.id, '2031-09-10T09:00', '2031-09-10T10:00'),
      participants: [
        { speakerId: s.host.id, role: 'host' },
        { speakerId: duplicate.id, role: 'speaker' },
      ],
    });
    const before = await counts();

    const self = await merge(s.host.id, s.host.id);
    expect(self.status).toBe(400);
    expect(self.json.error.message).toBe('Orang tidak dapat digabung dengan dirinya sendiri.');

    const roles = await merge(s.host.id, duplicate.id);
    expect(roles.status).toBe(409);
    expect(roles.json.error).toMatchObject({ code: 'merge_conflict', details: { dialogueIds: [d.id] } });
    expect(roles.json.error.message).toContain('peran berbeda');

    // The same person booked twice at once, under each record, on two stations.
    const other = await t.create('/api/speakers', { name: 'Elyanie S.' });
    const a = await t.create('/api/dialogues', { ...booking(s.station.id, '2031-10-01T09:00', '2031-10-01T10:00'), participants: [{ speakerId: s.elyanie.id, role: 'speaker' }] });
    const b = await t.create('/api/dialogues', { ...booking(s.other.id, '2031-10-01T11:30', '2031-10-01T12:30'), participants: [{ speakerId: other.id, role: 'speaker' }] });
    const overlapBefore = await counts();
    const overlap = await merge(s.elyanie.id, other.id);
    expect(overlap.status).toBe(409);
    expect(overlap.json.error.code).toBe('dialogue_conflict');
    expect(overlap.json.error.details.conflicts.map((c: any) => c.dialogueId)).toEqual([a.id]);
    expect(overlap.json.error.details.conflicts[0]).toMatchObject({ reason: 'participant', speakerId: s.elyanie.id });
    expect(await counts()).toEqual(overlapBefore);
    expect(b.id).toBeTruthy();

    expect((await merge(s.host.id, 'no-such-person')).status).toBe(404);
    const speaker = await t.speakerToken(s.host.id);
    expect((await merge(s.host.id, duplicate.id, speaker)).status).toBe(403);
    expect((await t.call('POST', `/api/speakers/${s.host.id}/merge`, { body: { otherId: duplicate.id } })).status).toBe(401);
    expect((await t.call('POST', `/api/speakers/${s.host.id}/merge`, { token: t.coordinator, body: {} })).status).toBe(400);
    expect((await counts()).speakers).toBe(before.speakers + 1);
  });
});
