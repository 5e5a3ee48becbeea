import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/connection.ts';
import { SEARCH_TABLES, fullTextOf } from '../../src/search/full-text.ts';
import { ANALYSIS_VERSION } from '../../src/search/indonesian.ts';
import { reindexIfWanted } from '../../src/search/reindex.ts';
import { rebuildSearchIndex } from '../../src/search/search.index.ts';
import { analysisVersions } from '../../src/search/search.repository.ts';
import { createTestApp, onPostgres, seedBasics, type TestApp } from '../helpers/app.ts';
import { repoRoot } from '../helpers/server.ts';
import { type Basics, airedDialogue, upload } from '../transcripts/helpers.ts';

// Issue 16, "a fixed index": an index built by an older analysis is rebuilt beside the
// old one, which keeps answering, and swapped in whole, writes made meanwhile included.
let t: TestApp;
let s: Basics;
let first: { id: string };

const search = async (q: string) => (await t.call('GET', `/api/search?q=${encodeURIComponent(q)}`, { token: t.coordinator })).json;

beforeAll(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
  first = await airedDialogue(t, s, 'published');
  expect((await upload(t, first.id, 'Rahmat: Keterbukaan informasi publik dijamin undang-undang.\n', 'text/plain')).status).toBe(201);
  // What version 1 (Snowball alone) indexed: "keterbukaan" as "terbuka", no header marker.
  await sql`update search_docs set terms = replace(terms, 'buka', 'terbuka')`.execute(t.db);
  await t.db.transaction().execute((trx) => fullTextOf(trx).clear(trx));
  await sql`insert into search_fts (rowid, terms, surfaces, facets) select doc_id, terms, surfaces, '' from search_docs`.execute(t.db);
  await sql`update search_state set value = 1 where key = 'analysis_built'`.execute(t.db);
});

afterAll(() => t.close());

/** PostgreSQL: the names of the search tables' indexes. */
async function searchIndexNames(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select indexname as name from pg_indexes where schemaname = current_schema() and tablename in (${sql.join(SEARCH_TABLES)})
    order by indexname`.execute(t.db);
  return rows.map((r) => r.name);
}

describe('rebuilding the index for a new analysis', () => {
  it('serves the old index while it builds, then swaps in the new one with the writes made meanwhile', async () => {
    // Queries are analysed by the new version: "buka" meets nothing in the old terms.
    expect((await search('keterbuka*')).items).toHaveLength(1);
    expect((await search('buka')).items).toHaveLength(0);

    const indexNamesBefore = onPostgres ? await searchIndexNames() : [];
    expect(indexNamesBefore).toEqual(onPostgres ? expect.arrayContaining(['search_fts_document', 'search_fts_headers', 'search_fts_header_ids', 'search_docs_headers']) : []);
    const lines: string[] = [];
    let checkedDuring = false;
    const result = await reindexIfWanted(t.db, {
      log: (line) => lines.push(line),
      onProgress: async () => {
        // The old index still answers, phrases too, though it holds no phrase pairs...
        expect((await search('keterbuka*')).items).toHaveLength(1);
        expect((await search('buka')).items).toHaveLength(0);
        expect((await search('"informasi publik"')).items).toHaveLength(1);
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
    expect(lines.some((l) => l.includes('kini dipakai'))).toBe(true);

    expect(await analysisVersions(t.db)).toEqual({ built: ANALYSIS_VERSION, wanted: 3 });
    expect((await search('"informasi publik"')).items).toHaveLength(1);
    const buka = await search('buka');
    expect(buka.items.map((i: any) => i.snippet).sort()).toEqual([
      '<mark>Keterbukaan</mark> informasi publik dijamin undang-undang.',
      'Pintu kantor <mark>dibuka</mark> untuk warga setiap pagi.',
    ]);
    // No table of the build is left behind.
    const tables = onPostgres
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name like '%_next%'`.execute(t.db)
      : await sql<{ name: string }>`select name from sqlite_master where name like '%_next%'`.execute(t.db);
    expect(tables.rows).toEqual([]);
    if (onPostgres) {
      // The new tables' indexes carry the names the migrations gave (a later one may drop them by name).
      expect(await searchIndexNames()).toEqual(indexNamesBefore);
      // The new tables move the change counter the response caches read, and keep their foreign keys.
      const tracked = await sql<{ name: string }>`select tgrelid::regclass::text as name from pg_trigger where tgname = 'track_changes' and tgrelid::regclass::text like 'search%'`.execute(t.db);
      expect(tracked.rows.map((r) => r.name).sort()).toEqual(['search_dialogues', 'search_docs', 'search_fts', 'search_rebuild_pending', 'search_state', 'search_stats']);
      const keys = await sql<{ name: string }>`select conname as name from pg_constraint where contype = 'f' and conrelid = 'search_docs'::regclass`.execute(t.db);
      expect(keys.rows).toHaveLength(2);
    }
    // The trigger that keeps "published" works on the new table: a dialogue unpublished
    // behind the app's back leaves the public's results at once.
    const publicSearch = async (q: string) => (await t.call('GET', `/api/search?q=${encodeURIComponent(q)}`)).json;
    expect((await publicSearch('buka')).items).toHaveLength(2);
    await t.db.updateTable('dialogues').set({ status: 'aired' }).where('id', '=', first.id).execute();
    expect((await publicSearch('buka')).items.map((i: any) => i.snippet)).toEqual(['Pintu kantor <mark>dibuka</mark> untuk warga setiap pagi.']);

    const jobs = await t.call('GET', '/api/jobs?job=search-reindex', { token: t.coordinator });
    expect(jobs.status).toBe(200);
    expect(jobs.json.items[0]).toMatchObject({ job: 'search-reindex', outcome: 'registered' });
    expect(JSON.stringify(jobs.json.items[0])).toMatch(/"done\\?":\s*\d/);

    expect(await reindexIfWanted(t.db)).toBe('current');
  });

  it('builds the whole index again in place (the command line\'s search rebuild), with the same answers', async () => {
    const queries = ['buka', 'pintu', 'informasi publik', 'keterbuka*', '"dijamin undang"'];
    const answers = async () => Promise.all(queries.map(async (q) => (await search(q)).items.map((i: any) => [i.dialogueId, i.snippet])));
    const before = await answers();
    expect(before.flat().length).toBeGreaterThan(4);
    await rebuildSearchIndex(t.db);
    expect(await answers()).toEqual(before);
  });

  it('rebuilds once when two connections to the database ask at once, the second leaving it to the first', async () => {
    await sql`update search_state set value = 1 where key = 'analysis_built'`.execute(t.db);
    const reindexRuns = async () => (await t.db.selectFrom('job_runs').select('id').where('job', '=', 'search-reindex').execute()).length;
    const runsBefore = await reindexRuns();
    // A second connection pool or file handle, as a second instance has.
    const other = connectDatabase(t.config);
    try {
      const lines: string[] = [];
      let second: Promise<string> | undefined;
      // The second asks while the first is building.
      const first = await reindexIfWanted(t.db, {
        onProgress: async () => {
          second ??= reindexIfWanted(other, { log: (line) => lines.push(line) });
          await second;
        },
      });
      expect([first, await second]).toEqual(['rebuilt', 'elsewhere']);
      expect(lines).toEqual([expect.stringContaining('proses lain pada basis data ini sedang membangun ulang indeks')]);
      expect(await reindexRuns()).toBe(runsBefore + 1);
      // The second sees the new index as its own once it is in.
      expect(await analysisVersions(other)).toEqual({ built: ANALYSIS_VERSION, wanted: 3 });
      expect(await reindexIfWanted(other)).toBe('current');
      expect((await search('buka')).items).toHaveLength(2);
    } finally {
      await other.destroy();
    }
  });

  it('takes into the new index what another process wrote during the build', async () => {
    await sql`update search_state set value = 1 where key = 'analysis_built'`.execute(t.db);
    const database = t.config.databaseUrl ?? t.config.databasePath;
    let written = false;
    const result = await reindexIfWanted(t.db, {
      onProgress: async () => {
        if (written) return;
        // Another instance retitles a dialogue the build has already read.
        await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/helpers/retitle-dialogue.ts', database, first.id, 'Samudra Biru'], { cwd: repoRoot });
        written = true;
      },
    });
    expect(written).toBe(true);
    expect(result).toBe('rebuilt');
    expect((await search('samudra')).items.map((i: any) => i.dialogueId)).toContain(first.id);
  });
});
