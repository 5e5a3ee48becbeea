// Issue 17 benchmark: captures per hour with one `npm run worker` process and with two, on
// one database, in the same run. Each row starts real worker processes (src/worker.ts, as
// test/jobs/cluster.test.ts does) on a fresh database with N dialogues booked back to back
// in one hour of logger audio, delivers the hour's file, and waits until every dialogue has
// its audio. The figures come from the workers' own records (job_runs): from the first
// claim of a capture to the end of the last one, so the intake pass and the processes'
// start-up are not counted.
//
//   npx tsx test/bench/capture-workers.bench.ts
//
// BENCH_WORKERS_DATABASE: `postgres` (default: a scratch database on the server of
//   test/helpers/postgres.ts, dropped at the end) or `sqlite` (one file the workers share;
//   the default with BENCH_POSTGRES=0, for a machine without PostgreSQL).
// BENCH_WORKERS_DIALOGUES: dialogues per row, 14 by default; BENCH_WORKERS_MINUTES: each
//   one's length, 4 by default (they must fit, back to back, in 09:02–10:00).
// BENCH_WORKERS_RUNS: rounds of (one worker, two workers), 1 by default.
//
// On a machine with C cores, two workers can at most double the rate when C ≥ 2 and nothing
// else runs: each capture is one ffmpeg at a time, and the database, the workers' Node
// processes and the rest of the machine take their share.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { resolveFfmpeg } from '../../src/audio/ffmpeg.ts';
import { createTestApp } from '../helpers/app.ts';
import { CAPTURE_AT_ONCE, type Started, startWorker, waitFor } from '../helpers/server.ts';
import { loggerFiles } from './logger-audio.ts';

const ZONE = 'Asia/Jakarta';
const LOGGER_FILE = '2021-09-08_09-00-00.mp3';
const FIRST_START = DateTime.fromISO('2021-09-08T09:02:00', { zone: ZONE });

const database = (process.env.BENCH_WORKERS_DATABASE ?? (process.env.BENCH_POSTGRES === '0' ? 'sqlite' : 'postgres')) as 'postgres' | 'sqlite';
const dialogues = Number(process.env.BENCH_WORKERS_DIALOGUES ?? 14);
const minutes = Number(process.env.BENCH_WORKERS_MINUTES ?? 4);
const rounds = Number(process.env.BENCH_WORKERS_RUNS ?? 1);
if (database !== 'postgres' && database !== 'sqlite') throw new Error('BENCH_WORKERS_DATABASE must be `postgres` or `sqlite`');
if (!(Number.isInteger(dialogues) && dialogues >= 1)) throw new Error('BENCH_WORKERS_DIALOGUES must be a positive integer');
if (!(minutes > 0 && dialogues * minutes <= 58)) throw new Error('BENCH_WORKERS_DIALOGUES × BENCH_WORKERS_MINUTES must fit in 58 minutes');
if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error('BENCH_WORKERS_RUNS must be a positive integer');

const log = (line: string) => process.stdout.write(`${line}\n`);
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Row {
  workers: number;
  /** From the first claim of a capture to the end of the last. */
  windowMs: number;
  /** Each capture's own time, from its claim to its end. */
  captureMs: number[];
  /** Captures each worker ran. */
  perWorker: number[];
  /** From the file's delivery to the last audio recorded: intake and ticks included. */
  wallMs: number;
  load: string;
}

async function row(workers: number, fixtures: string): Promise<Row> {
  const t = await createTestApp({}, { database });
  const running: Started[] = [];
  try {
    const station = await t.create('/api/stations', { name: 'RRI Palangka Raya', timezone: ZONE });
    const local = (at: DateTime) => at.toFormat("yyyy-MM-dd'T'HH:mm:ss");
    for (let i = 0; i < dialogues; i++) {
      const starts = FIRST_START.plus({ minutes: i * minutes });
      await t.create('/api/dialogues', { title: `Dialog ${i + 1}`, stationId: station.id, startsAt: local(starts), endsAt: local(starts.plus({ minutes })) });
    }
    const env = {
      SIARAN_MEDIA_DIR: t.dir,
      SIARAN_DEMO: '0',
      ...(t.config.databaseUrl ? { SIARAN_DATABASE_URL: t.config.databaseUrl } : { SIARAN_DATABASE: t.config.databasePath }),
      ...CAPTURE_AT_ONCE,
    };
    for (let i = 0; i < workers; i++) running.push(await startWorker(env));

    const incoming = path.join(t.dir, 'incoming', station.slug);
    fs.mkdirSync(incoming, { recursive: true });
    const delivered = performance.now();
    // A hard link arrives whole at once, as a recorder's rename would, and leaves the kept file in place.
    fs.linkSync(path.join(fixtures, LOGGER_FILE), path.join(incoming, LOGGER_FILE));
    const attached = async () => Number((await t.db.selectFrom('dialogue_audio').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    await waitFor(async () => (await attached()) === dialogues, 3_600_000);
    const wallMs = performance.now() - delivered;
    const load = loadAverage();

    const runs = await t.db.selectFrom('job_runs').select(['dialogue_id', 'outcome', 'started_at', 'finished_at', 'lease_owner']).where('job', '=', 'capture').execute();
    // Capture ticks that came before the intake pass registered the file find no recording
    // and skip: only the captures that attached audio count, and each dialogue once.
    const done = runs.filter((r) => r.outcome === 'attached');
    const unexpected = runs.filter((r) => r.outcome !== 'attached' && r.outcome !== 'skipped');
    if (done.length !== dialogues || new Set(done.map((r) => r.dialogue_id)).size !== dialogues || unexpected.length > 0) {
      throw new Error(`expected ${dialogues} captures, each once: ${JSON.stringify(runs)}`);
    }
    const started = done.map((r) => Date.parse(r.started_at));
    const finished = done.map((r) => Date.parse(r.finished_at!));
    const owners = new Map<string, number>();
    for (const r of done) owners.set(r.lease_owner!, (owners.get(r.lease_owner!) ?? 0) + 1);
    return {
      workers,
      windowMs: Math.max(...finished) - Math.min(...started),
      captureMs: done.map((_, i) => finished[i]! - started[i]!),
      perWorker: [...owners.values()].sort((a, b) => b - a),
      wallMs,
      load,
    };
  } finally {
    for (const w of running) w.child.kill('SIGTERM');
    await Promise.all(running.map((w) => w.exited));
    await t.close();
  }
}

const { ffmpegPath } = await resolveFfmpeg();
log(`\nCapture workers benchmark: ${dialogues} dialogues of ${minutes} min back to back from one hourly logger MP3, on ${database === 'postgres' ? 'PostgreSQL' : 'SQLite'}; ${os.cpus().length} cores`);
const fixtures = await loggerFiles(ffmpegPath, [LOGGER_FILE], 'limited', log);
fs.readFileSync(path.join(fixtures, LOGGER_FILE)); // from the page cache in every row
log(`  load average before: ${loadAverage()}`);
const rows: Row[] = [];
for (let r = 0; r < rounds; r++) for (const workers of [1, 2]) rows.push(await row(workers, fixtures));

const perHour = (x: Row) => (dialogues * 3_600_000) / x.windowMs;
for (const x of rows) {
  log(
    `  ${x.workers} worker${x.workers === 1 ? ' ' : 's'}: ${perHour(x).toFixed(0).padStart(5)} captures/hour (${dialogues} in ${(x.windowMs / 1000).toFixed(1)} s; ` +
      `${((perHour(x) * minutes) / 60).toFixed(1)} hours of audio an hour); one capture: median ${(median(x.captureMs) / 1000).toFixed(1)} s; ` +
      `split ${x.perWorker.join('/')}; delivery to last audio ${(x.wallMs / 1000).toFixed(1)} s; load average after ${x.load}`,
  );
}
const rate = (workers: number) => median(rows.filter((x) => x.workers === workers).map(perHour));
log(`  two workers against one: ${(rate(2) / rate(1)).toFixed(2)}× (at most ~2× on 2 free cores)`);
