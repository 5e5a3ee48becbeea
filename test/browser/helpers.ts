// The app on a real port with the demo archive, and Debian's Chromium driven by
// playwright-core, for end-to-end tests of the pages as a person uses them.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { loadDemoData } from '../../src/demo/demo.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { repoRoot } from '../helpers/server.ts';
import { attachAudio } from '../pages/helpers.ts';

export const ARTIFACTS = path.join(repoRoot, 'test-artifacts');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export type Site = TestApp & { url: string; stop: () => Promise<void> };

/** A fresh app with the demo archive, listening on 127.0.0.1 at a free port. */
export async function startSite(): Promise<Site> {
  const port = await freePort();
  const t = await createTestApp({ PORT: String(port), SIARAN_PUBLIC_URL: `http://127.0.0.1:${port}` });
  await loadDemoData(t.db, t.config);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const stop = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    await t.close();
  };
  return { ...t, url: `http://127.0.0.1:${port}`, stop };
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // A listener who opens a shared moment has clicked a link; the test has no such gesture.
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** Full-page screenshots of a page at phone and desktop widths, into test-artifacts/. */
export async function screenshots(context: BrowserContext, url: string, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    await page.goto(url, { waitUntil: 'load' });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${label}.png`), fullPage: true });
    await page.close();
  }
}

/**
 * The moment the listener's search lands on in the demo transcript (src/demo/kim-transcript.ts):
 * "menyebarluaskannya" is never said there, but "menyebarluaskan", of the same root, is at 0:58.
 */
export const DEMO_MOMENT = { query: 'menyebarluaskannya', startSec: 58.2, anchor: 58, text: 'Tugas utamanya menyebarluaskan informasi' };

/** The demo's dialogue of 8 September 2021, with the transcript the demo gives it. */
export async function demoDialogue(site: Site) {
  const list = await site.call('GET', '/api/dialogues?status=published&order=desc&limit=50');
  const kim = list.json.items.find((d: any) => d.title === 'Peran KIM Daerah Sebagai Mitra Kerja Diseminasi Informasi');
  if (!kim?.transcript) throw new Error('the demo dialogue or its transcript is missing');
  return kim as { id: string; title: string; stationId: string; programId: string; participants: { speakerId: string; name: string }[]; transcript: { segments: number } };
}

/** Real audio for the demo dialogue: ten minutes of tone, as long as its transcript. */
export const attachDemoAudio = (site: Site, dialogueId: string) => attachAudio(site, dialogueId, 600);

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Violation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };

/** axe-core's WCAG 2.1 A and AA findings on the page as it is now (its context must bypass CSP). */
export async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  )) as { violations: Violation[] };
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
