import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_VERSION } from '../../src/search/indonesian.ts';
import { reindexIfWanted } from '../../src/search/reindex.ts';
import { analysisVersions } from '../../src/search/search.repository.ts';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { type Basics, airedDialogue, upload } from '../transcripts/helpers.ts';

// Issue 16, "a fixed index": an index built by an older analysis is rebuilt beside the
// old one, which keeps answering, and swapped in whole, writes made meanwhile included.
let t: TestApp;
let s: Basics;

const search = async (q: string) => (await t.call('GET', `/api/search?q=${encodeURIComponent(q)}`, { token: t.coordinator })).json;

beforeAll(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
  const first = await airedDialogue(t, s, 'published');
  expect((await upload(t, first.id, 'Rahmat: Keterbukaan informasi publik dijamin undang-undang.\n', 'text/plain')).status).toBe(201);
  // What version 1 (Snowball alone) indexed: "keterbukaan" as "terbuka", no header marker.
  await sql`update search_docs set terms = replace(terms, 'buka', 'terbuka')`.execute(t.db);
  await sql`insert into search_fts (search_fts) values ('delete-all')`.execute(t.db);
  await sql`insert into search_fts (rowid, terms, surfaces, facets) select doc_id, terms, surfaces, '' from search_docs`.execute(t.db);
  await sql`update search_state set value = 1 where key = 'analysis_built'`.execute(t.db);
});

afterAll(() => t.close());

describe('rebuilding the index for a new analysis', () => {
  it('serves the old index while it builds, then swaps in the new one with the writes made meanwhile', async () => {
    // Queries are analysed by the new version: "buka" meets nothing in the old terms.
    expect((await search('keterbuka*')).items).toHaveLength(1);
    expect((await search('buka')).items).toHaveLength(0);

    const lines: string[] = [];
    let checkedDuring = false;
    const result = await reindexIfWanted(t.db, {
      log: (line) => lines.push(line),
      onProgress: async () => {
        // The old index still answers...
        expect((await search('keterbuka*')).items).toHaveLength(1);
        expect((await search('buka')).items).toHaveLength(0);
        const run = await t.call('GET', '/api/jobs?job=search-reindex', { token: t.coordinator });
        expect(run.json.items[0]).toMatchObject({ job: 'search-reindex', outcome: 'running' });
        // ...and a transcript imported now is in the new index too.
        const second = await airedDialogue(t, s, 'published');
        expect((await upload(t, second.id, 'Elyanie: Pintu kantor dibuka untuk warga setiap pagi.\n', 'text/plain')).status).toBe(201);
        checkedDuring = true;
      },
    });
    expect(checkedDuring).toBe(true);
    expect(result).toBe('rebuilt');
    expect(lines.some((l) => l.includes('is in use'))).toBe(true);

    expect(await analysisVersions(t.db)).toEqual({ built: ANALYSIS_VERSION, wanted: 2 });
    const buka = await search('buka');
    expect(buka.items.map((i: any) => i.snippet).sort()).toEqual([
      '<mark>Keterbukaan</mark> informasi publik dijamin undang-undang.',
      'Pintu kantor <mark>dibuka</mark> untuk warga setiap pagi.',
    ]);
    // The trigger that keeps "published" came back with the new table.
    const tables = await sql<{ name: string }>`select name from sqlite_master where name like '%_next%'`.execute(t.db);
    expect(tables.rows).toEqual([]);
    const triggers = await sql<{ name: string }>`select name from sqlite_master where type = 'trigger' and name = 'search_docs_published'`.execute(t.db);
    expect(triggers.rows).toHaveLength(1);

    const jobs = await t.call('GET', '/api/jobs?job=search-reindex', { token: t.coordinator });
    expect(jobs.status).toBe(200);
    expect(jobs.json.items[0]).toMatchObject({ job: 'search-reindex', outcome: 'registered' });
    expect(JSON.stringify(jobs.json.items[0])).toMatch(/"done\\?":\s*\d/);

    expect(await reindexIfWanted(t.db)).toBe('current');
  });
});
