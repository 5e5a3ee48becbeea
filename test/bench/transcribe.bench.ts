// Issue 12 benchmark: p95 latency of GET /api/search and of one station's week of dialogues,
// without and then with a transcription running (the real engine on the generated model,
// a long generated recording), side by side in one run. Target: p95 with ≤ 1.5× without.
// Requests go one after another from one client, so the figures are the latency a person
// sees, not the server's throughput. Every URL is unique (trailing spaces in the query, a
// different limit or window start), so the response cache never answers: the transcription's
// own writes would otherwise empty the cache only in the second phase and flatter the first.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const server = fork(path.join(here, 'transcribe-server.ts'), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const next = <T>() => new Promise<T>((resolve) => server.once('message', (m) => resolve(m as T)));
const info = await next<{ port: number; weekUrl: string; searchUrl: string }>();
const base = `http://127.0.0.1:${info.port}`;

let unique = 0;
async function p95s(): Promise<{ search: number; week: number; n: number }> {
  const times = { search: [] as number[], week: [] as number[] };
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const n = unique++;
    const urls = [
      ['search', `${info.searchUrl}${'%20'.repeat(n % 200)}&limit=${10 + (Math.floor(n / 200) % 40)}`],
      ['week', info.weekUrl.replace('from=2021-09-06T00:00', `from=2021-09-05T${20 + (n % 4)}:${String(Math.floor(n / 4) % 60).padStart(2, '0')}`).replace('limit=200', `limit=${101 + (Math.floor(n / 240) % 100)}`)],
    ] as const;
    for (const [name, url] of urls) {
      const t0 = performance.now();
      const res = await fetch(base + url);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${url} → ${res.status}`);
      times[name].push(performance.now() - t0);
    }
  }
  const p95 = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
  return { search: p95(times.search), week: p95(times.week), n: times.search.length };
}

const progress = async () => {
  server.send('progress');
  return (await next<{ progress: { outcome: string; progress: number | null } | null }>()).progress;
};

// Warm-up, then without; then with the transcription under way (its decode and region
// finding are done, Whisper is running).
await p95s();
const without = await p95s();
server.send('transcribe');
await next();
const started = Date.now();
while ((await progress())?.outcome !== 'running' || Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 500));
const withRun = await p95s();
const during = await progress();
server.disconnect();

console.log(`\nTranscription benchmark (${seconds} s of sequential requests each; real engine, generated model)`);
console.log(`  GET /api/search    p95: ${without.search.toFixed(1)} ms without, ${withRun.search.toFixed(1)} ms with a transcription running (${(withRun.search / without.search).toFixed(2)}×; target ≤ 1.5×)`);
console.log(`  week's dialogues   p95: ${without.week.toFixed(1)} ms without, ${withRun.week.toFixed(1)} ms with (${(withRun.week / without.week).toFixed(2)}×; target ≤ 1.5×)`);
console.log(`  requests: ${without.n} / ${withRun.n} pairs; transcription still ${during?.outcome} at ${during?.progress ?? 0} % when measured`);
