// Issue 4 and issue 17 benchmark: GET /api/search over a generated archive, through a
// listening server, next to the bare full-text query on the same database in the same run,
// on SQLite and on PostgreSQL. Target: p95 ≤ 50 ms through HTTP for every query class, on both.
//
//   npx tsx test/bench/search.bench.ts [segments] [--sqlite [file]] [--postgres [url]]
//
// segments: 1,000,000 by default (100,000 dialogues × 10); 20000 gives a quick run.
// --sqlite, --postgres: the databases to measure, one after the other (both when neither
//   is named, or SQLite alone with BENCH_POSTGRES=0, for a machine without PostgreSQL). With a file (`--db file` says the same), the SQLite database is kept there
//   and reused on the next run. With an address, the PostgreSQL database is created if it
//   does not exist, kept and reused; without one, a scratch database is made on the server
//   of test/helpers/postgres.ts (SIARAN_TEST_POSTGRES_URL) and dropped at the end.
// BENCH_SEARCH_BARE_SEC: how long the bare queries of one row may take (20 s by default):
//   ranking every match, the bare PostgreSQL query takes seconds for a common word.
//
// Prints the time to generate the archive and to build the index, the database size, and
// p50/p95 per query class, without and with a filter (station, programme, speaker, topic,
// dialogue and a one-year date range in turn). The queries are drawn from the archive the
// same way on both databases, so both answer the same ones. Each request's URL is unique
// (the query with a different number of trailing spaces, which the parser ignores), so the
// response cache never answers: every request searches.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { type Db, openDatabase, openPostgres } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import { dateRangeFacets, facet } from '../../src/search/facets.ts';
import { fts5Expression, tsqueryText } from '../../src/search/full-text.ts';
import { parseQuery } from '../../src/search/query.ts';
import { reindexIfWanted } from '../../src/search/reindex.ts';
import { rebuildSearchIndex } from '../../src/search/search.index.ts';
import { createScratchPostgres, postgresAdminUrl } from '../helpers/postgres.ts';
import { generateArchive, seeded } from './search-data.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const SAMPLES = 100;
const BARE_BUDGET_MS = Number(process.env.BENCH_SEARCH_BARE_SEC ?? 20) * 1000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const log = (line: string) => process.stdout.write(`${line}\n`);
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

// --- The command line ------------------------------------------------------------------------
type Choice = { kind: 'sqlite'; file: string | null } | { kind: 'postgres'; url: string | null };
const args = process.argv.slice(2);
const choices: Choice[] = [];
let segments = 1_000_000;
for (let i = 0; i < args.length; i++) {
  const arg = args[i] as string;
  const value = args[i + 1] !== undefined && !args[i + 1]!.startsWith('--') ? args[i + 1]! : null;
  if (arg === '--sqlite' || arg === '--db') {
    choices.push({ kind: 'sqlite', file: value && path.resolve(value) });
    if (value) i++;
  } else if (arg === '--postgres') {
    if (value && !/^postgres(ql)?:\/\//.test(value)) throw new Error(`--postgres takes a PostgreSQL address, not ${value}`);
    choices.push({ kind: 'postgres', url: value });
    if (value) i++;
  } else if (/^\d+$/.test(arg)) {
    segments = Number(arg);
  } else {
    throw new Error(`unknown argument ${arg}; usage: search.bench.ts [segments] [--sqlite [file]] [--postgres [url]]`);
  }
}
if (choices.length === 0) {
  choices.push({ kind: 'sqlite', file: null });
  if (process.env.BENCH_POSTGRES !== '0') choices.push({ kind: 'postgres', url: null });
}

// --- One database: where it is, how the bare query runs there, what it weighs --------------
interface Database {
  label: string;
  /** The address the servers open: an SQLite file, or a PostgreSQL URL. */
  address: string;
  fresh: boolean;
  db: Db;
  /** The bare full-text query, ranked, top 20, in this process. */
  bare(match: string): Promise<void>;
  /** The bare query's argument for these query items and facet groups. */
  bareMatch(nodes: ReturnType<typeof parseQuery>['nodes'], facets: string[][]): string;
  sizes(): Promise<string[]>;
  close(): Promise<void>;
}

async function openSqlite(kept: string | null): Promise<Database> {
  const dir = kept ? path.dirname(kept) : fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-search-bench-'));
  const file = kept ?? path.join(dir, 'bench.db');
  const fresh = !fs.existsSync(file);
  const db = openDatabase(file);
  let sqlite: SQLite.Database | null = null;
  const reader = () => {
    // Opened once the archive is built and the app's connections have checkpointed it.
    if (!sqlite) {
      sqlite = new SQLite(file);
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    }
    return sqlite;
  };
  return {
    label: 'SQLite',
    address: file,
    fresh,
    db,
    async bare(match) {
      reader().prepare('select rowid from search_fts where search_fts match ? order by rank limit 20').all(match);
    },
    bareMatch: (nodes, facets) => fts5Expression({ nodes, part: 'all', dated: false, facetGroups: facets, pairs: true }),
    async sizes() {
      const s = reader();
      const count = (q: string) => s.prepare(q).pluck().get() as number;
      // The index alone (its tables and their indexes), and the pages a swapped-out index left free.
      const searchBytes = count("select sum(pgsize) from dbstat where name like 'search%' or name like 'sqlite_autoindex_search%'");
      const freeBytes = count('pragma freelist_count') * count('pragma page_size');
      return [
        `database: ${mib(fs.statSync(file).size)} (${file}${kept ? ', kept' : ''})`,
        `search index: ${mib(searchBytes)}; free pages: ${mib(freeBytes)}`,
      ];
    },
    async close() {
      await db.destroy();
      (sqlite as SQLite.Database | null)?.close();
      if (!kept) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgresDatabase(kept: string | null): Promise<Database> {
  let url = kept;
  let drop: (() => Promise<void>) | null = null;
  if (url) {
    await createIfMissing(url);
  } else {
    const scratch = await createScratchPostgres();
    url = scratch.url;
    drop = scratch.drop;
  }
  const db = openPostgres(url);
  await migrate(db);
  const { rows } = await sql<{ n: number }>`select count(*) as n from dialogues`.execute(db);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const address = url;
  return {
    label: 'PostgreSQL',
    address,
    fresh: rows[0]?.n === 0,
    db,
    async bare(match) {
      // The same question as FTS5's `order by rank`: every match ranked, the 20 best kept.
      await client.query({
        name: 'bare',
        text: 'select rowid from search_fts where document @@ $1::tsquery order by ts_rank(document, $1::tsquery) desc limit 20',
        values: [match],
      });
    },
    bareMatch: (nodes, facets) => tsqueryText({ nodes, part: 'all', dated: false, facetGroups: facets, pairs: true }),
    async sizes() {
      const size = async (q: ReturnType<typeof sql<{ bytes: number }>>) => (await q.execute(db)).rows[0]?.bytes ?? 0;
      const database = await size(sql`select pg_database_size(current_database()) as bytes`);
      // The search tables with their indexes (the GIN index among them) and TOAST.
      const search = await size(sql`select sum(pg_total_relation_size(c.oid)) as bytes from pg_class c
        where c.relkind = 'r' and c.relname like 'search%' and c.relnamespace = 'public'::regnamespace`);
      const gin = await size(sql`select pg_relation_size('search_fts_document') as bytes`);
      const shown = new URL(address);
      shown.password = '';
      return [`database: ${mib(database)} (${shown}${drop ? ', dropped at the end' : ', kept'})`, `search index: ${mib(search)}, of which the GIN index ${mib(gin)}`];
    },
    async close() {
      await client.end();
      await db.destroy();
      await drop?.();
    },
  };
}

/** A kept PostgreSQL database is made on first use, as createdb would. */
async function createIfMissing(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--postgres: name the database in lower case letters, digits and _ (not ${name})`);
  const admin = new URL(url);
  admin.pathname = new URL(postgresAdminUrl).pathname;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${name} template template0 encoding 'UTF8'`);
  } finally {
    await client.end();
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

// --- Through HTTP ---------------------------------------------------------------------------
// node:http on one kept-alive connection per server, timed to the last byte of the answer:
// fetch() added 0.3–0.5 ms of its own to every request here (more than the app's whole
// answer to /healthz) and long tails, which are the client's, not the server's. The body
// is parsed after the clock stops, as the client's own work.
interface Server {
  port: number;
  agent: http.Agent;
  server: ReturnType<typeof fork>;
  warmMs?: number;
}
async function startServer(script: string, address: string): Promise<Server> {
  const server = fork(path.join(here, script), [address], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const ready = await new Promise<{ port: number; warmMs?: number }>((resolve, reject) => {
    server.once('message', (m) => resolve(m as never));
    server.once('exit', (code) => reject(new Error(`${script} exited with code ${code}`)));
  });
  return { ...ready, server, agent: new http.Agent({ keepAlive: true, maxSockets: 1 }) };
}

function get(target: Server, pathAndQuery: string): Promise<{ status: number; body: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get({ host: '127.0.0.1', port: target.port, path: pathAndQuery, agent: target.agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started }));
      })
      .on('error', reject);
  });
}
// A kept-alive connection left idle during the bare queries may have been closed by the
// server just as it is reused: that request is sent again.
const getAgain = (target: Server, url: string) => get(target, url).catch(() => get(target, url));

/** Times queries one by one until all are done, or the budget is spent after five. */
async function timeWithin(queries: string[], time: (q: string, i: number) => Promise<number>): Promise<number[]> {
  const times: number[] = [];
  const budget = performance.now() + BARE_BUDGET_MS;
  for (const [i, q] of queries.entries()) {
    if (times.length >= 5 && performance.now() > budget) break;
    times.push(await time(q, i));
  }
  return times;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1)).padStart(7);

/** A filter as URL parameters and as the facet groups the service would add. */
type Filter = { label: string; params: Record<string, string>; facets: string[][] };
type ClassRow = { label: string; filtered: boolean; p50: number; p95: number };

async function benchmark(database: Database): Promise<{ worst: number; rows: ClassRow[] }> {
  const { db } = database;
  // --- The archive and its index -----------------------------------------------------------
  let built: { generateMs: number; indexMs: number } | null = null;
  let reindexMs: number | null = null;
  // A kept database made by an older version of the app gets its new migrations.
  await migrate(db);
  if (database.fresh) {
    let shown = 0;
    const progress = (label: string) => (done: number, total: number) => {
      if (done - shown >= total / 10 || done === total) {
        shown = done === total ? 0 : done;
        process.stderr.write(`  ${database.label}: ${label} ${done}/${total}\n`);
      }
    };
    const archive = await generateArchive(db, segments, progress('generated'));
    const indexStarted = performance.now();
    await rebuildSearchIndex(db, progress('indexed dialogues'));
    built = { generateMs: archive.generateMs, indexMs: performance.now() - indexStarted };
  } else {
    // A kept database indexed by an older analysis is rebuilt as a running server would:
    // beside the old index, then swapped in (src/search/reindex.ts).
    const started = performance.now();
    if ((await reindexIfWanted(db, { log: (line) => process.stderr.write(`  ${line}\n`) })) === 'rebuilt') reindexMs = performance.now() - started;
  }

  const column = async <T>(query: ReturnType<typeof sql<{ v: T }>>) => (await query.execute(db)).rows.map((r) => r.v);
  const one = async <T>(query: ReturnType<typeof sql<{ v: T }>>) => (await column(query))[0] as T;
  const totalSegments = await one<number>(sql`select count(*) as v from transcript_segments`);
  const totalDocs = await one<number>(sql`select docs as v from search_stats where kind = 'corpus' and token = 'docs'`);

  // --- Queries, drawn from the archive itself, in the same order on both databases ----------
  const random = seeded(42);
  const sample = <T>(list: readonly T[], n: number) => Array.from({ length: n }, () => list[Math.floor(random() * list.length)] as T);
  const surfaces = (min: number, max: number, minLength = 1) =>
    column<string>(sql`select token as v from search_stats where kind = 'surface' and docs between ${min} and ${max} and length(token) >= ${minLength} order by token limit 5000`);
  const rare = await surfaces(3, 30, 5);
  // No upper bound: the largest integer both databases take as a parameter.
  const common = await surfaces(Math.ceil(totalDocs * 0.5), 2 ** 31 - 1);
  const middling = await surfaces(Math.ceil(totalDocs * 0.01), Math.ceil(totalDocs * 0.2), 4);
  const someTexts = await column<string>(sql`select text as v from transcript_segments where id % 997 = 0 order by id limit 2000`);
  const bigrams = someTexts.flatMap((t) => {
    const words = t.toLowerCase().replace(/[^a-z ]/g, '').split(' ');
    const i = Math.floor(random() * (words.length - 1));
    return [`"${words[i]} ${words[i + 1]}"`];
  });
  const narrow = (await surfaces(20, 300, 8)).map((w) => `${w.slice(0, w.length - 2)}*`);
  const broad = ['pem*', 'pe*', 'me*', 'di*', 'ber*', 'men*', 'pen*', 'ke*'];

  const classes: [string, string[]][] = [
    ['rare word', sample(rare, SAMPLES)],
    ['word in most segments', sample(common, SAMPLES)],
    ['two words', Array.from({ length: SAMPLES }, () => `${sample(middling, 1)[0]} ${sample(middling, 1)[0]}`)],
    ['phrase', sample(bigrams, SAMPLES)],
    ['narrow prefix', sample(narrow, SAMPLES)],
    ['broad prefix', sample(broad, SAMPLES)],
  ];

  // In the generator's order on both databases: sorted here by code point, which neither
  // database's collation need follow.
  const sortedIds = async (query: ReturnType<typeof sql<{ id: string; key: string }>>) =>
    (await query.execute(db)).rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((r) => r.id);
  const stationIds = await sortedIds(sql`select id, slug as key from stations`);
  const programIds = await sortedIds(sql`select id, slug as key from programs`);
  const speakerIds = await sortedIds(sql`select id, name as key from speakers`);
  const topicRows = (await sql<{ id: string; slug: string }>`select id, slug from topics`.execute(db)).rows.sort((a, b) => (a.slug < b.slug ? -1 : 1));
  const dialogueIds = sample(await sortedIds(sql`select id, starts_at as key from dialogues where id in (select dialogue_id from transcript_versions)`), 500);
  const dialogueCount = await one<number>(sql`select count(*) as v from dialogues`);
  const middleStart = await one<string>(sql`select starts_at as v from dialogues order by starts_at limit 1 offset ${Math.floor(dialogueCount / 2)}`);

  const filters: Filter[] = [
    ...sample(stationIds, 3).map((id) => ({ label: 'station', params: { station: id }, facets: [[facet('station', id)]] })),
    ...sample(programIds, 3).map((id) => ({ label: 'programme', params: { program: id }, facets: [[facet('program', id)]] })),
    ...sample(speakerIds, 3).map((id) => ({ label: 'speaker', params: { speaker: id }, facets: [[facet('speaker', id)]] })),
    ...sample(topicRows, 3).map((t) => ({ label: 'topic', params: { topic: t.slug }, facets: [[facet('topic', t.id)]] })),
    ...sample(dialogueIds, 3).map((id) => ({ label: 'dialogue', params: { dialogue: id }, facets: [[facet('dialogue', id)]] })),
    ((year) => ({
      label: 'year',
      params: { from: `${year}-01-01T00:00Z`, to: `${year + 1}-01-01T00:00Z` },
      facets: [dateRangeFacets(`${year - 1}-12-31T00:00:00.000Z`, `${year + 1}-01-01T00:00:00.000Z`)],
    }))(new Date(middleStart).getUTCFullYear()),
  ];

  // --- Through HTTP ---------------------------------------------------------------------------
  const app = await startServer('search-server.ts', database.address);
  const bareServer = await startServer('bare-server.ts', database.address);
  let unique = 0;
  try {
    const httpLatency = async (q: string, filter: Filter | null) => {
      // Trailing spaces make the URL unique without changing the query.
      const params = new URLSearchParams({ q: q + ' '.repeat(unique++ % 200), limit: '20', ...(filter?.params ?? {}) });
      const res = await getAgain(app, `/api/search?${params}`);
      if (res.status !== 200) throw new Error(`${params}: ${res.status} ${res.body}`);
      const body = JSON.parse(res.body) as { items: unknown[]; ranking: string };
      return { ms: res.ms, hits: body.items.length, ranking: body.ranking };
    };
    const bareMatch = (q: string, filter: Filter | null) => database.bareMatch(parseQuery(q).nodes, filter?.facets ?? []);
    const bareLatency = async (q: string, filter: Filter | null) => {
      const match = bareMatch(q, filter);
      const started = performance.now();
      await database.bare(match);
      return performance.now() - started;
    };
    const bareHttpLatency = async (q: string, filter: Filter | null) =>
      (await getAgain(bareServer, `/?${new URLSearchParams({ match: bareMatch(q, filter) })}`)).ms;

    // A warm-up pass, as a running server would be: the first queries read the index from disk.
    for (const [, queries] of classes) for (const q of queries.slice(0, 10)) await httpLatency(q, null);

    // What any request costs here, to read the rows against: the app's smallest answer.
    const floor: number[] = [];
    for (let i = 0; i < SAMPLES; i++) floor.push((await get(app, '/healthz')).ms);

    log(`\nSearch benchmark on ${database.label}: ${totalSegments.toLocaleString('en')} segments (${totalDocs.toLocaleString('en')} documents with dialogue headers); load average ${loadAverage()}`);
    if (built) log(`  archive generated in ${seconds(built.generateMs)}; index built in ${seconds(built.indexMs)}`);
    if (reindexMs !== null) log(`  index rebuilt for a new analysis (beside the old one, then swapped in) in ${seconds(reindexMs)}`);
    else if (!built) log('  reused the kept database');
    for (const line of await database.sizes()) log(`  ${line}`);
    if (app.warmMs) log(`  server start: search tables read once in ${seconds(app.warmMs)} (src/search/prewarm.ts), as main.ts does after listening`);
    log(`  ${SAMPLES} requests a row, one at a time, limit=20; bare query: same queries, up to ${SAMPLES} or ${BARE_BUDGET_MS / 1000} s a row,`);
    log(`  in this process, and through HTTP from a server that runs the bare query and nothing else (bare-server.ts):`);
    log(`  ${database.label === 'SQLite' ? 'FTS5 MATCH … ORDER BY rank LIMIT 20' : 'document @@ tsquery ORDER BY ts_rank(…) DESC LIMIT 20'}`);
    log(`  HTTP floor (GET /healthz): p50 ${percentile(floor, 50).toFixed(2)} ms, p95 ${percentile(floor, 95).toFixed(2)} ms\n`);
    log(`  ${'query class'.padEnd(24)}${'filter'.padEnd(8)}  HTTP p50  HTTP p95 | bare p50  bare p95 | bare/HTTP p50   p95 | hits  ranked all`);
    let worst = 0;
    const rows: ClassRow[] = [];
    for (const [label, queries] of classes) {
      for (const filtered of [false, true]) {
        const filterOf = (i: number) => (filtered ? (filters[i % filters.length] as Filter) : null);
        const times: number[] = [];
        let hits = 0;
        let all = 0;
        for (const [i, q] of queries.entries()) {
          const r = await httpLatency(q, filterOf(i));
          times.push(r.ms);
          hits += r.hits;
          if (r.ranking === 'all') all++;
        }
        const raw = await timeWithin(queries, (q, i) => bareLatency(q, filterOf(i)));
        const bareHttp = await timeWithin(queries, (q, i) => bareHttpLatency(q, filterOf(i)));
        worst = Math.max(worst, percentile(times, 95));
        rows.push({ label, filtered, p50: percentile(times, 50), p95: percentile(times, 95) });
        const counted = (list: number[]) => (list.length < queries.length ? ` (${list.length})` : '');
        log(
          `  ${label.padEnd(24)}${(filtered ? 'yes' : 'no').padEnd(8)}${ms(percentile(times, 50))} ${ms(percentile(times, 95))}  |${ms(percentile(raw, 50))} ${ms(percentile(raw, 95))}${counted(raw)} |     ${ms(percentile(bareHttp, 50))} ${ms(percentile(bareHttp, 95))}${counted(bareHttp)} | ${(hits / queries.length).toFixed(1).padStart(4)}  ${String(Math.round((100 * all) / queries.length)).padStart(3)} %`,
        );
      }
    }
    log(`\n  worst HTTP p95 on ${database.label}: ${worst.toFixed(1)} ms (target ≤ 50 ms); load average ${loadAverage()}`);
    return { worst, rows };
  } finally {
    for (const target of [app, bareServer]) {
      target.server.disconnect();
      target.agent.destroy();
    }
  }
}

const results: { label: string; worst: number; rows: ClassRow[] }[] = [];
for (const choice of choices) {
  const database = choice.kind === 'sqlite' ? await openSqlite(choice.file) : await openPostgresDatabase(choice.url);
  try {
    results.push({ label: database.label, ...(await benchmark(database)) });
  } finally {
    await database.close();
  }
}
if (results.length > 1) {
  log(`\nSide by side, HTTP p50 / p95 in ms (${segments.toLocaleString('en')} segments):`);
  log(`  ${'query class'.padEnd(24)}${'filter'.padEnd(8)}${results.map((r) => r.label.padStart(19)).join('')}`);
  for (const [i, row] of (results[0]?.rows ?? []).entries()) {
    log(`  ${row.label.padEnd(24)}${(row.filtered ? 'yes' : 'no').padEnd(8)}${results.map((r) => `${ms(r.rows[i]!.p50)} / ${ms(r.rows[i]!.p95)}`.padStart(19)).join('')}`);
  }
  log(`  worst p95: ${results.map((r) => `${r.label} ${r.worst.toFixed(1)} ms`).join(', ')} (target ≤ 50 ms on each)`);
}
