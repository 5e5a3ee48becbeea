// Issue 2 and issue 17 benchmark: GET /api/dialogues for one station's week with 10,000
// dialogues on 20 stations, on SQLite and on PostgreSQL, against a bare Hono route returning
// a fixed JSON of the same bytes, in the same run. Prints throughput and latency of each and
// their ratio to the bare route (target: ≥ 0.5 of the bare route).
//
// PostgreSQL: a scratch database on the server of test/helpers/postgres.ts
// (SIARAN_TEST_POSTGRES_URL, by default postgres://postgres@127.0.0.1:5432/test), dropped at
// the end. BENCH_POSTGRES=0 leaves it out, for a machine without PostgreSQL.
import { type ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createScratchPostgres } from '../helpers/postgres.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const withPostgres = process.env.BENCH_POSTGRES !== '0';

type ServerInfo = { appPort: number; barePort: number; weekUrl: string; token: string; seedMs: number; dialogues: number };

async function startServer(args: string[]): Promise<{ child: ChildProcess; info: ServerInfo }> {
  const child = fork(path.join(here, 'dialogues-server.ts'), args, { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    child.once('message', (m) => resolve(m as ServerInfo));
    child.once('exit', (code) => reject(new Error(`the dialogues server exited with code ${code}`)));
  });
  return { child, info };
}

const stopServer = (child: ChildProcess) => new Promise((resolve) => {
  child.once('exit', resolve);
  child.disconnect();
});

async function load(url: string, headers: Record<string, string> = {}) {
  // A short warm-up, then the measured run.
  await autocannon({ url, headers, connections: 10, duration: 2 });
  const r = await autocannon({ url, headers, connections: 10, duration: seconds });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

type Figures = Awaited<ReturnType<typeof load>>;
type Row = { database: string; dialogues: number; seedMs: number; items: number; bare: Figures; public: Figures; signedIn: Figures };

/**
 * The bare route, then the week through the app as the public (the response cache answers)
 * and as a signed-in coordinator (the token is looked up on every request, and the cache
 * does not answer). Each database's rows are read against the bare route measured just
 * before them, so load from elsewhere on the machine drifting during the run skews the
 * ratios less.
 */
async function measure(database: string, args: string[]): Promise<Row> {
  const { child, info } = await startServer(args);
  try {
    const week = `http://127.0.0.1:${info.appPort}${info.weekUrl}`;
    const check = (await (await fetch(week)).json()) as { items: unknown[] };
    const bare = await load(`http://127.0.0.1:${info.barePort}/bare`);
    const publicFigures = await load(week);
    const signedIn = await load(week, { authorization: `Bearer ${info.token}` });
    return { database, dialogues: info.dialogues, seedMs: info.seedMs, items: check.items.length, bare, public: publicFigures, signedIn };
  } finally {
    await stopServer(child);
  }
}

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const loadBefore = loadAverage();
const rows: Row[] = [await measure('SQLite', [])];
if (withPostgres) {
  const scratch = await createScratchPostgres();
  try {
    rows.push(await measure('PostgreSQL', [scratch.url]));
  } finally {
    await scratch.drop();
  }
}

const figures = (f: Figures) => `${f.rps.toFixed(0).padStart(6)} req/s, p50 ${String(f.p50).padStart(3)} ms, p99 ${String(f.p99).padStart(3)} ms`;
const against = (f: Figures, bare: Figures) => `; ${(f.rps / bare.rps).toFixed(2)} of the bare route's throughput, p99 ${(f.p99 / bare.p99).toFixed(1)}×`;
console.log(`\nDialogues benchmark (${rows[0]?.dialogues} dialogues on 20 stations; ${seconds} s runs after 2 s of warm-up, 10 connections; load average ${loadBefore} before, ${loadAverage()} after)`);
for (const row of rows) {
  console.log(`  ${row.database} (seeded in ${(row.seedMs / 1000).toFixed(1)} s; one station's week: ${row.items} dialogues per answer)`);
  console.log(`    bare Hono route (same bytes):     ${figures(row.bare)}`);
  console.log(`    GET /api/dialogues, public:       ${figures(row.public)}${against(row.public, row.bare)}`);
  console.log(`    same, as a signed-in coordinator: ${figures(row.signedIn)}${against(row.signedIn, row.bare)}`);
}
if (rows.length === 2) {
  const [lite, postgres] = rows as [Row, Row];
  console.log(`  PostgreSQL against SQLite (throughput): public ${(postgres.public.rps / lite.public.rps).toFixed(2)}, signed-in ${(postgres.signedIn.rps / lite.signedIn.rps).toFixed(2)}`);
}
console.log("  target: ≥ 0.5 of the bare route's throughput");
