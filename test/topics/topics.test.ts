// Topics: created and renamed through the API; dialogues keep a renamed topic.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
beforeAll(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
});
afterAll(() => t.close());

it('renames a topic and changes its slug; its dialogues follow, a taken slug is refused in Indonesian', async () => {
  const topics = (await t.call('GET', '/api/topics')).json.items;
  const kim = topics.find((x: any) => x.slug === 'kim');
  const d = await t.create('/api/dialogues', { ...booking(s.station.id, '2031-09-10T09:00', '2031-09-10T10:00'), topics: ['kim'] });
  const renamed = await t.call('PATCH', `/api/topics/${kim.id}`, { token: t.coordinator, body: { name: 'Kelompok Informasi Masyarakat', slug: 'kelompok-informasi-masyarakat' } });
  expect(renamed.status).toBe(200);
  expect(renamed.json).toEqual({ id: kim.id, name: 'Kelompok Informasi Masyarakat', slug: 'kelompok-informasi-masyarakat' });
  expect((await t.call('GET', `/api/dialogues/${d.id}`, { token: t.coordinator })).json.topics).toEqual(['kelompok-informasi-masyarakat']);

  const taken = await t.call('PATCH', `/api/topics/${kim.id}`, { token: t.coordinator, body: { slug: 'hoaks' } });
  expect(taken.status).toBe(409);
  expect(taken.json.error.message).toBe('Topik dengan slug hoaks sudah ada.');
  expect((await t.call('PATCH', `/api/topics/${kim.id}`, { token: t.coordinator, body: { name: '' } })).status).toBe(400);
  expect((await t.call('PATCH', '/api/topics/nope', { token: t.coordinator, body: { name: 'X' } })).status).toBe(404);
  expect((await t.call('PATCH', `/api/topics/${kim.id}`, { body: { name: 'X' } })).status).toBe(401);
});
