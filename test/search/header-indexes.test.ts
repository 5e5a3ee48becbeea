// On PostgreSQL, the window of headers that every search reads goes through partial indexes
// over the headers alone (migrations/postgres/…_search_header_indexes): the planner uses
// them only when the query repeats their predicates word for word (HEADERS_ONLY in
// src/search/full-text.ts, and the header condition in search.repository.ts). This checks
// that the header query a real search sends can use each of them, so that a change to
// either side that breaks the match fails here, not in a benchmark. Runs under
// npm run test:pg.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../../src/auth/actor.ts';
import type { Database } from '../../src/db/schema.ts';
import { loadDemoData } from '../../src/demo/demo.ts';
import { search } from '../../src/search/search.service.ts';
import { createTestApp, onPostgres, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let client: pg.Client;
let header: { sql: string; parameters: readonly unknown[] };

/** The plan PostgreSQL picks for the header query with only these ways of reading allowed. */
async function planWith(settings: Record<string, 'on' | 'off'>): Promise<string> {
  await client.query('begin');
  try {
    for (const [name, value] of Object.entries(settings)) await client.query(`set local ${name} = ${value}`);
    const { rows } = await client.query(`explain ${header.sql}`, header.parameters as unknown[]);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('rollback');
  }
}

describe.runIf(onPostgres)('the header window on PostgreSQL', () => {
  beforeAll(async () => {
    t = await createTestApp();
    await loadDemoData(t.db, t.config);
    // The statements a real search sends, as they reach the server.
    const sent: { sql: string; parameters: readonly unknown[] }[] = [];
    const pool = new pg.Pool({ connectionString: t.config.databaseUrl as string, max: 1 });
    const logged = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      log: (event) => {
        if (event.level === 'query') sent.push({ sql: event.query.sql, parameters: event.query.parameters });
      },
    });
    try {
      const result = await search(logged, anonymous, { q: 'informasi', limit: 20 });
      expect(result.items.some((hit) => hit.kind === 'dialogue')).toBe(true);
    } finally {
      await logged.destroy();
    }
    const headerQueries = sent.filter((s) => s.sql.includes('from search_fts') && s.sql.includes('segment_id is null'));
    expect(headerQueries).toHaveLength(1);
    header = headerQueries[0]!;
    client = new pg.Client({ connectionString: t.config.databaseUrl as string });
    await client.connect();
    await client.query('analyze');
  });
  afterAll(async () => {
    await client?.end();
    await t?.close();
  });

  it('can read the headers alone, through their own indexes', async () => {
    // Lookups only: one of the partial indexes over headers serves the header condition.
    const plan = await planWith({ enable_seqscan: 'off', enable_indexscan: 'off' });
    expect(plan).toMatch(/Bitmap Index Scan on search_fts_header(s|_ids)\b/);
  });

  it('can walk the newest headers only, and join their documents through the headers’ own index', async () => {
    // Ordered reads only, merged: the cheapest are the partial indexes, when the query implies them.
    const plan = await planWith({ enable_seqscan: 'off', enable_bitmapscan: 'off', enable_hashjoin: 'off', enable_nestloop: 'off', enable_sort: 'off' });
    expect(plan).toContain('Index Scan Backward using search_fts_header_ids on search_fts');
    expect(plan).toMatch(/Index Scan Backward using search_docs_headers on search_docs/);
  });
});
