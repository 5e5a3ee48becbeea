// The booking form with hundreds of people, as a browser without JavaScript sends it: the
// search, add, remove and new-person buttons answer with the same form (everything typed
// kept), and only the book button books. Also the JSON search the script uses, by role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { browser, csrfOf, seedArchive } from './helpers.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;
const PEOPLE = 400;
beforeAll(async () => {
  t = await createTestApp();
  s = await seedArchive(t);
  for (let i = 1; i <= PEOPLE; i++) {
    const n = String(i).padStart(3, '0');
    await t.create('/api/speakers', { name: `Narasumber ${n}`, organisation: i % 40 === 0 ? 'Diskominfo Kalteng' : `Dinas ${n}`, email: `n${n}@example.id` });
  }
});
afterAll(() => t.close());

const coordinator = () => browser(t, { session: t.coordinator });

/** What the coordinator has typed so far: every kind of field the form has. */
const typed = (csrf: string, extra: Record<string, string | string[]> = {}) => ({
  _csrf: csrf,
  title: 'Literasi Digital «Desa» & Kota',
  description: 'Bersama 400 orang',
  stationId: s.station.id,
  programId: s.program.id,
  startsAt: '2032-03-03T09:30',
  endsAt: '2032-03-03T10:30',
  person: [s.elyanie.id],
  role: ['host'],
  topics: ['hoaks'],
  status: 'draft',
  personQuery: '',
  ...extra,
});

async function csrf() {
  return csrfOf((await coordinator().get('/console/dialogues/new')).html);
}

function expectTypedKept(html: string) {
  expect(html).toContain('value="Literasi Digital «Desa» &amp; Kota"');
  expect(html).toContain('>Bersama 400 orang</textarea>');
  expect(html).toContain('value="2032-03-03T09:30"');
  expect(html).toContain('value="2032-03-03T10:30"');
  expect(html).toMatch(new RegExp(`<option value="${s.program.id}" selected`));
  expect(html).toContain('value="hoaks" checked');
  expect(html).toContain('value="draft" checked');
  // Elyanie stays chosen, as host.
  expect(html).toContain(`<input type="hidden" name="person" value="${s.elyanie.id}"/>`);
  expect(html).toMatch(new RegExp(`id="role-${s.elyanie.id}" name="role"><option value="speaker">[^<]*</option><option value="host" selected`));
}

async function titles(from: string) {
  const list = await t.call('GET', `/api/dialogues?from=${from}&limit=200`, { token: t.coordinator });
  return list.json.items.map((d: { title: string }) => d.title);
}

describe('the booking form with hundreds of people', () => {
  it('lists nobody up front: the form stays small however many people there are', async () => {
    const form = await coordinator().get('/console/dialogues/new');
    expect(form.status).toBe(200);
    expect(form.html).not.toContain('Narasumber 137');
    expect(form.html).toContain('<label for="person-query">Cari orang (nama atau instansi)</label>');
    expect(form.html).toContain('Belum ada peserta.');
    // The whole page, whatever the number of people (a list of 400 was some 40 KB).
    expect(form.html.length).toBeLessThan(20_000);
  });

  it('searches without JavaScript, showing the first matches and keeping everything typed; nothing is booked', async () => {
    const res = await coordinator().post('/console/dialogues', typed(await csrf(), { intent: 'search', personQuery: 'Narasumber 1' }));
    expect(res.status).toBe(200);
    expectTypedKept(res.html);
    expect(res.html).toContain('Yang cocok dengan «Narasumber 1»');
    const matches = [...res.html.matchAll(/<button type="submit" name="add" value="([\w-]+)"[^>]*>Tambahkan: ([^<]+)</g)];
    // "Narasumber 1" is in 100–199 (001 has a 0 before the 1): ten of them, by name.
    expect(matches.map((m) => m[2])).toEqual(Array.from({ length: 10 }, (_, i) => `Narasumber ${100 + i} — Dinas ${100 + i}`));
    expect(res.html).toContain('Hanya 10 yang pertama ditampilkan');
    expect(res.html).toContain('value="Narasumber 1"');
    expect(await titles('2032-03-01T00:00')).toEqual([]);
  });

  it('finds people by organisation, and says so when nobody matches', async () => {
    const byOrg = await coordinator().post('/console/dialogues', typed(await csrf(), { intent: 'search', personQuery: 'diskominfo' }));
    const found = [...byOrg.html.matchAll(/name="add" value="[\w-]+"[^>]*>Tambahkan: ([^<]+)</g)].map((m) => m[1]);
    expect(found).toHaveLength(PEOPLE / 40);
    expect(found.every((f) => f?.endsWith('— Diskominfo Kalteng'))).toBe(true);
    expect(byOrg.html).not.toContain('Hanya 10 yang pertama');

    const nobody = await coordinator().post('/console/dialogues', typed(await csrf(), { intent: 'search', personQuery: 'Zzyzx' }));
    expect(nobody.html).toContain('Tidak ada yang cocok. Periksa ejaannya, atau tambahkan orang baru.');
  });

  it('adds a match and removes a person, each time showing the form again with what was typed', async () => {
    const find = await coordinator().post('/console/dialogues', typed(await csrf(), { intent: 'search', personQuery: 'Narasumber 137' }));
    const id = /name="add" value="([\w-]+)"/.exec(find.html)?.[1] as string;
    const added = await coordinator().post('/console/dialogues', typed(await csrf(), { personQuery: 'Narasumber 137', add: id }));
    expect(added.status).toBe(200);
    expectTypedKept(added.html);
    expect(added.html).toContain(`<input type="hidden" name="person" value="${id}"/>`);
    expect(added.html).toContain('Narasumber 137 ditambahkan ke peserta.');
    expect(added.html).toContain(`<label for="role-${id}" class="visually-hidden">Peran Narasumber 137</label>`);
    // The search is done: its field is empty again.
    expect(added.html).toContain('name="personQuery" value=""');

    const removed = await coordinator().post('/console/dialogues', typed(await csrf(), { person: [s.elyanie.id, id], role: ['host', 'speaker'], remove: id }));
    expect(removed.status).toBe(200);
    expectTypedKept(removed.html);
    expect(removed.html).not.toContain(`name="person" value="${id}"`);
    expect(removed.html).toContain('Narasumber 137 dikeluarkan dari peserta.');
    expect(await titles('2032-03-01T00:00')).toEqual([]);
  });

  it('searches on Enter in the search field, and books on Enter anywhere else', async () => {
    const searched = await coordinator().post('/console/dialogues', typed(await csrf(), { personQuery: 'Narasumber 2' }));
    expect(searched.status).toBe(200);
    expect(searched.html).toContain('Yang cocok dengan «Narasumber 2»');
    expect(await titles('2032-03-01T00:00')).toEqual([]);

    const booked = await coordinator().post('/console/dialogues', typed(await csrf(), { title: 'Dipesan dengan Enter', startsAt: '2032-03-04T09:00', endsAt: '2032-03-04T10:00' }));
    expect(booked.status).toBe(303);
    expect(await titles('2032-03-01T00:00')).toEqual(['Dipesan dengan Enter']);
  });

  it('adds a new person in the form: errors beside the fields, in Indonesian, and nobody half-made', async () => {
    const before = (await t.call('GET', '/api/speakers?limit=200&q=Baru', { token: t.coordinator })).json.items.length;
    const bad = await coordinator().post(
      '/console/dialogues',
      typed(await csrf(), { intent: 'newPerson', 'new-name': '  ', 'new-email': 'bukan-email', 'new-phone': 'telepon saya', 'new-organisation': 'Dinas Baru', 'new-role': 'moderator' }),
    );
    expect(bad.status).toBe(400);
    expectTypedKept(bad.html);
    expect(bad.html).toContain('<details class="new-person" open="">');
    expect(bad.html).toContain('<p class="field-error" role="alert">Periksa isian orang baru.</p>');
    expect(bad.html).toContain('aria-invalid="true" aria-describedby="new-name-error"/><p id="new-name-error" class="field-error">Nama wajib diisi.</p>');
    expect(bad.html).toMatch(/aria-describedby="new-email-error"\/><p id="new-email-error" class="field-error">[^<]*email[^<]*<\/p>/i);
    expect(bad.html).toMatch(/aria-describedby="new-phone-error"\/><p id="new-phone-error" class="field-error">[^<]+<\/p>/);
    // What was typed for the new person stays too.
    expect(bad.html).toContain('value="Dinas Baru"');
    expect(bad.html).toContain('<option value="moderator" selected="">');
    for (const english of ['Invalid', 'expected', 'Too small', 'received']) expect(bad.html).not.toContain(english);
    expect((await t.call('GET', '/api/speakers?limit=200&q=Baru', { token: t.coordinator })).json.items).toHaveLength(before);

    const good = await coordinator().post(
      '/console/dialogues',
      typed(await csrf(), { intent: 'newPerson', 'new-name': 'Budi Santoso', 'new-organisation': 'Dinas Baru', 'new-email': 'budi@example.id', 'new-phone': '0812 3456', 'new-role': 'moderator' }),
    );
    expect(good.status).toBe(200);
    expectTypedKept(good.html);
    expect(good.html).toContain('Budi Santoso disimpan dan ditambahkan ke peserta.');
    const budi = (await t.call('GET', '/api/speakers?q=Budi%20Santoso', { token: t.coordinator })).json.items;
    expect(budi).toMatchObject([{ name: 'Budi Santoso', organisation: 'Dinas Baru', email: 'budi@example.id', phone: '0812 3456' }]);
    expect(good.html).toContain(`<input type="hidden" name="person" value="${budi[0].id}"/>`);
    expect(good.html).toMatch(new RegExp(`id="role-${budi[0].id}" name="role">.*?<option value="moderator" selected`));
    // The new person's fields are empty again, ready for another.
    expect(good.html).toContain('id="new-name" name="new-name" value=""');

    const booked = await coordinator().post(
      '/console/dialogues',
      typed(await csrf(), { intent: 'book', title: 'Dengan Orang Baru', startsAt: '2032-03-05T09:00', endsAt: '2032-03-05T10:00', person: [s.elyanie.id, budi[0].id], role: ['host', 'moderator'] }),
    );
    expect(booked.status).toBe(303);
    const id = /\/console\/dialogues\/([\w-]+)/.exec(booked.headers.get('location') as string)?.[1];
    const dialogue = await t.call('GET', `/api/dialogues/${id}`, { token: t.coordinator });
    expect(dialogue.json.participants.map((q: { name: string; role: string }) => [q.name, q.role]).sort()).toEqual([
      ['Budi Santoso', 'moderator'],
      ['Elyanie', 'host'],
    ]);
  });

  it('shows the new-person errors in English with ?lang=en', async () => {
    const res = await coordinator().post('/console/dialogues?lang=en', typed(await csrf(), { intent: 'newPerson', 'new-name': '' }));
    expect(res.status).toBe(400);
    expect(res.html).toContain('<p id="new-name-error" class="field-error">A name is required.</p>');
  });

  it("picks people on a dialogue's own page the same way, saving nothing until Save", async () => {
    const page = await coordinator().get(`/console/dialogues/${s.upcoming.id}`);
    const token = csrfOf(page.html);
    const find = await coordinator().post(`/console/dialogues/${s.upcoming.id}`, { _csrf: token, title: s.upcoming.title, startsAt: '2031-09-10T09:00', endsAt: '2031-09-10T10:00', person: [s.suliwati.id], role: ['speaker'], personQuery: 'Narasumber 250', intent: 'search' });
    expect(find.status).toBe(200);
    const id = /name="add" value="([\w-]+)"/.exec(find.html)?.[1] as string;
    const add = await coordinator().post(`/console/dialogues/${s.upcoming.id}`, { _csrf: token, title: s.upcoming.title, startsAt: '2031-09-10T09:00', endsAt: '2031-09-10T10:00', person: [s.suliwati.id], role: ['speaker'], add: id });
    expect(add.html).toContain(`<input type="hidden" name="person" value="${id}"/>`);
    expect((await t.call('GET', `/api/dialogues/${s.upcoming.id}`, { token: t.coordinator })).json.participants).toHaveLength(1);

    const save = await coordinator().post(`/console/dialogues/${s.upcoming.id}`, { _csrf: token, title: s.upcoming.title, startsAt: '2031-09-10T09:00', endsAt: '2031-09-10T10:00', person: [s.suliwati.id, id], role: ['speaker', 'host'], intent: 'book' });
    expect(save.status).toBe(303);
    const after = await t.call('GET', `/api/dialogues/${s.upcoming.id}`, { token: t.coordinator });
    expect(after.json.participants.map((q: { name: string; role: string }) => [q.name, q.role]).sort()).toEqual([
      ['Narasumber 250', 'host'],
      ['Suliwati', 'speaker'],
    ]);
  });
});

describe('GET /api/speakers?q= (what the picker asks while typing)', () => {
  it('gives a coordinator everyone who matches, with contact details, a page at a time', async () => {
    const res = await t.call('GET', '/api/speakers?q=narasumber%2003&limit=5', { token: t.coordinator });
    expect(res.status).toBe(200);
    expect(res.json.items.map((p: { name: string }) => p.name)).toEqual(['Narasumber 030', 'Narasumber 031', 'Narasumber 032', 'Narasumber 033', 'Narasumber 034']);
    expect(res.json.items[0].email).toBe('n030@example.id');
    expect(res.json.nextCursor).not.toBeNull();
  });

  it('gives the public and speakers only the people they may see, without contact details', async () => {
    const anonymous = await t.call('GET', '/api/speakers?q=Narasumber');
    expect(anonymous.status).toBe(200);
    expect(anonymous.json.items).toEqual([]);
    const published = await t.call('GET', '/api/speakers?q=Suliwati');
    expect(published.json.items).toHaveLength(1);
    expect(published.json.items[0]).not.toHaveProperty('email');
    const speaker = await t.call('GET', '/api/speakers?q=Narasumber', { token: await t.speakerToken(s.elyanie.id) });
    expect(speaker.json.items).toEqual([]);
  });

  it('keeps the console pages (and their search) for coordinators', async () => {
    const anonymous = await browser(t).post('/console/dialogues', typed('x', { intent: 'search', personQuery: 'Narasumber' }));
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/console/login');
  });
});
