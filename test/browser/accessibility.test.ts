// The main pages checked with axe-core (WCAG 2.1 A and AA rules: landmarks, labels,
// contrast, names of links and buttons), and the keyboard path through a dialogue page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoDialogue, launchBrowser, type Site, startSite, violations } from './helpers.ts';

let site: Site;
let chromium: Browser;
let kim: Awaited<ReturnType<typeof demoDialogue>>;
beforeAll(async () => {
  site = await startSite();
  kim = await demoDialogue(site);
  chromium = await launchBrowser();
});
afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

it('finds no WCAG 2.1 AA violation on the main pages, in either language and at phone width', async () => {
  const token = await site.speakerToken(kim.participants[0]?.speakerId as string);
  // axe is injected as an inline script, which the pages' own policy rightly forbids.
  const visitor = await chromium.newContext({ bypassCSP: true });
  const staff = await chromium.newContext({ bypassCSP: true });
  await staff.addCookies([{ name: 'siaran_session', value: site.coordinator, url: site.url }]);
  const admin = await chromium.newContext({ bypassCSP: true });
  await admin.addCookies([{ name: 'siaran_session', value: site.admin, url: site.url }]);
  const pages: [typeof visitor, string][] = [
    [visitor, '/'],
    [visitor, '/browse'],
    [visitor, '/search?q=menyebarluaskannya'],
    [visitor, `/dialog/${kim.id}#t=58`],
    [visitor, `/dialog/${kim.id}?lang=en`],
    [visitor, `/speakers/${kim.participants[0]?.speakerId}`],
    [visitor, `/s/${token}`],
    [visitor, `/s/${token}/dialog/${kim.id}`],
    [visitor, '/console/login'],
    [staff, '/console'],
    [staff, '/console/dialogues/new'],
    [staff, `/console/dialogues/${kim.id}`],
    [staff, '/console/corrections'],
    [staff, '/console/stations'],
    [admin, `/console/stations/${kim.stationId}`],
    [staff, '/console/programmes'],
    [staff, `/console/programmes/${kim.programId}`],
    [staff, '/console/topics'],
    [staff, '/console/people?q=a'],
    [staff, `/console/people/${kim.participants[0]?.speakerId}`],
    [admin, '/console/accounts'],
    [staff, '/console/password'],
  ];
  const found: string[] = [];
  for (const [context, url] of pages) {
    for (const width of [390, 1280]) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${site.url}${url}`);
      for (const v of await violations(page)) found.push(`${url} @${width}px: ${v}`);
      await page.close();
    }
  }
  expect(found).toEqual([]);
});

it('reaches the content and every line of a transcript by keyboard, with a visible focus', async () => {
  const page = await (await chromium.newContext()).newPage();
  await page.goto(`${site.url}/dialog/${kim.id}`);
  await page.keyboard.press('Tab');
  const skip = page.locator(':focus');
  expect(await skip.textContent()).toBe('Langsung ke isi');
  expect(await skip.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  await page.keyboard.press('Enter');
  expect(page.url()).toMatch(/#main$/);
  let reached = '';
  for (let i = 0; i < 40 && !reached.startsWith('#t='); i++) {
    await page.keyboard.press('Tab');
    reached = (await page.locator(':focus').getAttribute('href')) ?? '';
  }
  expect(reached).toBe('#t=0');
  expect(await page.locator(':focus').evaluate((el) => getComputedStyle(el).outlineWidth)).toBe('3px');
});
