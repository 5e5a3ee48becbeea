// Telling people, in Chromium: the public station page shows an announced dialogue with its
// confirmed speaker; the console's outbox offers the invitation over WhatsApp and copies its
// text; the personal-link page shows and copies the current link without revoking it, and
// issues a new one only after the confirmation is ticked.
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, type Site, startSite } from './helpers.ts';

let site: Site;
let chromium: Browser;
let dialogue: any;
let speaker: any;
beforeAll(async () => {
  site = await startSite();
  chromium = await launchBrowser();
  const station = (await site.call('GET', '/api/stations')).json.items.find((s: any) => s.slug === 'rri-palangka-raya');
  speaker = await site.create('/api/speakers', { name: 'Nurul Hidayah', position: 'Kepala Bidang', email: 'nurul@contoh.id', phone: '0812-3456-7890' });
  const date = DateTime.now().setZone('Asia/Jakarta').plus({ days: 2 }).toISODate();
  dialogue = await site.create('/api/dialogues', {
    title: 'Desa Digital Kalimantan Tengah', stationId: station.id, startsAt: `${date}T16:00`, endsAt: `${date}T17:00`,
    participants: [{ speakerId: speaker.id, role: 'speaker' }],
  });
  await site.call('POST', `/api/dialogues/${dialogue.id}/announce`, { token: site.coordinator });
});
afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

async function signedIn(): Promise<Page> {
  const context = await chromium.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(`${site.url}/console/login`);
  await page.getByLabel('Email').fill('coord@test.id');
  await page.getByLabel('Kata sandi').fill('coord-password');
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL(`${site.url}/console`);
  return page;
}

it('shows the announced dialogue on the station page, with the speaker once she confirms', async () => {
  const page = await (await chromium.newContext()).newPage();
  await page.goto(`${site.url}/stations/rri-palangka-raya`);
  await expect.poll(() => page.getByRole('link', { name: 'Desa Digital Kalimantan Tengah' }).count()).toBe(1);
  expect(await page.content()).not.toContain('Nurul Hidayah');
  const link = (await site.call('GET', `/api/speakers/${speaker.id}/link`, { token: site.coordinator })).json;
  await site.call('POST', `/api/me/dialogues/${dialogue.id}/response`, { token: link.token, body: { response: 'confirmed' } });
  await page.reload();
  await expect.poll(() => page.getByText('Nurul Hidayah').count()).toBe(1);
  expect(await page.content()).not.toContain('0812');
  await page.getByRole('link', { name: 'Desa Digital Kalimantan Tengah' }).click();
  await page.waitForURL(`${site.url}/dialog/${dialogue.id}`);
});

it("offers the invitation over WhatsApp with the text filled in, and copies it", async () => {
  const page = await signedIn();
  await page.getByRole('link', { name: 'Kotak keluar' }).click();
  await page.waitForURL(`${site.url}/console/messages`);
  const item = page.locator('#messages li', { hasText: 'Nurul Hidayah' }).first();
  const wa = item.getByRole('link', { name: 'Kirim lewat WhatsApp' });
  const href = (await wa.getAttribute('href')) as string;
  expect(href).toMatch(/^https:\/\/wa\.me\/6281234567890\?text=/);
  const text = decodeURIComponent(href.split('?text=')[1] as string);
  expect(text).toContain('Yth. Nurul Hidayah');
  expect(text).toContain('16.00–17.00 WIB');
  await item.getByRole('button', { name: 'Salin teks' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(text);
});

it('shows and copies the current personal link without revoking it, and issues a new one after the confirmation', async () => {
  const before = (await site.call('GET', `/api/speakers/${speaker.id}/link`, { token: site.coordinator })).json;
  const page = await signedIn();
  await page.goto(`${site.url}/console/dialogues/${dialogue.id}`);
  await page.getByRole('link', { name: 'Tautan pribadi narasumber' }).click();
  await expect.poll(() => page.locator('#current-link').inputValue()).toBe(before.url);
  await page.getByRole('button', { name: 'Salin', exact: true }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(before.url);
  expect((await site.call('GET', '/api/me', { token: before.token })).status).toBe(200);

  // The browser refuses the form until the confirmation is ticked.
  await page.getByRole('button', { name: 'Terbitkan tautan baru' }).click();
  expect(await page.locator('#current-link').inputValue()).toBe(before.url);
  expect((await site.call('GET', '/api/me', { token: before.token })).status).toBe(200);

  await page.getByLabel('Saya mengerti').check();
  await page.getByRole('button', { name: 'Terbitkan tautan baru' }).click();
  await expect.poll(() => page.getByText('Tautan baru diterbitkan').count()).toBe(1);
  const after = await page.locator('#current-link').inputValue();
  expect(after).not.toBe(before.url);
  expect((await site.call('GET', '/api/me', { token: before.token })).status).toBe(401);
  expect((await site.call('GET', '/api/me', { token: after.split('/s/')[1] })).status).toBe(200);
});
