// A listener searches, lands on the moment the words were said and hears it with the line
// highlighted; a shared #t= link does the same from a fresh page; and without JavaScript
// the same pages still show the transcript and work as links.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MOMENT, attachDemoAudio, demoDialogue, launchBrowser, type Site, startSite } from './helpers.ts';

let site: Site;
let chromium: Browser;
let kim: Awaited<ReturnType<typeof demoDialogue>>;
beforeAll(async () => {
  site = await startSite();
  kim = await demoDialogue(site);
  await attachDemoAudio(site, kim.id);
  chromium = await launchBrowser();
});
afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

const currentTime = (page: Page) => page.locator('#player').evaluate((audio: HTMLAudioElement) => audio.currentTime);

async function expectAtMoment(page: Page, startSec: number, text: string) {
  await expect.poll(async () => Math.abs((await currentTime(page)) - startSec), { timeout: 15_000 }).toBeLessThanOrEqual(1);
  const now = page.locator('#transcript li.now');
  await expect.poll(() => now.count()).toBe(1);
  expect(await now.textContent()).toContain(text);
  expect(await now.getAttribute('aria-current')).toBe('true');
}

describe('with JavaScript', () => {
  it('opens a search hit for an affixed form at the moment it was said, with the line highlighted', async () => {
    const page = await (await chromium.newContext()).newPage();
    await page.goto(`${site.url}/search`);
    await page.getByLabel('Kata atau frasa').fill(DEMO_MOMENT.query);
    await page.getByRole('button', { name: 'Cari' }).click();
    const hit = page.locator(`a[href="/dialog/${kim.id}#t=${DEMO_MOMENT.anchor}"]`);
    await expect.poll(() => hit.count()).toBe(1);
    expect(await hit.locator('xpath=..').locator('mark').textContent()).toBe('menyebarluaskan');
    await hit.click();
    await page.waitForURL(`${site.url}/dialog/${kim.id}#t=${DEMO_MOMENT.anchor}`);
    await expectAtMoment(page, DEMO_MOMENT.startSec, DEMO_MOMENT.text);
  });

  it('opens a shared #t= link in a fresh page playing from that moment', async () => {
    const page = await (await chromium.newContext()).newPage();
    await page.goto(`${site.url}/dialog/${kim.id}#t=${DEMO_MOMENT.anchor}`);
    await expectAtMoment(page, DEMO_MOMENT.startSec, DEMO_MOMENT.text);
    await expect.poll(() => page.locator('#player').evaluate((audio: HTMLAudioElement) => audio.paused)).toBe(false);
  });

  it('jumps to a line when its time is chosen, by mouse or keyboard, and copies a link to the moment', async () => {
    const context = await chromium.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    await page.goto(`${site.url}/dialog/${kim.id}`);
    await page.locator('#transcript a[href="#t=107"]').click();
    await expectAtMoment(page, 107.5, 'Kami di Seksi Kemitraan');
    expect(page.url()).toBe(`${site.url}/dialog/${kim.id}#t=107`);

    await page.locator('#transcript a[href="#t=31"]').focus();
    await page.keyboard.press('Enter');
    await expectAtMoment(page, 31, 'KIM atau Kelompok Informasi Masyarakat');

    await page.locator('#player').evaluate((audio: HTMLAudioElement) => audio.pause());
    await page.getByRole('link', { name: 'Bagikan momen ini' }).click();
    await expect.poll(() => page.locator('#share-status').textContent()).toMatch(new RegExp(`/dialog/${kim.id}#t=(3[1-9]|4\\d)$`));
  });
});

describe('without JavaScript', () => {
  it('shows the transcript, lands on the moment by its anchor, and works as links', async () => {
    const page = await (await chromium.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(`${site.url}/`);
    await page.getByLabel('Kata atau frasa').fill(DEMO_MOMENT.query);
    await page.getByRole('button', { name: 'Cari' }).click();
    await page.waitForURL(/\/search\?q=/);
    await page.locator(`a[href="/dialog/${kim.id}#t=${DEMO_MOMENT.anchor}"]`).click();
    await page.waitForURL(`${site.url}/dialog/${kim.id}#t=${DEMO_MOMENT.anchor}`);

    // The moment's line is the anchor's target, highlighted by CSS alone.
    const target = page.locator('#transcript li:has(> a:target)');
    expect(await target.count()).toBe(1);
    expect(await target.textContent()).toContain(DEMO_MOMENT.text);
    expect(await page.locator('#transcript li').count()).toBe(kim.transcript.segments);
    expect(await page.locator('#transcript li.now').count()).toBe(0);

    // Another line's time is a plain link to its moment.
    await page.locator('#transcript a[href="#t=107"]').click();
    expect(page.url()).toBe(`${site.url}/dialog/${kim.id}#t=107`);
    expect(await page.locator('#transcript li:has(> a:target)').textContent()).toContain('Kami di Seksi Kemitraan');

    await page.getByRole('link', { name: 'Suliwati' }).first().click();
    await page.waitForURL(/\/speakers\//);
    expect(await page.locator('h1').textContent()).toBe('Suliwati');
    await page.getByRole('link', { name: kim.title }).click();
    await page.waitForURL(`${site.url}/dialog/${kim.id}`);
    await page.getByRole('link', { name: 'Hoaks' }).click();
    await page.waitForURL(/\/browse\?topic=hoaks/);
    expect(await page.locator('main').textContent()).toContain(kim.title);
  });

  it("plays with the browser's own player, both renditions offered, the script-only share link hidden", async () => {
    const page = await (await chromium.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(`${site.url}/dialog/${kim.id}#t=${DEMO_MOMENT.anchor}`);
    const sources = await page.locator('#player source').evaluateAll((els) => els.map((e) => e.getAttribute('type')));
    expect(sources).toEqual(['audio/ogg; codecs=opus', 'audio/mpeg']);
    expect(await page.locator('#player').getAttribute('controls')).not.toBeNull();
    expect(await page.locator('#share').isHidden()).toBe(true);
  });
});
