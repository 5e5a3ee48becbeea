// The console's management pages (issue 13): stations (admins change them), programmes,
// topics, people (search, edit, merge), accounts (admins) and one's own password. Each
// through the real app with the session cookie, as a browser without JavaScript would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { booking, createTestApp, type TestApp } from '../helpers/app.ts';
import { manageWords } from '../../src/pages/console/manage.i18n.ts';
import { browser, csrfOf, seedArchive } from './helpers.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;
beforeAll(async () => {
  t = await createTestApp();
  s = await seedArchive(t);
});
afterAll(() => t.close());

const admin = () => browser(t, { session: t.admin });
const coordinator = () => browser(t, { session: t.coordinator });
const api = async (url: string) => (await t.call('GET', url, { token: t.coordinator })).json;

/** GET a form page, then POST `form` with its token; `page` is where the form is. */
async function submit(who: ReturnType<typeof browser>, page: string, action: string, form: Record<string, string | string[]>) {
  const got = await who.get(page);
  expect(got.status, `${page}: ${got.html.slice(0, 200)}`).toBe(200);
  return who.post(action, { _csrf: csrfOf(got.html), ...form });
}

describe('who may see the management pages', () => {
  it('sends a browser without a session to sign in, and keeps speakers out', async () => {
    const speaker = await t.speakerToken(s.host.id);
    for (const url of ['/console/stations', '/console/programmes', '/console/topics', '/console/people', '/console/accounts', '/console/password']) {
      const anonymous = await browser(t).get(url);
      expect(anonymous.status, url).toBe(303);
      expect(anonymous.headers.get('location'), url).toBe(`/console/login?next=${encodeURIComponent(url)}`);
      expect((await browser(t, { session: speaker }).get(url)).status, url).toBe(303);
    }
  });

  it('shows the accounts page to admins only, in the navigation too, and the station forms to every coordinator', async () => {
    const page = await coordinator().get('/console/people');
    expect(page.html).toContain('href="/console/password"');
    expect(page.html).not.toContain('href="/console/accounts"');
    expect((await admin().get('/console/people')).html).toContain('href="/console/accounts"');

    const accounts = await coordinator().get('/console/accounts');
    expect(accounts.status).toBe(403);
    expect(accounts.html).toContain('Halaman atau tindakan ini hanya untuk admin.');
    // Coordinators manage stations (PRODUCT.md), in the console as through the API.
    expect((await coordinator().get('/console/stations/new')).status).toBe(200);
    expect((await coordinator().get(`/console/stations/${s.station.id}`)).status).toBe(200);
    const list = await coordinator().get('/console/stations');
    expect(list.status).toBe(200);
    expect(list.html).toContain('href="/console/stations/new"');
    expect(list.html).toContain(`href="/console/stations/${s.station.id}"`);

    // A coordinator's post to an admin's form changes nothing.
    const role = await coordinator().post(`/console/accounts/${(await t.call('GET', '/api/users', { token: t.admin })).json.items[1].id}`, { _csrf: csrfOf(list.html), role: 'admin' });
    expect(role.status).toBe(403);
    expect((await t.call('GET', '/api/users', { token: t.admin })).json.items.map((u: any) => u.role).sort()).toEqual(['admin', 'coordinator']);
    const added = await coordinator().post('/console/stations', { _csrf: csrfOf(list.html), name: 'RRI Kuala Kapuas', timezone: 'Asia/Jakarta' });
    expect(added.status).toBe(303);
    const kapuas = (await api('/api/stations')).items.find((x: any) => x.name === 'RRI Kuala Kapuas');
    expect(kapuas).toBeDefined();
    expect((await t.call('DELETE', `/api/stations/${kapuas.id}`, { token: t.coordinator })).status).toBe(204);
  });

  it('refuses forms without their cross-site token', async () => {
    expect((await admin().post('/console/stations', { name: 'X', timezone: 'Asia/Jakarta' })).status).toBe(403);
    expect((await coordinator().post('/console/people', { name: 'X' })).status).toBe(403);
    expect((await coordinator().post('/console/password', { currentPassword: 'coord-password', newPassword: 'x'.repeat(10), repeatPassword: 'x'.repeat(10) })).status).toBe(403);
  });
});

describe('stations', () => {
  it('lets a coordinator add a station, says in Indonesian what is wrong, and keeps what was typed', async () => {
    const bad = await submit(coordinator(), '/console/stations/new', '/console/stations', {
      name: 'RRI Sampit',
      slug: 'RRI Sampit!',
      timezone: 'Asia/Sampit',
      recorderId: '',
      prerollSeconds: 'satu menit',
      postrollSeconds: '99999',
      retentionDays: '0',
      transcriptPolicy: 'sometimes',
      asrLanguage: 'Bahasa',
      studioAddress: '',
      dialIn: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Periksa isian berikut:');
    expect(bad.html).toContain('Slug: huruf kecil, angka, dan tanda hubung tunggal');
    expect(bad.html).toContain('Zona waktu: zona waktu IANA seperti Asia/Jakarta');
    expect(bad.html).toContain('Margin awal: harus berupa angka');
    expect(bad.html).toContain('Margin akhir: paling besar 3600');
    expect(bad.html).toContain('Simpan rekaman: paling kecil 1');
    expect(bad.html).toContain('Transkrip otomatis: harus salah satu dari: &quot;publish&quot;, &quot;hold&quot;');
    expect(bad.html).toContain('Bahasa siaran: bentuknya tidak sah');
    expect(bad.html).not.toMatch(/expected|received|Invalid/);
    expect(bad.html).toContain('value="RRI Sampit"');
    expect((await api('/api/stations')).items).toHaveLength(2);

    const ok = await submit(coordinator(), '/console/stations/new', '/console/stations', {
      name: 'RRI Sampit',
      slug: '',
      timezone: 'Asia/Jakarta',
      recorderId: 'logger-sampit',
      prerollSeconds: '120',
      postrollSeconds: '',
      retentionDays: '60',
      transcriptPolicy: 'hold',
      asrLanguage: 'id',
      studioAddress: 'Jl. Jend. Sudirman, Sampit',
      dialIn: '0531 21000',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/console/stations?done=created');
    const created = (await api('/api/stations')).items.find((x: any) => x.name === 'RRI Sampit');
    expect(created).toMatchObject({ slug: 'rri-sampit', timezone: 'Asia/Jakarta', recorderId: 'logger-sampit', prerollSeconds: 120, postrollSeconds: null, retentionDays: 60, transcriptPolicy: 'hold', asrLanguage: 'id', studioAddress: 'Jl. Jend. Sudirman, Sampit', dialIn: '0531 21000' });
    const list = await coordinator().get('/console/stations?done=created');
    expect(list.html).toContain('Tersimpan.');
    expect(list.html).toContain('media/incoming/logger-sampit/');

    // Editing: the form shows the station; a slug another station has is refused.
    const form = await coordinator().get(`/console/stations/${created.id}`);
    expect(form.html).toContain('value="logger-sampit"');
    expect(form.html).toContain('Jl. Jend. Sudirman, Sampit</textarea>');
    const clash = await coordinator().post(`/console/stations/${created.id}`, { _csrf: csrfOf(form.html), name: 'RRI Sampit', slug: s.station.slug, timezone: 'Asia/Jakarta' });
    expect(clash.status).toBe(409);
    expect(clash.html).toContain('Stasiun lain sudah memakai slug atau folder perekam ini.');
    const saved = await coordinator().post(`/console/stations/${created.id}`, {
      _csrf: csrfOf(form.html),
      name: 'RRI Sampit',
      slug: 'rri-sampit',
      timezone: 'Asia/Makassar',
      recorderId: '',
      prerollSeconds: '',
      postrollSeconds: '30',
      retentionDays: '',
      transcriptPolicy: 'publish',
      asrLanguage: 'jv',
      studioAddress: '',
      dialIn: '',
    });
    expect(saved.status).toBe(303);
    expect(await api(`/api/stations/${created.id}`)).toMatchObject({ timezone: 'Asia/Makassar', recorderId: null, prerollSeconds: null, postrollSeconds: 30, retentionDays: null, transcriptPolicy: 'publish', asrLanguage: 'jv', studioAddress: null, dialIn: null });
  });

  it('answers 404 for an unknown station', async () => {
    expect((await coordinator().get('/console/stations/no-such-station')).status).toBe(404);
  });
});

describe('programmes and topics', () => {
  it('adds and edits a programme, with the announce-when-scheduled choice', async () => {
    const bad = await submit(coordinator(), '/console/programmes/new', '/console/programmes', { stationId: 'nope', title: '', slug: '', organiser: '', description: '' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Judul: wajib diisi');
    const ok = await submit(coordinator(), '/console/programmes/new', '/console/programmes', {
      stationId: s.station.id,
      title: 'Bincang Kominfo',
      slug: '',
      organiser: 'DiskominfoSantik Prov. Kalteng',
      description: '',
      announceWhenScheduled: 'yes',
    });
    expect(ok.status).toBe(303);
    const created = (await api('/api/programs')).items.find((p: any) => p.title === 'Bincang Kominfo');
    expect(created).toMatchObject({ stationId: s.station.id, slug: 'bincang-kominfo', organiser: 'DiskominfoSantik Prov. Kalteng', announceWhenScheduled: true, description: null });
    const list = await coordinator().get('/console/programmes');
    expect(list.html).toContain('href="/feeds/bincang-kominfo.xml"');

    const unknownStation = await submit(coordinator(), `/console/programmes/${created.id}`, `/console/programmes/${created.id}`, {
      stationId: 'no-such-station',
      title: 'Bincang Kominfo',
      slug: 'bincang-kominfo',
    });
    expect(unknownStation.status).toBe(400);
    expect(unknownStation.html).toContain('Stasiun: stasiun tidak dikenal');
    const edited = await submit(coordinator(), `/console/programmes/${created.id}`, `/console/programmes/${created.id}`, {
      stationId: s.other.id,
      title: 'Bincang Kominfo Papua',
      slug: 'bincang-kominfo',
      organiser: '',
      description: 'Setiap Kamis.',
    });
    expect(edited.status).toBe(303);
    expect(await api(`/api/programs/${created.id}`)).toMatchObject({ stationId: s.other.id, title: 'Bincang Kominfo Papua', organiser: null, description: 'Setiap Kamis.', announceWhenScheduled: false });
  });

  it('adds and renames topics; a taken slug is refused in Indonesian and the form keeps what was typed', async () => {
    const added = await submit(coordinator(), '/console/topics', '/console/topics', { name: 'Literasi Digital', slug: '' });
    expect(added.status).toBe(303);
    const topics = (await api('/api/topics')).items;
    const literasi = topics.find((x: any) => x.slug === 'literasi-digital');
    expect(literasi).toMatchObject({ name: 'Literasi Digital' });

    const taken = await submit(coordinator(), '/console/topics', `/console/topics/${literasi.id}`, { name: 'Literasi', slug: 'hoaks' });
    expect(taken.status).toBe(409);
    expect(taken.html).toContain('Topik dengan slug hoaks sudah ada.');
    expect(taken.html).toContain('value="Literasi"');
    const empty = await submit(coordinator(), '/console/topics', '/console/topics', { name: '', slug: '' });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Nama: wajib diisi');

    const renamed = await submit(coordinator(), '/console/topics', `/console/topics/${literasi.id}`, { name: 'Literasi digital', slug: 'literasi' });
    expect(renamed.status).toBe(303);
    expect((await api('/api/topics')).items.find((x: any) => x.id === literasi.id)).toEqual({ id: literasi.id, name: 'Literasi digital', slug: 'literasi' });
  });
});

describe('people', () => {
  it('finds people by name, pages through them, and opens one', async () => {
    const found = await coordinator().get('/console/people?q=suli');
    expect(found.status).toBe(200);
    expect(found.html).toContain(`href="/console/people/${s.suliwati.id}"`);
    expect(found.html).not.toContain(`href="/console/people/${s.elyanie.id}"`);
    expect((await coordinator().get('/console/people?q=zzz')).html).toContain('Tidak ada orang yang cocok.');
    const person = await coordinator().get(`/console/people/${s.suliwati.id}`);
    expect(person.html).toContain('value="suli@example.id"');
    expect(person.html).toContain(`href="/console/speakers/${s.suliwati.id}/link"`);
    expect((await coordinator().get('/console/people/no-such-person')).status).toBe(404);
    // A damaged "next" address starts the list again.
    expect((await coordinator().get('/console/people?cursor=%%%')).status).toBe(200);
  });

  it('adds a person with every detail, and refuses bad ones in Indonesian', async () => {
    const bad = await submit(coordinator(), '/console/people/new', '/console/people', {
      name: 'Desi',
      email: 'desi-at-rri',
      phone: 'telepon saya',
      photoUrl: 'javascript:alert(1)',
      language: 'id',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Email: bukan alamat email yang sah');
    expect(bad.html).toContain('Telepon: angka, spasi, + ( ) -');
    expect(bad.html).toContain('Foto: bukan alamat web yang sah');
    expect(bad.html).toContain('value="desi-at-rri"');

    const ok = await submit(coordinator(), '/console/people/new', '/console/people', {
      name: 'Desi Wulandari',
      position: 'Kepala Bidang IKP',
      organisation: 'Diskominfo Kota Palangka Raya',
      email: 'Desi@Example.id',
      phone: '0812 3456 789',
      bio: 'Mengelola informasi publik.',
      photoUrl: 'https://example.id/desi.jpg',
      language: 'en',
    });
    expect(ok.status).toBe(303);
    const id = /\/console\/people\/([^?]+)\?done=created/.exec(ok.headers.get('location') ?? '')?.[1] as string;
    expect(await api(`/api/speakers/${id}`)).toMatchObject({
      name: 'Desi Wulandari',
      position: 'Kepala Bidang IKP',
      organisation: 'Diskominfo Kota Palangka Raya',
      email: 'desi@example.id',
      phone: '0812 3456 789',
      bio: 'Mengelola informasi publik.',
      photoUrl: 'https://example.id/desi.jpg',
      language: 'en',
    });
    const edited = await submit(coordinator(), `/console/people/${id}`, `/console/people/${id}`, { name: 'Desi W.', position: '', organisation: '', email: '', phone: '', bio: '', photoUrl: '', language: 'id' });
    expect(edited.status).toBe(303);
    expect(await api(`/api/speakers/${id}`)).toMatchObject({ name: 'Desi W.', position: null, email: null, phone: null, photoUrl: null, language: 'id' });
  });

  it('merges a duplicate only when confirmed, explains a refusal, and moves the dialogues', async () => {
    const duplicate = await t.create('/api/speakers', { name: 'Elyanie, S.E.', organisation: 'DiskominfoSantik' });
    const d = await t.create('/api/dialogues', { ...booking(s.station.id, '2031-11-05T09:00', '2031-11-05T10:00'), participants: [{ speakerId: duplicate.id, role: 'speaker' }] });
    const url = `/console/people/${s.elyanie.id}`;

    const unconfirmed = await submit(coordinator(), url, `${url}/merge`, { otherId: duplicate.id });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.html).toContain('Centang konfirmasi dulu: data yang lain akan dihapus.');
    const self = await submit(coordinator(), url, `${url}/merge`, { otherId: s.elyanie.id, confirm: 'yes' });
    expect(self.status).toBe(400);
    expect(self.html).toContain('Data lain: sama dengan orang yang dipertahankan');
    expect((await api(`/api/speakers/${duplicate.id}`)).name).toBe('Elyanie, S.E.');

    // Rahmat hosts a dialogue Elyanie speaks in: merging one into the other is refused.
    const roles = await submit(coordinator(), url, `${url}/merge`, { otherId: s.host.id, confirm: 'yes' });
    expect(roles.status).toBe(409);
    expect(roles.html).toContain('peran berbeda');

    const merged = await submit(coordinator(), url, `${url}/merge`, { otherId: duplicate.id, confirm: 'yes' });
    expect(merged.status).toBe(303);
    expect((await coordinator().get(merged.headers.get('location') as string)).html).toContain('Data yang lain digabung ke sini dan dihapus.');
    expect((await t.call('GET', `/api/speakers/${duplicate.id}`, { token: t.coordinator })).status).toBe(404);
    expect((await api(`/api/dialogues/${d.id}`)).participants.map((q: any) => q.speakerId)).toEqual([s.elyanie.id]);
    expect((await api(`/api/speakers/${s.elyanie.id}`)).organisation).toBe('DiskominfoSantik');
  });
});

describe('accounts and passwords', () => {
  it('lets an admin invite an account with a temporary password shown once, change its role, disable and enable it', async () => {
    const bad = await submit(admin(), '/console/accounts', '/console/accounts', { name: '', email: 'bukan-email', role: 'coordinator', password: '' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Nama: wajib diisi');
    expect(bad.html).toContain('Email: bukan alamat email yang sah');
    const short = await submit(admin(), '/console/accounts', '/console/accounts', { name: 'Desi', email: 'desi@rri.id', role: 'coordinator', password: 'pendek' });
    expect(short.status).toBe(400);
    expect(short.html).toContain('Kata sandi: paling sedikit 8 karakter');

    const invited = await submit(admin(), '/console/accounts', '/console/accounts', { name: 'Desi Wulandari', email: 'desi@rri.id', role: 'coordinator', password: '' });
    expect(invited.status).toBe(200);
    const password = /Kata sandi sementaranya: (\S+) —/.exec(invited.html)?.[1] as string;
    expect(password).toMatch(/^[\w-]{16}$/);
    const login = await t.call('POST', '/api/auth/login', { body: { email: 'desi@rri.id', password } });
    expect(login.status).toBe(200);
    const again = await submit(admin(), '/console/accounts', '/console/accounts', { name: 'Desi', email: 'desi@rri.id', role: 'coordinator', password: '' });
    expect(again.status).toBe(409);
    expect(again.html).toContain('Sudah ada akun dengan email ini.');

    const desi = (await t.call('GET', '/api/users', { token: t.admin })).json.items.find((u: any) => u.email === 'desi@rri.id');
    const promoted = await submit(admin(), '/console/accounts', `/console/accounts/${desi.id}`, { role: 'admin' });
    expect(promoted.status).toBe(303);
    expect((await admin().get(promoted.headers.get('location') as string)).html).toContain('Peran diubah.');
    const disabled = await submit(admin(), '/console/accounts', `/console/accounts/${desi.id}`, { disabled: 'yes' });
    expect(disabled.status).toBe(303);
    // Her session ended at once.
    expect((await t.call('GET', '/api/me/dialogues', { token: login.json.token })).status).toBe(401);
    const users = (await t.call('GET', '/api/users', { token: t.admin })).json.items;
    expect(users.find((u: any) => u.id === desi.id)).toMatchObject({ role: 'admin', disabled: true });
    expect((await submit(admin(), '/console/accounts', `/console/accounts/${desi.id}`, { disabled: 'no' })).status).toBe(303);
    expect((await t.call('GET', '/api/users', { token: t.admin })).json.items.find((u: any) => u.id === desi.id).disabled).toBe(false);

    // The last active admin cannot lock the door from inside.
    expect((await submit(admin(), '/console/accounts', `/console/accounts/${desi.id}`, { role: 'coordinator' })).status).toBe(303);
    const me = users.find((u: any) => u.email === 'admin@test.id');
    const last = await submit(admin(), '/console/accounts', `/console/accounts/${me.id}`, { disabled: 'yes' });
    expect(last.status).toBe(409);
    expect(last.html).toContain('Anda admin aktif terakhir; jadikan orang lain admin dulu.');
    const badRole = await submit(admin(), '/console/accounts', `/console/accounts/${desi.id}`, { role: 'owner' });
    expect(badRole.status).toBe(400);
    expect(badRole.html).toContain('Peran: harus salah satu dari: &quot;admin&quot;, &quot;coordinator&quot;');

    // The stations whose unanswered speakers reach her in the daily digest, and its language.
    const stations = (await t.call('GET', '/api/stations')).json.items;
    const page = await admin().get('/console/accounts');
    expect(page.html).toContain(`Stasiun dan bahasa pesan: Desi Wulandari`);
    const covered = await submit(admin(), '/console/accounts', `/console/accounts/${desi.id}`, { coverage: '1', stationIds: [stations[0].id], language: 'en' });
    expect(covered.status).toBe(303);
    expect((await admin().get(covered.headers.get('location') as string)).html).toContain('Stasiun dan bahasa pesan disimpan.');
    expect((await t.call('GET', '/api/users', { token: t.admin })).json.items.find((u: any) => u.id === desi.id)).toMatchObject({ stationIds: [stations[0].id], language: 'en' });
    expect((await submit(admin(), '/console/accounts', `/console/accounts/${desi.id}`, { coverage: '1', language: 'id' })).status).toBe(303);
    expect((await t.call('GET', '/api/users', { token: t.admin })).json.items.find((u: any) => u.id === desi.id)).toMatchObject({ stationIds: [], language: 'id' });
    const unknown = await submit(admin(), '/console/accounts', `/console/accounts/${desi.id}`, { coverage: '1', stationIds: ['nope'], language: 'id' });
    expect(unknown.status).toBe(400);
  });

  it('changes one’s own password: refusals in Indonesian, then this session stays and the others end', async () => {
    await t.call('POST', '/api/users', { token: t.admin, body: { email: 'wati@rri.id', name: 'Wati', password: 'wati-password' } });
    const session = (await t.call('POST', '/api/auth/login', { body: { email: 'wati@rri.id', password: 'wati-password' } })).json.token;
    const other = (await t.call('POST', '/api/auth/login', { body: { email: 'wati@rri.id', password: 'wati-password' } })).json.token;
    const wati = browser(t, { session });

    const differ = await submit(wati, '/console/password', '/console/password', { currentPassword: 'wati-password', newPassword: 'baru-sekali-123', repeatPassword: 'baru-sekali-124' });
    expect(differ.status).toBe(400);
    expect(differ.html).toContain('Kata sandi baru dan ulangannya berbeda.');
    const wrong = await submit(wati, '/console/password', '/console/password', { currentPassword: 'salah', newPassword: 'baru-sekali-123', repeatPassword: 'baru-sekali-123' });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('Kata sandi sekarang: salah');
    const short = await submit(wati, '/console/password', '/console/password', { currentPassword: 'wati-password', newPassword: 'pendek', repeatPassword: 'pendek' });
    expect(short.status).toBe(400);
    expect(short.html).toContain('Kata sandi baru: paling sedikit 8 karakter');
    // Nothing in the page echoes a password back.
    expect(short.html).not.toContain('wati-password');

    const changed = await submit(wati, '/console/password', '/console/password', { currentPassword: 'wati-password', newPassword: 'baru-sekali-123', repeatPassword: 'baru-sekali-123' });
    expect(changed.status).toBe(303);
    expect((await wati.get(changed.headers.get('location') as string)).html).toContain('Kata sandi diganti.');
    expect((await t.call('GET', '/api/me/dialogues', { token: other })).status).toBe(401);
    expect((await t.call('POST', '/api/auth/login', { body: { email: 'wati@rri.id', password: 'baru-sekali-123' } })).status).toBe(200);
    expect((await t.call('POST', '/api/auth/login', { body: { email: 'wati@rri.id', password: 'wati-password' } })).status).toBe(401);
  });

  it('says nothing in English on the Indonesian pages', async () => {
    const [id, en] = [manageWords('id'), manageWords('en')];
    // Every English sentence or label of these pages that differs from its Indonesian one.
    const english = Object.entries(en).flatMap(([key, value]) =>
      typeof value === 'string' && value !== (id as Record<string, unknown>)[key] && value.length > 3 ? [value] : [],
    );
    expect(english.length).toBeGreaterThan(40);
    const pages = ['/console/stations', '/console/stations/new', `/console/stations/${s.station.id}`, '/console/programmes', '/console/programmes/new', `/console/programmes/${s.program.id}`, '/console/topics', '/console/people', '/console/people/new', `/console/people/${s.suliwati.id}`, '/console/accounts', '/console/password'];
    const found: string[] = [];
    for (const url of pages) {
      const page = await admin().get(url);
      expect(page.status, url).toBe(200);
      const words = page.html.replace(/<[^>]+>/g, ' ');
      for (const sentence of english) if (words.includes(sentence)) found.push(`${url}: ${sentence}`);
    }
    expect(found).toEqual([]);
  });

  it('speaks English with ?lang=en', async () => {
    const page = await coordinator().get('/console/password?lang=en');
    expect(page.html).toContain('<h1>Change password</h1>');
    const bad = await coordinator().post('/console/password?lang=en', { _csrf: csrfOf(page.html), currentPassword: 'nope', newPassword: 'x', repeatPassword: 'x' });
    expect(bad.html).toContain('New password: at least 8 characters');
  });
});
