// What the tests of several real processes on one database share (test/jobs/cluster.test.ts on
// SQLite, test/jobs/instances.test.ts on PostgreSQL, test/db/concurrent-start.test.ts on
// either): reading the database from outside the processes, a coordinator's API on a spawned
// instance, recorder files delivered whole, and the scenario of a worker killed mid-render.
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import { isTempName } from '../../src/audio/storage.ts';
import { ffmpegRun } from './audio.ts';
import { type Started, waitFor } from './server.ts';

export interface ClusterDatabase {
  /** Rows of a query whose parameters are written `?`, whichever the database. */
  rows<T = Record<string, any>>(text: string, ...values: unknown[]): Promise<T[]>;
  /** The number in column n of the one row a `select count(*) as n` gives. */
  count(text: string, ...values: unknown[]): Promise<number>;
}

/** The processes' database, read from outside: PostgreSQL at `url`, else the SQLite file in `media`. */
export function clusterDatabase(media: string, url?: string): ClusterDatabase {
  const rows = url
    ? async <T>(text: string, ...values: unknown[]) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          let n = 0;
          return (await client.query(text.replace(/\?/g, () => `$${++n}`), values)).rows as T[];
        } finally {
          await client.end();
        }
      }
    : async <T>(text: string, ...values: unknown[]) => {
        const db = new SQLite(join(media, 'siaran.db'), { readonly: true });
        try {
          return db.prepare(text).all(...values) as T[];
        } finally {
          db.close();
        }
      };
  return { rows, count: async (text, ...values) => Number((await rows<{ n: number | string }>(text, ...values))[0]!.n) };
}

export const ADMIN = { email: 'ops@rri.id', password: 'sandi-rahasia' };

/** A coordinator's API on the instance at `base`, signed in as ADMIN. */
export async function coordinatorApi(base: string) {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  expect(login.status).toBe(200);
  const token = ((await login.json()) as { token: string }).token;
  /** A body of bytes (an upload) goes as `type`; anything else as JSON. */
  return async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const raw: BodyInit | undefined = body instanceof Uint8Array ? new Blob([body as Uint8Array<ArrayBuffer>]) : body !== undefined ? JSON.stringify(body) : undefined;
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(raw !== undefined ? { 'content-type': type } : {}) }, body: raw });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as any };
  };
}
export type CoordinatorApi = Awaited<ReturnType<typeof coordinatorApi>>;

/** The lease owner a worker announced when it started. */
export const workerOwner = (worker: Started) => /Worker Siaran (\S+) mulai mengerjakan tugas/.exec(worker.output())![1]!;

/** A logger file of `seconds` of tone, made in `media` for deliver() to move in later. */
export async function loggerFile(media: string, name: string, seconds: number) {
  const path = join(media, name);
  await ffmpegRun(['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '128k', path]);
  return path;
}

/** Moves a logger file into media/incoming/<slug>/, whole, as a recorder would. */
export function deliver(media: string, path: string, slug: string, name: string) {
  const incoming = join(media, 'incoming', slug);
  mkdirSync(incoming, { recursive: true });
  renameSync(path, join(incoming, name));
}

/** 09:mm:ss on 8 September 2021, `tau` seconds after 09:00, the start of the delivered logger files. */
export const local = (tau: number) => `2021-09-08T09:${String(Math.floor(tau / 60)).padStart(2, '0')}:${String(tau % 60).padStart(2, '0')}`;

type Run = { id: number; outcome: string; reason: string | null; started_at: string; finished_at: string | null; lease_owner: string | null; lease_expires_at: string | null };

/**
 * Books a twelve-minute dialogue, delivers a logger file of 14 minutes (made by the caller
 * before any process started) and SIGKILLs the worker that renders it once its temporary files
 * appear; then checks that the other worker completed the capture once the lease ran out, and
 * that what is recorded is whole.
 */
export async function killWorkerMidRender(options: {
  media: string;
  db: ClusterDatabase;
  api: CoordinatorApi;
  workers: Started[];
  logger: string;
  leaseSec: number;
}) {
  const { media, db, api, workers, leaseSec } = options;
  const station = (await api('POST', '/api/stations', { name: 'RRI Sintang', timezone: 'Asia/Pontianak' })).json;
  const dialogue = (await api('POST', '/api/dialogues', { title: 'Dialog', stationId: station.id, startsAt: local(60), endsAt: local(13 * 60) })).json;
  const captureRuns = () => db.rows<Run>("select * from job_runs where job = 'capture' and dialogue_id = ? order by id", dialogue.id);
  const audioRows = () => db.rows('select * from dialogue_audio where dialogue_id = ?', dialogue.id);
  deliver(media, options.logger, station.slug, '2021-09-08_09-00-00.mp3');

  const dir = join(media, 'dialogues', dialogue.id);
  await waitFor(() => existsSync(dir) && readdirSync(dir).some(isTempName), 120_000);
  const [rendering] = (await captureRuns()).filter((r) => r.outcome === 'running');
  const victim = workers.find((w) => workerOwner(w) === rendering!.lease_owner)!;
  const survivor = workers.find((w) => w !== victim)!;
  victim.child.kill('SIGKILL');
  await victim.exited;
  const killedAt = Date.now();
  expect(await audioRows()).toEqual([]);

  // The audio is attached in one transaction and the run's ending written just after it: wait
  // for both, or a loaded machine reads the run still running between the two.
  await waitFor(async () => (await audioRows()).length === 1 && (await captureRuns()).every((r) => r.outcome !== 'queued' && r.outcome !== 'running'), 180_000);
  const runs = await captureRuns();
  const killed = runs.find((r) => r.id === rendering!.id)!;
  expect(killed).toMatchObject({ outcome: 'failed', lease_owner: workerOwner(victim) });
  expect(killed.reason).toMatch(/^interrupted: the process stopped before the run ended; taken up again as run \d+$/);
  const completed = runs.filter((r) => r.outcome === 'attached');
  expect(completed).toHaveLength(1);
  expect(completed[0]!.lease_owner).toBe(workerOwner(survivor));
  // Taken over only once the lease ran out, not at once.
  expect(Date.parse(completed[0]!.started_at)).toBeGreaterThanOrEqual(Date.parse(killed.lease_expires_at!));
  expect(Date.parse(killed.finished_at!)).toBeGreaterThanOrEqual(Date.parse(killed.lease_expires_at!));
  expect(Date.parse(killed.lease_expires_at!)).toBeGreaterThan(killedAt - leaseSec * 1000);

  // What is recorded is whole: the files exist at full length; the dead render's temporary
  // files are gone.
  const [audio] = await audioRows();
  for (const column of ['opus_path', 'mp3_path', 'peaks_path']) expect(existsSync(join(media, audio![column]))).toBe(true);
  expect(Math.abs(audio!.duration_ms - 12 * 60_000)).toBeLessThan(100);
  expect(readdirSync(dir).filter(isTempName)).toEqual([]);
  expect(readdirSync(dir)).toHaveLength(3);
}
