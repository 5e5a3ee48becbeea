import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
beforeEach(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
});
afterEach(() => t.close());

const weekly = (extra: Record<string, unknown> = {}) => ({
  ...booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'),
  rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=4',
  participants: [{ speakerId: s.suliwati.id, role: 'speaker' }],
  ...extra,
});
const createSeries = (body: unknown) => t.call('POST', '/api/dialogues/series', { token: t.coordinator, body });

describe('series', () => {
  it('creates every occurrence of a weekly slot at the same local time', async () => {
    const res = await createSeries(weekly());
    expect(res.status).toBe(201);
    expect(res.json.dialogues.map((d: any) => d.startsAt)).toEqual([
      '2021-09-08T02:00:00.000Z',
      '2021-09-15T02:00:00.000Z',
      '2021-09-22T02:00:00.000Z',
      '2021-09-29T02:00:00.000Z',
    ]);
    expect(new Set(res.json.dialogues.map((d: any) => d.seriesId))).toEqual(new Set([res.json.id]));
  });

  it('keeps the wall-clock time across a daylight-saving change', async () => {
    const berlin = await t.create('/api/stations', { name: 'DW', timezone: 'Europe/Berlin' });
    const res = await createSeries({ ...booking(berlin.id, '2021-03-21T09:00', '2021-03-21T10:00'), rrule: 'FREQ=WEEKLY;COUNT=2' });
    expect(res.json.dialogues.map((d: any) => d.startsAt)).toEqual(['2021-03-21T08:00:00.000Z', '2021-03-28T07:00:00.000Z']);
  });

  it('checks every occurrence and reports all conflicts, writing none', async () => {
    const second = await t.create('/api/dialogues', booking(s.station.id, '2021-09-15T09:30', '2021-09-15T10:30'));
    const fourth = await t.create('/api/dialogues', {
      ...booking(s.other.id, '2021-09-29T11:00', '2021-09-29T12:00'),
      participants: [{ speakerId: s.suliwati.id, role: 'host' }],
    });
    const res = await createSeries(weekly());
    expect(res.status).toBe(409);
    expect(res.json.error.details.conflicts).toEqual([
      expect.objectContaining({ dialogueId: second.id, reason: 'station' }),
      expect.objectContaining({ dialogueId: fourth.id, reason: 'participant', speakerId: s.suliwati.id }),
    ]);
    const all = await t.call('GET', '/api/dialogues', { token: t.coordinator });
    expect(all.json.items).toHaveLength(2);
  });

  it('rejects rules without an end, with a first date off the rule, or that are not RRULEs', async () => {
    for (const rrule of ['FREQ=WEEKLY', 'FREQ=WEEKLY;BYDAY=TH;COUNT=3', 'every week', 'FREQ=DAILY;COUNT=500', 'FREQ=MINUTELY;INTERVAL=30;COUNT=3']) {
      const res = await createSeries(weekly({ rrule }));
      expect(res.status, rrule).toBe(400);
    }
  });

  it('edits one occurrence without touching the others', async () => {
    const { json } = await createSeries(weekly());
    const [, second] = json.dialogues;
    const res = await t.call('PATCH', `/api/dialogues/${second.id}`, { token: t.coordinator, body: { title: 'Edisi khusus', startsAt: '2021-09-15T13:00' } });
    expect(res.status).toBe(200);
    const list = await t.call('GET', `/api/dialogues?series=${json.id}`, { token: t.coordinator });
    expect(list.json.items.map((d: any) => [d.title, d.startsAt])).toEqual([
      ['Dialog', '2021-09-08T02:00:00.000Z'],
      ['Edisi khusus', '2021-09-15T06:00:00.000Z'],
      ['Dialog', '2021-09-22T02:00:00.000Z'],
      ['Dialog', '2021-09-29T02:00:00.000Z'],
    ]);
  });

  it('moves this and the following occurrences to the new local time', async () => {
    const { json } = await createSeries(weekly());
    const third = json.dialogues[2];
    const res = await t.call('PATCH', `/api/dialogues/${third.id}?scope=following`, {
      token: t.coordinator,
      body: { startsAt: '2021-09-23T14:00', endsAt: '2021-09-23T15:30', title: 'Pindah ke Kamis' },
    });
    expect(res.status).toBe(200);
    const list = await t.call('GET', `/api/dialogues?series=${json.id}`, { token: t.coordinator });
    expect(list.json.items.map((d: any) => [d.title, d.startsAt, d.endsAt])).toEqual([
      ['Dialog', '2021-09-08T02:00:00.000Z', '2021-09-08T03:00:00.000Z'],
      ['Dialog', '2021-09-15T02:00:00.000Z', '2021-09-15T03:00:00.000Z'],
      ['Pindah ke Kamis', '2021-09-23T07:00:00.000Z', '2021-09-23T08:30:00.000Z'],
      ['Pindah ke Kamis', '2021-09-30T07:00:00.000Z', '2021-09-30T08:30:00.000Z'],
    ]);
  });

  it('reports conflicts of every following occurrence and changes none of them', async () => {
    const { json } = await createSeries(weekly());
    const blocker = await t.create('/api/dialogues', booking(s.station.id, '2021-09-29T14:00', '2021-09-29T15:00'));
    const res = await t.call('PATCH', `/api/dialogues/${json.dialogues[1].id}?scope=following`, {
      token: t.coordinator,
      body: { startsAt: '2021-09-15T14:00' },
    });
    expect(res.status).toBe(409);
    expect(res.json.error.details.conflicts).toEqual([
      expect.objectContaining({ dialogueId: blocker.id, occurrenceId: json.dialogues[3].id, reason: 'station' }),
    ]);
    const list = await t.call('GET', `/api/dialogues?series=${json.id}`, { token: t.coordinator });
    expect(list.json.items.every((d: any) => d.startsAt.endsWith('T02:00:00.000Z'))).toBe(true);
  });

  it('cancels this and the following occurrences', async () => {
    const { json } = await createSeries(weekly());
    await t.call('PATCH', `/api/dialogues/${json.dialogues[2].id}?scope=following`, { token: t.coordinator, body: { status: 'cancelled', note: 'Libur' } });
    const list = await t.call('GET', `/api/dialogues?series=${json.id}`, { token: t.coordinator });
    expect(list.json.items.map((d: any) => d.status)).toEqual(['scheduled', 'scheduled', 'cancelled', 'cancelled']);
  });
});
