import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
beforeEach(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
});
afterEach(() => t.close());

const publish = async (id: string) => {
  await t.call('PATCH', `/api/dialogues/${id}`, { token: t.coordinator, body: { status: 'aired' } });
  await t.call('PATCH', `/api/dialogues/${id}`, { token: t.coordinator, body: { status: 'published' } });
};

describe('response cache', () => {
  it('serves a repeated public list from the cache and reflects a write at once', async () => {
    const a = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'));
    await publish(a.id);
    const first = await t.call('GET', '/api/dialogues');
    const second = await t.call('GET', '/api/dialogues');
    expect(second.text).toBe(first.text);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));

    const b = await t.create('/api/dialogues', booking(s.station.id, '2021-09-09T09:00', '2021-09-09T10:00'));
    await publish(b.id);
    const third = await t.call('GET', '/api/dialogues');
    expect(third.json.items.map((d: any) => d.id)).toEqual([a.id, b.id]);
    expect(third.headers.get('etag')).not.toBe(first.headers.get('etag'));

    await t.call('PATCH', `/api/dialogues/${b.id}`, { token: t.coordinator, body: { title: 'Judul baru' } });
    expect((await t.call('GET', `/api/dialogues/${b.id}`)).json.title).toBe('Judul baru');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await t.call('GET', '/api/stations');
    const again = await t.call('GET', '/api/stations', { headers: { 'if-none-match': first.headers.get('etag') as string } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('answers 304 only to an ETag this process handed out (version counters restart with it)', async () => {
    const { createApp } = await import('../../src/app.ts');
    const etag = (await t.call('GET', '/api/stations')).headers.get('etag') as string;
    const restarted = createApp({ db: t.db, config: t.config });
    const res = await restarted.request('/api/stations', { headers: { 'if-none-match': etag } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).not.toBe(etag);
  });

  it("never serves one caller's answer to another", async () => {
    const d = await t.create('/api/dialogues', { ...booking(s.station.id, '2031-09-08T09:00', '2031-09-08T10:00'), participants: [{ speakerId: s.suliwati.id, role: 'speaker' }] });
    const a = await t.speakerToken(s.suliwati.id);
    const b = await t.speakerToken(s.elyanie.id);
    expect((await t.call('GET', '/api/dialogues', { token: a })).json.items).toHaveLength(1);
    expect((await t.call('GET', '/api/dialogues', { token: b })).json.items).toHaveLength(0);
    expect((await t.call('GET', '/api/dialogues')).json.items).toHaveLength(0);
    expect((await t.call('GET', `/api/dialogues/${d.id}`, { token: b })).status).toBe(404);
    const asCoordinator = await t.call('GET', `/api/speakers/${s.suliwati.id}`, { token: t.coordinator });
    expect(asCoordinator.json.email).toBe('suli@example.id');
    expect((await t.call('GET', `/api/speakers/${s.suliwati.id}`, { token: b })).status).toBe(404);
  });

  it('sees writes made by another connection to the same database (another process, another instance)', async () => {
    const { connectDatabase } = await import('../../src/db/connection.ts');
    const first = await t.call('GET', '/api/stations');
    const other = connectDatabase(t.config);
    await other.updateTable('stations').set({ name: 'RRI Palangka Raya Pro 1' }).where('id', '=', s.station.id).execute();
    await other.destroy();
    const after = await t.call('GET', '/api/stations');
    expect(after.text).not.toBe(first.text);
    expect(after.json.items.map((x: any) => x.name)).toContain('RRI Palangka Raya Pro 1');
  });
});
