// Issue 4 benchmark: GET /api/search over a generated archive, through a listening server,
// next to the bare FTS5 query (`MATCH … ORDER BY rank LIMIT 20`) on the same database in
// the same run. Target: p95 ≤ 50 ms through HTTP for every query class.
//
//   npx tsx test/bench/search.bench.ts [segments] [--db file]
//
// segments: 1,000,000 by default (100,000 dialogues × 10); 20000 gives a quick run.
// --db: keep the generated database in this file and reuse it on the next run.
//
// Prints the time to generate the archive and to build the index, the database size, and
// p50/p95 per query class, without and with a filter (station, programme, speaker, topic,
// dialogue and a one-year date range in turn). Each request's URL is unique (the query
// with a different number of trailing spaces, which the parser ignores), so the
// response cache never answers: every request searches.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { openDatabase } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import { dateRangeFacets, facet } from '../../src/search/facets.ts';
import { parseQuery } from '../../src/search/query.ts';
import { reindexIfWanted } from '../../src/search/reindex.ts';
import { rebuildSearchIndex } from '../../src/search/search.index.ts';
import { fts5Expression as matchExpression } from '../../src/search/full-text.ts';
import { generateArchive, seeded } from './search-data.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const dbFlag = args.indexOf('--db');
const segments = Number(args.find((a, i) => /^\d+$/.test(a) && (dbFlag < 0 || i !== dbFlag + 1)) ?? 1_000_000);
const keep = dbFlag >= 0 ? path.resolve(args[dbFlag + 1] as string) : null;
const dir = keep ? path.dirname(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-search-bench-'));
const file = keep ?? path.join(dir, 'bench.db');
const SAMPLES = 100;
const BARE_BUDGET_MS = 20_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const log = (line: string) => process.stdout.write(`${line}\n`);

// --- The archive and its index -------------------------------------------------------------
let built: { generateMs: number; indexMs: number } | null = null;
let reindexMs: number | null = null;
const fresh = !fs.existsSync(file);
const db = openDatabase(file);
// A kept database made by an older version of the app gets its new migrations.
await migrate(db);
if (fresh) {
  let shown = 0;
  const progress = (label: string) => (done: number, total: number) => {
    if (done - shown >= total / 10 || done === total) {
      shown = done === total ? 0 : done;
      process.stderr.write(`  ${label} ${done}/${total}\n`);
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
await db.destroy();

const sqlite = new SQLite(file);
sqlite.pragma('wal_checkpoint(TRUNCATE)');
const bytes = fs.statSync(file).size;
const count = (q: string) => sqlite.prepare(q).pluck().get() as number;
const totalSegments = count('select count(*) from transcript_segments');
const totalDocs = count("select docs from search_stats where kind = 'corpus' and token = 'docs'");

// --- Queries, drawn from the archive itself ------------------------------------------------
const random = seeded(42);
const sample = <T>(list: readonly T[], n: number) => Array.from({ length: n }, () => list[Math.floor(random() * list.length)] as T);
const surfaces = (min: number, max: number, minLength = 1) =>
  sqlite
    .prepare("select token from search_stats where kind = 'surface' and docs between ? and ? and length(token) >= ? limit 5000")
    .pluck()
    .all(min, max, minLength) as string[];
const rare = surfaces(3, 30, 5);
const common = surfaces(Math.ceil(totalDocs * 0.5), Number.MAX_SAFE_INTEGER);
const middling = surfaces(Math.ceil(totalDocs * 0.01), Math.ceil(totalDocs * 0.2), 4);
const someTexts = sqlite.prepare('select text from transcript_segments where id % 997 = 0 limit 2000').pluck().all() as string[];
const bigrams = someTexts.flatMap((t) => {
  const words = t.toLowerCase().replace(/[^a-z ]/g, '').split(' ');
  const i = Math.floor(random() * (words.length - 1));
  return [`"${words[i]} ${words[i + 1]}"`];
});
const narrow = surfaces(20, 300, 8).map((w) => `${w.slice(0, w.length - 2)}*`);
const broad = ['pem*', 'pe*', 'me*', 'di*', 'ber*', 'men*', 'pen*', 'ke*'];

const classes: [string, string[]][] = [
  ['rare word', sample(rare, SAMPLES)],
  ['word in most segments', sample(common, SAMPLES)],
  ['two words', Array.from({ length: SAMPLES }, () => `${sample(middling, 1)[0]} ${sample(middling, 1)[0]}`)],
  ['phrase', sample(bigrams, SAMPLES)],
  ['narrow prefix', sample(narrow, SAMPLES)],
  ['broad prefix', sample(broad, SAMPLES)],
];

const pickId = (q: string) => sqlite.prepare(q).pluck().all() as string[];
const stationIds = pickId('select id from stations');
const programIds = pickId('select id from programs');
const speakerIds = pickId('select id from speakers');
const topicRows = sqlite.prepare('select id, slug from topics').all() as { id: string; slug: string }[];
const dialogueIds = pickId('select id from dialogues where id in (select dialogue_id from transcript_versions) order by random() limit 500');

/** A filter as URL parameters and as the facet groups the service would add. */
type Filter = { label: string; params: Record<string, string>; facets: string[][] };
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
  }))(new Date(sqlite.prepare('select starts_at from dialogues order by starts_at limit 1 offset (select count(*) / 2 from dialogues)').pluck().get() as string).getUTCFullYear()),
];

// --- Through HTTP ---------------------------------------------------------------------------
// node:http on one kept-alive connection per server, timed to the last byte of the answer:
// fetch() added 0.3–0.5 ms of its own to every request here (more than the app's whole
// answer to /healthz) and long tails, which are the client's, not the server's. The body
// is parsed after the clock stops, as the client's own work.
interface Target {
  port: number;
  agent: http.Agent;
  server: ReturnType<typeof fork>;
}
async function startServer(script: string): Promise<Target & { warmMs?: number }> {
  const server = fork(path.join(here, script), [file], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const ready = await new Promise<{ port: number; warmMs?: number }>((resolve) => server.once('message', (m) => resolve(m as never)));
  return { ...ready, server, agent: new http.Agent({ keepAlive: true, maxSockets: 1 }) };
}
const app = await startServer('search-server.ts');
const bareServer = await startServer('bare-server.ts');
let unique = 0;

function get(target: Target, pathAndQuery: string): Promise<{ status: number; body: string; ms: number }> {
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
const getAgain = (target: Target, url: string) => get(target, url).catch(() => get(target, url));

async function httpLatency(q: string, filter: Filter | null): Promise<{ ms: number; hits: number; ranking: string }> {
  // Trailing spaces make the URL unique without changing the query.
  const params = new URLSearchParams({ q: q + ' '.repeat(unique++ % 200), limit: '20', ...(filter?.params ?? {}) });
  const res = await getAgain(app, `/api/search?${params}`);
  const body = JSON.parse(res.body) as { items: unknown[]; ranking: string };
  if (res.status !== 200) throw new Error(`${params}: ${res.status} ${res.body}`);
  return { ms: res.ms, hits: body.items.length, ranking: body.ranking };
}

const bare = sqlite.prepare('select rowid from search_fts where search_fts match ? order by rank limit 20');
const bareMatch = (q: string, filter: Filter | null) => matchExpression(parseQuery(q).nodes, filter?.facets ?? []);
function bareLatency(q: string, filter: Filter | null): number {
  const match = bareMatch(q, filter);
  const started = performance.now();
  bare.all(match);
  return performance.now() - started;
}
async function bareHttpLatency(q: string, filter: Filter | null): Promise<number> {
  return (await getAgain(bareServer, `/?${new URLSearchParams({ match: bareMatch(q, filter) })}`)).ms;
}

/** Times queries one by one until all are done, or the budget is spent after five. */
async function timeWithin(queries: string[], time: (q: string, i: number) => number | Promise<number>): Promise<number[]> {
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

// A warm-up pass, as a running server would be: the first queries read the index from disk.
for (const [, queries] of classes) for (const q of queries.slice(0, 10)) await httpLatency(q, null);

// What any request costs here, to read the rows against: the app's smallest answer.
const floor: number[] = [];
for (let i = 0; i < SAMPLES; i++) floor.push((await get(app, '/healthz')).ms);

log(`\nSearch benchmark: ${totalSegments.toLocaleString('en')} segments (${totalDocs.toLocaleString('en')} documents with dialogue headers)`);
if (built) log(`  archive generated in ${seconds(built.generateMs)}; index built in ${seconds(built.indexMs)}`);
if (reindexMs !== null) log(`  index rebuilt for a new analysis (beside the old one, then swapped in) in ${seconds(reindexMs)}`);
else log(`  reused ${file}`);
log(`  database: ${(bytes / 1024 / 1024).toFixed(0)} MiB`);
// The index alone (its tables and their indexes), and the pages a swapped-out index left free.
const searchBytes = count("select sum(pgsize) from dbstat where name like 'search%' or name like 'sqlite_autoindex_search%'");
const freeBytes = count('pragma freelist_count') * count('pragma page_size');
log(`  search index: ${(searchBytes / 1024 / 1024).toFixed(0)} MiB; free pages: ${(freeBytes / 1024 / 1024).toFixed(0)} MiB`);
log(`  server start: search tables read once in ${seconds(app.warmMs ?? 0)} (src/search/prewarm.ts), as main.ts does after listening`);
log(`  ${SAMPLES} requests a row, one at a time, limit=20; bare FTS5: same queries, up to ${SAMPLES} or ${BARE_BUDGET_MS / 1000} s a row,`);
log('  in this process, and through HTTP from a server that runs the bare query and nothing else (bare-server.ts)');
log(`  HTTP floor (GET /healthz): p50 ${percentile(floor, 50).toFixed(2)} ms, p95 ${percentile(floor, 95).toFixed(2)} ms\n`);
log(`  ${'query class'.padEnd(24)}${'filter'.padEnd(8)}  HTTP p50  HTTP p95 | bare p50  bare p95 | bare/HTTP p50   p95 | hits  ranked all`);
let worst = 0;
for (const [label, queries] of classes) {
  for (const filtered of [false, true]) {
    const filterOf = (i: number) => (filtered ? (filters[i % filters.length] as Filter) : null);
    const http: number[] = [];
    let hits = 0;
    let all = 0;
    for (const [i, q] of queries.entries()) {
      const r = await httpLatency(q, filterOf(i));
      http.push(r.ms);
      hits += r.hits;
      if (r.ranking === 'all') all++;
    }
    const raw = await timeWithin(queries, (q, i) => bareLatency(q, filterOf(i)));
    const bareHttp = await timeWithin(queries, (q, i) => bareHttpLatency(q, filterOf(i)));
    worst = Math.max(worst, percentile(http, 95));
    log(
      `  ${label.padEnd(24)}${(filtered ? 'yes' : 'no').padEnd(8)}${ms(percentile(http, 50))} ${ms(percentile(http, 95))}  |${ms(percentile(raw, 50))} ${ms(percentile(raw, 95))}${raw.length < queries.length ? ` (${raw.length})` : ''} |     ${ms(percentile(bareHttp, 50))} ${ms(percentile(bareHttp, 95))} | ${(hits / queries.length).toFixed(1).padStart(4)}  ${String(Math.round((100 * all) / queries.length)).padStart(3)} %`,
    );
  }
}
log(`\n  worst HTTP p95: ${worst.toFixed(1)} ms (target ≤ 50 ms)`);
for (const target of [app, bareServer]) {
  target.server.disconnect();
  target.agent.destroy();
}
sqlite.close();
if (!keep) fs.rmSync(dir, { recursive: true, force: true });
