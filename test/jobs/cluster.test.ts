// Several real processes on one SQLite file and one media folder, as `npm start` with
// SIARAN_JOBS=0 (web-only) and two `npm run worker`: the web instance only queues, the workers
// share the captures and the ticks, and a worker killed mid-render has its capture completed
// by the other once its lease runs out, with nothing half-written recorded.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { isTempName } from '../../src/audio/storage.ts';
import { ffmpegRun } from '../helpers/audio.ts';
import { CAPTURE_AT_ONCE, randomPort, type Started, startListening, startWorker, waitFor } from '../helpers/server.ts';

const LEASE_SEC = 3;
let processes: Started[] = [];
let media = '';
afterEach(async () => {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited));
  processes = [];
  rmSync(media, { recursive: true, force: true });
});

function environment(port: string) {
  return {
    SIARAN_MEDIA_DIR: media,
    PORT: port,
    SIARAN_DEMO: '0',
    SIARAN_ADMIN_EMAIL: 'ops@rri.id',
    SIARAN_ADMIN_PASSWORD: 'sandi-rahasia',
    ...CAPTURE_AT_ONCE,
    SIARAN_JOB_LEASE_SEC: String(LEASE_SEC),
  };
}

/** A web-only app (SIARAN_JOBS=0) and a coordinator's API on it. */
async function webOnly(env: Record<string, string>, port: string) {
  const app = await startListening({ ...env, SIARAN_JOBS: '0' });
  processes.push(app);
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: env.SIARAN_ADMIN_EMAIL, password: env.SIARAN_ADMIN_PASSWORD }) });
  const token = ((await login.json()) as { token: string }).token;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, json: (await res.json()) as any };
  };
  return { app, api };
}

async function worker(env: Record<string, string>) {
  const w = await startWorker(env);
  processes.push(w);
  return { ...w, owner: /Siaran worker (\S+) is working jobs/.exec(w.output())![1]! };
}

function read<T>(fn: (db: SQLite.Database) => T): T {
  const db = new SQLite(join(media, 'siaran.db'), { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

type Run = { id: number; dialogue_id: string; outcome: string; reason: string | null; started_at: string; finished_at: string | null; lease_owner: string | null; lease_expires_at: string | null };
const captureRuns = () => read((db) => db.prepare("select * from job_runs where job = 'capture' order by id").all() as Run[]);
const audioRows = () => read((db) => db.prepare('select * from dialogue_audio').all() as Record<string, any>[]);

/** A logger file of `seconds`, moved into media/incoming/<slug>/ later, whole, as a recorder would. */
async function loggerFile(name: string, seconds: number) {
  const path = join(media, name);
  await ffmpegRun(['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '128k', path]);
  return path;
}

function deliver(path: string, slug: string, name: string) {
  const incoming = join(media, 'incoming', slug);
  mkdirSync(incoming, { recursive: true });
  renameSync(path, join(incoming, name));
}

const local = (tau: number) => `2021-09-08T09:${String(Math.floor(tau / 60)).padStart(2, '0')}:${String(tau % 60).padStart(2, '0')}`;

describe('a web-only app and two workers on one database', () => {
  it('captures each of 20 due dialogues exactly once, the workers sharing them, the web app none', async () => {
    media = mkdtempSync(join(os.tmpdir(), 'siaran-cluster-'));
    // Fixtures before any server: seven minutes of logger audio.
    const logger = await loggerFile('logger.mp3', 420);
    const port = randomPort();
    const env = environment(port);
    const { api } = await webOnly(env, port);
    const station = (await api('POST', '/api/stations', { name: 'RRI Palangka Raya', timezone: 'Asia/Jakarta' })).json;
    const dialogues = [];
    for (let i = 0; i < 20; i++) {
      const booked = await api('POST', '/api/dialogues', { title: `Dialog ${i + 1}`, stationId: station.id, startsAt: local(10 + 20 * i), endsAt: local(30 + 20 * i) });
      expect(booked.status).toBe(201);
      dialogues.push(booked.json);
    }
    const workers = [await worker(env), await worker(env)];
    deliver(logger, station.slug, '2021-09-08_09-00-00.mp3');

    await waitFor(() => audioRows().length === 20, 240_000);
    // A moment more: a duplicate would show up as a second attached run.
    await new Promise((r) => setTimeout(r, 2 * LEASE_SEC * 1000));
    const runs = captureRuns();
    const attached = runs.filter((r) => r.outcome === 'attached');
    expect(attached.map((r) => r.dialogue_id).sort()).toEqual(dialogues.map((d) => d.id).sort());
    expect(runs.filter((r) => r.outcome === 'queued' || r.outcome === 'running')).toEqual([]);
    // Every render is on disk once: three files (opus, mp3, peaks) a dialogue, no more.
    for (const d of dialogues) expect(readdirSync(join(media, 'dialogues', d.id))).toHaveLength(3);
    // Both workers took captures; the web-only app, whose owner is neither, took none.
    const owners = new Set(attached.map((r) => r.lease_owner));
    expect([...owners].sort()).toEqual(workers.map((w) => w.owner).sort());
    // Each tick ran in one process: one row per slot, and both workers took some.
    const ticks = read((db) => db.prepare("select owner, count(*) as n from job_ticks where name = 'capture' group by owner").all() as { owner: string; n: number }[]);
    expect(ticks.map((t) => t.owner).sort()).toEqual(workers.map((w) => w.owner).sort());
    expect(read((db) => (db.prepare('select count(*) as n from recordings').get() as { n: number }).n)).toBe(1);

    // "Capture now" asked of the web-only app is queued there and run by a worker.
    const again = await api('POST', `/api/dialogues/${dialogues[0].id}/capture`);
    expect(again.status).toBe(202);
    await waitFor(() => captureRuns().find((r) => r.id === Number(again.json.id))?.outcome === 'skipped', 30_000);
    expect(workers.map((w) => w.owner)).toContain(captureRuns().find((r) => r.id === Number(again.json.id))!.lease_owner);

    // A worker stops cleanly on SIGTERM.
    for (const w of workers) w.child.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
  }, 400_000);

  it('completes a capture whose worker was killed mid-render in the other worker, once the lease runs out, recording nothing half-written', async () => {
    media = mkdtempSync(join(os.tmpdir(), 'siaran-cluster-kill-'));
    const logger = await loggerFile('logger.mp3', 14 * 60);
    const port = randomPort();
    const env = environment(port);
    const { api } = await webOnly(env, port);
    const station = (await api('POST', '/api/stations', { name: 'RRI Palangka Raya', timezone: 'Asia/Jakarta' })).json;
    // Twelve minutes of dialogue: a render of several seconds.
    const dialogue = (await api('POST', '/api/dialogues', { title: 'Dialog', stationId: station.id, startsAt: local(60), endsAt: local(13 * 60) })).json;
    const workers = [await worker(env), await worker(env)];
    deliver(logger, station.slug, '2021-09-08_09-00-00.mp3');

    const dir = join(media, 'dialogues', dialogue.id);
    await waitFor(() => existsSync(dir) && readdirSync(dir).some(isTempName), 120_000);
    const [rendering] = captureRuns().filter((r) => r.outcome === 'running');
    const victim = workers.find((w) => w.owner === rendering!.lease_owner)!;
    const survivor = workers.find((w) => w !== victim)!;
    victim.child.kill('SIGKILL');
    await victim.exited;
    const killedAt = Date.now();
    expect(audioRows()).toEqual([]);

    await waitFor(() => audioRows().length === 1, 180_000);
    const runs = captureRuns();
    const killed = runs.find((r) => r.id === rendering!.id)!;
    expect(killed).toMatchObject({ outcome: 'failed', lease_owner: victim.owner });
    expect(killed.reason).toMatch(/^interrupted: the process stopped before the run ended; taken up again as run \d+$/);
    const completed = runs.filter((r) => r.outcome === 'attached');
    expect(completed).toHaveLength(1);
    expect(completed[0]!.lease_owner).toBe(survivor.owner);
    // Taken over only once the lease ran out, not at once.
    expect(Date.parse(completed[0]!.started_at)).toBeGreaterThanOrEqual(Date.parse(killed.lease_expires_at!));
    expect(Date.parse(killed.finished_at!)).toBeGreaterThanOrEqual(Date.parse(killed.lease_expires_at!));
    expect(Date.parse(killed.lease_expires_at!)).toBeGreaterThan(killedAt - LEASE_SEC * 1000);

    // What is recorded is whole: the files exist at full length; the dead render's temporary
    // files are gone.
    const [audio] = audioRows();
    for (const column of ['opus_path', 'mp3_path', 'peaks_path']) expect(existsSync(join(media, audio![column]))).toBe(true);
    expect(Math.abs(audio!.duration_ms - 12 * 60_000)).toBeLessThan(100);
    expect(readdirSync(dir).filter(isTempName)).toEqual([]);
    expect(readdirSync(dir)).toHaveLength(3);
  }, 400_000);
});
