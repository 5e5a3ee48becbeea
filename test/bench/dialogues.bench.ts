// Issue 2 benchmark: GET /api/dialogues for one station's week with 10,000 dialogues on
// 20 stations, against a bare Hono route returning a fixed JSON, in the same run.
// Prints throughput and latency of both and their ratio (target: ≥ 0.5 of the bare route).
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = path.dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

const server = fork(path.join(here, 'dialogues-server.ts'), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const info = await new Promise<{ appPort: number; barePort: number; weekUrl: string; token: string; seedMs: number; dialogues: number }>((resolve) =>
  server.once('message', (m) => resolve(m as never)),
);

async function load(url: string, headers: Record<string, string> = {}) {
  // A short warm-up, then the measured run.
  await autocannon({ url, headers, connections: 10, duration: 2 });
  const r = await autocannon({ url, headers, connections: 10, duration: seconds });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bytes: r.throughput.average };
}

const week = `http://127.0.0.1:${info.appPort}${info.weekUrl}`;
const check = await (await fetch(week)).json();
const bare = await load(`http://127.0.0.1:${info.barePort}/bare`);
const real = await load(week);
// The same request as a signed-in coordinator: the token is looked up on every request.
const uncached = await load(week, { authorization: `Bearer ${info.token}` });
server.disconnect();

console.log(`\nDialogues benchmark (${info.dialogues} dialogues on 20 stations, seeded in ${(info.seedMs / 1000).toFixed(1)} s; ${seconds} s runs, 10 connections)`);
console.log(`  one station's week: ${check.items.length} dialogues per answer`);
console.log(`  bare Hono route (same bytes): ${bare.rps.toFixed(0)} req/s, p50 ${bare.p50} ms, p99 ${bare.p99} ms`);
console.log(`  GET /api/dialogues: ${real.rps.toFixed(0)} req/s, p50 ${real.p50} ms, p99 ${real.p99} ms`);
console.log(`  same, as a signed-in coordinator: ${uncached.rps.toFixed(0)} req/s, p50 ${uncached.p50} ms, p99 ${uncached.p99} ms`);
console.log(`  ratio (throughput): public ${(real.rps / bare.rps).toFixed(2)}, signed-in ${(uncached.rps / bare.rps).toFixed(2)} of the bare route (target ≥ 0.5)`);
console.log(`  ratio (p99): public ${(real.p99 / bare.p99).toFixed(1)}×, signed-in ${(uncached.p99 / bare.p99).toFixed(1)}× the bare route's`);
