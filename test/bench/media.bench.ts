// Issue 3 benchmark, listening: random 64 KB ranges of a ~60 MB MP3 rendition served by the real
// app (GET /media/dialogues/{id}.mp3?v=…, a published dialogue), against a bare node:http +
// fs.createReadStream server and, where installed, nginx, all serving the same file in the same
// run. Where nginx is installed, also the app behind the README's nginx configuration with
// SIARAN_MEDIA_ACCEL_PREFIX (issue 17: nginx sends the bytes once Siaran has said who may hear
// them), against nginx serving the file directly; target at least 0.9×. Prints req/s, MB/s, p50/p99 latency and CPU time per request of each, the app's ratios to
// the baselines, and the app's RSS and peak RSS (VmHWM) before and after the load (flat is good).
//
// Every server runs in its own process (this file forked with a role), so none shares the load
// generator's event loop and the app's memory is its own. The servers take turns so that the
// machine's other load falls on all of them; CPU per request is the steadier figure when it varies.
// Settings: BENCH_SECONDS (10 a server), BENCH_ROUNDS (2 turns), BENCH_CONNECTIONS (10),
// BENCH_PROFILE=<folder> writes a CPU profile of the app process (node --cpu-prof) there.
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNginx as startReadmeNginx } from '../helpers/nginx.ts';

const self = fileURLToPath(import.meta.url);
const RANGE = 64 * 1024;
const TARGET_BYTES = 60 * 1024 * 1024;

type Ready = { port: number; url: string };

// ---------------------------------------------------------------------------------------------
// The servers (child processes).

/** The real app on a migrated database in `dir`, whose one published dialogue has `file` as its MP3. */
async function appServer(dir: string, file: string, accelPrefix?: string): Promise<Ready> {
  const { startServer } = await import('../../src/http/server.ts');
  const { createApp } = await import('../../src/app.ts');
  const { createUser, login } = await import('../../src/auth/auth.service.ts');
  const { loadConfig } = await import('../../src/config.ts');
  const { openDatabase } = await import('../../src/db/connection.ts');
  const { migrate } = await import('../../src/db/migrate.ts');

  const config = loadConfig({ SIARAN_MEDIA_DIR: dir, SIARAN_DEMO: '0', ...(accelPrefix ? { SIARAN_MEDIA_ACCEL_PREFIX: accelPrefix } : {}) });
  const db = openDatabase(config.databasePath);
  await migrate(db);
  const app = createApp({ db, config });
  await createUser(db, { email: 'bench@siaran.id', name: 'Bench', password: 'bench-password', role: 'coordinator' });
  const { token } = await login(db, config, 'bench@siaran.id', 'bench-password');
  const api = async (method: string, url: string, body: unknown) => {
    const res = await app.request(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ id: string }>;
  };
  const station = await api('POST', '/api/stations', { name: 'RRI Palangka Raya', timezone: 'Asia/Jakarta' });
  const dialogue = await api('POST', '/api/dialogues', { title: 'Dialog panjang', stationId: station.id, startsAt: '2026-01-05T09:00', endsAt: '2026-01-05T10:05' });
  await api('PATCH', `/api/dialogues/${dialogue.id}`, { status: 'aired' });

  // The rendition is registered as a capture would leave it: the file under media/dialogues/<id>/,
  // its media-relative path in dialogue_audio.
  const renderId = `bench-${randomUUID().slice(0, 8)}`;
  const rel = `dialogues/${dialogue.id}`;
  fs.mkdirSync(path.join(dir, rel), { recursive: true });
  fs.renameSync(file, path.join(dir, rel, `${renderId}.mp3`));
  fs.writeFileSync(path.join(dir, rel, `${renderId}.opus`), '');
  fs.writeFileSync(path.join(dir, rel, `${renderId}.peaks.json`), '[]');
  const bytes = fs.statSync(path.join(dir, rel, `${renderId}.mp3`)).size;
  await db
    .insertInto('dialogue_audio')
    .values({
      dialogue_id: dialogue.id, render_id: renderId, source: 'upload', upload_id: null, span_starts_at: null, span_ends_at: null,
      coverage: 'full', missing: '[]', duration_ms: 65 * 60_000, opus_path: `${rel}/${renderId}.opus`, opus_bytes: 0,
      mp3_path: `${rel}/${renderId}.mp3`, mp3_bytes: bytes, peaks_path: `${rel}/${renderId}.peaks.json`, measured_lufs: null,
      normalization: 'none', created_at: new Date().toISOString(),
    })
    .execute();
  await api('PATCH', `/api/dialogues/${dialogue.id}`, { status: 'published' });

  // The server layer src/main.ts listens with.
  const server = startServer(app.fetch, { port: 0, hostname: '127.0.0.1', bodyLimitBytes: config.bodyLimitBytes });
  await new Promise((r) => server.once('listening', r));
  return { port: (server.address() as net.AddressInfo).port, url: `/media/dialogues/${dialogue.id}.mp3?v=${renderId}` };
}

/** The least a Node server can do: stat, parse one range, pipe a read stream. */
async function bareServer(file: string): Promise<Ready> {
  const server = http.createServer((req, res) => {
    fs.stat(file, (err, info) => {
      if (err) {
        res.writeHead(404).end();
        return;
      }
      const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      if (!m) {
        res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': info.size, 'accept-ranges': 'bytes' });
        fs.createReadStream(file).pipe(res);
        return;
      }
      const start = Number(m[1]);
      const end = Math.min(m[2] ? Number(m[2]) : info.size - 1, info.size - 1);
      if (start > end) {
        res.writeHead(416, { 'content-range': `bytes */${info.size}` }).end();
        return;
      }
      res.writeHead(206, { 'content-type': 'audio/mpeg', 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${info.size}`, 'accept-ranges': 'bytes' });
      fs.createReadStream(file, { start, end }).pipe(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, url: `/${path.basename(file)}` };
}

// ---------------------------------------------------------------------------------------------
// The load (the parent process).

async function ffmpegPath(): Promise<string> {
  const { resolveFfmpeg } = await import('../../src/audio/ffmpeg.ts');
  return (await resolveFfmpeg()).ffmpegPath;
}

/** ~60 MB of 128 kb/s MP3 (noise under a tone, so the frames are full): one encoded minute, repeated. */
async function makeRendition(dir: string): Promise<string> {
  const ffmpeg = await ffmpegPath();
  const minute = path.join(dir, 'minute.mp3');
  const out = path.join(dir, 'rendition.mp3');
  const quiet = ['-hide_banner', '-v', 'error', '-y'];
  execFileSync(ffmpeg, [...quiet, '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.2:sample_rate=44100:duration=60', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=60',
    '-filter_complex', 'amix=inputs=2', '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '128k', minute]);
  const loops = Math.ceil(TARGET_BYTES / fs.statSync(minute).size);
  execFileSync(ffmpeg, [...quiet, '-stream_loop', String(loops - 1), '-i', minute, '-c', 'copy', out]);
  fs.rmSync(minute);
  return out;
}

function start(role: 'app' | 'accel' | 'bare', dir: string, file: string, profileDir?: string): Promise<{ child: ChildProcess } & Ready> {
  const execArgv = ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  const child = fork(self, [role, dir, file], { execArgv, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, ...(m as Ready) }));
    child.once('exit', (code) => reject(new Error(`the ${role} server exited (${code}) before it was ready`)));
  });
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

/** nginx with one worker (the app is one process too), serving `file`'s folder; null where nginx is not installed. */
async function startNginx(dir: string, file: string): Promise<({ child: ChildProcess } & Ready) | null> {
  let bin: string;
  try {
    bin = execFileSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
  if (!bin) return null;
  const port = await freePort();
  const prefix = path.join(dir, 'nginx');
  fs.mkdirSync(prefix, { recursive: true });
  // As root, workers would drop to nobody/www-data, who cannot read a mkdtemp (0700) folder.
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  fs.writeFileSync(
    path.join(prefix, 'nginx.conf'),
    `${user}
worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  # No tcp_nopush: with it, every 64 KB answer here waited ~40 ms for a delayed ACK (24 req/s on one connection).
  keepalive_requests 1000000;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  types { audio/mpeg mp3; }
  server { listen 127.0.0.1:${port}; root ${path.dirname(file)}; }
}
`,
  );
  const child = spawn(bin, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf')], { stdio: 'inherit' });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/${path.basename(file)}`, { method: 'HEAD' }).then((r) => r.ok, () => false);
    if (up) return { child, port, url: `/${path.basename(file)}` };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error('nginx did not start');
}

/**
 * `connections` keep-alive connections, each asking for a random 64 KB range as soon as the last
 * answer is complete, for `seconds`. A raw socket client rather than autocannon: autocannon's
 * JavaScript HTTP parser tops out near 600 req/s of 64 KB bodies on this two-core machine, below
 * what the servers do, so it measured itself. This one only finds the end of the head and counts
 * content-length bytes; it checks every answer is a 206 of the asked length.
 */
async function load(port: number, url: string, size: number, connections: number, seconds: number) {
  const until = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let bytes = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setNoDelay(true);
      let head: Buffer[] = [];
      let need = -1;
      let got = 0;
      let sentAt = 0;
      let finished = false;
      const send = () => {
        if (performance.now() >= until) {
          finished = true;
          socket.end();
          resolve();
          return;
        }
        const from = Math.floor(Math.random() * (size - RANGE));
        head = [];
        need = -1;
        got = 0;
        sentAt = performance.now();
        socket.write(`GET ${url} HTTP/1.1\r\nhost: 127.0.0.1\r\nrange: bytes=${from}-${from + RANGE - 1}\r\n\r\n`);
      };
      socket.on('data', (chunk: Buffer) => {
        if (need < 0) {
          head.push(chunk);
          const buffered = head.length === 1 ? chunk : Buffer.concat(head);
          const end = buffered.indexOf('\r\n\r\n');
          if (end < 0) return;
          const text = buffered.subarray(0, end).toString('latin1');
          const status = Number(text.slice(9, 12));
          need = Number(/\r\ncontent-length:\s*(\d+)/i.exec(text)?.[1] ?? NaN);
          if (status !== 206 || need !== RANGE) {
            socket.destroy();
            reject(new Error(`http://127.0.0.1:${port}${url}: ${status}, content-length ${need}`));
            return;
          }
          got = buffered.length - end - 4;
        } else {
          got += chunk.length;
        }
        if (got >= need) {
          bytes += need;
          latencies.push(performance.now() - sentAt);
          send();
        }
      });
      socket.on('connect', send);
      socket.on('error', reject);
      socket.on('close', () => {
        if (!finished) reject(new Error(`http://127.0.0.1:${port}${url}: connection closed mid-run`));
      });
    });
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, one));
  return { seconds: (performance.now() - started) / 1000, bytes, latencies };
}

type Run = Awaited<ReturnType<typeof load>>;

function summarise(runs: Run[]) {
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  const bytes = runs.reduce((sum, r) => sum + r.bytes, 0);
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const pct = (p: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN).toFixed(1));
  return { requests: latencies.length, rps: latencies.length / seconds, mbps: bytes / seconds / 1e6, p50: pct(0.5), p99: pct(0.99) };
}

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU time (user + system) a server has used, with its child processes' (nginx's worker): a
 * cost per request that the machine's other load changes far less than it changes req/s.
 */
function cpuSeconds(pid: number): number {
  const own = (p: number) => {
    try {
      const fields = fs.readFileSync(`/proc/${p}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      return (Number(fields[11]) + Number(fields[12])) / clockTicks; // utime, stime
    } catch {
      return 0;
    }
  };
  let children: number[] = [];
  try {
    children = fs.readdirSync(`/proc/${pid}/task`).flatMap((tid) => fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    // No /proc: counted as none.
  }
  return own(pid) + children.reduce((sum, c) => sum + own(c), 0);
}

/** VmHWM (peak) and VmRSS (now) of a process, in MB. */
function memory(pid: number): { peak: number; now: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

async function main() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-media-bench-'));
  const children: ChildProcess[] = [];
  let stopFront: (() => Promise<void>) | null = null;
  try {
    const made = performance.now();
    const rendition = await makeRendition(dir);
    const size = fs.statSync(rendition).size;
    const madeMs = performance.now() - made;
    const original = fs.readFileSync(rendition);

    // The baselines serve a copy, so nothing one server does to its file can favour another.
    const shared = path.join(dir, 'static');
    fs.mkdirSync(shared);
    const copy = path.join(shared, 'rendition.mp3');
    fs.copyFileSync(rendition, copy);
    const media = path.join(dir, 'media');
    fs.mkdirSync(media);

    const app = await start('app', media, rendition, process.env.BENCH_PROFILE || undefined);
    children.push(app.child);
    const bare = await start('bare', dir, copy);
    children.push(bare.child);
    const nginx = await startNginx(dir, copy);
    if (nginx) children.push(nginx.child);
    // The app behind the README's nginx block: its own media folder and database, nginx's
    // worker sending the file after Siaran's (cached) answer to its subrequest.
    let accel: ({ pid: number } & Ready) | null = null;
    if (nginx) {
      const accelMedia = path.join(dir, 'accel-media');
      fs.mkdirSync(accelMedia);
      // The app moves the file it is given into its media folder: the other app gets a copy.
      const accelRendition = path.join(dir, 'accel-rendition.mp3');
      fs.copyFileSync(copy, accelRendition);
      const accelApp = await start('accel', accelMedia, accelRendition);
      children.push(accelApp.child);
      const front = await startReadmeNginx({ upstream: `127.0.0.1:${accelApp.port}`, mediaDir: accelMedia, dir: path.join(dir, 'readme-nginx'), port: await freePort(),
        // As the direct nginx above: the load's connections are never closed for their count.
        http: 'keepalive_requests 1000000;',
      });
      stopFront = front.stop;
      accel = { pid: front.pid, port: front.port, url: accelApp.url };
    }
    // pid: the process whose CPU time is counted (behind nginx, nginx's).
    const served = (name: string, s: { child: ChildProcess } & Ready) => ({ name, pid: s.child.pid!, port: s.port, url: s.url });
    const servers = [
      served('app (GET /media/dialogues/{id}.mp3)', app),
      served('bare node:http + createReadStream', bare),
      ...(nginx ? [served('nginx (1 worker, sendfile)', nginx)] : []),
      ...(accel ? [{ name: 'app behind nginx (auth_request)', ...accel }] : []),
    ];

    // Each server answers a range with exactly the file's bytes before it is timed.
    for (const s of servers) {
      const from = Math.floor(size / 3);
      const res = await fetch(`http://127.0.0.1:${s.port}${s.url}`, { headers: { range: `bytes=${from}-${from + RANGE - 1}` } });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 206 || !body.equals(original.subarray(from, from + RANGE))) throw new Error(`${s.name}: ${res.status}, wrong bytes`);
    }

    const appMemoryBefore = memory(app.child.pid!);
    for (const s of servers) await load(s.port, s.url, size, connections, 2); // warm-up
    // The servers take turns, `rounds` times, so a change in the machine's other load (two cores,
    // shared) falls on all of them rather than on whichever ran at that moment.
    const runs = new Map(servers.map((s) => [s, [] as Run[]]));
    const cpu = new Map(servers.map((s) => [s, 0]));
    for (let round = 0; round < rounds; round++) {
      for (const s of servers) {
        const before = cpuSeconds(s.pid);
        runs.get(s)!.push(await load(s.port, s.url, size, connections, seconds / rounds));
        cpu.set(s, cpu.get(s)! + cpuSeconds(s.pid) - before);
      }
    }
    const results = servers.map((s) => {
      const summary = summarise(runs.get(s)!);
      return { name: s.name, ...summary, cpuPerRequestUs: (cpu.get(s)! / summary.requests) * 1e6 };
    });
    const appMemoryAfter = memory(app.child.pid!);
    const bareMemory = memory(bare.child.pid!);

    console.log(
      `\nMedia benchmark: random ${RANGE / 1024} KB ranges of a ${(size / 1e6).toFixed(1)} MB MP3 (made in ${(madeMs / 1000).toFixed(1)} s); ` +
        `${seconds} s a server in ${rounds} turns, ${connections} connections, after a 2 s warm-up; load ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores`,
    );
    for (const r of results) {
      console.log(
        `  ${r.name.padEnd(38)} ${r.rps.toFixed(0).padStart(6)} req/s ${r.mbps.toFixed(1).padStart(7)} MB/s   p50 ${r.p50} ms, p99 ${r.p99} ms, CPU ${r.cpuPerRequestUs.toFixed(0)} µs/request`,
      );
    }
    const [appResult, bareResult, nginxResult] = results as [(typeof results)[0], (typeof results)[0], (typeof results)[0] | undefined];
    const ratios = (base: typeof appResult) =>
      `${(appResult.rps / base.rps).toFixed(2)} (throughput), p99 ${(appResult.p99 / Math.max(base.p99, 1)).toFixed(1)}×, CPU per request ${(appResult.cpuPerRequestUs / base.cpuPerRequestUs).toFixed(1)}×`;
    console.log(`  ratio app/bare node: ${ratios(bareResult)}`);
    if (nginxResult) console.log(`  ratio app/nginx: ${ratios(nginxResult)}`);
    else console.log('  (nginx not installed: the bare node server is the baseline)');
    const accelResult = results[3];
    if (nginxResult && accelResult) {
      console.log(
        `  ratio app behind nginx/nginx direct: ${(accelResult.rps / nginxResult.rps).toFixed(2)} (throughput; target ≥ 0.9), p99 ${(accelResult.p99 / Math.max(nginxResult.p99, 1)).toFixed(1)}× (its CPU figure is nginx's alone)`,
      );
    }
    console.log(
      `  app memory: RSS ${appMemoryBefore.now.toFixed(0)} MB before the load, ${appMemoryAfter.now.toFixed(0)} MB after; peak (VmHWM) ${appMemoryBefore.peak.toFixed(0)} MB before, ${appMemoryAfter.peak.toFixed(0)} MB after` +
        ` (bare node peak ${bareMemory.peak.toFixed(0)} MB)`,
    );
  } finally {
    await stopFront?.();
    for (const child of children) {
      if (child.connected) child.disconnect();
      else child.kill();
    }
    await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r)))));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Last, so every module-level constant above is initialised before either role runs.
if (process.argv[2] === 'app' || process.argv[2] === 'accel' || process.argv[2] === 'bare') {
  const [, , role, dir, file] = process.argv as [string, string, string, string, string];
  const ready = role === 'bare' ? await bareServer(file) : await appServer(dir, file, role === 'accel' ? '/_siaran_media/' : undefined);
  process.send?.(ready);
  // Exiting normally (not by a signal) lets --cpu-prof write its profile.
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
}
