// A coordinator books, a speaker answers and corrects, the coordinator accepts, and the
// public finds the corrected words: the whole round, through the pages, in Chromium.
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoDialogue, launchBrowser, type Site, startSite } from './helpers.ts';

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

it('books past a conflict, gets a confirmation and a correction from the speaker, and the public finds the corrected words', async () => {
  const kim = await demoDialogue(site);
  const stations = (await site.call('GET', '/api/stations')).json.items;
  const palangka = stations.find((s: any) => s.slug === 'rri-palangka-raya');
  // The demo books a weekly slot on Wednesdays at 09:00 in Palangka Raya, from next week.
  const wednesday = DateTime.now().setZone('Asia/Jakarta').startOf('week').plus({ weeks: 1, days: 2 }).toISODate() as string;

  const coordinator = await (await chromium.newContext()).newPage();
  await coordinator.goto(`${site.url}/console`);
  await expect.poll(() => coordinator.url()).toContain('/console/login');
  await coordinator.getByLabel('Email').fill('admin@test.id');
  await coordinator.getByLabel('Kata sandi').fill('admin-password');
  await coordinator.getByRole('button', { name: 'Masuk' }).click();
  await coordinator.waitForURL(`${site.url}/console`);

  await coordinator.goto(`${site.url}/console/dialogues/new?station=${palangka.id}&date=${wednesday}`);
  await coordinator.getByLabel('Tema').fill('Menangkal Hoaks Menjelang Pemilu');
  await coordinator.getByLabel('Program').selectOption({ label: 'Dialog Interaktif DiskominfoSantik — RRI Palangka Raya' });
  await coordinator.getByRole('combobox', { name: 'Cari orang (nama atau instansi)' }).fill('suli');
  await coordinator.getByRole('listbox', { name: 'Orang yang cocok' }).getByRole('option', { name: 'Suliwati — DiskominfoSantik Prov. Kalteng' }).click();
  expect(await coordinator.getByLabel('Peran Suliwati').inputValue()).toBe('speaker');
  await coordinator.getByRole('button', { name: 'Pesan slot' }).click();

  const errors = coordinator.getByRole('alert');
  await expect.poll(() => errors.textContent()).toContain('Slot ini bentrok');
  const why = (await errors.textContent()) ?? '';
  expect(why).toContain('Stasiun sudah memakai slot ini untuk «Dialog Interaktif: Informasi Publik untuk Semua»');
  expect(why).toContain('Suliwati sudah dijadwalkan di «Dialog Interaktif: Informasi Publik untuk Semua»');
  expect(await coordinator.getByLabel('Tema').inputValue()).toBe('Menangkal Hoaks Menjelang Pemilu');

  await coordinator.getByLabel('Mulai (waktu stasiun)').fill(`${wednesday}T13:00`);
  await coordinator.getByLabel('Selesai (waktu stasiun)').fill(`${wednesday}T14:00`);
  await coordinator.getByRole('button', { name: 'Pesan slot' }).click();
  await expect.poll(() => coordinator.getByRole('status').first().textContent()).toBe('Tersimpan.');
  const bookedId = /\/console\/dialogues\/([\w-]+)/.exec(coordinator.url())?.[1] as string;

  // The link page issues a new link only once the coordinator confirms the old one stops working.
  await coordinator.getByRole('link', { name: 'Tautan pribadi narasumber' }).first().click();
  await coordinator.getByLabel('Saya mengerti').check();
  await coordinator.getByRole('button', { name: 'Terbitkan tautan baru' }).click();
  await expect.poll(() => coordinator.getByText('Tautan baru diterbitkan').count()).toBe(1);
  const link = await coordinator.locator('#current-link').inputValue();
  expect(link).toMatch(/^http:\/\/\S+\/s\/[\w-]+$/);

  const speaker = await (await chromium.newContext()).newPage();
  await speaker.goto(link);
  const booked = speaker.locator(`#d-${bookedId}`);
  expect(await booked.textContent()).toContain('13.00–14.00 WIB');
  await booked.getByRole('button', { name: 'Saya bersedia' }).click();
  await expect.poll(() => speaker.getByRole('status').first().textContent()).toContain('kehadiran Anda tercatat');
  expect(await speaker.locator(`#d-${bookedId} .badge.confirmed`).textContent()).toBe('Bersedia');

  await speaker.locator(`#d-${kim.id}`).getByRole('link', { name: 'Dengarkan dan koreksi' }).click();
  const line = speaker.locator('#transcript li', { hasText: 'misalnya tentang vaksin' });
  await line.getByText('Usulkan koreksi').click();
  await line
    .getByLabel('Teks yang benar')
    .fill('Hoaks tentang covid-19 banyak sekali, misalnya tentang vaksin. KIM kami minta memeriksa dulu kebenaran sebuah berita, dibantu relawan literasi digital, sebelum disebarluaskan kepada warga.');
  await line.getByRole('button', { name: 'Kirim usulan' }).click();
  await expect.poll(() => speaker.getByRole('status').first().textContent()).toContain('Usulan koreksi Anda terkirim');

  await coordinator.goto(`${site.url}/console/corrections`);
  const proposal = coordinator.locator('ul.cards > li', { hasText: 'relawan literasi digital' });
  expect(await proposal.textContent()).toContain('Suliwati');
  await proposal.getByRole('button', { name: 'Terima' }).click();
  await expect.poll(() => coordinator.getByRole('status').first().textContent()).toContain('Koreksi diterima');

  const listener = await (await chromium.newContext()).newPage();
  await listener.goto(`${site.url}/search`);
  await listener.getByLabel('Kata atau frasa').fill('relawan');
  await listener.getByRole('button', { name: 'Cari' }).click();
  const hit = listener.locator(`a[href="/dialog/${kim.id}#t=190"]`);
  await expect.poll(() => hit.count()).toBe(1);
  expect(await listener.locator('mark').first().textContent()).toBe('relawan');

  const api = await site.call('GET', `/api/dialogues/${bookedId}`, { token: site.coordinator });
  expect(api.json.participants[0]).toMatchObject({ name: 'Suliwati', response: 'confirmed' });
});
