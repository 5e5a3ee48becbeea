import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
beforeEach(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
});
afterEach(() => t.close());

const patch = (id: string, body: unknown) => t.call('PATCH', `/api/dialogues/${id}`, { token: t.coordinator, body });

describe('life cycle', () => {
  it('goes draft → scheduled → aired → published', async () => {
    const d = await t.create('/api/dialogues', { ...booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'), status: 'draft' });
    for (const status of ['scheduled', 'aired', 'published']) {
      const res = await patch(d.id, { status });
      expect(res.status).toBe(200);
      expect(res.json.status).toBe(status);
    }
  });

  it('refuses transitions that make no sense with 409 and the allowed ones', async () => {
    const d = await t.create('/api/dialogues', { ...booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'), status: 'draft' });
    const res = await patch(d.id, { status: 'published' });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'invalid_transition', details: { from: 'draft', to: 'published', allowed: ['scheduled', 'cancelled'] } });
    await patch(d.id, { status: 'scheduled' });
    await patch(d.id, { status: 'aired' });
    expect((await patch(d.id, { status: 'cancelled' })).status).toBe(409);
    expect((await patch(d.id, { status: 'draft' })).status).toBe(409);
  });

  it('corrects the time of an aired dialogue, but moves a published one only once unpublished, and deletes neither', async () => {
    const d = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'));
    await patch(d.id, { status: 'aired' });
    const corrected = await patch(d.id, { startsAt: '2021-09-08T09:05' });
    expect(corrected.status).toBe(200);
    expect(corrected.json).toMatchObject({ startsAt: '2021-09-08T02:05:00.000Z', endsAt: '2021-09-08T03:05:00.000Z', status: 'aired' });
    expect((await t.call('DELETE', `/api/dialogues/${d.id}`, { token: t.coordinator })).status).toBe(409);
    await patch(d.id, { status: 'published' });
    const moved = await patch(d.id, { startsAt: '2021-09-08T11:00' });
    expect(moved.status).toBe(409);
    expect(moved.json.error.code).toBe('not_reschedulable');
    expect((await t.call('DELETE', `/api/dialogues/${d.id}`, { token: t.coordinator })).status).toBe(409);
  });

  it('keeps the history of reschedules and cancellations: who, when, from what to what', async () => {
    const d = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'));
    await patch(d.id, { startsAt: '2021-09-08T13:00', note: 'Narasumber rapat pagi' });
    await patch(d.id, { status: 'cancelled', note: 'Siaran khusus' });
    const history = await t.call('GET', `/api/dialogues/${d.id}/history`, { token: t.coordinator });
    expect(history.status).toBe(200);
    const me = await t.call('GET', '/api/me', { token: t.coordinator });
    expect(history.json.items.map((h: any) => [h.action, h.from, h.to, h.note, h.actor])).toEqual([
      ['created', null, 'scheduled 2021-09-08T02:00:00.000Z/2021-09-08T03:00:00.000Z', null, `user:${me.json.user.id}`],
      ['rescheduled', '2021-09-08T02:00:00.000Z/2021-09-08T03:00:00.000Z', '2021-09-08T06:00:00.000Z/2021-09-08T07:00:00.000Z', 'Narasumber rapat pagi', `user:${me.json.user.id}`],
      ['status', 'scheduled', 'cancelled', 'Siaran khusus', `user:${me.json.user.id}`],
    ]);
    for (const h of history.json.items) expect(Date.parse(h.at)).not.toBeNaN();
  });

  it('shows the history to coordinators only', async () => {
    const d = await t.create('/api/dialogues', { ...booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'), participants: [{ speakerId: s.suliwati.id, role: 'speaker' }] });
    const token = await t.speakerToken(s.suliwati.id);
    expect((await t.call('GET', `/api/dialogues/${d.id}/history`, { token })).status).toBe(403);
    expect((await t.call('GET', `/api/dialogues/${d.id}/history`)).status).toBe(401);
  });
});
