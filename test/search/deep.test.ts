import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WINDOW } from '../../src/search/search.service.ts';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { airedDialogue, upload } from '../transcripts/helpers.ts';

// Issue 16: titles rank over the whole archive, and "cari lebih dalam" ranks every match.
// An old dialogue titled "Vaksinasi Covid-19", then a recent one whose lines say "vaksin"
// more often than one window holds.
let t: TestApp;
let old: any;
const LINES = WINDOW + 40;

beforeAll(async () => {
  t = await createTestApp();
  const s = await seedBasics(t);
  old = await airedDialogue(t, s, 'published', { title: 'Vaksinasi Covid-19' });
  expect((await upload(t, old.id, 'Rahmat: Selamat pagi, pendengar.\n', 'text/plain')).status).toBe(201);
  const recent = await airedDialogue(t, s, 'published', { title: 'Kabar Kesehatan Pekan Ini' });
  const lines = Array.from({ length: LINES }, (_, i) => `Elyanie: Vaksin dosis ${i + 1} tersedia di puskesmas.`);
  expect((await upload(t, recent.id, lines.join('\n\n'), 'text/plain')).status).toBe(201);
});

afterAll(() => t.close());

const get = async (url: string) => {
  const res = await t.call('GET', url);
  expect(res.status).toBe(200);
  return res.json;
};

describe('headers across the whole archive', () => {
  it('lists an old title first although more recent lines than one window say the word', async () => {
    const result = await get('/api/search?q=vaksin&limit=5');
    expect(result.ranking).toBe('recent');
    expect(result.deep).toBeNull();
    expect(result.items[0]).toMatchObject({ kind: 'dialogue', dialogueId: old.id, dialogueTitle: 'Vaksinasi Covid-19' });
    expect(result.items[0].snippet).toContain('<mark>Vaksinasi</mark>');
    expect(result.items.slice(1).every((i: any) => i.kind === 'segment')).toBe(true);
  });

  it('pages through the lines without repeating the header', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await get(`/api/search?q=vaksin&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i: any) => i.segmentId ?? `header ${i.dialogueId}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(LINES + 1);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('deep search', () => {
  it('ranks every match and reports the time it took against its budget', async () => {
    const result = await get('/api/search?q=vaksin&limit=5&deep=1');
    expect(result.ranking).toBe('all');
    expect(result.deep).toMatchObject({ budgetMs: 2000, ranked: LINES + 1, complete: true });
    expect(result.deep.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(result.items[0]).toMatchObject({ kind: 'dialogue', dialogueId: old.id });
    const next = await get(`/api/search?q=vaksin&limit=5&deep=1&cursor=${result.nextCursor}`);
    expect(next.items.map((i: any) => i.segmentId)).not.toContain(result.items[1].segmentId);
  });

  it('refuses a cursor of a window of recent matches', async () => {
    const olderWindow = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString())[0] !== null;
    let windowCursor: string = (await get('/api/search?q=vaksin&limit=200')).nextCursor;
    while (!olderWindow(windowCursor)) windowCursor = (await get(`/api/search?q=vaksin&limit=200&cursor=${windowCursor}`)).nextCursor;
    const res = await t.call('GET', `/api/search?q=vaksin&deep=1&cursor=${windowCursor}`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_request');
  });

  it('is offered on the search page when only recent matches were ranked, in Indonesian', async () => {
    const page = await t.app.request('/search?q=vaksin');
    const html = await page.text();
    expect(html).toContain('Cari lebih dalam');
    expect(html).toContain('deep=1');
    const deep = await (await t.app.request('/search?q=vaksin&deep=1')).text();
    expect(deep).toMatch(/Semua \d+ temuan diperingkat/);
  });
});
