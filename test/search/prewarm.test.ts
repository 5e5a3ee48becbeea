import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prewarmSearch } from '../../src/search/prewarm.ts';
import { SLICED_TABLES, readSlice } from '../../src/search/search.repository.ts';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { airedDialogue, upload } from '../transcripts/helpers.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  const s = await seedBasics(t);
  for (let i = 0; i < 3; i++) {
    const d = await airedDialogue(t, s, 'published', { title: `Dialog Literasi ${i}` });
    const lines = Array.from({ length: 12 }, (_, n) => `Suliwati: Kalimat ke-${n} tentang informasi desa nomor ${i}.`).join('\n\n');
    expect((await upload(t, d.id, lines, 'text/plain')).status).toBe(201);
  }
});
afterAll(() => t.close());

const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n);

describe('search warm-up', () => {
  it('reads every row of the tables searches read, slice after slice', async () => {
    for (const table of SLICED_TABLES) {
      const total = await count(table);
      expect(total).toBeGreaterThan(3);
      let read = 0;
      let slices = 0;
      for (let after = Number.MIN_SAFE_INTEGER, more = true; more; slices++) {
        const slice = await readSlice(t.db, table, after, 3);
        expect(slice.rows).toBeLessThanOrEqual(3);
        read += slice.rows;
        ({ last: after, more } = slice);
      }
      expect(read).toBe(total);
      expect(slices).toBe(Math.floor(total / 3) + 1);
    }
  });

  it('reads them all at start, and stops when told to', async () => {
    const lookups = 3 * (await count('dialogues')) + 2 * (await count('speakers')) + (await count('search_stats')) + (await count('search_fts_idx'));
    let sliced = 0;
    for (const table of SLICED_TABLES) sliced += await count(table);
    expect(await prewarmSearch(t.db)).toMatchObject({ complete: true, rows: lookups + sliced });

    const stop = new AbortController();
    stop.abort();
    const stopped = await prewarmSearch(t.db, stop.signal);
    expect(stopped.complete).toBe(false);
    expect(stopped.rows).toBe(await count('dialogues'));
  });
});
