// The transcript editor in Chromium, driven by the keyboard alone: stepping through the
// doubtful words, fixing one, assigning a speaker to a run of lines, playing a line; the
// results are checked through the API. And axe-core on the editor's pages.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { attachAudio } from '../pages/helpers.ts';
import { DRAFT_TEXTS, writeMachineDraft } from '../transcripts/machine-draft.ts';
import { demoDialogue, launchBrowser, type Site, startSite } from './helpers.ts';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let site: Site;
let chromium: Browser;
let staff: BrowserContext;
let kim: Awaited<ReturnType<typeof demoDialogue>>;
let draft: number;
beforeAll(async () => {
  site = await startSite();
  kim = await demoDialogue(site);
  draft = await writeMachineDraft(site.db, kim.id);
  await attachAudio(site, kim.id, 30);
  chromium = await launchBrowser();
  staff = await chromium.newContext({ bypassCSP: false });
  await staff.addCookies([{ name: 'siaran_session', value: site.coordinator, url: site.url }]);
});
afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

const editorUrl = () => `${site.url}/console/dialogues/${kim.id}/transcript/edit`;
const lines = async () => (await site.call('GET', `/api/dialogues/${kim.id}/transcript`, { token: site.coordinator })).json.segments;

/** The focused element's id and, in a textarea, the selected text. */
const focus = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLTextAreaElement | null;
    return { id: el?.id ?? '', selected: el?.tagName === 'TEXTAREA' ? el.value.slice(el.selectionStart, el.selectionEnd) : '' };
  });

it('steps through the doubtful words with Alt+N and Alt+P, fixes one and saves it with Enter', async () => {
  const page = await staff.newPage();
  await page.goto(editorUrl());
  await page.keyboard.press('Alt+KeyN');
  expect(await focus(page)).toEqual({ id: 'text-2', selected: 'Suli' });
  await page.keyboard.press('Alt+KeyN');
  expect(await focus(page)).toEqual({ id: 'text-2', selected: 'Wati' });
  await page.keyboard.press('Alt+KeyN');
  expect(await focus(page)).toEqual({ id: 'text-3', selected: 'Yani' });
  await page.keyboard.press('Alt+KeyN');
  expect(await focus(page)).toEqual({ id: 'text-4', selected: 'dimsem' });
  expect(await page.locator('#editor-status').textContent()).toBe('Kata ragu 4 dari 4: «dimsem» (4)');
  await page.keyboard.press('Alt+KeyP');
  expect(await focus(page)).toEqual({ id: 'text-3', selected: 'Yani' });
  await page.keyboard.press('Alt+KeyN');

  // Typing replaces the selected word; Enter saves the line as a new version.
  await page.keyboard.type('diseminasi');
  await Promise.all([page.waitForURL(/done=saved#text-4$/, { waitUntil: 'load' }), page.keyboard.press('Enter')]);
  const saved = await lines();
  expect(saved[3]).toMatchObject({ text: 'KIM membantu diseminasi informasi ke desa-desa.', confidence: null });
  expect(saved.slice(0, 3).map((l: any) => l.text)).toEqual(DRAFT_TEXTS.slice(0, 3));
  const versions = (await site.call('GET', `/api/dialogues/${kim.id}/transcript/versions`, { token: site.coordinator })).json.items;
  expect(versions[0]).toMatchObject({ version: draft + 1, source: 'edit' });

  // Back on the page, the saved line has the focus again; no doubtful word lies after it.
  expect((await focus(page)).id).toBe('text-4');
  expect(await page.locator('mark.doubt').count()).toBe(3);
  await page.keyboard.press('Alt+KeyN');
  expect(await page.locator('#editor-status').textContent()).toBe('Tidak ada lagi kata ragu ke arah itu.');
  await page.keyboard.press('Alt+KeyP');
  expect(await focus(page)).toEqual({ id: 'text-3', selected: 'Yani' });
  await page.close();
});

it('assigns a speaker to a run of lines with the keyboard alone', async () => {
  const suliwati = kim.participants.find((q) => q.name === 'Suliwati') as { speakerId: string };
  const page = await staff.newPage();
  await page.goto(editorUrl());
  for (const n of [1, 2, 3]) {
    await page.focus(`#pick-${n}`);
    await page.keyboard.press('Space');
  }
  await page.focus('#assign-person');
  await page.selectOption('#assign-person', suliwati.speakerId);
  await page.focus('#assign-form button[type=submit]');
  await Promise.all([page.waitForURL(/done=assigned#text-1$/), page.keyboard.press('Enter')]);
  expect(await page.locator('.notice.ok').textContent()).toBe('Pembicara ditetapkan; transkrip mendapat versi baru.');
  const assigned = await lines();
  expect(assigned.map((l: any) => l.speaker?.name ?? null)).toEqual(['Suliwati', 'Suliwati', 'Suliwati', null, null]);
  await page.close();
});

it('plays the line being edited with Alt+K, and stops at its end', async () => {
  const page = await staff.newPage();
  await page.goto(editorUrl());
  await page.focus('#text-2');
  await page.keyboard.press('Alt+KeyK');
  await page.waitForFunction(() => {
    const audio = document.getElementById('editor-audio') as HTMLAudioElement;
    return !audio.paused && audio.currentTime >= 4;
  });
  expect(await page.locator('#line-2').getAttribute('class')).toBe('playing');
  // Line 2 ends at 0:09: the player stops there by itself.
  await page.waitForFunction(() => (document.getElementById('editor-audio') as HTMLAudioElement).paused, undefined, { timeout: 15_000 });
  const at = await page.evaluate(() => (document.getElementById('editor-audio') as HTMLAudioElement).currentTime);
  expect(at).toBeGreaterThanOrEqual(8.9);
  expect(at).toBeLessThan(10);
  await page.close();
});

type Violation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };

it("finds no WCAG 2.1 AA violation on the console's and the speaker's editor, at phone and desktop width", async () => {
  const token = await site.speakerToken(kim.participants[0]?.speakerId as string);
  // axe is injected as an inline script, which the pages' own policy rightly forbids.
  const contexts: [BrowserContext, string][] = [];
  const coordinator = await chromium.newContext({ bypassCSP: true });
  await coordinator.addCookies([{ name: 'siaran_session', value: site.coordinator, url: site.url }]);
  const visitor = await chromium.newContext({ bypassCSP: true });
  contexts.push([coordinator, `/console/dialogues/${kim.id}/transcript/edit`], [coordinator, `/console/dialogues/${kim.id}/transcript/edit?lang=en`]);
  contexts.push([visitor, `/s/${token}/dialog/${kim.id}/edit`]);
  const found: string[] = [];
  for (const [context, url] of contexts) {
    for (const width of [390, 1280]) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${site.url}${url}`);
      await page.addScriptTag({ content: axeSource });
      const result = (await page.evaluate(() =>
        (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        }),
      )) as { violations: Violation[] };
      for (const v of result.violations) found.push(`${url} @${width}px: ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      await page.close();
    }
  }
  expect(found).toEqual([]);
});
