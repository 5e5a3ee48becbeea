// A coordinator's whole job in Chromium (issue 13): add a station, a programme and two
// people; book with the person picker; give a speaker the link without revoking it;
// change the password; sign in again. Also the picker and the week by keyboard alone, and
// their states checked with axe-core at phone and desktop widths.
//
// Every step is a page, reached as a person reaches it (the console's navigation, then
// fields filled by their visible Indonesian labels), and checked by what the page shows:
//   1. sign in ........................ the sign-in form
//   2. add a station .................. /console/stations → "Tambah stasiun"
//   3. add a programme ................ /console/programmes → "Tambah program"
//   4. add a first person ............. /console/people → "Tambah orang"
//   5. add a second person ............ the booking form's "Tambah orang baru"
//   6. book with the picker ........... the week (choosing the new station), then the booking form
//   7. give the speaker the link ...... the link page (/console/speakers/:id/link), copying the current link
//   8. change the password ............ /console/password, refused once (the repetition differs)
//   9. sign out and sign in again ..... the header's button and the sign-in form: the old password fails
// The management pages' states this round visits (empty forms, "Tersimpan.", a refused
// password) get axe-core too; their lists and edit forms are in accessibility.test.ts.
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

/** The picker's search-as-you-type list (not the options of the form's selects). */
const matches = (page: Page) => page.getByRole('listbox', { name: 'Orang yang cocok' }).getByRole('option');

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${site.url}/console`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
}

/** Opens a console page from the header's navigation, as a person would. */
async function fromNav(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name, exact: true }).click();
  await page.waitForLoadState();
}

/**
 * axe-core's findings, at phone and desktop widths, on the page `from` shows, opened again in
 * a twin browser with the same session: axe is injected as an inline script, which the pages'
 * policy rightly forbids, so the round keeps the policy on and only the twin bypasses it.
 * `reach` brings the twin to a state no address gives (a refused form); otherwise it opens
 * `from`'s address.
 */
async function axeOnTwin(from: Page, what: string, reach?: (twin: Page) => Promise<void>): Promise<string[]> {
  const context = await chromium.newContext({ bypassCSP: true });
  await context.addCookies(await from.context().cookies());
  const twin = await context.newPage();
  await twin.setViewportSize(PHONE);
  if (reach) await reach(twin);
  else await twin.goto(from.url());
  // Not the sign-in page in its place: the twin is signed in as `from` is.
  expect(new URL(twin.url()).pathname).toBe(new URL(from.url()).pathname);
  const found: string[] = [];
  for (const viewport of [PHONE, DESKTOP]) {
    await twin.setViewportSize(viewport);
    for (const v of await violations(twin)) found.push(`${what} @${viewport.width}px: ${v}`);
  }
  await context.close();
  return found;
}

it('adds a station, a programme and two people, books with the picker, gives the link without revoking it, changes the password and signs in again', async () => {
  const page = await (await chromium.newContext()).newPage();
  const found: string[] = [];
  // 1.
  await signIn(page, 'coord@test.id', 'coord-password');
  await page.waitForURL(`${site.url}/console`);

  // 2.
  await fromNav(page, 'Stasiun');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Stasiun');
  await page.getByRole('link', { name: 'Tambah stasiun' }).click();
  await page.waitForURL(`${site.url}/console/stations/new`);
  found.push(...(await axeOnTwin(page, 'new station form')));
  await page.getByLabel('Nama', { exact: true }).fill('RRI Sampit');
  expect(await page.getByLabel('Zona waktu').inputValue()).toBe('Asia/Jakarta');
  await page.getByLabel('Alamat studio').fill('Jl. Jenderal Sudirman, Sampit');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.waitForURL(`${site.url}/console/stations?done=created`);
  expect(await page.getByRole('status').textContent()).toBe('Tersimpan.');
  found.push(...(await axeOnTwin(page, 'stations after adding one')));
  // The list has it now, with its zone and the address invitations give.
  const sampit = page.locator('#stations > li', { has: page.getByRole('heading', { name: 'RRI Sampit' }) });
  expect(await sampit.textContent()).toContain('Asia/Jakarta');
  expect(await sampit.textContent()).toContain('Jl. Jenderal Sudirman, Sampit');

  // 3.
  await fromNav(page, 'Program');
  await page.getByRole('link', { name: 'Tambah program' }).click();
  await page.waitForURL(`${site.url}/console/programmes/new`);
  found.push(...(await axeOnTwin(page, 'new programme form')));
  await page.getByLabel('Stasiun', { exact: true }).selectOption({ label: 'RRI Sampit' });
  await page.getByLabel('Judul').fill('Suara Kotawaringin');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.waitForURL(`${site.url}/console/programmes?done=created`);
  expect(await page.getByRole('status').textContent()).toBe('Tersimpan.');
  expect(await page.locator('#programmes > li', { has: page.getByRole('link', { name: 'Ubah Suara Kotawaringin' }) }).locator('.meta').textContent()).toMatch(/^RRI Sampit · /);
  found.push(...(await axeOnTwin(page, 'programmes after adding one')));

  // 4.
  await fromNav(page, 'Orang');
  await page.getByRole('link', { name: 'Tambah orang' }).click();
  await page.waitForURL(`${site.url}/console/people/new`);
  found.push(...(await axeOnTwin(page, 'new person form')));
  await page.getByLabel('Nama', { exact: true }).fill('Dewi Lestari');
  await page.getByLabel('Jabatan').fill('Kepala Bidang IKP');
  await page.getByLabel('Instansi').fill('Diskominfo Kotawaringin Timur');
  await page.getByLabel('Email').fill('dewi@example.id');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.waitForURL(/\/console\/people\/[\w-]+\?done=created$/);
  expect(await page.getByRole('status').textContent()).toBe('Tersimpan.');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dewi Lestari');
  expect(await page.getByLabel('Instansi').inputValue()).toBe('Diskominfo Kotawaringin Timur');
  found.push(...(await axeOnTwin(page, 'person just added')));

  // 5–6. The week of the new station (chosen in the week's own form), then the booking form:
  // the first person by search-as-you-type, the second made in place.
  const tuesday = DateTime.now().setZone('Asia/Jakarta').startOf('week').plus({ weeks: 1, days: 1 }).toISODate() as string;
  await fromNav(page, 'Minggu');
  await page.getByLabel('Stasiun', { exact: true }).selectOption({ label: 'RRI Sampit (WIB)' });
  await page.getByLabel('Minggu', { exact: true }).fill(tuesday);
  await page.getByRole('button', { name: 'Tampilkan' }).click();
  await page.waitForURL(/\/console\?station=[\w-]+&week=/);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/ · RRI Sampit$/);
  const week = page.url();
  await page.getByRole('link', { name: /^Pesan dialog pada Sel/ }).click();
  expect(await page.getByLabel('Stasiun', { exact: true }).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('RRI Sampit (Asia/Jakarta)');
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
  const people = page.getByRole('region', { name: 'Peserta' }).getByRole('row');
  expect((await people.evaluateAll((rows: HTMLTableRowElement[]) => rows.map((r) => `${r.cells[0]?.textContent}:${r.cells[1]?.textContent}`))).sort()).toEqual([
    'Dewi Lestari:Narasumber',
    'Yohanes Tanjung:Pembawa acara',
  ]);

  // The week shows it on Tuesday at 10.00.
  await page.goto(week);
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

  // 8. A repetition that differs is refused, changing nothing; then the change.
  await fromNav(page, 'Kata sandi');
  const typePasswords = async (on: Page, repeat: string) => {
    await on.getByLabel('Kata sandi sekarang').fill('coord-password');
    await on.getByLabel('Kata sandi baru (paling sedikit 8 karakter)').fill('kemarau-2032-sampit');
    await on.getByLabel('Ulangi kata sandi baru').fill(repeat);
    await on.getByRole('button', { name: 'Ganti kata sandi' }).click();
  };
  await typePasswords(page, 'kemarau-2032-sampi');
  expect(await page.getByRole('alert').textContent()).toContain('Kata sandi baru dan ulangannya berbeda.');
  found.push(
    ...(await axeOnTwin(page, 'password refused', async (twin) => {
      await twin.goto(`${site.url}/console/password`);
      await typePasswords(twin, 'kemarau-2032-sampi');
      await twin.getByRole('alert').waitFor();
    })),
  );
  await typePasswords(page, 'kemarau-2032-sampit');
  await page.waitForURL(`${site.url}/console/password?done=changed`);
  expect(await page.getByRole('status').textContent()).toBe('Kata sandi diganti. Sesi Anda di perangkat lain sudah diakhiri.');
  found.push(...(await axeOnTwin(page, 'password changed')));

  // 9. This session outlives the change; after signing out, only the new password opens the console.
  await fromNav(page, 'Minggu');
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.waitForURL(`${site.url}/`);
  await signIn(page, 'coord@test.id', 'coord-password');
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('Email atau kata sandi salah');
  await page.getByLabel('Kata sandi').fill('kemarau-2032-sampit');
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL(`${site.url}/console`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Minggu /);
  expect(found).toEqual([]);
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
