import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
beforeEach(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
});
afterEach(() => t.close());

const book = (body: unknown) => t.call('POST', '/api/dialogues', { token: t.coordinator, body });

describe('booking a dialogue', () => {
  it('reads a local date-time in the station time zone and answers in UTC with the zone', async () => {
    const res = await book(booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00', { topics: ['kim'] }));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      startsAt: '2021-09-08T02:00:00.000Z',
      endsAt: '2021-09-08T03:00:00.000Z',
      timezone: 'Asia/Jakarta',
      status: 'scheduled',
      topics: ['kim'],
      audio: null,
      transcript: null,
    });
  });

  it('reads the same local time differently on a station in another zone', async () => {
    const res = await book(booking(s.other.id, '2021-09-08T09:00', '2021-09-08T10:00'));
    expect(res.json.startsAt).toBe('2021-09-08T00:00:00.000Z');
    expect(res.json.timezone).toBe('Asia/Jayapura');
  });

  it('accepts an instant with an offset as that instant', async () => {
    const res = await book(booking(s.station.id, '2021-09-08T11:00:00+09:00', '2021-09-08T12:00:00+09:00'));
    expect(res.json.startsAt).toBe('2021-09-08T02:00:00.000Z');
  });

  it('rejects impossible dates, reversed spans and unknown references with 400 and writes nothing', async () => {
    const cases = [
      booking(s.station.id, '2021-02-30T09:00', '2021-02-30T10:00'),
      booking(s.station.id, '2021-09-08T25:00', '2021-09-08T26:00'),
      booking(s.station.id, '2021-09-08T10:00', '2021-09-08T09:00'),
      booking(s.station.id, '2021-09-08T10:00', '2021-09-08T10:00'),
      booking(s.station.id, '2021-09-08T10:00', '2021-09-10T10:00'),
      booking('nope', '2021-09-08T09:00', '2021-09-08T10:00'),
      booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00', { topics: ['unknown'] }),
      booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00', { participants: [{ speakerId: 'nobody', role: 'speaker' }] }),
      booking(s.other.id, '2021-09-08T09:00', '2021-09-08T10:00', { programId: s.program.id }),
    ];
    for (const body of cases) {
      const res = await book(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
    }
    const list = await t.call('GET', '/api/dialogues', { token: t.coordinator });
    expect(list.json.items).toHaveLength(0);
  });

  it('rejects a local time that a daylight-saving change skips', async () => {
    const berlin = await t.create('/api/stations', { name: 'Deutsche Welle', timezone: 'Europe/Berlin' });
    const res = await book(booking(berlin.id, '2021-03-28T02:30', '2021-03-28T03:30'));
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/tidak ada di zona Europe\/Berlin/);
  });
});

describe('conflicts', () => {
  const at = (start: string, end: string, extra: Record<string, unknown> = {}) => booking(s.station.id, start, end, extra);

  it('rejects a booking that overlaps another on the same station', async () => {
    const first = await book(at('2021-09-08T09:00', '2021-09-08T10:00'));
    const res = await book(at('2021-09-08T09:30', '2021-09-08T10:30'));
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('dialogue_conflict');
    expect(res.json.error.details.conflicts).toEqual([
      expect.objectContaining({ dialogueId: first.json.id, reason: 'station' }),
    ]);
  });

  it('lets back-to-back dialogues share a boundary (half-open intervals)', async () => {
    expect((await book(at('2021-09-08T09:00', '2021-09-08T10:00'))).status).toBe(201);
    expect((await book(at('2021-09-08T10:00', '2021-09-08T11:00'))).status).toBe(201);
    expect((await book(at('2021-09-08T08:00', '2021-09-08T09:00'))).status).toBe(201);
  });

  it('handles overnight slots across midnight', async () => {
    expect((await book(at('2021-09-08T23:00', '2021-09-09T01:00'))).status).toBe(201);
    const res = await book(at('2021-09-09T00:30', '2021-09-09T02:00'));
    expect(res.status).toBe(409);
    expect((await book(at('2021-09-09T01:00', '2021-09-09T02:00'))).status).toBe(201);
  });

  it('allows the same slot on another station', async () => {
    await book(at('2021-09-08T09:00', '2021-09-08T10:00'));
    expect((await book(booking(s.other.id, '2021-09-08T11:00:00+09:00', '2021-09-08T12:00:00+09:00'))).status).toBe(201);
  });

  it('rejects putting a person in two overlapping dialogues on different stations, naming the person', async () => {
    const people = { participants: [{ speakerId: s.suliwati.id, role: 'speaker' }] };
    const first = await book(at('2021-09-08T09:00', '2021-09-08T10:00', people));
    // 09:30 WIB is 11:30 WIT.
    const res = await book(booking(s.other.id, '2021-09-08T11:30', '2021-09-08T12:30', people));
    expect(res.status).toBe(409);
    expect(res.json.error.details.conflicts).toEqual([
      expect.objectContaining({ dialogueId: first.json.id, reason: 'participant', speakerId: s.suliwati.id }),
    ]);
  });

  it('lists every conflict at once', async () => {
    const a = await book(at('2021-09-08T09:00', '2021-09-08T10:00', { participants: [{ speakerId: s.suliwati.id, role: 'speaker' }] }));
    const b = await book(booking(s.other.id, '2021-09-08T12:00', '2021-09-08T13:00', { participants: [{ speakerId: s.elyanie.id, role: 'speaker' }] }));
    const res = await book(
      at('2021-09-08T09:30', '2021-09-08T11:30', {
        participants: [
          { speakerId: s.suliwati.id, role: 'speaker' },
          { speakerId: s.elyanie.id, role: 'host' },
        ],
      }),
    );
    expect(res.status).toBe(409);
    const conflicts = res.json.error.details.conflicts;
    expect(conflicts).toHaveLength(3);
    expect(conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dialogueId: a.json.id, reason: 'station' }),
        expect.objectContaining({ dialogueId: a.json.id, reason: 'participant', speakerId: s.suliwati.id }),
        expect.objectContaining({ dialogueId: b.json.id, reason: 'participant', speakerId: s.elyanie.id }),
      ]),
    );
  });

  it('never counts cancelled dialogues as conflicts', async () => {
    const first = await book(at('2021-09-08T09:00', '2021-09-08T10:00'));
    await t.call('PATCH', `/api/dialogues/${first.json.id}`, { token: t.coordinator, body: { status: 'cancelled' } });
    expect((await book(at('2021-09-08T09:00', '2021-09-08T10:00'))).status).toBe(201);
  });

  it('checks a cancelled dialogue again when it is reopened', async () => {
    const first = await book(at('2021-09-08T09:00', '2021-09-08T10:00'));
    await t.call('PATCH', `/api/dialogues/${first.json.id}`, { token: t.coordinator, body: { status: 'cancelled' } });
    await book(at('2021-09-08T09:00', '2021-09-08T10:00'));
    const reopen = await t.call('PATCH', `/api/dialogues/${first.json.id}`, { token: t.coordinator, body: { status: 'draft' } });
    expect(reopen.status).toBe(409);
    expect(reopen.json.error.code).toBe('dialogue_conflict');
  });

  it('rejects a reschedule onto an occupied slot and keeps the old time', async () => {
    const first = await book(at('2021-09-08T09:00', '2021-09-08T10:00'));
    await book(at('2021-09-08T11:00', '2021-09-08T12:00'));
    const res = await t.call('PATCH', `/api/dialogues/${first.json.id}`, { token: t.coordinator, body: { startsAt: '2021-09-08T11:30' } });
    expect(res.status).toBe(409);
    const after = await t.call('GET', `/api/dialogues/${first.json.id}`, { token: t.coordinator });
    expect(after.json.startsAt).toBe('2021-09-08T02:00:00.000Z');
  });

  it('does not count a person who declined', async () => {
    const people = { participants: [{ speakerId: s.suliwati.id, role: 'speaker' }] };
    const first = await book(at('2021-09-08T09:00', '2021-09-08T10:00', people));
    const token = await t.speakerToken(s.suliwati.id);
    const declined = await t.call('POST', `/api/me/dialogues/${first.json.id}/response`, { token, body: { response: 'declined' } });
    expect(declined.status).toBe(200);
    const second = await book(booking(s.other.id, '2021-09-08T11:00', '2021-09-08T12:00', people));
    expect(second.status).toBe(201);
    // Changing her mind now would double-book her.
    const confirm = await t.call('POST', `/api/me/dialogues/${first.json.id}/response`, { token, body: { response: 'confirmed' } });
    expect(confirm.status).toBe(409);
  });
});
