// What a phone downloads for the dialogue page, measured in the browser against the 100 KB
// budget, and screenshots of the main pages at phone and desktop widths (test-artifacts/).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ARTIFACTS, attachDemoAudio, demoDialogue, launchBrowser, screenshots, type Site, startSite } from './helpers.ts';

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

it('keeps the dialogue page (HTML, CSS and JavaScript, audio excluded) under 100 KB', async () => {
  const page = await (await chromium.newContext()).newPage();
  const decoded: Record<string, number> = {};
  page.on('response', async (response) => {
    const type = response.request().resourceType();
    if (type === 'document' || type === 'stylesheet' || type === 'script') decoded[response.url()] = (await response.body()).byteLength;
  });
  await page.goto(`${site.url}/dialog/${kim.id}`, { waitUntil: 'load' });
  await expect.poll(() => Object.keys(decoded).length).toBe(3);
  const transferred = await page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .filter((e) => (e as PerformanceResourceTiming).initiatorType !== 'audio' && !/\.(opus|mp3|ogg)(\?|$)/.test(e.name))
      .reduce((sum, e) => sum + (e as PerformanceResourceTiming).transferSize, 0),
  );
  const total = Object.values(decoded).reduce((a, b) => a + b, 0);
  const report = { decodedBytes: decoded, totalDecodedBytes: total, transferredBytes: transferred };
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'dialogue-page-weight.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log('dialogue page weight', report);
  expect(total).toBeLessThan(100 * 1024);
  expect(transferred).toBeLessThan(100 * 1024);
});

it('saves screenshots of the main pages at phone and desktop widths', async () => {
  const token = await site.speakerToken(kim.participants[0]?.speakerId as string);
  const visitor = await chromium.newContext();
  await screenshots(visitor, `${site.url}/`, 'home');
  await screenshots(visitor, `${site.url}/browse?topic=kim`, 'browse');
  await screenshots(visitor, `${site.url}/search?q=menyebarluaskannya`, 'search');
  await screenshots(visitor, `${site.url}/dialog/${kim.id}#t=58`, 'dialogue');
  await screenshots(visitor, `${site.url}/speakers/${kim.participants[0]?.speakerId}`, 'speaker');
  await screenshots(visitor, `${site.url}/dialog/${kim.id}?lang=en`, 'dialogue-en');
  await screenshots(visitor, `${site.url}/s/${token}`, 'portal');
  await screenshots(visitor, `${site.url}/s/${token}/dialog/${kim.id}`, 'portal-dialogue');

  const staff = await chromium.newContext();
  await staff.addCookies([{ name: 'siaran_session', value: site.coordinator, url: site.url }]);
  await screenshots(staff, `${site.url}/console`, 'console-week');
  await screenshots(staff, `${site.url}/console/dialogues/new`, 'console-new');
  await screenshots(staff, `${site.url}/console/dialogues/${kim.id}`, 'console-dialogue');
  await screenshots(staff, `${site.url}/console/corrections`, 'console-corrections');
  expect(fs.readdirSync(ARTIFACTS).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(24);
});
