// Search gives the same answers on PostgreSQL as on SQLite: the demo archive loaded into
// one database of each, and the same queries asked of both (words, affixed forms, phrases,
// prefixes, exclusions, filters, dates, headers, deep ranking; as the public and as a
// coordinator). Runs under npm run test:pg, which has a PostgreSQL server to compare with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/demo/demo.ts';
import { createTestApp, onPostgres, type TestApp } from '../helpers/app.ts';

const QUERIES = [
  'informasi',
  'penyebarluasan informasi',
  'menyebarluaskan',
  'sebar',
  '"kelompok informasi"',
  '"kelompok informasi masyarakat"',
  'informasi -"media sosial"',
  '"informasi publik"&station=rri-palangka-raya',
  'diseminasi*',
  'infor*',
  'hoaks -covid',
  'kim -desa',
  'keterbukaan',
  'ekonomi',
  'masyarakat&topic=kim',
  'informasi&station=rri-palangka-raya',
  'informasi&station=rri-makassar',
  'informasi&from=2021-09-01T00:00:00Z&to=2021-10-01T00:00:00Z',
  'yang',
  'yang&deep=1',
  'elyanie',
  'suliwati hoaks',
];

let sqlite: TestApp;
let postgres: TestApp;

describe.runIf(onPostgres)('search on both databases', () => {
  beforeAll(async () => {
    sqlite = await createTestApp({}, { database: 'sqlite' });
    postgres = await createTestApp({}, { database: 'postgres' });
    // One after the other, so both number their documents in the same order.
    await loadDemoData(sqlite.db, sqlite.config);
    await loadDemoData(postgres.db, postgres.config);
  });
  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
  });

  // Ids are made afresh in each database; what a person sees is compared.
  const answers = async (t: TestApp, query: string, token?: string) => {
    const res = await t.call('GET', `/api/search?q=${query.replace(/ /g, '%20').replace(/"/g, '%22')}&limit=50`, { token });
    expect({ query, status: res.status }).toEqual({ query, status: 200 });
    return {
      ranking: res.json.ranking,
      truncated: res.json.truncated,
      items: res.json.items.map((i: any) => [i.kind, i.dialogueTitle, i.snippet, i.startMs, i.speaker?.name ?? null, i.score]),
    };
  };

  it('finds the same lines, in the same order, with the same scores and snippets', async () => {
    let found = 0;
    for (const query of QUERIES) {
      for (const who of ['public', 'coordinator'] as const) {
        const [a, b] = await Promise.all([
          answers(sqlite, query, who === 'coordinator' ? sqlite.coordinator : undefined),
          answers(postgres, query, who === 'coordinator' ? postgres.coordinator : undefined),
        ]);
        expect({ query, who, ...b }).toEqual({ query, who, ...a });
        found += a.items.length;
      }
    }
    expect(found).toBeGreaterThan(100);
  });
});
