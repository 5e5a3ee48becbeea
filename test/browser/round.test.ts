// A coordinator's whole job in Chromium (issue 13): add a station, a programme and two
// people; book with the person picker; give a speaker the link without revoking it;
// change the password; sign in again. Also the picker and the week by keyboard alone, and
// their states checked with axe-core at phone and desktop widths.
//
// Steps, and what drives each until the console's management pages (branch console2) land:
//   1. sign in ........................ the sign-in form
//   2. add a station .................. STAND-IN: POST /api/stations through the page's fetch
//   3. add a programme ................ STAND-IN: POST /api/programs through the page's fetch
//   4. add a first person ............. STAND-IN: POST /api/speakers through the page's fetch
//   5. add a second person ............ the booking form's "Tambah orang baru"
//   6. book with the picker ........... the booking form (search-as-you-type, keyboard)
//   7. give the speaker the link ...... the link page (/console/speakers/:id/link), copying the current link
//   8. change the password ............ STAND-IN: POST /api/me/password through the page's fetch
//   9. sign out and sign in again ..... the header's button and the sign-in form
// Each STAND-IN is written as `viaApi(...)`: replace it by filling the new page's fields by
// label (the labels are the API's field names in console2's forms) once they exist on main.
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, PHONE, type Site, startSite, violations } from './helpers.ts';

let site: Site;
let chromium: Browser;
beforeAll(async () => {
  site = await startSite();
  chromium = await launchBrowser();
});
afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

/** A call to the API as the signed-in browser (its session cookie), from the page itself. */
async function viaApi(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; json: any }> {
  return page.evaluate(
    async ([m, u, b]) => {
      const res = await fetch(u as string, { method: m as string, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: b === undefined ? undefined : JSON.stringify(b) });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    },
    [method, url, body] as const,
  );
}

/** The picker's search-as-you-type list (not the options of the form's selects). */
const matches = (page: Page) => page.getByRole('listbox', { name: 'Orang yang cocok' }).getByRole('option');

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${site.url}/console`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
}

it('adds a station, a programme and two people, books with the picker, gives the link without revoking it, changes the password and signs in again', async () => {
  const page = await (await chromium.newContext()).newPage();
  // 1.
  await signIn(page, 'coord@test.id', 'coord-password');
  await page.waitForURL(`${site.url}/console`);

  // 2–4. STAND-INs until console2's pages: see the list at the top.
  const station = await viaApi(page, 'POST', '/api/stations', { name: 'RRI Sampit', timezone: 'Asia/Jakarta', studioAddress: 'Jl. Jenderal Sudirman, Sampit' });
  expect(station.status).toBe(201);
  const programme = await viaApi(page, 'POST', '/api/programs', { stationId: station.json.id, title: 'Suara Kotawaringin' });
  expect(programme.status).toBe(201);
  const dewi = await viaApi(page, 'POST', '/api/speakers', { name: 'Dewi Lestari', organisation: 'Diskominfo Kotawaringin Timur', email: 'dewi@example.id', position: 'Kepala Bidang IKP' });
  expect(dewi.status).toBe(201);

  // 5–6. The booking form: the first person by search-as-you-type, the second made in place.
  const tuesday = DateTime.now().setZone('Asia/Jakarta').startOf('week').plus({ weeks: 1, days: 1 }).toISODate() as string;
  await page.goto(`${site.url}/console?station=${station.json.id}&week=${tuesday}`);
  await page.getByRole('link', { name: /^Pesan dialog pada Sel/ }).click();
  await page.getByLabel('Tema').fill('Kesiapan Desa Menghadapi Musim Kemarau');
  await page.getByLabel('Program').selectOption({ label: 'Suara Kotawaringin — RRI Sampit' });
  await page.getByLabel('Mulai (waktu stasiun)').fill(`${tuesday}T10:00`);
  await page.getByLabel('Selesai (waktu stasiun)').fill(`${tuesday}T11:00`);
  const search = page.getByRole('combobox', { name: 'Cari orang (nama atau instansi)' });
  await search.pressSequentially('kotawaringin', { delay: 20 });
  await expect.poll(() => matches(page).allTextContents()).toEqual(['Dewi Lestari — Diskominfo Kotawaringin Timur']);
  await search.press('ArrowDown');
  expect(await search.getAttribute('aria-activedescendant')).toBe('person-option-0');
  await search.press('Enter');
  expect(await page.getByLabel('Peran Dewi Lestari').inputValue()).toBe('speaker');
  expect(await page.locator('#picker-status').textContent()).toBe('Dewi Lestari ditambahkan ke peserta.');
  expect(await search.inputValue()).toBe('');

  await page.getByText('Tambah orang baru').click();
  await page.getByLabel('Nama', { exact: true }).fill('Yohanes Tanjung');
  await page.getByLabel('Instansi', { exact: true }).fill('RRI Sampit');
  await page.getByLabel('Peran di dialog ini').selectOption({ label: 'Pembawa acara' });
  await page.getByRole('button', { name: 'Simpan dan tambahkan' }).click();
  await expect.poll(() => page.locator('#picker-status').textContent()).toBe('Yohanes Tanjung disimpan dan ditambahkan ke peserta.');
  // The form came back with everything typed, and both people.
  expect(await page.getByLabel('Tema').inputValue()).toBe('Kesiapan Desa Menghadapi Musim Kemarau');
  expect(await page.getByLabel('Mulai (waktu stasiun)').inputValue()).toBe(`${tuesday}T10:00`);
  expect(await page.getByLabel('Peran Dewi Lestari').inputValue()).toBe('speaker');
  expect(await page.getByLabel('Peran Yohanes Tanjung').inputValue()).toBe('host');

  await page.getByRole('button', { name: 'Pesan slot' }).click();
  await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Tersimpan.');
  const bookedId = /\/console\/dialogues\/([\w-]+)/.exec(page.url())?.[1] as string;
  const booked = await viaApi(page, 'GET', `/api/dialogues/${bookedId}`);
  expect(booked.json.participants.map((q: { name: string; role: string }) => `${q.name}:${q.role}`).sort()).toEqual(['Dewi Lestari:speaker', 'Yohanes Tanjung:host']);

  // The week shows it on Tuesday at 10.00.
  await page.goto(`${site.url}/console?station=${station.json.id}&week=${tuesday}`);
  const slot = page.getByRole('link', { name: '10.00–11.00 Kesiapan Desa Menghadapi Musim Kemarau' });
  expect(await slot.getAttribute('title')).toBe('Kesiapan Desa Menghadapi Musim Kemarau');

  // 7. Giving Dewi her link: the current one, copied, nothing issued or revoked.
  await slot.click();
  await page.getByRole('row', { name: /Dewi Lestari/ }).getByRole('link', { name: 'Tautan pribadi narasumber' }).click();
  const link = await page.locator('#current-link').inputValue();
  expect(link).toMatch(/^http:\/\/\S+\/s\/[\w-]+$/);
  const speaker = await (await chromium.newContext()).newPage();
  await speaker.goto(link);
  expect(await speaker.locator(`#d-${bookedId}`).textContent()).toContain('Kesiapan Desa Menghadapi Musim Kemarau');
  // Opening the link page again shows the same link, and it still works.
  await page.reload();
  expect(await page.locator('#current-link').inputValue()).toBe(link);
  await speaker.reload();
  expect(await speaker.locator(`#d-${bookedId}`).count()).toBe(1);

  // 8. STAND-IN until console2's account page.
  const changed = await viaApi(page, 'POST', '/api/me/password', { currentPassword: 'coord-password', newPassword: 'kemarau-2032-sampit' });
  expect(changed.status).toBe(204);

  // 9.
  await page.goto(`${site.url}/console`);
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.waitForURL(`${site.url}/`);
  await signIn(page, 'coord@test.id', 'coord-password');
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('Email atau kata sandi salah');
  await page.getByLabel('Kata sandi').fill('kemarau-2032-sampit');
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL(`${site.url}/console`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Minggu /);
});

it('books and reads the week by keyboard alone, and the picker and week pass axe-core at phone and desktop widths', async () => {
  const context = await chromium.newContext({ bypassCSP: true });
  // The first test changed the coordinator's password, which ended that account's other sessions.
  await context.addCookies([{ name: 'siaran_session', value: site.admin, url: site.url }]);
  const page = await context.newPage();
  await page.setViewportSize(DESKTOP);
  const found: string[] = [];
  const check = async (what: string) => {
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      for (const v of await violations(page)) found.push(`${what} @${viewport.width}px: ${v}`);
    }
    await page.setViewportSize(DESKTOP);
  };

  await page.goto(`${site.url}/console`);
  await check('week');
  // Tab from the top reaches the week's scrolling region and, inside it, the first "+" and dialogue links.
  const reached: string[] = [];
  for (let i = 0; i < 40 && !reached.some((r) => r.startsWith('/console/dialogues/new?station=') && r.includes('&date=')); i++) {
    await page.keyboard.press('Tab');
    reached.push(await page.evaluate(() => document.activeElement?.getAttribute('href') ?? document.activeElement?.className ?? ''));
  }
  expect(reached, reached.join(' | ')).toContain('week-scroll');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/console\/dialogues\/new\?station=.*&date=\d{4}-\d\d-\d\d$/);

  await page.getByLabel('Tema').fill('Dengan Papan Ketik Saja');
  await page.getByLabel('Mulai (waktu stasiun)').fill('2033-02-01T08:00');
  await page.getByLabel('Selesai (waktu stasiun)').fill('2033-02-01T09:00');
  const search = page.getByRole('combobox', { name: 'Cari orang (nama atau instansi)' });
  await search.focus();
  await search.pressSequentially('a', { delay: 20 });
  await expect.poll(() => matches(page).count()).toBeGreaterThan(1);
  expect(await search.getAttribute('aria-expanded')).toBe('true');
  await check('picker with its list open');
  await search.press('ArrowDown');
  await search.press('ArrowDown');
  const second = (await page.locator('#person-option-1').textContent()) as string;
  await search.press('Enter');
  const name = second.split(' — ')[0] as string;
  expect(await page.getByLabel(`Peran ${name}`).inputValue()).toBe('speaker');
  // Escape closes a list; Enter with nothing chosen in the field never books.
  await search.pressSequentially('zzz-nobody', { delay: 10 });
  await expect.poll(() => page.locator('#picker-status').textContent()).toBe('Tidak ada yang cocok.');
  await search.press('Enter');
  expect(page.url()).toMatch(/\/console\/dialogues\/new/);
  await search.fill('');
  // Tab on to the role of the chosen person and make them moderator, then book.
  await page.getByLabel(`Peran ${name}`).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await page.getByLabel(`Peran ${name}`).inputValue()).toBe('moderator');
  await page.getByRole('button', { name: 'Pesan slot' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Tersimpan.');
  expect(await page.getByRole('row', { name: new RegExp(name) }).textContent()).toContain('Moderator');

  // The no-JavaScript states: search results and a new person's errors, beside their fields.
  await page.goto(`${site.url}/console/dialogues/new`);
  await page.getByRole('combobox', { name: 'Cari orang (nama atau instansi)' }).fill('Suliwati');
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await expect.poll(() => page.getByRole('button', { name: /^Tambahkan: Suliwati/ }).count()).toBe(1);
  await check('picker search results');
  await page.getByText('Tambah orang baru').click();
  await page.getByLabel('Email (tidak tampil untuk publik)').fill('bukan-email');
  await page.getByRole('button', { name: 'Simpan dan tambahkan' }).click();
  await expect.poll(() => page.locator('#new-name-error').textContent()).toBe('Nama wajib diisi.');
  expect(await page.getByLabel('Nama', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  await check('new person with errors');
  expect(found).toEqual([]);
});
