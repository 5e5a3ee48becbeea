import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { browser, csrfOf, seedArchive } from './helpers.ts';

// Issue 16: the console's glossary page lists, adds and deletes a station's terms.
let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;
beforeAll(async () => {
  t = await createTestApp();
  s = await seedArchive(t);
});
afterAll(() => t.close());

describe('the console glossary page', () => {
  it('asks an anonymous browser to sign in', async () => {
    const res = await browser(t).get('/console/glossary');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/console/login');
  });

  it('adds and deletes a station’s term, in Indonesian, and refuses a duplicate', async () => {
    const coordinator = browser(t, { session: t.coordinator });
    const url = `/console/glossary?station=${s.station.id}`;
    const page = await coordinator.get(url);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Glosarium ini masih kosong.');
    const added = await coordinator.post(url, { _csrf: csrfOf(page.html), term: 'Kalteng', expansion: 'Kalimantan Tengah' });
    expect(added.status).toBe(200);
    expect(added.html).toContain('Istilah ditambahkan.');
    expect(added.html).toContain('Kalimantan Tengah');
    const again = await coordinator.post(url, { _csrf: csrfOf(added.html), term: 'kalteng', expansion: '' });
    expect(again.status).toBe(409);
    const api = await t.call('GET', `/api/stations/${s.station.id}/glossary`, { token: t.coordinator });
    expect(api.json.items).toMatchObject([{ term: 'Kalteng', expansion: 'Kalimantan Tengah' }]);
    const deleted = await coordinator.post(`/console/glossary/${api.json.items[0].id}/delete?station=${s.station.id}`, { _csrf: csrfOf(again.html) });
    expect(deleted.status).toBe(200);
    expect(deleted.html).toContain('Istilah dihapus.');
    expect((await t.call('GET', `/api/stations/${s.station.id}/glossary`, { token: t.coordinator })).json.items).toEqual([]);
  });

  it('refuses a form without its token', async () => {
    const res = await browser(t, { session: t.coordinator }).post('/console/glossary', { term: 'X' });
    expect(res.status).toBe(403);
  });
});
