// `npm run siaran -- copy-to-postgres <url>`, run as a process against a real SQLite archive
// (the demo plus a generated one, indexed as it would have been day by day) and real
// PostgreSQL databases. Runs under npm run test:pg, which has a PostgreSQL server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { login } from '../../src/auth/auth.service.ts';
import { loadConfig } from '../../src/config.ts';
import { connectDatabase, openDatabase, openPostgres } from '../../src/db/connection.ts';
import { migrate, migrationFiles, migrationsDir, migratorFor } from '../../src/db/migrate.ts';
import { loadDemoData } from '../../src/demo/demo.ts';
import { Jobs } from '../../src/jobs/jobs.ts';
import { indexDialogues } from '../../src/search/search.index.ts';
import { generateArchive } from '../bench/search-data.ts';
import { createTestApp, onPostgres, type TestApp } from '../helpers/app.ts';
import { createScratchPostgres } from '../helpers/postgres.ts';
import { repoRoot } from '../helpers/server.ts';

// Words, affixed forms, phrases, prefixes, exclusions, filters and dates over the demo
// (test/search/same-answers.test.ts asks the same of two databases loaded alike).
const DEMO_QUERIES = [
  'informasi',
  'penyebarluasan informasi',
  'menyebarluaskan',
  '"kelompok informasi"',
  'infor*',
  'hoaks -covid',
  'masyarakat&topic=kim',
  'informasi&station=rri-palangka-raya',
  'informasi&from=2021-09-01T00:00:00Z&to=2021-10-01T00:00:00Z',
  'yang&deep=1',
  'suliwati hoaks',
];

let source: TestApp;
let generated: Awaited<ReturnType<typeof generateArchive>>;
const scratches: Awaited<ReturnType<typeof createScratchPostgres>>[] = [];

async function scratch() {
  const s = await createScratchPostgres();
  scratches.push(s);
  return s;
}

/** The command, as npm run siaran runs it, on the SQLite file `file` (the source archive by default). */
function copy(url: string, file = source.config.databasePath, env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'copy-to-postgres', url], {
    cwd: repoRoot,
    env: { ...process.env, SIARAN_MEDIA_DIR: source.dir, SIARAN_DATABASE: file, SIARAN_DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

async function withPostgres<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Rows of every table of the target but the bookkeeping the migrations fill, by table. */
const rowsByTable = (url: string) =>
  withPostgres(url, async (c) => {
    const { rows } = await c.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = current_schema() order by 1`);
    const counts: Record<string, number> = {};
    for (const { name } of rows) {
      if (['kysely_migration', 'kysely_migration_lock', 'change_counter', 'change_pending', 'search_state'].includes(name)) continue;
      counts[name] = Number((await c.query(`select count(*) as n from "${name}"`)).rows[0].n);
    }
    return counts;
  });

/** A consistent copy of the source archive (open in WAL mode, so not a file copy). */
function copyOfSource(): string {
  const file = path.join(fs.mkdtempSync(path.join(source.dir, 'copy-')), 'siaran.db');
  const live = new SQLite(source.config.databasePath, { readonly: true });
  live.prepare('vacuum into ?').run(file);
  live.close();
  return file;
}

describe.runIf(onPostgres)('copy-to-postgres', () => {
  beforeAll(async () => {
    source = await createTestApp({}, { database: 'sqlite' });
    await loadDemoData(source.db, source.config);
    generated = await generateArchive(source.db, 3000);
    // Indexed as they arrive, after the demo although they aired years before it: the
    // SQLite index numbers documents by arrival, a rebuild would number them by air time.
    for (let i = 0; i < generated.dialogues.length; i += 50) {
      await source.db.transaction().execute((trx) => indexDialogues(trx, generated.dialogues.slice(i, i + 50)));
    }
    // A run whose id AUTOINCREMENT will never hand out again.
    await source.db.insertInto('job_runs').values({ id: 90_000, job: 'gone', dialogue_id: null, trigger: 'manual', started_at: new Date().toISOString(), outcome: 'skipped', attempt: 1 }).execute();
    await source.db.deleteFrom('job_runs').where('id', '=', 90_000).execute();
  });
  afterAll(async () => {
    await source?.close();
    for (const s of scratches) await s.drop();
  });

  describe('a whole archive', () => {
    let url: string;
    let run: ReturnType<typeof copy>;
    /** The target's rows by table as the copy left them (signing in below adds a row). */
    let copied: Record<string, number>;
    let target: { app: ReturnType<typeof createApp>; close: () => Promise<void>; coordinator: string };

    beforeAll(async () => {
      url = (await scratch()).url;
      run = copy(url);
      if (run.status !== 0) throw new Error(`${run.status}\n${run.out}\n${run.err}`);
      copied = await rowsByTable(url);
      // The app on the copy, signed in with the password the account had on SQLite.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-copy-'));
      const config = loadConfig({ SIARAN_MEDIA_DIR: dir, SIARAN_DEMO: '0', SIARAN_DATABASE_URL: url });
      const db = connectDatabase(config);
      const jobs = new Jobs(db, config, null);
      const coordinator = (await login(db, config, 'coord@test.id', 'coord-password')).token;
      target = {
        app: createApp({ db, config, jobs }),
        coordinator,
        close: async () => {
          await jobs.stop();
          await db.destroy();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    });
    afterAll(() => target?.close());

    it('copies every table but the bookkeeping and the search index, with the same rows and checksums, and says media stay put', async () => {
      expect(run.err).toBe('');
      const reported = [...run.out.matchAll(/^(\w+)\s+(\d+)\s+(\d+)\s+([0-9a-f]{16})\s+([0-9a-f]{16})\s+(ya|TIDAK)$/gm)].map((m) => ({
        table: m[1] as string,
        sqlite: Number(m[2]),
        postgres: Number(m[3]),
        sums: [m[4], m[5]],
        matches: m[6],
      }));
      // Every table of the SQLite file, but its own and Kysely's bookkeeping and the search index.
      const sqliteTables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(source.db)).rows
        .map((r) => r.name)
        .filter((name) => !name.startsWith('sqlite_') && !name.startsWith('kysely_') && !name.startsWith('search_'));
      expect(reported.map((r) => r.table).sort()).toEqual(sqliteTables);
      for (const r of reported) {
        const count = (await sql<{ n: number }>`select count(*) as n from ${sql.table(r.table)}`.execute(source.db)).rows[0]?.n;
        expect({ table: r.table, sqlite: r.sqlite, postgres: r.postgres, matches: r.matches }).toEqual({ table: r.table, sqlite: count, postgres: copied[r.table], matches: 'ya' });
        expect(r.sums[0]).toBe(r.sums[1]);
      }
      expect(copied.transcript_segments).toBeGreaterThan(3000);
      expect(run.out).toContain(`Semua ${sqliteTables.length} tabel cocok`);
      expect(run.out).toContain('dengan nomor dokumen yang sama seperti di SQLite');
      expect(run.out).toContain('Berkas media (audio) tidak disalin');
    });

    it('goes on numbering after the highest id SQLite ever handed out', async () => {
      const next = await withPostgres(url, (c) => c.query(`select nextval(pg_get_serial_sequence('job_runs', 'id')) as id`));
      expect(Number(next.rows[0].id)).toBe(90_001);
    });

    it('answers searches as SQLite does, for the public and for a coordinator', async () => {
      // From the generated archive: a common word, a phrase and a prefix out of one of its lines, and its filters.
      const { text } = await source.db.selectFrom('transcript_segments').select('text').where('dialogue_id', '=', generated.dialogues[7] as string).orderBy('ordinal').executeTakeFirstOrThrow();
      const words = text.toLowerCase().replace(/[^a-z ]/g, '').split(' ').filter((w) => w.length > 3);
      const own = [
        words[0] as string,
        `"${words.slice(1, 3).join(' ')}"`,
        `${(words[3] as string).slice(0, 3)}*`,
        `${words[4]}&topic=${generated.topics[2]?.slug}`,
        `${words[0]}&station=rri-7&from=2015-01-01T00:00:00Z&to=2015-01-05T00:00:00Z`,
      ];
      const ask = async (app: ReturnType<typeof createApp>, query: string, token?: string) => {
        const res = await app.request(`/api/search?q=${query.replace(/ /g, '%20').replace(/"/g, '%22')}&limit=50`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
        const body = await res.json();
        // How long a deep ranking took is the one thing that may differ.
        if (body.deep) delete body.deep.elapsedMs;
        return { query, status: res.status, body };
      };
      let found = 0;
      for (const query of [...DEMO_QUERIES, ...own]) {
        for (const who of ['public', 'coordinator'] as const) {
          const a = await ask(source.app as ReturnType<typeof createApp>, query, who === 'coordinator' ? source.coordinator : undefined);
          const b = await ask(target.app, query, who === 'coordinator' ? target.coordinator : undefined);
          expect(a.status, query).toBe(200);
          // Ids were copied too: the whole answer is the same.
          expect({ who, ...b }).toEqual({ who, ...a });
          found += a.body.items.length;
        }
      }
      expect(found).toBeGreaterThan(200);
    });
  });

  it('refuses a database that holds rows, and leaves it as it was', async () => {
    const { url } = await scratch();
    const db = openPostgres(url);
    await migrate(db);
    await db.insertInto('topics').values({ id: 'topic-x', name: 'Sudah ada', slug: 'sudah-ada', created_at: new Date().toISOString() }).execute();
    await db.destroy();
    const before = await rowsByTable(url);
    const run = copy(url);
    expect(run.status).toBe(2);
    expect(run.err).toContain('tidak kosong (berisi baris di tabel topics)');
    expect(run.out).toBe('');
    expect(await rowsByTable(url)).toEqual(before);
  });

  it('says clearly what is wrong with an address, a server that does not answer, and an archive it cannot copy', async () => {
    const { url } = await scratch();
    const older = path.join(fs.mkdtempSync(path.join(source.dir, 'older-')), 'siaran.db');
    const olderDb = openDatabase(older);
    const names = (await migrationFiles(migrationsDir('sqlite'))).map((f) => f.replace(/\.ts$/, ''));
    await migratorFor(olderDb).migrateTo(names[names.length - 2] as string);
    await olderDb.destroy();
    const cases: [string, string | undefined, Record<string, string>, RegExp][] = [
      ['mysql://root@127.0.0.1/siaran', undefined, {}, /"mysql:\/\/root@127.0.0.1\/siaran" bukan alamat PostgreSQL/],
      ['siaran', undefined, {}, /"siaran" bukan alamat PostgreSQL/],
      ['postgres://postgres@127.0.0.1:1/siaran', undefined, {}, /PostgreSQL di postgres:\/\/postgres@127.0.0.1:1\/siaran tidak dapat dihubungi: .*ECONNREFUSED/],
      [url.replace(/siaran_t_\w+$/, 'siaran_t_none'), undefined, {}, /tidak dapat dihubungi: database "siaran_t_none" does not exist/],
      [url, older, {}, /lebih lama dari kode ini \(1 migrasi belum dijalankan\): jalankan server sekali/],
      [url, undefined, { SIARAN_DATABASE_URL: url }, /sudah menunjuk ke PostgreSQL/],
    ];
    for (const [address, file, env, message] of cases) {
      const run = copy(address, file, env);
      expect(run.status, address).toBe(2);
      expect(run.err, address).toMatch(message);
    }
    const noArgument = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'copy-to-postgres'], { cwd: repoRoot, env: { ...process.env, SIARAN_DATABASE: source.config.databasePath }, encoding: 'utf8' });
    expect(noArgument.status).toBe(2);
    expect(noArgument.stderr).toContain('copy-to-postgres memerlukan satu alamat PostgreSQL.');
    // Nothing was written, not even the migrations.
    expect(await withPostgres(url, (c) => c.query(`select to_regclass('kysely_migration') as t`))).toMatchObject({ rows: [{ t: null }] });
  });

  it('leaves the target migrated and empty when PostgreSQL refuses a row midway', async () => {
    // SQLite keeps a NUL character in text; PostgreSQL refuses it. In the last line, so
    // every table before and thousands of lines are written before the refusal.
    const file = copyOfSource();
    const broken = new SQLite(file);
    broken.prepare(`update transcript_segments set text = 'rusak' || char(0) || 'di sini' where id = (select max(id) from transcript_segments)`).run();
    broken.close();
    const { url } = await scratch();
    const run = copy(url, file);
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/transcript_versions: \d+ baris disalin/);
    expect(run.err).toMatch(/PostgreSQL menolak baris tabel transcript_segments .*0x00.*Salinan dibatalkan/);
    const rows = await rowsByTable(url);
    expect(Object.keys(rows)).toContain('transcript_segments');
    expect(Object.entries(rows).filter(([, n]) => n > 0)).toEqual([]);
    // Migrated, and so ready for another try.
    const migrated = await withPostgres(url, (c) => c.query(`select count(*) as n from kysely_migration`));
    expect(Number(migrated.rows[0].n)).toBe((await migrationFiles(migrationsDir('postgres'))).length);
  });

  it('says so, and exits 1, when a table reads back differently', async () => {
    // A trigger on the target changes one topic as it arrives: the counts agree, the checksum must not.
    const { url } = await scratch();
    const db = openPostgres(url);
    await migrate(db);
    await sql`create function tamper() returns trigger language plpgsql as $$
      begin new.name := new.name || ' (diubah)'; return new; end $$`.execute(db);
    await sql`create trigger tamper before insert on topics for each row when (new.slug = 'kim') execute function tamper()`.execute(db);
    await db.destroy();
    const run = copy(url);
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/^topics\s+(\d+)\s+\1\s+([0-9a-f]{16})\s+(?!\2)[0-9a-f]{16}\s+TIDAK$/m);
    expect(run.out).toMatch(/^users\s+.*\sya$/m);
    expect(run.out).toContain('1 tabel TIDAK cocok: topics.');
  });
});
