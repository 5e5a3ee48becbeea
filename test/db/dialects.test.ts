import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationFiles, migrationsDir } from '../../src/db/migrate.ts';
import { analyzeText } from '../../src/search/indonesian.ts';
import { createTestApp, onPostgres, type TestApp } from '../helpers/app.ts';

describe('migrations per dialect', () => {
  it('gives every SQLite migration a PostgreSQL twin of the same name, and no more', async () => {
    expect(await migrationFiles(migrationsDir('postgres'))).toEqual(await migrationFiles(migrationsDir('sqlite')));
  });
});

describe.runIf(onPostgres)('on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('has every table record its writes in the change counter the caches read', async () => {
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'
        and table_name not in ('change_counter', 'change_pending', 'kysely_migration', 'kysely_migration_lock')
        and not exists (select 1 from pg_trigger where tgrelid = (quote_ident(table_name))::regclass and tgname = 'track_changes')`.execute(t.db);
    expect(rows.map((r) => r.table_name)).toEqual([]);
  });

  it('moves the change counter once a write commits, and not before', async () => {
    const version = async () => Number((await sql<{ version: number }>`select version from change_counter`.execute(t.db)).rows[0]?.version);
    const before = await version();
    await t.db.transaction().execute(async (trx) => {
      await trx.insertInto('topics').values({ id: 't1', name: 'Satu', slug: 'satu', created_at: new Date().toISOString() }).execute();
      await trx.insertInto('topics').values({ id: 't2', name: 'Dua', slug: 'dua', created_at: new Date().toISOString() }).execute();
      expect(await version()).toBe(before);
    });
    expect(await version()).toBe(before + 1);
  });

  it('orders text by code point, as SQLite does, whatever the server locale', async () => {
    for (const [id, name] of [['a', 'beta'], ['b', 'Alpha'], ['c', 'alpha'], ['d', 'Émile']] as const) {
      await t.db.insertInto('speakers').values({ id, name, position: null, organisation: null, email: null, phone: null, bio: null, created_at: '', updated_at: '' }).execute();
    }
    const names = (await t.db.selectFrom('speakers').select('name').orderBy('name').execute()).map((r) => r.name);
    expect(names).toEqual(['Alpha', 'alpha', 'beta', 'Émile']);
  });

  it('indexes exactly the terms of our analysis, never what PostgreSQL would make of the words', async () => {
    const text = 'Perekonomian dan ekonomi: anak-anak KIM-nya Jum\'at, covid-19, x² ﬁlm Émile 東京 مرحبا keterbukaan apa pun 2021an';
    const analysed = analyzeText(text);
    const terms = analysed.map((a) => a.term).join(' ');
    const surfaces = analysed.map((a) => a.surface).join(' ');
    await sql`insert into search_fts (rowid, terms, surfaces, facets) values (1, ${terms}, ${surfaces}, 'hdr')`.execute(t.db);
    const { rows } = await sql<{ lexeme: string; weights: string[] }>`
      select lexeme, weights from unnest((select document from search_fts where rowid = 1))`.execute(t.db);
    const indexed = (weight: string) => rows.filter((r) => r.weights.includes(weight)).map((r) => r.lexeme).sort();
    expect(indexed('A')).toEqual([...new Set(terms.split(' '))].sort());
    expect(indexed('B')).toEqual([...new Set(surfaces.split(' '))].sort());
    expect(indexed('C')).toEqual(['hdr']);
    // Our stems, not Snowball's: both forms are "ekonomi".
    expect(terms.split(' ').filter((x) => x === 'ekonomi')).toHaveLength(2);
  });
});
